/**
 * Bill runs (核算/发行, docs/billing.md §10–§12): a run per cycle and org unit, split into chunks of
 * account ranges. A worker claims a pending chunk with `FOR UPDATE SKIP LOCKED` and writes the chunk's
 * bills, lines and exceptions and marks it done in the same transaction: the row lock is the lease. An
 * instance that dies mid-chunk rolls everything of that chunk back and the lock goes with its connection,
 * so another instance takes the chunk at once; the unique (account, cycle) index on normal bills is the
 * backstop, and accounts already billed in the cycle are skipped. Each account is billed exactly once.
 */
import { copyRows } from '../../db/copy.js';
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { DomainError, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { accountIdsOfCustomer, meteredAccountIds, metersOfAccountRange, type MeterForBilling } from '../customers/index.js';
import { getOrgUnitByCode } from '../orgs/index.js';
import { buildRegisters, chunkRanges, cyclePeriod, readingOfLine, reversalLines, totalOf, type MeterReads, type StoredRead } from './bill-rules.js';
import { rateWithSplit, splitYtdInputs } from './metering-split-rules.js';
import { splitKey, splitYtdOf } from './metering-split.js';
import { monthEndKwh } from './split-reading-rules.js';
import { baseAccount, capacityEventsOfRange, paramsOfRange, periodsOf, versionOfRow } from './billing-params.js';
import { describeEvent, describeVersion, effectiveAccount, serviceEventsOf, versionOn } from './billing-params-rules.js';
import { finalLines } from './split-settlement-rules.js';
import { queueAllBillNotices } from './bill-notices.js';
import { billingSettings, provinceVersions, type BillingSettings } from './readings.js';
import { policyOn } from './service.js';
import { postReleasedBills, reverseBillPosting } from './bill-postings.js';
import { runHooksForIssued, runReleaseHooks } from './release-hooks.js';
import type { BillingPolicy, BillLine, CapacityEventOut, TariffVersion } from './schemas.js';
import type { BillOut, BillRunOut, BillSummary, RunException, RunSkip, RunStart, AccountStatement } from './schemas.js';

const instant = (local: string) => `${local}:00+08:00`;

interface PreparedBill {
  accountId: number;
  customerId: number;
  orgUnitId: number;
  orgPath: string;
  kwh: string;
  totalFen: number;
  tariffCodes: string[];
  inputs: Record<string, unknown>;
  lines: (BillLine & { reading: string | null })[];
}
interface PreparedException {
  accountId: number;
  code: string;
  zh: string;
  en: string;
}
/** An account the run leaves out on purpose (not an exception): a prepaid account, charged daily by the prepaid pass. */
type PreparedSkip = PreparedException;

export interface RatingContext {
  settings: BillingSettings;
  policy: BillingPolicy;
  versionsByKey: Map<string, TariffVersion[]>;
}

export async function ratingContext(db: Queryable, cycle: string): Promise<RatingContext> {
  const settings = await billingSettings(db);
  const policy = await policyOn(db, `${cycle}-01`);
  const versionsByKey = new Map<string, TariffVersion[]>();
  for (const v of await provinceVersions(db, settings.province)) {
    const k = `${v.customerClass}|${v.pricing}|${v.voltage}`;
    versionsByKey.set(k, [...(versionsByKey.get(k) ?? []), v]);
  }
  return { settings, policy, versionsByKey };
}

export const readRow = (r: Record<string, any>): StoredRead => ({
  meterId: Number(r.meter_id),
  register: r.register,
  readAt: r.at,
  mode: r.mode,
  value: r.value,
  estimated: r.estimated,
  meterChanged: r.meter_changed,
});

/** An interim bill of the month as the month-end bill nets it (kWh and read time: interim readings, §22). */
export interface StoredInterim {
  id: number;
  interimNo: number;
  totalFen: number;
  kwh: string;
  readAt: string | null;
}

/**
 * The rating account of an account in a cycle (the run, a rebill, an interim reading): the service point's profile
 * with its billing parameters in force on the cycle's first day (§21), its pauses / reductions as service events,
 * and what the lines name.
 */
export function accountRating(
  ctx: RatingContext,
  ms: MeterForBilling[],
  paramRows: Record<string, any>[],
  capacityEvents: CapacityEventOut[],
  period: { from: string; to: string },
) {
  const base = baseAccount(ms[0], capacityEvents, ctx.policy.twoPart);
  // the version in force on the cycle's first day: versions start on the first of a month (§21)
  const params = versionOn(
    paramRows.map((r) => versionOfRow(r, base, ctx.policy.twoPart)),
    period.from,
  );
  const account = effectiveAccount(base, params);
  const service =
    account.pricing === 'two_part' ? serviceEventsOf(account.capacityKva, periodsOf(capacityEvents), period.from, period.to) : { events: [], used: [] };
  const explain = {
    ...(params ? { params: describeVersion(params) } : {}),
    ...(service.used.length ? { events: service.used.map(describeEvent).join('；') } : {}),
  };
  return { account, params, service, explain };
}

/**
 * Rates the accounts of [from, to] under an org path for a cycle: from the cycle's readings and the
 * readings before, skipping accounts with an open or disputed reading exception. Pure apart from reads.
 */
async function prepareAccounts(
  q: Queryable,
  ctx: RatingContext,
  orgPath: string,
  from: number,
  to: number,
  cycle: string,
  skip: Set<number>,
): Promise<{ bills: PreparedBill[]; exceptions: PreparedException[]; skips: PreparedSkip[]; accounts: number }> {
  const period = cyclePeriod(cycle);
  const start = instant(`${period.from}T00:00`);
  const end = instant(`${period.to}T00:00`);
  const meters = await metersOfAccountRange(q, orgPath, from, to);
  // one after the other: q may be a transaction's client
  const cur = await q.query(
    `SELECT DISTINCT ON (account_id, meter_id, register) account_id, meter_id, register, mode, value::text AS value, estimated, meter_changed,
                    to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS at
               FROM meter_readings WHERE account_id BETWEEN $1 AND $2 AND cycle = $3 AND NOT superseded
                AND read_at >= $4 AND read_at < $5::timestamptz + interval '1 day'
              ORDER BY account_id, meter_id, register, read_at DESC`,
    // a reading's cycle is the month of its local read time (the import sets it so): the same rows, and the bounds
    // let PostgreSQL read the cycle's month partition only instead of probing every month's
    [from, to, cycle, start, end],
  );
  const prev = await q.query(
    `SELECT DISTINCT ON (account_id, meter_id, register) account_id, meter_id, register, mode, value::text AS value, estimated, meter_changed,
                    to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS at
               FROM meter_readings WHERE account_id BETWEEN $1 AND $2 AND mode = 'index' AND read_at < $3 AND read_at >= $3::timestamptz - interval '13 months' AND NOT superseded
              ORDER BY account_id, meter_id, register, read_at DESC`,
    [from, to, start],
  );
  const open = await q.query(
    `SELECT DISTINCT ON (account_id) account_id, code, message_zh, message_en FROM reading_exceptions
              WHERE account_id BETWEEN $1 AND $2 AND cycle = $3 AND status IN ('open', 'disputed') ORDER BY account_id, id`,
    [from, to, cycle],
  );
  const ytd = await q.query(
    `SELECT account_id, sum(kwh)::text AS kwh FROM bills WHERE account_id BETWEEN $1 AND $2 AND cycle >= $3 AND cycle < $4 GROUP BY account_id`,
    [from, to, `${cycle.slice(0, 4)}-01`, cycle],
  );
  // prepaid fee control (the prepaid module's published view): accounts enrolled before the cycle's end
  // are charged day by day by the prepaid pass; a monthly bill would charge the same kWh again (§20)
  const prepaid = await q.query(
    `SELECT account_id, plan_code, to_char(enrolled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS since FROM pub_prepaid_accounts
      WHERE account_id BETWEEN $1 AND $2 AND enrolled_at < $3::timestamptz + interval '1 day'`,
    [from, to, end],
  );
  // split settlement (§19): the month's interim bills, netted by the month-end bill's true-up line. The
  // agreements of the range are share-locked first: an interim being issued now commits before they are read,
  // and one issued after sees this chunk's bills (MONTH_SETTLED), so no interim escapes the true-up
  await q.query(`SELECT account_id FROM split_settlement_agreements WHERE account_id BETWEEN $1 AND $2 FOR SHARE`, [from, to]);
  const interims = await q.query(
    `SELECT account_id, id, interim_no, total_fen, kwh::text AS kwh, inputs->'split'->>'readAt' AS read_at FROM bills
      WHERE account_id BETWEEN $1 AND $2 AND cycle = $3 AND kind = 'interim' AND status = 'released' ORDER BY account_id, interim_no`,
    [from, to, cycle],
  );
  // billing parameters (计费参数) in force over the cycle, and pauses / reductions (connections' published view, else billing's own) (§21)
  const paramsBy = await paramsOfRange(q, from, to, period);
  const capacityBy = await capacityEventsOfRange(q, meters, from, to);
  const prepaidBy = new Map(prepaid.rows.map((r) => [Number(r.account_id), r]));
  const interimsBy = new Map<number, StoredInterim[]>();
  for (const r of interims.rows) {
    const a = Number(r.account_id);
    interimsBy.set(a, [
      ...(interimsBy.get(a) ?? []),
      { id: Number(r.id), interimNo: Number(r.interim_no), totalFen: Number(r.total_fen), kwh: r.kwh, readAt: r.read_at ?? null },
    ]);
  }
  // the metering split's own year to date (§23), for the accounts of the range whose parameters carry one
  const splitYtdBy = await splitYtdOf(
    q,
    [...paramsBy].filter(([, rows]) => rows.some((r) => r.metering_split)).map(([a]) => a),
    cycle,
  );
  const byAccount = new Map<number, MeterForBilling[]>();
  for (const m of meters) {
    const l = byAccount.get(m.accountId);
    if (l) l.push(m);
    else byAccount.set(m.accountId, [m]);
  }
  const reads = (rows: Record<string, any>[]) => {
    const out = new Map<number, StoredRead[]>();
    for (const r of rows) {
      const k = Number(r.meter_id);
      let l = out.get(k);
      if (!l) out.set(k, (l = []));
      l.push(readRow(r));
    }
    return out;
  };
  const curBy = reads(cur.rows),
    prevBy = reads(prev.rows);
  const openBy = new Map(open.rows.map((r) => [Number(r.account_id), r]));
  const ytdBy = new Map(ytd.rows.map((r) => [Number(r.account_id), r.kwh as string]));
  const bills: PreparedBill[] = [];
  const exceptions: PreparedException[] = [];
  const skips: PreparedSkip[] = [];
  for (const [accountId, ms] of byAccount) {
    if (skip.has(accountId)) continue;
    const pp = prepaidBy.get(accountId);
    if (pp) {
      skips.push({
        accountId,
        code: 'prepaid',
        zh: `预付费（费控）用户，自 ${pp.since} 起按日扣费（价格方案 ${pp.plan_code}），不出月度电费账单`,
        en: `prepaid (fee control) since ${pp.since}, charged daily on plan ${pp.plan_code}: no monthly bill`,
      });
      continue;
    }
    const o = openBy.get(accountId);
    if (o) {
      exceptions.push({ accountId, code: 'reading_exception', zh: `抄表异常未处理：${o.message_zh}`, en: `open reading exception: ${o.message_en}` });
      continue;
    }
    const mr: MeterReads[] = ms.map((m) => ({
      meterId: m.meterId,
      meterNo: m.meterNo,
      multiplier: m.multiplier,
      current: curBy.get(m.meterId) ?? [],
      previous: prevBy.get(m.meterId) ?? [],
    }));
    if (mr.every((m) => m.current.length === 0)) {
      exceptions.push({ accountId, code: 'missing_reading', zh: `${cycle} 没有抄表示数`, en: `no reading in ${cycle}` });
      continue;
    }
    const first = ms[0];
    const { account, params, service, explain } = accountRating(ctx, ms, paramsBy.get(accountId) ?? [], capacityBy.get(accountId) ?? [], period);
    const profile = { account, key: { customerClass: account.customerClass, pricing: account.pricing, voltage: account.voltage } };
    const built = buildRegisters(profile.account, mr, ctx.settings.registerDigits, ctx.policy.reading.rolloverMaxShare);
    if (built.missing.length) {
      exceptions.push({
        accountId,
        code: 'missing_register',
        zh: `缺少示数：${built.missing.join('、')}`,
        en: `readings missing: ${built.missing.join(', ')}`,
      });
      continue;
    }
    const versions = ctx.versionsByKey.get(`${profile.key.customerClass}|${profile.key.pricing}|${profile.key.voltage}`);
    if (!versions) {
      exceptions.push({
        accountId,
        code: 'no_tariff',
        zh: `没有 ${ctx.settings.province} / ${profile.key.customerClass} / ${profile.key.pricing} / ${profile.key.voltage} 的电价`,
        en: `no tariff for ${ctx.settings.province} / ${profile.key.customerClass} / ${profile.key.pricing} / ${profile.key.voltage}`,
      });
      continue;
    }
    // split reading (§22): the month-end bill needs a reading after the month's last interim reading
    const split = interimsBy.get(accountId) ?? [];
    const lastInterimRead = split.reduce<string | null>((m, b) => (b.readAt && (!m || b.readAt > m) ? b.readAt : m), null);
    if (lastInterimRead && !mr.some((m) => m.current.some((r) => r.mode === 'index' && r.readAt > lastInterimRead))) {
      exceptions.push({
        accountId,
        code: 'missing_reading',
        zh: `${cycle} 没有月末抄表示数（最近的示数是 ${lastInterimRead.replace('T', ' ')} 的分次抄表）`,
        en: `no month-end reading in ${cycle} (the latest is the interim reading of ${lastInterimRead.replace('T', ' ')})`,
      });
      continue;
    }
    const ytdKwh = Number(ytdBy.get(accountId) ?? 0);
    try {
      const mSplit = params?.meteringSplit ?? null;
      // the main class's year to date: the account's less what its metering split billed under the other class
      const ytds = splitYtdInputs(
        ytdKwh,
        mSplit,
        mSplit ? (ctx.versionsByKey.get(splitKey(profile.account, mSplit)) ?? []) : [],
        splitYtdBy.get(accountId) ?? '0',
      );
      const res = rateWithSplit(
        { account: profile.account, period, versions, registers: built.registers, ytdKwh: ytds.ytdKwh, events: service.events, explain, policy: ctx.policy },
        ytds.split,
      );
      // a split-settlement account: the month rated in full, less the interim bills (true-up line)
      const lines = finalLines(res.lines, split).map((l) => ({ ...l, reading: readingOfLine(l, built.sources) }));
      bills.push({
        accountId,
        customerId: first.customerId,
        orgUnitId: first.orgUnitId,
        orgPath: first.orgPath,
        // interim readings billed part of the month's kWh: the month-end bill carries the rest (Σ = the month)
        kwh: monthEndKwh(built.kwh, split).toString(),
        totalFen: totalOf(lines),
        tariffCodes: [...new Set(res.lines.map((l) => l.tariffCode).filter((c): c is string => c !== null))],
        inputs: {
          province: ctx.settings.province,
          account: profile.account,
          period,
          ...(params ? { parameters: params } : {}),
          ...(service.events.length || service.used.length ? { serviceEvents: service.events, capacityEvents: service.used } : {}),
          registers: built.registers,
          ytdKwh,
          sources: built.sources,
          meters: ms.map((m) => ({ meterId: m.meterId, meterNo: m.meterNo, multiplier: m.multiplier })),
          warnings: res.warnings,
          ...(res.meteringSplit ? { meteringSplit: res.meteringSplit } : {}),
          ...(split.length ? { split: { monthFen: res.totalFen, monthKwh: built.kwh.toString(), interims: split } } : {}),
        },
        lines,
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      exceptions.push({ accountId, code: 'rating', zh: `计费失败：${e.zh}`, en: `rating refused: ${e.en}` });
    }
  }
  return { bills, exceptions, skips, accounts: byAccount.size };
}

/** The columns bills and their lines are written by COPY in (writeBills). */
const BILL_COPY_COLUMNS = (
  'id, account_id, cycle, kind, status, run_id, customer_id, org_unit_id, org_path, period_from, ' +
  'period_to, kwh, total_fen, tariff_codes, inputs, replaces_bill_id, reason, created_by, released_at, due_date'
).split(', ');
const LINE_COPY_COLUMNS =
  'account_id, bill_id, line_no, code, rule, label_zh, label_en, tariff_code, register, reading, quantity, unit, price, amount_fen, note'.split(', ');

/** Writes prepared bills and their lines with COPY (ids taken from the sequence first, so lines need no round trip). */
async function writeBills(
  tx: Tx,
  bills: PreparedBill[],
  common: {
    cycle: string;
    kind: 'normal' | 'rebill' | 'reversal' | 'interim';
    status: 'draft' | 'released';
    runId: number | null;
    replaces?: number | null;
    reason?: string | null;
    by?: number | null;
    /** the due date of released bills (YYYY-MM-DD) */
    dueDate?: string | null;
  },
): Promise<number[]> {
  if (!bills.length) return [];
  const ids = (await tx.query(`SELECT nextval(pg_get_serial_sequence('bills', 'id')) AS id FROM generate_series(1, $1)`, [bills.length])).rows.map((r) =>
    Number(r.id),
  );
  const period = cyclePeriod(common.cycle);
  const releasedAt = common.status === 'released' ? new Date().toISOString() : null;
  const billRows: unknown[][] = [];
  const lineRows: unknown[][] = [];
  bills.forEach((b, bi) => {
    billRows.push([
      ids[bi],
      b.accountId,
      common.cycle,
      common.kind,
      common.status,
      common.runId,
      b.customerId,
      b.orgUnitId,
      b.orgPath,
      period.from,
      period.to,
      b.kwh,
      b.totalFen,
      b.tariffCodes,
      JSON.stringify(b.inputs),
      common.replaces ?? null,
      common.reason ?? null,
      common.by ?? null,
      releasedAt,
      common.dueDate ?? null,
    ]);
    b.lines.forEach((l, li) => {
      lineRows.push([
        b.accountId,
        ids[bi],
        li + 1,
        l.code,
        l.rule,
        l.labelZh,
        l.labelEn,
        l.tariffCode,
        l.register,
        l.reading,
        l.quantity,
        l.unit,
        l.price,
        l.amountFen,
        l.note ?? null,
      ]);
    });
  });
  await copyRows(tx, 'bills', BILL_COPY_COLUMNS, billRows);
  await copyRows(tx, 'bill_lines', LINE_COPY_COLUMNS, lineRows);
  return ids;
}

// ---- runs ----

const RUN_COLUMNS = `r.id, r.cycle, r.org_unit_id, r.org_path, r.status, r.accounts_total, r.reviewer_id, r.released_by, r.released_at, r.started_at, r.finished_at, r.created_by,
  (SELECT coalesce(sum(accounts) FILTER (WHERE status = 'done' AND NOT retry), 0) FROM bill_run_chunks WHERE run_id = r.id) AS accounts_done,
  (SELECT count(*) FILTER (WHERE status = 'done') FROM bill_run_chunks WHERE run_id = r.id) AS chunks_done,
  (SELECT count(*) FILTER (WHERE status = 'failed') FROM bill_run_chunks WHERE run_id = r.id) AS chunks_failed,
  (SELECT count(*) FROM bill_run_chunks WHERE run_id = r.id) AS chunks,
  (SELECT count(*) FROM bills b WHERE b.run_id = r.id) AS billed,
  (SELECT coalesce(sum(total_fen), 0) FROM bills b WHERE b.run_id = r.id) AS total_fen,
  (SELECT count(*) FROM bill_run_exceptions x WHERE x.run_id = r.id AND NOT x.resolved) AS exceptions,
  (SELECT count(*) FILTER (WHERE s.code = 'prepaid') FROM bill_run_skips s WHERE s.run_id = r.id) AS skipped_prepaid`;

const toRun = (r: Record<string, any>): BillRunOut => {
  const end = r.finished_at ? new Date(r.finished_at).getTime() : Date.now();
  const secs = Math.max(0.001, (end - new Date(r.started_at).getTime()) / 1000);
  const done = Number(r.accounts_done);
  return {
    id: Number(r.id),
    cycle: r.cycle,
    orgUnitId: Number(r.org_unit_id),
    status: r.status,
    accountsTotal: r.accounts_total,
    accountsDone: done,
    billed: Number(r.billed),
    exceptions: Number(r.exceptions),
    skippedPrepaid: Number(r.skipped_prepaid),
    totalFen: Number(r.total_fen),
    chunks: Number(r.chunks),
    chunksDone: Number(r.chunks_done),
    chunksFailed: Number(r.chunks_failed),
    accountsPerS: Math.round((done / secs) * 10) / 10,
    reviewerId: r.reviewer_id === null ? null : Number(r.reviewer_id),
    releasedAt: r.released_at ? new Date(r.released_at).toISOString() : null,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
};

/** Starts a bill run of a cycle for an org unit's accounts: the run and its chunks, nothing rated yet. */
export async function startRun(db: Db, p: Principal, body: RunStart): Promise<BillRunOut> {
  const org = await getOrgUnitByCode(db, p, body.orgCode);
  const settings = await billingSettings(db);
  const ids = await meteredAccountIds(db, org.path);
  const chunks = chunkRanges(ids, body.chunkAccounts ?? settings.chunkAccounts);
  const id = await withTx(db, async (tx) => {
    const existing = (await tx.query(`SELECT id, status FROM bill_runs WHERE cycle = $1 AND org_unit_id = $2 AND status <> 'cancelled'`, [body.cycle, org.id]))
      .rows[0];
    if (existing)
      throw conflict(
        `${org.code} 的 ${body.cycle} 核算已存在（批次 ${existing.id}，${existing.status}）`,
        `a ${body.cycle} run of ${org.code} exists: run ${existing.id} (${existing.status})`,
        { runId: Number(existing.id) },
        'RUN_EXISTS',
      );
    const run = (
      await tx.query(`INSERT INTO bill_runs (cycle, org_unit_id, org_path, accounts_total, created_by, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
        body.cycle,
        org.id,
        org.path,
        ids.length,
        p.id,
        chunks.length ? 'running' : 'review',
      ])
    ).rows[0];
    const runId = Number(run.id);
    if (chunks.length)
      await tx.query(
        `INSERT INTO bill_run_chunks (run_id, chunk_no, from_account, to_account, accounts) SELECT $1, n, f, t, a FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::int[]) AS x(n, f, t, a)`,
        [runId, chunks.map((_, i) => i + 1), chunks.map((c) => c.from), chunks.map((c) => c.to), chunks.map((c) => c.accounts)],
      );
    await recordAudit(tx, actorOf(p), {
      action: 'billrun.start',
      entity: 'bill_run',
      entityId: runId,
      orgUnitId: org.id,
      after: { cycle: body.cycle, orgCode: org.code, accounts: ids.length, chunks: chunks.length },
    });
    return runId;
  });
  return getRun(db, p, id);
}

export async function getRun(db: Queryable, p: Principal, id: number): Promise<BillRunOut> {
  const r = (await db.query(`SELECT ${RUN_COLUMNS} FROM bill_runs r WHERE r.id = $1 AND r.org_path LIKE $2 || '%'`, [id, p.orgPath])).rows[0];
  if (!r) throw notFound('Bill run', '核算批次');
  return toRun(r);
}

export async function listRuns(db: Queryable, p: Principal, cycle?: string): Promise<BillRunOut[]> {
  const { rows } = await db.query(
    `SELECT ${RUN_COLUMNS} FROM bill_runs r WHERE r.org_path LIKE $1 || '%' AND ($2::text IS NULL OR r.cycle = $2) ORDER BY r.id DESC LIMIT 50`,
    [p.orgPath, cycle ?? null],
  );
  return rows.map(toRun);
}

export interface ChunkOutcome {
  runId: number;
  chunkNo: number;
  accounts: number;
  billed: number;
  exceptions: number;
  /** accounts left out on purpose (prepaid) */
  skipped: number;
  ms: number;
}

/**
 * Claims one pending chunk (of `runId`, or of any running run) and bills it, all in one transaction.
 * Returns null when no chunk is free. `hook` runs after the bills are written and before the commit
 * (tests use it to kill a worker mid-chunk).
 */
export async function workChunk(db: Db, worker: string, runId?: number, hook?: () => Promise<void>): Promise<ChunkOutcome | null> {
  const t0 = Date.now();
  let claimed: { runId: number; chunkNo: number } | null = null;
  const out = await withTx(db, async (tx) => {
    const c = (
      await tx.query(
        `SELECT c.run_id, c.chunk_no, c.from_account, c.to_account, r.cycle, r.org_path FROM bill_run_chunks c JOIN bill_runs r ON r.id = c.run_id
        WHERE c.status = 'pending' AND r.status = 'running' AND ($1::bigint IS NULL OR c.run_id = $1)
        ORDER BY c.run_id, c.chunk_no LIMIT 1 FOR UPDATE OF c SKIP LOCKED`,
        [runId ?? null],
      )
    ).rows[0];
    if (!c) return null;
    claimed = { runId: Number(c.run_id), chunkNo: c.chunk_no };
    const from = Number(c.from_account),
      to = Number(c.to_account);
    const ctx = await ratingContext(tx, c.cycle);
    const already = new Set(
      (await tx.query(`SELECT account_id FROM bills WHERE account_id BETWEEN $1 AND $2 AND cycle = $3 AND kind = 'normal'`, [from, to, c.cycle])).rows.map(
        (r) => Number(r.account_id),
      ),
    );
    const prep = await prepareAccounts(tx, ctx, c.org_path, from, to, c.cycle, already);
    await writeBills(tx, prep.bills, { cycle: c.cycle, kind: 'normal', status: 'draft', runId: Number(c.run_id) });
    if (prep.exceptions.length)
      await tx.query(
        `INSERT INTO bill_run_exceptions (run_id, account_id, code, message_zh, message_en) SELECT $1, a, c, z, e FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS x(a, c, z, e)
       ON CONFLICT (run_id, account_id) DO UPDATE SET code = excluded.code, message_zh = excluded.message_zh, message_en = excluded.message_en, resolved = false, created_at = now()`,
        [
          c.run_id,
          prep.exceptions.map((x) => x.accountId),
          prep.exceptions.map((x) => x.code),
          prep.exceptions.map((x) => x.zh),
          prep.exceptions.map((x) => x.en),
        ],
      );
    if (prep.skips.length)
      await tx.query(
        `INSERT INTO bill_run_skips (run_id, account_id, code, message_zh, message_en) SELECT $1, a, c, z, e FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS x(a, c, z, e)
       ON CONFLICT (run_id, account_id) DO NOTHING`,
        [c.run_id, prep.skips.map((x) => x.accountId), prep.skips.map((x) => x.code), prep.skips.map((x) => x.zh), prep.skips.map((x) => x.en)],
      );
    if (hook) await hook();
    const ms = Date.now() - t0;
    await tx.query(
      `UPDATE bill_run_chunks SET status = 'done', billed = $3, exceptions = $4, total_fen = $5, worker = $6, attempts = attempts + 1, done_at = now(), ms = $7, skipped = $8 WHERE run_id = $1 AND chunk_no = $2`,
      [
        c.run_id,
        c.chunk_no,
        prep.bills.length,
        prep.exceptions.length,
        totalOf(prep.bills.map((b) => ({ amountFen: b.totalFen }))),
        worker,
        ms,
        prep.skips.length,
      ],
    );
    return {
      runId: Number(c.run_id),
      chunkNo: c.chunk_no,
      accounts: prep.accounts,
      billed: prep.bills.length,
      exceptions: prep.exceptions.length,
      skipped: prep.skips.length,
      ms,
    };
  }).catch(async (e: unknown) => {
    // the chunk's work rolled back; count the failed attempt so a chunk that always fails stops after
    // MAX_CHUNK_ATTEMPTS (status failed, shown in the run's progress; retry puts it back) instead of looping
    const c = claimed as { runId: number; chunkNo: number } | null;
    if (c)
      await db
        .query(
          `UPDATE bill_run_chunks SET attempts = attempts + 1, last_error = $3, worker = $4, status = CASE WHEN attempts + 1 >= $5 THEN 'failed' ELSE status END
            WHERE run_id = $1 AND chunk_no = $2 AND status = 'pending'`,
          [c.runId, c.chunkNo, String(e instanceof Error ? e.message : e).slice(0, 500), worker, MAX_CHUNK_ATTEMPTS],
        )
        .catch(() => undefined);
    throw e;
  });
  if (out) await finishIfDone(db, out.runId);
  return out;
}

/** Attempts after which a chunk that keeps failing is set aside as failed. */
export const MAX_CHUNK_ATTEMPTS = 3;

/** A run whose chunks are all done goes to review (checked after each commit, so the last one flips it). */
async function finishIfDone(db: Queryable, runId: number) {
  await db.query(
    `UPDATE bill_runs SET status = 'review', finished_at = now() WHERE id = $1 AND status = 'running' AND NOT EXISTS (SELECT 1 FROM bill_run_chunks WHERE run_id = $1 AND status = 'pending')`,
    [runId],
  );
}

/** Works chunks until none is free (this instance's share of every running run). */
export async function workPendingChunks(db: Db, worker: string, runId?: number, onChunk?: (c: ChunkOutcome) => void): Promise<number> {
  let n = 0;
  for (;;) {
    const c = await workChunk(db, worker, runId);
    if (!c) return n;
    n++;
    onChunk?.(c);
  }
}

export async function listRunExceptions(db: Queryable, p: Principal, runId: number): Promise<RunException[]> {
  await getRun(db, p, runId);
  const { rows } = await db.query(
    `SELECT account_id, code, message_zh, message_en, resolved FROM bill_run_exceptions WHERE run_id = $1 ORDER BY resolved, account_id LIMIT 500`,
    [runId],
  );
  return rows.map((r) => ({ accountId: Number(r.account_id), code: r.code, messageZh: r.message_zh, messageEn: r.message_en, resolved: r.resolved }));
}

/** The accounts a run left out on purpose, with the reason (prepaid accounts, §20). */
export async function listRunSkips(db: Queryable, p: Principal, runId: number): Promise<RunSkip[]> {
  await getRun(db, p, runId);
  const { rows } = await db.query(`SELECT account_id, code, message_zh, message_en FROM bill_run_skips WHERE run_id = $1 ORDER BY account_id LIMIT 500`, [
    runId,
  ]);
  return rows.map((r) => ({ accountId: Number(r.account_id), code: r.code, messageZh: r.message_zh, messageEn: r.message_en }));
}

/** Puts the accounts a run could not bill back into new chunks (after their exceptions were resolved). */
export async function retryRunExceptions(db: Db, p: Principal, runId: number): Promise<BillRunOut> {
  await withTx(db, async (tx) => {
    const run = (await tx.query(`SELECT id, status, org_unit_id FROM bill_runs WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE`, [runId, p.orgPath]))
      .rows[0];
    if (!run) throw notFound('Bill run', '核算批次');
    if (run.status !== 'review' && run.status !== 'running')
      throw conflict(`批次状态为 ${run.status}，不能重算`, `the run is ${run.status}: it cannot be retried`, { currentState: run.status });
    const failed =
      (await tx.query(`UPDATE bill_run_chunks SET status = 'pending', attempts = 0 WHERE run_id = $1 AND status = 'failed'`, [runId])).rowCount ?? 0;
    if (failed) await tx.query(`UPDATE bill_runs SET status = 'running', finished_at = NULL WHERE id = $1`, [runId]);
    const ids = (await tx.query(`UPDATE bill_run_exceptions SET resolved = true WHERE run_id = $1 AND NOT resolved RETURNING account_id`, [runId])).rows
      .map((r) => Number(r.account_id))
      .sort((a, b) => a - b);
    if (!ids.length) return;
    const next = Number((await tx.query(`SELECT coalesce(max(chunk_no), 0) AS n FROM bill_run_chunks WHERE run_id = $1`, [runId])).rows[0].n);
    // one chunk per account: a range would take in accounts billed since or outside the retry
    await tx.query(
      `INSERT INTO bill_run_chunks (run_id, chunk_no, from_account, to_account, accounts, retry) SELECT $1, $2 + ordinality, a, a, 1, true FROM unnest($3::bigint[]) WITH ORDINALITY AS x(a, ordinality)`,
      [runId, next, ids],
    );
    await tx.query(`UPDATE bill_runs SET status = 'running', finished_at = NULL WHERE id = $1`, [runId]);
    await recordAudit(tx, actorOf(p), {
      action: 'billrun.retry',
      entity: 'bill_run',
      entityId: runId,
      orgUnitId: Number(run.org_unit_id),
      after: { accounts: ids.length },
    });
  });
  return getRun(db, p, runId);
}

/** Takes a run under review (审核). A run under review by someone else is refused. */
export async function reviewRun(db: Db, p: Principal, runId: number): Promise<BillRunOut> {
  await withTx(db, async (tx) => {
    const run = (
      await tx.query(`SELECT id, status, reviewer_id, org_unit_id FROM bill_runs WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE`, [runId, p.orgPath])
    ).rows[0];
    if (!run) throw notFound('Bill run', '核算批次');
    if (run.status !== 'review')
      throw conflict(`批次状态为 ${run.status}，不能审核`, `the run is ${run.status}: it cannot be reviewed`, { currentState: run.status }, 'RUN_STATE');
    if (run.reviewer_id !== null && Number(run.reviewer_id) !== p.id)
      throw conflict('该批次正由他人审核', 'the run is under review by someone else', { reviewerId: Number(run.reviewer_id) }, 'UNDER_REVIEW');
    await tx.query(`UPDATE bill_runs SET reviewer_id = $2, review_started_at = now() WHERE id = $1`, [runId, p.id]);
    await recordAudit(tx, actorOf(p), {
      action: 'billrun.review',
      entity: 'bill_run',
      entityId: runId,
      orgUnitId: Number(run.org_unit_id),
      after: { reviewerId: p.id },
    });
  });
  return getRun(db, p, runId);
}

/** Releases (发行) a reviewed run: its draft bills become the customers' bills. */
export async function releaseRun(db: Db, p: Principal, runId: number): Promise<BillRunOut> {
  await withTx(db, async (tx) => {
    const run = (
      await tx.query(`SELECT id, status, reviewer_id, org_unit_id, cycle FROM bill_runs WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE`, [
        runId,
        p.orgPath,
      ])
    ).rows[0];
    if (!run) throw notFound('Bill run', '核算批次');
    if (run.status !== 'review')
      throw conflict(`批次状态为 ${run.status}，不能发行`, `the run is ${run.status}: it cannot be released`, { currentState: run.status }, 'RUN_STATE');
    if (run.reviewer_id !== null && Number(run.reviewer_id) !== p.id)
      throw conflict(
        '该批次正由他人审核，不能发行',
        'the run is under review by someone else: it cannot be released',
        { reviewerId: Number(run.reviewer_id) },
        'UNDER_REVIEW',
      );
    const failedChunks = Number((await tx.query(`SELECT count(*) FROM bill_run_chunks WHERE run_id = $1 AND status = 'failed'`, [runId])).rows[0].count);
    if (failedChunks)
      throw conflict(
        `有 ${failedChunks} 个分块计算失败，请重算后再发行`,
        `${failedChunks} chunks failed: retry them before releasing`,
        { failedChunks },
        'CHUNKS_FAILED',
      );
    // the due date: the release day (China Standard Time) + the payment term (billing_settings.payment_days)
    const n = (
      await tx.query(
        `UPDATE bills SET status = 'released', released_at = now(), due_date = (now() AT TIME ZONE 'Asia/Shanghai')::date + (SELECT payment_days FROM billing_settings WHERE id = 1)
          WHERE run_id = $1 AND status = 'draft'`,
        [runId],
      )
    ).rowCount;
    // the released bills go to the group ledger in the same transaction (bill-postings.ts, docs/payments.md)
    // what other modules do on a release (release-hooks.ts: payments applies the accounts' credit), before the run's
    // bills are posted: a hook that takes an account's lock does so before this transaction holds any ledger totals
    await runReleaseHooks(tx, p, runId);
    const ledger = await postReleasedBills(tx, { runId });
    await tx.query(`UPDATE bill_runs SET status = 'released', released_by = $2, released_at = now(), reviewer_id = coalesce(reviewer_id, $2) WHERE id = $1`, [
      runId,
      p.id,
    ]);
    await recordAudit(tx, actorOf(p), {
      action: 'billrun.release',
      entity: 'bill_run',
      entityId: runId,
      orgUnitId: Number(run.org_unit_id),
      after: { cycle: run.cycle, bills: n, postedToLedger: ledger.posted, withoutBooks: ledger.withoutBooks },
    });
  });
  return getRun(db, p, runId);
}

// ---- bills ----

const BILL_COLUMNS = `b.id, b.account_id, b.cycle, b.kind, b.status, b.run_id, b.customer_id, to_char(b.period_from, 'YYYY-MM-DD') AS period_from, to_char(b.period_to, 'YYYY-MM-DD') AS period_to,
  b.kwh::text AS kwh, b.total_fen, b.tariff_codes, b.replaces_bill_id, b.reason, b.created_at, b.released_at,
  to_char(b.due_date, 'YYYY-MM-DD') AS due_date, b.interim_no`;
const toSummary = (r: Record<string, any>): BillSummary => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  cycle: r.cycle,
  kind: r.kind,
  status: r.status,
  runId: r.run_id === null ? null : Number(r.run_id),
  periodFrom: r.period_from,
  periodTo: r.period_to,
  kwh: r.kwh,
  totalFen: Number(r.total_fen),
  tariffCodes: r.tariff_codes,
  replacesBillId: r.replaces_bill_id === null ? null : Number(r.replaces_bill_id),
  reason: r.reason,
  releasedAt: r.released_at ? new Date(r.released_at).toISOString() : null,
  dueDate: r.due_date ?? null,
  interimNo: r.interim_no === null || r.interim_no === undefined ? null : Number(r.interim_no),
});

async function billLines(db: Queryable, accountId: number, billId: number) {
  const { rows } = await db.query(`SELECT * FROM bill_lines WHERE account_id = $1 AND bill_id = $2 ORDER BY line_no`, [accountId, billId]);
  return rows.map((l) => ({
    lineNo: l.line_no,
    code: l.code,
    rule: l.rule,
    labelZh: l.label_zh,
    labelEn: l.label_en,
    tariffCode: l.tariff_code,
    register: l.register,
    reading: l.reading,
    quantity: l.quantity,
    unit: l.unit,
    price: l.price,
    amountFen: Number(l.amount_fen),
    note: l.note,
  }));
}

/** Whether a stored bill row (customer_id, status, org_path) is visible to the principal: staff in their org subtree, a customer their own bills that are not drafts. */
export const billVisible = (p: Principal, r: Record<string, any> | undefined): boolean =>
  !!r && (p.role === 'customer' ? r.customer_id !== null && Number(r.customer_id) === p.customerId && r.status !== 'draft' : r.org_path.startsWith(p.orgPath));

/** One bill with its lines, in the principal's scope (a customer sees only their own released bills). */
export async function getBill(db: Queryable, p: Principal, id: number): Promise<BillOut> {
  const r = (await db.query(`SELECT ${BILL_COLUMNS}, b.org_path, b.inputs FROM bills b WHERE b.id = $1`, [id])).rows[0];
  if (!billVisible(p, r)) throw notFound('Bill', '电费账单');
  return { ...toSummary(r), inputs: r.inputs, lines: await billLines(db, Number(r.account_id), id) };
}

/** A bill's summary by id, without a scope check: for use cases that checked the scope themselves. */
export async function billSummaryById(db: Queryable, id: number): Promise<BillSummary> {
  return toSummary((await db.query(`SELECT ${BILL_COLUMNS} FROM bills b WHERE b.id = $1`, [id])).rows[0]);
}

export async function listRunBills(
  db: Queryable,
  p: Principal,
  runId: number,
  limit: number,
  offset: number,
): Promise<{ items: BillSummary[]; total: number }> {
  await getRun(db, p, runId);
  const [items, total] = await Promise.all([
    db.query(`SELECT ${BILL_COLUMNS} FROM bills b WHERE b.run_id = $1 ORDER BY b.account_id LIMIT $2 OFFSET $3`, [runId, limit, offset]),
    db.query(`SELECT count(*)::int AS n FROM bills WHERE run_id = $1`, [runId]),
  ]);
  return { items: items.rows.map(toSummary), total: total.rows[0].n };
}

/** An account's statement: its bills, newest first, and the net kWh of each month. */
export async function accountStatement(db: Queryable, p: Principal, accountId: number): Promise<AccountStatement> {
  const customerOnly = p.role === 'customer';
  if (customerOnly && !(await accountIdsOfCustomer(db, p.customerId ?? 0)).includes(accountId)) throw notFound('Account', '用电户');
  const { rows } = await db.query(
    `SELECT ${BILL_COLUMNS} FROM bills b WHERE b.account_id = $1 AND ($2::boolean OR b.org_path LIKE $3 || '%') AND (NOT $2::boolean OR b.status <> 'draft') ORDER BY b.cycle DESC, b.id DESC LIMIT 120`,
    [accountId, customerOnly, p.orgPath],
  );
  const bills = rows.map(toSummary);
  const months = new Map<string, { kwh: number; fen: number }>();
  for (const b of bills) {
    const m = months.get(b.cycle) ?? { kwh: 0, fen: 0 };
    m.kwh += Number(b.kwh);
    m.fen += b.totalFen;
    months.set(b.cycle, m);
  }
  return {
    accountId,
    bills,
    usage: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cycle, m]) => ({ cycle, kwh: Math.round(m.kwh * 100) / 100, totalFen: m.fen })),
  };
}

/** The portal: the customer's released bills (and reversals / rebills), newest first. */
export async function myBills(db: Queryable, p: Principal): Promise<BillSummary[]> {
  const ids = await accountIdsOfCustomer(db, p.customerId ?? 0);
  if (!ids.length) return [];
  const { rows } = await db.query(
    `SELECT ${BILL_COLUMNS} FROM bills b WHERE b.account_id = ANY($1::bigint[]) AND b.status <> 'draft' ORDER BY b.cycle DESC, b.id DESC LIMIT 60`,
    [ids],
  );
  return rows.map(toSummary);
}

/**
 * Cancel and rebill (退补): the bill is cancelled, a reversal with every line negated is issued (bill +
 * reversal = 0 fen), and the account is rated again from the readings as they stand now. Audited with the reason.
 */
export async function rebill(
  db: Db,
  p: Principal,
  billId: number,
  reason: string,
): Promise<{ cancelled: BillSummary; reversal: BillSummary; rebill: BillSummary }> {
  const ids = await withTx(db, async (tx) => {
    const b = (
      await tx.query(`SELECT ${BILL_COLUMNS}, b.org_path, b.org_unit_id, b.inputs FROM bills b WHERE b.id = $1 AND b.org_path LIKE $2 || '%' FOR UPDATE`, [
        billId,
        p.orgPath,
      ])
    ).rows[0];
    if (!b) throw notFound('Bill', '电费账单');
    if (b.kind === 'interim')
      throw conflict(
        '分次结算账单不能退补：月末结算账单按实际抄表结清当月电费',
        'an interim bill cannot be rebilled: the month-end bill settles the month on the real reading',
        { currentState: b.status },
        'BILL_STATE',
      );
    // a bill written off as bad debt (or proposed for it) stays as it is: its rebill would be owed beside it (collection's view, migration 635)
    const wo = (
      await tx.query<{ write_off_id: string; status: string }>(
        'SELECT write_off_id, status FROM pub_bad_debt_write_off_bills WHERE account_id = $1 AND bill_id = $2 ORDER BY write_off_id DESC LIMIT 1',
        [b.account_id, billId],
      )
    ).rows[0];
    if (wo)
      throw conflict(
        wo.status === 'approved'
          ? `该账单已核销为坏账（核销 ${wo.write_off_id}），不能退补`
          : `该账单在待审批的坏账核销申请中（核销 ${wo.write_off_id}），不能退补：先驳回该申请`,
        wo.status === 'approved'
          ? `this bill is written off as bad debt (write-off ${wo.write_off_id}) and cannot be rebilled`
          : `this bill is in a pending bad-debt write-off (${wo.write_off_id}) and cannot be rebilled: reject the proposal first`,
        { writeOffId: Number(wo.write_off_id), writeOffStatus: wo.status },
        'WRITTEN_OFF',
      );
    if (b.status !== 'released' || b.kind === 'reversal')
      throw conflict(
        `只有已发行的账单可以退补（本账单：${b.kind} / ${b.status}）`,
        `only a released bill can be cancelled and rebilled (this one: ${b.kind} / ${b.status})`,
        { currentState: b.status },
        'BILL_STATE',
      );
    const accountId = Number(b.account_id);
    const lines = await billLines(tx, accountId, billId);
    const ctx = await ratingContext(tx, b.cycle);
    // the account's other bills of the cycle do not count towards its own year-to-date
    const prep = await prepareAccounts(tx, ctx, '/', accountId, accountId, b.cycle, new Set());
    if (!prep.bills.length) {
      const x = prep.exceptions[0] ?? prep.skips[0];
      throw conflict(`不能重算：${x?.zh ?? '没有示数'}`, `cannot rebill: ${x?.en ?? 'no readings'}`, {}, 'REBILL_BLOCKED');
    }
    await tx.query(`UPDATE bills SET status = 'cancelled' WHERE account_id = $1 AND id = $2`, [accountId, billId]);
    const negLines = reversalLines(lines).map((l) => ({
      ...l,
      reading: l.reading,
      labelZh: `冲红 ${l.labelZh}`,
      labelEn: `Reversal: ${l.labelEn}`,
      note: l.note ?? undefined,
      tariffCode: l.tariffCode,
      register: l.register,
    }));
    const reversal: PreparedBill = {
      accountId,
      customerId: Number(b.customer_id),
      orgUnitId: Number(b.org_unit_id),
      orgPath: b.org_path,
      kwh: `-${b.kwh}`.replace('--', ''),
      totalFen: totalOf(negLines),
      tariffCodes: b.tariff_codes,
      inputs: { reverses: billId, ...b.inputs },
      lines: negLines,
    };
    const dueDate: string = (
      await tx.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date + payment_days, 'YYYY-MM-DD') AS d FROM billing_settings WHERE id = 1`)
    ).rows[0].d;
    const common = { cycle: b.cycle, status: 'released', runId: null, replaces: billId, reason, by: p.id, dueDate } as const;
    const [revId] = await writeBills(tx, [reversal], { ...common, kind: 'reversal' });
    const [newId] = await writeBills(tx, prep.bills, { ...common, kind: 'rebill' });
    // other modules' hooks (payments applies the account's credit to the rebill), before any ledger posting (release-hooks.ts)
    await runHooksForIssued(tx, actorOf(p), 'rebill', [accountId]);
    // ledger: the cancelled bill's entry reversed, the rebill posted (bill-postings.ts)
    await reverseBillPosting(tx, billId);
    await postReleasedBills(tx, { billIds: [newId] });
    await recordAudit(tx, actorOf(p), {
      action: 'bill.rebill',
      entity: 'bill',
      entityId: billId,
      orgUnitId: Number(b.org_unit_id),
      before: { status: b.status, totalFen: Number(b.total_fen) },
      after: { status: 'cancelled', reason, reversalId: revId, reversalFen: reversal.totalFen, rebillId: newId, rebillFen: prep.bills[0].totalFen },
    });
    return [revId, newId];
  });
  const [cancelled, reversal, next] = await Promise.all([getBill(db, p, billId), getBill(db, p, ids[0]), getBill(db, p, ids[1])]);
  return { cancelled: strip(cancelled), reversal: strip(reversal), rebill: strip(next) };
}
const strip = (b: BillOut): BillSummary => {
  const { lines: _l, inputs: _i, ...s } = b;
  void _l;
  void _i;
  return s;
};

/**
 * Chunks an instance works at once (docs/billing.md §12, "Two chunks in flight"): while one chunk is rated and its
 * COPY text built in this process, the other's statements run in PostgreSQL, so the instance's node CPU and the
 * database's are used side by side instead of in turn. Each chunk is still its own transaction and claim (SKIP LOCKED),
 * exactly as two instances share a run; a lane holds one connection at a time.
 */
export const BILL_RUN_LANES = 2;

/**
 * The bill run worker of an app instance: every `intervalMs` it works the free chunks of running runs, `lanes`
 * chunks at a time. Every instance runs one; chunks are claimed with SKIP LOCKED, so instances share a run without
 * a coordinator (a pg-boss singleton queue would let only one instance work at a time).
 */
export function startBillRunWorker(
  db: Db,
  intervalMs = 2000,
  onError: (e: unknown) => void = (e) => console.error('bill run chunk failed', e),
  lanes = BILL_RUN_LANES,
): () => Promise<void> {
  const worker = `instance-${process.pid}`;
  let busy: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    // every lane runs to its end before the tick is over (a failed lane does not leave the other running unseen)
    busy = Promise.allSettled(Array.from({ length: Math.max(1, lanes) }, () => workPendingChunks(db, worker)))
      .then((outcomes) => {
        const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failed) throw failed.reason;
      })
      .then(() => queueAllBillNotices(db))
      .catch(onError)
      .finally(() => {
        busy = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await busy;
  };
}
