/**
 * Split reading (分次抄表, docs/billing.md §22): the interim bill of an interim meter reading. The rule is
 * split-reading-rules.ts (pure); the schedule is the account's split-settlement agreement with basis `reading`
 * (split-settlement.ts issues, locks and audits the bill); the month-end true-up is the bill run's (billruns.ts).
 *
 * Interim k of a cycle is rated from the account's readings taken **on the schedule's day k** (China Standard
 * Time; ad-hoc by hand or from a reading file — the same import and validation as any reading, §9) against the
 * reading of the previous interim bill of the month, or the last reading before the month. It is refused while a
 * reading exception of the cycle up to that day is open or disputed (the reading is not billed until resolved), when
 * there is no reading that day, and after a later interim of the month was issued (that one covers it).
 */
import type { Queryable } from '../../db/pool.js';
import { DomainError, conflict, notFound } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { metersOfAccountRange, type MeterForBilling } from '../customers/index.js';
import { buildRegisters, cyclePeriod, readingOfLine, type MeterReads, type StoredRead } from './bill-rules.js';
import { accountRating, billSummaryById, ratingContext, readRow } from './billruns.js';
import { splitKey, splitYtdOf } from './metering-split.js';
import { capacityEventsOfRange, paramsOfRange } from './billing-params.js';
import { D, dec } from './decimal.js';
import { interimPeriod, laterInterim, rateInterim, sumKwh } from './split-reading-rules.js';
import { interimDay } from './split-settlement-rules.js';
import type { BillLine, InterimReadsOut } from './schemas.js';

export interface ReadInterim {
  period: { from: string; to: string };
  kwh: string;
  totalFen: number;
  tariffCodes: string[];
  inputs: Record<string, unknown>;
  lines: (BillLine & { reading: string | null })[];
}

const READ_COLUMNS = `meter_id, register, mode, value::text AS value, estimated, meter_changed,
  to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS at`;

const byMeter = (rows: Record<string, any>[]) => {
  const out = new Map<number, StoredRead[]>();
  for (const r of rows) out.set(Number(r.meter_id), [...(out.get(Number(r.meter_id)) ?? []), readRow(r)]);
  return out;
};

/** The interim bill of the reading on `day` (interim `interimNo` of `cycle`), rated; nothing written. */
export async function prepareReadInterim(
  tx: Queryable,
  meters: MeterForBilling[],
  accountId: number,
  cycle: string,
  interimNo: number,
  day: string,
): Promise<ReadInterim> {
  const earlier = (
    await tx.query(
      `SELECT id, interim_no, kwh::text AS kwh, inputs->'split'->>'readAt' AS read_at, inputs->'split'->>'day' AS day,
              inputs->'meteringSplit'->>'splitKwh' AS split_kwh
         FROM bills WHERE account_id = $1 AND cycle = $2 AND kind = 'interim' ORDER BY interim_no`,
      [accountId, cycle],
    )
  ).rows;
  const later = laterInterim(
    earlier.map((r) => Number(r.interim_no)),
    interimNo,
  );
  if (later !== null)
    throw conflict(
      `第 ${later} 次分次抄表账单已出，其电量自上次抄表起算，第 ${interimNo} 次不再出账`,
      `interim bill ${later} is issued and counts from the reading before it: interim ${interimNo} is not issued any more`,
      { interimNo: later },
      'INTERIM_ORDER',
    );
  const before = earlier.filter((r) => Number(r.interim_no) < interimNo && r.read_at);
  const prevInterim = before[before.length - 1] ?? null;
  const dayStart = `${day}T00:00:00+08:00`;
  const cur = await tx.query(
    `SELECT DISTINCT ON (meter_id, register) ${READ_COLUMNS} FROM meter_readings
      WHERE account_id = $1 AND mode = 'index' AND NOT superseded AND read_at >= $2 AND read_at < $2::timestamptz + interval '1 day'
      ORDER BY meter_id, register, read_at DESC`,
    [accountId, dayStart],
  );
  if (!cur.rows.length)
    throw conflict(`${day} 是分次抄表日，该日没有抄表示数`, `${day} is a split-reading day and there is no reading on it`, { day }, 'NO_READING');
  const exc = (
    await tx.query(
      `SELECT message_zh, message_en FROM reading_exceptions WHERE account_id = $1 AND cycle = $2 AND status IN ('open', 'disputed')
          AND read_at < $3::timestamptz + interval '1 day' ORDER BY id LIMIT 1`,
      [accountId, cycle, dayStart],
    )
  ).rows[0];
  if (exc) throw conflict(`抄表异常未处理：${exc.message_zh}`, `open reading exception: ${exc.message_en}`, {}, 'READING_EXCEPTION');
  // the previous reading: the one the previous interim bill of the month used, else the last before the month
  const bound = prevInterim ? `${prevInterim.read_at}:00+08:00` : `${cycle}-01T00:00:00+08:00`;
  const prev = await tx.query(
    `SELECT DISTINCT ON (meter_id, register) ${READ_COLUMNS} FROM meter_readings
      WHERE account_id = $1 AND mode = 'index' AND NOT superseded AND read_at ${prevInterim ? '<=' : '<'} $2 AND read_at >= $2::timestamptz - interval '13 months'
      ORDER BY meter_id, register, read_at DESC`,
    [accountId, bound],
  );
  const curBy = byMeter(cur.rows),
    prevBy = byMeter(prev.rows);
  const readAt = cur.rows.map((r) => r.at as string).reduce((a, b) => (a > b ? a : b));

  const ctx = await ratingContext(tx, cycle);
  const month = cyclePeriod(cycle);
  const params = (await paramsOfRange(tx, accountId, accountId, month)).get(accountId) ?? [];
  const events = (await capacityEventsOfRange(tx, meters, accountId, accountId)).get(accountId) ?? [];
  const r = accountRating(ctx, meters, params, events, month);
  const mr: MeterReads[] = meters.map((m) => ({
    meterId: m.meterId,
    meterNo: m.meterNo,
    multiplier: m.multiplier,
    current: curBy.get(m.meterId) ?? [],
    previous: prevBy.get(m.meterId) ?? [],
  }));
  const built = buildRegisters(r.account, mr, ctx.settings.registerDigits, ctx.policy.reading.rolloverMaxShare);
  if (built.missing.length)
    throw conflict(`缺少示数：${built.missing.join('、')}`, `readings missing: ${built.missing.join(', ')}`, { day }, 'MISSING_REGISTER');
  const key = `${r.account.customerClass}|${r.account.pricing}|${r.account.voltage}`;
  const versions = ctx.versionsByKey.get(key);
  if (!versions) throw conflict(`没有 ${ctx.settings.province} / ${key} 的电价`, `no tariff for ${ctx.settings.province} / ${key}`, {}, 'RATING_REFUSED');

  // tiers: the kWh billed earlier in the tier year and on this month's earlier interim readings
  const ytd = dec(
    (
      await tx.query(`SELECT coalesce(sum(kwh), 0)::text AS kwh FROM bills WHERE account_id = $1 AND cycle >= $2 AND cycle < $3`, [
        accountId,
        `${cycle.slice(0, 4)}-01`,
        cycle,
      ])
    ).rows[0].kwh,
  );
  const mtd = sumKwh(earlier.filter((x) => Number(x.interim_no) < interimNo));
  const ms = r.params?.meteringSplit ?? null;
  const partYtd = ms ? dec((await splitYtdOf(tx, [accountId], cycle)).get(accountId) ?? '0') : new D(0);
  const partMtd = earlier.filter((x) => Number(x.interim_no) < interimNo).reduce((s, x) => s.plus(dec(x.split_kwh ?? '0')), new D(0));
  const period = interimPeriod(cycle, prevInterim?.day ?? null, day);
  let res: ReturnType<typeof rateInterim>;
  try {
    res = rateInterim(
      {
        account: r.account,
        period,
        versions,
        registers: built.registers,
        ytdKwh: ytd.minus(partYtd).toNumber(),
        mtdKwh: mtd.minus(partMtd).toNumber(),
        ...(r.explain.params ? { explain: { params: r.explain.params } } : {}),
        policy: ctx.policy,
      },
      ms
        ? {
            split: ms,
            versions: ctx.versionsByKey.get(splitKey(r.account, ms)) ?? [],
            ytdKwh: partYtd.toNumber(),
            mtdKwh: partMtd.toNumber(),
            usedBefore: partMtd.toNumber(),
          }
        : null,
    );
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw conflict(`计费失败：${e.zh}`, `rating refused: ${e.en}`, {}, 'RATING_REFUSED');
  }
  const lines = res.lines.map((l) => ({ ...l, reading: readingOfLine(l, built.sources) }));
  return {
    period,
    kwh: built.kwh.toString(),
    totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
    tariffCodes: [...new Set(res.lines.map((l) => l.tariffCode).filter((c): c is string => c !== null))],
    inputs: {
      province: ctx.settings.province,
      account: r.account,
      period,
      ...(r.params ? { parameters: r.params } : {}),
      registers: built.registers,
      ytdKwh: ytd.toNumber(),
      mtdKwh: mtd.toNumber(),
      sources: built.sources,
      meters: meters.map((m) => ({ meterId: m.meterId, meterNo: m.meterNo, multiplier: m.multiplier })),
      warnings: res.warnings,
      ...(res.meteringSplit ? { meteringSplit: res.meteringSplit } : {}),
      split: { basis: 'reading', interimNo, day, readAt, previousReadAt: prevInterim?.read_at ?? null },
    },
    lines,
  };
}

/**
 * The console's view of an account's split reading in a cycle: each reading day of the schedule with the readings
 * taken that day, an open exception holding it back, and its interim bill once issued.
 */
export async function listInterimReads(db: Queryable, p: Pick<Principal, 'orgPath'>, accountId: number, cycle: string): Promise<InterimReadsOut> {
  const meters = await metersOfAccountRange(db, p.orgPath, accountId, accountId);
  if (!meters.length) throw notFound('Account', '用电户');
  const ag = (await db.query(`SELECT basis, days FROM split_settlement_agreements WHERE account_id = $1`, [accountId])).rows[0];
  if (!ag) return { accountId, cycle, basis: null, items: [] };
  const meterNo = new Map(meters.map((m) => [m.meterId, m.meterNo]));
  const items: InterimReadsOut['items'] = [];
  const days = (ag.days as number[]).map(Number);
  for (let i = 0; i < days.length; i++) {
    const day = interimDay(cycle, days, i + 1);
    const start = `${day}T00:00:00+08:00`;
    const reads = (
      await db.query(
        `SELECT DISTINCT ON (meter_id, register) meter_id, register, value::text AS value, estimated,
                to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at
           FROM meter_readings WHERE account_id = $1 AND mode = 'index' AND NOT superseded AND read_at >= $2 AND read_at < $2::timestamptz + interval '1 day'
          ORDER BY meter_id, register, read_at DESC`,
        [accountId, start],
      )
    ).rows;
    const exc = (
      await db.query(
        `SELECT message_zh, message_en FROM reading_exceptions WHERE account_id = $1 AND cycle = $2 AND status IN ('open', 'disputed')
            AND read_at < $3::timestamptz + interval '1 day' ORDER BY id LIMIT 1`,
        [accountId, cycle, start],
      )
    ).rows[0];
    const bill = (
      await db.query(`SELECT id FROM bills WHERE account_id = $1 AND cycle = $2 AND kind = 'interim' AND interim_no = $3`, [accountId, cycle, i + 1])
    ).rows[0];
    items.push({
      interimNo: i + 1,
      day,
      readAt: reads.length ? reads.map((r) => r.at as string).reduce((a, b) => (a > b ? a : b)) : null,
      registers: reads.map((r) => ({
        meterNo: meterNo.get(Number(r.meter_id)) ?? String(r.meter_id),
        register: r.register,
        value: r.value,
        estimated: r.estimated,
      })),
      exception: exc ? `${exc.message_zh} / ${exc.message_en}` : null,
      bill: bill ? await billSummaryById(db, Number(bill.id)) : null,
    });
  }
  return { accountId, cycle, basis: ag.basis, items };
}
