/**
 * Meter readings (抄表): AMI/MDM file import, manual entry, the exceptions queue and disputes
 * (docs/billing.md §9). Readings are validated by the pure reading rules; anything they flag (other than
 * a plain register rollover) waits in `reading_exceptions` and its account is not billed until resolved.
 */
import { createHash, randomUUID } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { DomainError, badField, badFields, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { metersById, metersByNo, type MeterForBilling } from '../customers/index.js';
import { intakeOrder } from '../workorders/index.js';
import { billingProfile, cyclePeriod } from './bill-rules.js';
import { D } from './decimal.js';
import {
  cycleEnd,
  cycleOf,
  firstByLine,
  groupLines,
  lineParser,
  MeterSlicer,
  PERIOD_REGISTER,
  quartersIn,
  type FileLine,
  type IndexRead,
  type LineParser,
  type LineProblem,
} from './reading-file-rules.js';
import { forEachLine, type ReadingSource } from './reading-source.js';
import { validateReading, type ReadingInput } from './reading-rules.js';
import { periodsUsed, sumIntervals } from './tou-rules.js';
import { paramsOfRange, versionOfRow } from './billing-params.js';
import { effectiveAccount, versionOn } from './billing-params-rules.js';
import { holidaysBetween } from '../../platform/calendar/calendar-store.js';
import { PERIODS, type BillingPolicy, type Period, type TariffVersion } from './schemas.js';
import type { ImportProgress, ImportResult, ManualReadingInput, ReadingExceptionOut, ExceptionFilter, ReadingOut } from './schemas.js';
import { policyOn } from './service.js';

export interface BillingSettings {
  province: string;
  registerDigits: number;
  chunkAccounts: number;
}

export async function billingSettings(db: Queryable): Promise<BillingSettings> {
  const { rows } = await db.query(`SELECT province, register_digits, chunk_accounts FROM billing_settings WHERE id = 1`);
  return { province: rows[0].province, registerDigits: rows[0].register_digits, chunkAccounts: rows[0].chunk_accounts };
}

/** Every stored version of the province's tariffs (the rules pick the ones in force). */
export async function provinceVersions(db: Queryable, province: string): Promise<TariffVersion[]> {
  const { rows } = await db.query(
    `SELECT v.id, v.code, t.province, t.customer_class, t.pricing, t.voltage, to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to, v.content
       FROM tariff_versions v JOIN tariffs t ON t.id = v.tariff_id WHERE t.province = $1 ORDER BY v.valid_from`,
    [province],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    province: r.province,
    customerClass: r.customer_class,
    pricing: r.pricing,
    voltage: r.voltage,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    content: r.content,
  }));
}

const refuse = (problems: LineProblem[], lines: number) =>
  badFields(
    'VALIDATION_FAILED',
    `抄表文件有误（${problems.length} 处）：${problems[0].zh}`,
    `The reading file is refused (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${problems[0].en}`,
    problems.slice(0, Math.max(1, lines)).map((p) => ({ field: 'text', rule: `line_${p.line}`, zh: p.zh, en: p.en })),
  );

/** A local CST time 'YYYY-MM-DDTHH:MM' as an absolute instant. */
const instant = (local: string) => `${local}:00+08:00`;

interface Group {
  meter: MeterForBilling;
  readAt: string;
  reads: IndexRead[];
  usage: boolean;
}

export type ImportFile = {
  fileName: string;
  source: 'api' | 'cli' | 'manual' | 'seed';
} & ReadingSource;

/**
 * How much of a file the import holds at a time (docs/billing.md §9): the rows of at most `meters` meters, closed
 * early at `lines` rows (a meter is never split). Every slice is stored and validated before the next is read.
 */
export const IMPORT_SLICE = { meters: 2000, lines: 50_000 };

/** A 53-bit hash of a meter number (two 32-bit FNV-1a variants): the first pass remembers meters by it, not by their strings. */
function meterHash(s: string): number {
  let a = 0x811c9dc5,
    b = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * Imports one file: refused whole when its content was imported before (same SHA-256) or when a line
 * breaks the layout (every problem names its line); otherwise readings are stored (a line whose key
 * exists is not stored twice), validated, and the flagged ones queued as exceptions.
 *
 * The file is read as a stream, twice (docs/billing.md §9, "Slices"): a first pass checks the layout, takes the
 * checksum and counts the meters, noting whether every meter's rows come together; the second, inside the import's
 * one transaction, cuts the rows into slices of whole meters (`IMPORT_SLICE`) and stores and validates a slice at a
 * time. A file whose meters' rows are not together is first copied into a temporary table of the transaction and
 * read back a slice of meters at a time. A problem found in a slice (an unknown meter, one key with two values, …)
 * stops the writing; the rest of the file is still read for the problems to list, and the transaction is rolled back.
 */
export async function importReadings(
  db: Db,
  p: Principal | null,
  file: ImportFile,
  onProgress?: (done: number, total: number, stage: string) => void,
  slice: { meters: number; lines: number } = IMPORT_SLICE,
): Promise<ImportResult> {
  const progress = onProgress ?? (() => {});
  const known = 'text' in file && file.source !== 'manual' ? createHash('sha256').update(file.text).digest('hex') : null;
  const refuseDuplicate = async (checksum: string) => {
    const dup = (
      await db.query(
        `SELECT id, file_name, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at FROM reading_imports WHERE checksum = $1`,
        [checksum],
      )
    ).rows[0];
    if (dup)
      throw conflict(
        `该文件已于 ${dup.at} 导入（导入批次 ${dup.id}，${dup.file_name}）`,
        `this file was imported before: import ${dup.id} (${dup.file_name}) at ${dup.at}`,
        { importId: Number(dup.id) },
        'DUPLICATE_FILE',
      );
  };
  if (known) await refuseDuplicate(known);

  // first pass: the layout, the checksum, the meters and whether each meter's rows come together
  progress(0, 1, 'parse');
  const parser = lineParser();
  const seen = new Set<number>();
  let current: string | null = null;
  let together = true;
  let meterCount = 0;
  const digest = await forEachLine(
    file,
    (raw, lineNo) => {
      const l = parser.push(raw, lineNo);
      if (!l || l.meterNo === current) return;
      current = l.meterNo;
      const h = meterHash(l.meterNo);
      if (seen.has(h))
        together = false; // (a hash shared by two meters only sends the file the staging way)
      else {
        seen.add(h);
        meterCount++;
      }
    },
    (done, total) => progress(done, total, 'parse'),
  );
  seen.clear();
  parser.finish();
  const checksum = file.source === 'manual' ? `manual:${randomUUID()}` : digest;
  if (!known && file.source !== 'manual') await refuseDuplicate(checksum);
  if (parser.problems.length) throw refuse(parser.problems, parser.dataLines);
  const dataLines = parser.dataLines;

  const settings = await billingSettings(db);
  const policy = await policyOn(db, new Date().toISOString().slice(0, 10));
  let versions: TariffVersion[] | null = null;
  const holidaysOf = new Map<string, Map<string, string | null>>();

  // what a slice finds that refuses the file, in the order the file is refused by (the first kind found wins)
  let clashes: LineProblem[] = [];
  let unknownLines: LineProblem[] = [];
  let outside: LineProblem[] = [];
  const noCalendar: LineProblem[] = [];
  const refused = () => clashes.length + unknownLines.length + outside.length + noCalendar.length > 0;

  let stored = 0,
    repeated = 0,
    readCount = 0,
    exceptions = 0,
    metersDone = 0;

  /** One slice of whole meters: grouped, its meters looked up, interval data summed, stored, validated. */
  const importSlice = async (tx: Queryable, importId: number, lines: FileLine[]) => {
    const grouped = groupLines(lines);
    repeated += grouped.repeated;
    clashes = firstByLine(clashes, grouped.problems);
    const meterNos = [...new Set(lines.map((l) => l.meterNo))];
    const meters = new Map((await metersByNo(tx, meterNos)).map((m) => [m.meterNo, m]));
    unknownLines = firstByLine(
      unknownLines,
      lines
        .filter((l) => !meters.has(l.meterNo))
        .slice(0, 20)
        .map((l) => ({ line: l.lineNo, zh: `第 ${l.lineNo} 行：表号 ${l.meterNo} 不存在`, en: `line ${l.lineNo}: meter ${l.meterNo} is unknown` })),
    );
    if (p) {
      const out = lines.find((l) => meters.has(l.meterNo) && !meters.get(l.meterNo)!.orgPath.startsWith(p.orgPath));
      if (out)
        outside = firstByLine(
          outside,
          [{ line: out.lineNo, zh: `第 ${out.lineNo} 行：表号 ${out.meterNo} 不存在`, en: `line ${out.lineNo}: meter ${out.meterNo} is unknown` }],
          1,
        );
    }
    metersDone += meterNos.length;
    if (clashes.length || unknownLines.length || outside.length) return;

    // interval data: summed into TOU periods by the calendar of the account's tariff in force that month
    const reads: IndexRead[] = [...grouped.reads];
    const extraIssues: { meter: MeterForBilling; readAt: string; code: string; zh: string; en: string }[] = [];
    if (grouped.intervals.length) {
      versions ??= await provinceVersions(tx, settings.province);
      // the account's billing parameters may name another tariff key (§21); holidays of the platform calendar (§2)
      const accountIds = grouped.intervals.map((x) => meters.get(x.meterNo)!.accountId);
      const params = await paramsOfRange(tx, Math.min(...accountIds), Math.max(...accountIds));
      for (const set of grouped.intervals) {
        const meter = meters.get(set.meterNo)!;
        const day = `${set.cycle}-01`;
        const base = billingProfile(meter, policy.twoPart).account;
        const pv = versionOn(
          (params.get(meter.accountId) ?? []).map((r) => versionOfRow(r, base, policy.twoPart)),
          day,
        );
        const acc = effectiveAccount(base, pv);
        const key = { customerClass: acc.customerClass, pricing: acc.pricing, voltage: acc.voltage };
        let holidays = holidaysOf.get(set.cycle);
        if (!holidays) holidaysOf.set(set.cycle, (holidays = await holidaysBetween(tx, day, cyclePeriod(set.cycle).to)));
        const v = versions.find(
          (x) =>
            x.customerClass === key.customerClass &&
            x.pricing === key.pricing &&
            x.voltage === key.voltage &&
            x.validFrom <= day &&
            (x.validTo === null || x.validTo >= day),
        );
        if (!v?.content.touCalendar) {
          noCalendar.push({
            line: set.lineNo,
            zh: `第 ${set.lineNo} 行：表计 ${set.meterNo} 在 ${set.cycle} 没有分时电价时段表，无法汇总 15 分钟电量`,
            en: `line ${set.lineNo}: meter ${set.meterNo} has no TOU calendar in ${set.cycle} to sum its 15-minute values by`,
          });
          continue;
        }
        const sums = sumIntervals(v.content.touCalendar, set.intervals, holidays);
        const at = cycleEnd(set.cycle);
        for (const per of PERIODS) {
          if (sums[per].isZero() && !periodsUsed(v.content.touCalendar).has(per)) continue;
          reads.push({
            meterNo: set.meterNo,
            register: PERIOD_REGISTER[per],
            readAt: at,
            value: sums[per].toString(),
            estimated: false,
            meterChanged: false,
            lineNo: set.lineNo,
            mode: 'usage',
          });
        }
        reads.push({
          meterNo: set.meterNo,
          register: 'kwh_total',
          readAt: at,
          value: PERIODS.reduce((s, per) => s.plus(sums[per]), new D(0)).toString(),
          estimated: false,
          meterChanged: false,
          lineNo: set.lineNo,
          mode: 'usage',
        });
        if (set.intervals.length < quartersIn(set.cycle))
          extraIssues.push({
            meter,
            readAt: at,
            code: 'intervals_incomplete',
            zh: `${set.cycle} 只有 ${set.intervals.length} / ${quartersIn(set.cycle)} 个 15 分钟电量`,
            en: `${set.cycle} has ${set.intervals.length} of ${quartersIn(set.cycle)} quarter-hour values`,
          });
      }
    }
    if (refused()) return;
    readCount += reads.length;

    // group by meter and read time: one validation per meter reading
    const groups = new Map<string, Group>();
    for (const r of reads) {
      const meter = meters.get(r.meterNo)!;
      const k = `${meter.meterId}|${r.readAt}`;
      const g = groups.get(k) ?? { meter, readAt: r.readAt, reads: [], usage: r.mode === 'usage' && r.register !== 'max_demand_kw' };
      g.reads.push(r);
      groups.set(k, g);
    }
    const all = [...groups.values()];
    const BATCH = 2000;
    for (let i = 0; i < all.length; i += BATCH) {
      const part = all.slice(i, i + BATCH);
      const flat = part.flatMap((g) => g.reads.map((r) => ({ g, r })));
      const ins = await tx.query(
        `INSERT INTO meter_readings (account_id, meter_id, register, read_at, mode, value, estimated, meter_changed, cycle, org_path, import_id, line_no)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::numeric[], $7::bool[], $8::bool[], $9::text[], $10::text[], $11::bigint[], $12::int[])
         ON CONFLICT DO NOTHING RETURNING meter_id, register, to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS at`,
        [
          flat.map((x) => x.g.meter.accountId),
          flat.map((x) => x.g.meter.meterId),
          flat.map((x) => x.r.register),
          flat.map((x) => instant(x.r.readAt)),
          flat.map((x) => x.r.mode),
          flat.map((x) => x.r.value),
          flat.map((x) => x.r.estimated),
          flat.map((x) => x.r.meterChanged),
          flat.map((x) => cycleOf(x.r.readAt)),
          flat.map((x) => x.g.meter.orgPath),
          flat.map(() => importId),
          flat.map((x) => x.r.lineNo),
        ],
      );
      stored += ins.rowCount ?? 0;
      const fresh = new Set(ins.rows.map((r) => `${r.meter_id}|${r.at}`));
      const toValidate = part.filter((g) => fresh.has(`${g.meter.meterId}|${g.readAt}`));
      const issues = await validateGroups(tx, toValidate, settings, policy);
      for (const x of extraIssues) if (fresh.has(`${x.meter.meterId}|${x.readAt}`)) issues.push({ ...x, severity: 'warning' });
      exceptions += await queueExceptions(tx, issues, importId);
      // a new reading that validates clean corrects the meter's earlier open exceptions of its cycle
      const clean = toValidate.filter((g) => !issues.some((x) => x.meter.meterId === g.meter.meterId && x.readAt === g.readAt));
      if (clean.length) {
        await tx.query(
          `UPDATE reading_exceptions e SET status = 'corrected', resolved_by = $3, resolved_at = now(), note = 'superseded by a later reading'
             FROM unnest($1::bigint[], $2::timestamptz[]) AS x(meter_id, read_at)
            WHERE e.meter_id = x.meter_id AND e.status = 'open' AND e.read_at < x.read_at AND e.cycle = to_char(x.read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
          [clean.map((g) => g.meter.meterId), clean.map((g) => instant(g.readAt)), p?.id ?? null],
        );
      }
    }
    progress(metersDone, meterCount, 'meters');
  };

  return withTx(db, async (tx) => {
    const imp = // the same file uploaded twice at once: the second waits for the first and is refused like any duplicate
      (
        await tx.query(
          `INSERT INTO reading_imports (checksum, file_name, source, lines, imported_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (checksum) DO NOTHING RETURNING id`,
          [checksum, file.fileName, file.source, dataLines, p?.id ?? null],
        )
      ).rows[0];
    if (!imp) throw conflict('该文件已导入', 'this file was imported before', {}, 'DUPLICATE_FILE');
    const importId = Number(imp.id);
    progress(0, meterCount, 'meters');
    // second pass: the rows again, a slice of whole meters at a time
    const again = lineParser();
    if (together) {
      const slicer = new MeterSlicer(slice.meters, slice.lines);
      await forEachLine(file, (raw, lineNo) => {
        const l = again.push(raw, lineNo);
        const full = l && slicer.push(l);
        if (full) return importSlice(tx, importId, full);
      });
      const last = slicer.flush();
      if (last) await importSlice(tx, importId, last);
    } else {
      for await (const lines of stagedSlices(tx, file, again, slice)) await importSlice(tx, importId, lines);
    }
    if (clashes.length) throw refuse(clashes, dataLines);
    if (unknownLines.length) throw refuse(unknownLines, dataLines);
    if (outside.length) throw refuse(outside, dataLines);
    if (noCalendar.length)
      throw refuse(
        noCalendar.sort((a, b) => a.line - b.line),
        dataLines,
      );
    const repeatedAll = repeated + (readCount - stored);
    await tx.query(`UPDATE reading_imports SET readings = $2, repeated = $3, exceptions = $4 WHERE id = $1`, [importId, stored, repeatedAll, exceptions]);
    await recordAudit(tx, actorOf(p), {
      action: 'reading.import',
      entity: 'reading_import',
      entityId: importId,
      orgUnitId: p?.orgUnitId ?? null,
      after: { fileName: file.fileName, checksum, lines: dataLines, readings: stored, repeated: repeatedAll, exceptions },
    });
    return { importId, fileName: file.fileName, checksum, lines: dataLines, readings: stored, repeated: repeatedAll, exceptions };
  });
}

/**
 * A file whose meters' rows are not together: its rows copied into a temporary table of the import's transaction
 * (dropped at its end), then read back as slices of whole meters — meters in the order they first appear, each
 * slice's rows in file order — of at most `slice.meters` meters, closed early at `slice.lines` rows.
 */
async function* stagedSlices(tx: Queryable, file: ReadingSource, parser: LineParser, slice: { meters: number; lines: number }): AsyncGenerator<FileLine[]> {
  await tx.query(
    `CREATE TEMP TABLE reading_import_rows (line_no int, meter_no text, register text, read_at text, value text, estimated bool, meter_changed bool) ON COMMIT DROP`,
  );
  let buf: FileLine[] = [];
  const write = async () => {
    const rows = buf;
    buf = [];
    await tx.query(`INSERT INTO reading_import_rows SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::bool[])`, [
      rows.map((l) => l.lineNo),
      rows.map((l) => l.meterNo),
      rows.map((l) => l.register),
      rows.map((l) => l.readAt),
      rows.map((l) => l.value),
      rows.map((l) => l.estimated),
      rows.map((l) => l.meterChanged),
    ]);
  };
  await forEachLine(file, (raw, lineNo) => {
    const l = parser.push(raw, lineNo);
    if (l) buf.push(l);
    if (buf.length >= 5000) return write();
  });
  if (buf.length) await write();
  await tx.query(`CREATE INDEX ON reading_import_rows (meter_no)`);
  await tx.query(`ANALYZE reading_import_rows`);
  const meters = (await tx.query(`SELECT meter_no, count(*)::int AS n FROM reading_import_rows GROUP BY meter_no ORDER BY min(line_no)`)).rows as {
    meter_no: string;
    n: number;
  }[];
  for (let i = 0; i < meters.length;) {
    const part: string[] = [];
    let rows = 0;
    while (i < meters.length && part.length < slice.meters && (rows < slice.lines || !part.length)) {
      part.push(meters[i].meter_no);
      rows += meters[i++].n;
    }
    const { rows: got } = await tx.query(
      `SELECT line_no, meter_no, register, read_at, value, estimated, meter_changed FROM reading_import_rows WHERE meter_no = ANY($1::text[]) ORDER BY line_no`,
      [part],
    );
    yield got.map((r) => ({
      lineNo: r.line_no,
      meterNo: r.meter_no,
      register: r.register,
      readAt: r.read_at,
      value: r.value,
      estimated: r.estimated,
      meterChanged: r.meter_changed,
    }));
  }
}

interface Issue {
  meter: MeterForBilling;
  readAt: string;
  code: string;
  severity: string;
  zh: string;
  en: string;
}

/** The months before a reading searched first for the meter's previous reading (validateGroups). */
const NEAR_MONTHS = 3;

/** Validates readings (per meter and read time) against the meter's earlier readings and billed history. */
async function validateGroups(tx: Queryable, groups: Group[], settings: BillingSettings, policy: BillingPolicy): Promise<Issue[]> {
  if (!groups.length) return [];
  // the latest earlier index reading of every register of these meters. Readings are partitioned by month, and a
  // look-up without a lower bound probes every earlier month's partition for every meter; so the months just before
  // are searched first (NEAR_MONTHS) and only a group that finds no earlier reading there for one of its registers is
  // looked up again without the bound. Either way it is the latest earlier reading: the same result, fewer probes.
  const prevSql = (bounded: boolean) => `SELECT x.i, r.register, r.value::text AS value
       FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) WITH ORDINALITY AS x(account_id, meter_id, at, i)
       CROSS JOIN LATERAL (
         SELECT DISTINCT ON (register) register, value FROM meter_readings m
          WHERE m.account_id = x.account_id AND m.meter_id = x.meter_id AND m.mode = 'index' AND m.read_at < x.at AND NOT m.superseded
            ${bounded ? `AND m.read_at >= $4::timestamptz - make_interval(months => ${NEAR_MONTHS})` : ''}
          ORDER BY register, read_at DESC) r`;
  const last = new Map<string, string>();
  const lookUp = async (gs: Group[], bounded: boolean) => {
    if (!gs.length) return;
    const ats = gs.map((g) => instant(g.readAt));
    const params: unknown[] = [gs.map((g) => g.meter.accountId), gs.map((g) => g.meter.meterId), ats];
    if (bounded) params.push(ats.reduce((a, b) => (a < b ? a : b)));
    for (const r of (await tx.query(prevSql(bounded), params)).rows)
      last.set(`${gs[Number(r.i) - 1].meter.meterId}|${gs[Number(r.i) - 1].readAt}|${r.register}`, r.value);
  };
  const lastOf = (g: Group, register: string) => last.get(`${g.meter.meterId}|${g.readAt}|${register}`);
  /** the registers whose earlier reading validateGroups compares with (kWh total and TOU periods of an index read) */
  const compared = (g: Group) => (g.usage ? [] : g.reads.filter((r) => r.register.startsWith('kwh_')).map((r) => r.register));
  await lookUp(groups, true);
  await lookUp(
    groups.filter((g) => compared(g).some((reg) => lastOf(g, reg) === undefined)),
    false,
  );
  // billed kWh of the previous months (net of reversals), oldest first
  const hist = (
    await tx.query(
      `SELECT account_id, cycle, sum(kwh)::text AS kwh FROM bills WHERE account_id = ANY($1::bigint[]) GROUP BY account_id, cycle ORDER BY account_id, cycle`,
      [[...new Set(groups.map((g) => g.meter.accountId))]],
    )
  ).rows;
  const history = new Map<number, { cycle: string; kwh: string }[]>();
  for (const h of hist) history.set(Number(h.account_id), [...(history.get(Number(h.account_id)) ?? []), { cycle: h.cycle, kwh: h.kwh }]);
  const issues: Issue[] = [];
  for (const g of groups) {
    const cycle = cycleOf(g.readAt);
    const h = (history.get(g.meter.accountId) ?? [])
      .filter((x) => x.cycle < cycle)
      .slice(-policy.reading.historyMonths)
      .map((x) => x.kwh);
    const total = g.reads.find((r) => r.register === 'kwh_total');
    const periodReads = g.reads.filter((r) => r.register.startsWith('kwh_') && r.register !== 'kwh_total');
    const estimated = g.reads.some((r) => r.estimated);
    const meterChanged = g.reads.some((r) => r.meterChanged);
    let input: ReadingInput;
    if (g.usage) {
      input = { last: 0, current: total?.value ?? 0, digits: 18, meterChanged: false, ctRatio: Number(g.meter.multiplier), ptRatio: 1, estimated, history: h };
    } else if (total) {
      const tou: ReadingInput['tou'] = {};
      for (const r of periodReads) {
        const per = r.register.slice(4) as Period;
        const l = lastOf(g, r.register);
        if (l !== undefined) tou[per] = { last: l, current: r.value };
      }
      const l = lastOf(g, 'kwh_total');
      if (l === undefined && !meterChanged) {
        if (estimated) issues.push({ meter: g.meter, readAt: g.readAt, code: 'estimated', severity: 'info', zh: '估抄示数', en: 'estimated read' });
        continue;
      } // a first reading: nothing to compare
      input = {
        last: l ?? 0,
        current: total.value,
        digits: settings.registerDigits,
        meterChanged,
        ctRatio: Number(g.meter.multiplier),
        ptRatio: 1,
        estimated,
        history: h,
        ...(Object.keys(tou).length === periodReads.length && periodReads.length ? { tou } : {}),
      };
    } else {
      // period registers (or kvarh / demand) without a total: only the estimated flag and going backwards are checked
      if (estimated) issues.push({ meter: g.meter, readAt: g.readAt, code: 'estimated', severity: 'info', zh: '估抄示数', en: 'estimated read' });
      continue;
    }
    const res = validateReading(input, policy.reading);
    for (const i of res.issues)
      if (i.code !== 'rollover') issues.push({ meter: g.meter, readAt: g.readAt, code: i.code, severity: i.severity, zh: i.zh, en: i.en });
  }
  return issues;
}

async function queueExceptions(tx: Queryable, issues: Issue[], importId: number | null): Promise<number> {
  if (!issues.length) return 0;
  const r = await tx.query(
    `INSERT INTO reading_exceptions (account_id, meter_id, read_at, cycle, org_path, code, severity, message_zh, message_en, import_id)
     SELECT a, m, t, c, o, code, s, zh, en, $10 FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS x(a, m, t, c, o, code, s, zh, en)
     ON CONFLICT DO NOTHING`,
    [
      issues.map((i) => i.meter.accountId),
      issues.map((i) => i.meter.meterId),
      issues.map((i) => instant(i.readAt)),
      issues.map((i) => cycleOf(i.readAt)),
      issues.map((i) => i.meter.orgPath),
      issues.map((i) => i.code),
      issues.map((i) => i.severity),
      issues.map((i) => i.zh),
      issues.map((i) => i.en),
      importId,
    ],
  );
  return r.rowCount ?? 0;
}

/** One reading entered by hand (phone page, counter): the same checks as a file line. */
export async function enterReading(db: Db, p: Principal, body: ManualReadingInput): Promise<ImportResult> {
  const readAt = body.readAt.replace(' ', 'T').slice(0, 16);
  const flag = body.meterChanged ? 'C' : body.estimated ? 'E' : '';
  const regs = Object.entries(body.registers).filter(([, v]) => v !== undefined);
  if (!regs.length) throw badField('registers', 'required', '至少填写一个寄存器示数', 'enter at least one register reading');
  const text = ['meter_no,register,read_at,value,flag', ...regs.map(([k, v]) => `${body.meterNo},${k},${readAt.replace('T', ' ')},${v},${flag}`)].join('\n');
  try {
    return await importReadings(db, p, { fileName: `manual ${body.meterNo} ${readAt}`, text, source: 'manual' });
  } catch (e) {
    // name the manual entry's own fields rather than the generated file's lines
    if (e instanceof DomainError && e.kind === 'invalid') {
      const d = e.details[0];
      if (d && /meter .* is unknown/.test(d.messageEn)) throw badField('meterNo', 'unknown', `表号 ${body.meterNo} 不存在`, `meter ${body.meterNo} is unknown`);
      if (d) throw badField('registers', 'invalid', d.message.replace(/^第 \d+ 行：/, ''), d.messageEn.replace(/^line \d+: /, ''));
    }
    throw e;
  }
}

const EXC_COLUMNS = `e.id, e.account_id, e.meter_id, to_char(e.read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS read_at, e.cycle, e.code, e.severity,
  e.message_zh, e.message_en, e.status, e.work_order_id, e.note, e.created_at`;
const toExc = (r: Record<string, any>): ReadingExceptionOut => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  meterId: Number(r.meter_id),
  readAt: r.read_at,
  cycle: r.cycle,
  code: r.code,
  severity: r.severity,
  messageZh: r.message_zh,
  messageEn: r.message_en,
  status: r.status,
  workOrderId: r.work_order_id === null ? null : Number(r.work_order_id),
  note: r.note,
});

export async function listReadingExceptions(db: Queryable, p: Principal, f: ExceptionFilter): Promise<ReadingExceptionOut[]> {
  const { rows } = await db.query(
    `SELECT ${EXC_COLUMNS} FROM reading_exceptions e WHERE e.org_path LIKE $1 || '%' AND ($2::text IS NULL OR e.cycle = $2) AND ($3::text IS NULL OR e.status = $3)
        AND ($4::bigint IS NULL OR e.account_id = $4) ORDER BY e.id DESC LIMIT $5`,
    [p.orgPath, f.cycle ?? null, f.status ?? null, f.accountId ?? null, f.limit ?? 100],
  );
  return rows.map(toExc);
}

async function lockException(tx: Queryable, p: Principal, id: number) {
  const r = (
    await tx.query(`SELECT ${EXC_COLUMNS}, e.org_path FROM reading_exceptions e WHERE e.id = $1 AND e.org_path LIKE $2 || '%' FOR UPDATE`, [id, p.orgPath])
  ).rows[0];
  if (!r) throw notFound('Reading exception', '抄表异常');
  return r;
}

/** Accepts a flagged reading as it is (it is billed in the next run of its cycle). */
export async function acceptReadingException(db: Db, p: Principal, id: number, note: string): Promise<ReadingExceptionOut> {
  return withTx(db, async (tx) => {
    const r = await lockException(tx, p, id);
    if (r.status !== 'open' && r.status !== 'disputed')
      throw conflict(`该异常已处理（${r.status}）`, `the exception is already resolved (${r.status})`, { currentState: r.status });
    await tx.query(`UPDATE reading_exceptions SET status = 'accepted', resolved_by = $2, resolved_at = now(), note = $3 WHERE id = $1`, [id, p.id, note]);
    await recordAudit(tx, actorOf(p), {
      action: 'reading.exception_accept',
      entity: 'reading_exception',
      entityId: id,
      orgUnitId: p.orgUnitId,
      before: { status: r.status },
      after: { status: 'accepted', note },
    });
    return { ...toExc(r), status: 'accepted', note };
  });
}

/**
 * A customer disputes a reading (电量电费异议): a 95598 work order of type service_request /
 * reading_dispute is opened through the work orders module, and the reading stays unbilled until resolved.
 */
export async function disputeReading(db: Db, p: Principal, id: number, description: string): Promise<ReadingExceptionOut> {
  const r = (await db.query(`SELECT ${EXC_COLUMNS} FROM reading_exceptions e WHERE e.id = $1 AND e.org_path LIKE $2 || '%'`, [id, p.orgPath])).rows[0];
  if (!r) throw notFound('Reading exception', '抄表异常');
  if (r.status !== 'open')
    throw conflict(`该异常状态为 ${r.status}，不能再提出异议`, `the exception is ${r.status}: it cannot be disputed`, { currentState: r.status });
  const [meter] = await metersById(db, [Number(r.meter_id)]);
  const { order } = await intakeOrder(
    db,
    p,
    {
      orderType: 'service_request',
      subtype: 'reading_dispute',
      channel: 'phone',
      ...(meter ? { customerId: meter.customerId, servicePointId: meter.servicePointId } : {}),
      title: `电量电费异议 ${r.cycle}`,
      description: `${description}\n抄表异常 #${id}：${r.message_zh}（${r.read_at}）`,
    },
    null,
  );
  return withTx(db, async (tx) => {
    await tx.query(`UPDATE reading_exceptions SET status = 'disputed', work_order_id = $2, note = $3 WHERE id = $1`, [id, order.id, description]);
    await recordAudit(tx, actorOf(p), {
      action: 'reading.exception_dispute',
      entity: 'reading_exception',
      entityId: id,
      orgUnitId: p.orgUnitId,
      before: { status: 'open' },
      after: { status: 'disputed', workOrderId: order.id },
    });
    return { ...toExc(r), status: 'disputed', workOrderId: Number(order.id), note: description };
  });
}

/** An account's readings, newest first (account statement, reading entry page). */
export async function listReadings(db: Queryable, p: Principal, accountId: number, limit = 100): Promise<ReadingOut[]> {
  const { rows } = await db.query(
    `SELECT meter_id, register, to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS read_at, mode, value::text AS value, estimated, meter_changed, cycle, import_id
       FROM meter_readings WHERE account_id = $1 AND org_path LIKE $2 || '%' ORDER BY read_at DESC, register LIMIT $3`,
    [accountId, p.orgPath, limit],
  );
  return rows.map((r) => ({
    meterId: Number(r.meter_id),
    register: r.register,
    readAt: r.read_at,
    mode: r.mode,
    value: r.value,
    estimated: r.estimated,
    meterChanged: r.meter_changed,
    cycle: r.cycle,
    importId: r.import_id === null ? null : Number(r.import_id),
  }));
}

export type { FileLine };

/**
 * An API upload: the import, with its progress written (outside the import's transaction, at most every
 * 200 ms) under the client's upload id, so the console can poll it from any instance.
 */
export async function importUpload(db: Db, p: Principal, body: { fileName: string; text: string; uploadId?: string }): Promise<ImportResult> {
  const id = body.uploadId;
  let last = 0;
  const write = (done: number, total: number, stage: string) =>
    db
      .query(
        `INSERT INTO reading_import_progress (upload_id, stage, done, total) VALUES ($1, $2, $3, $4)
         ON CONFLICT (upload_id) DO UPDATE SET stage = excluded.stage, done = excluded.done, total = excluded.total, updated_at = now()`,
        [id, stage, done, total],
      )
      .then(() => undefined);
  let pending: Promise<void> = Promise.resolve();
  const onProgress = id
    ? (done: number, total: number, stage: string) => {
        const now = Date.now();
        if (now - last < 200 && done < total) return;
        last = now;
        pending = pending.then(() => write(done, total, stage)).catch(() => undefined);
      }
    : undefined;
  if (id) await db.query(`DELETE FROM reading_import_progress WHERE updated_at < now() - interval '1 day'`);
  try {
    const r = await importReadings(db, p, { fileName: body.fileName, text: body.text, source: 'api' }, onProgress);
    if (id) await pending.then(() => write(1, 1, 'done'));
    return r;
  } catch (e) {
    if (id) await pending.then(() => write(0, 0, 'failed'));
    throw e;
  }
}

export async function importProgress(db: Queryable, uploadId: string): Promise<ImportProgress> {
  const r = (await db.query(`SELECT stage, done, total FROM reading_import_progress WHERE upload_id = $1`, [uploadId])).rows[0];
  return r ? { stage: r.stage, done: r.done, total: r.total } : { stage: 'waiting', done: 0, total: 0 };
}
