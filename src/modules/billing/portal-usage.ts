/**
 * The portal's usage pages (docs/billing.md §18): the signed-in customer's kWh by month and by TOU period,
 * from their released bills (what was billed, period by period), and the TOU what-if (需求侧管理) on their
 * latest bill: demand-side-rules.ts rates the bill's stored input as billed and with a share of the peak
 * load in valley hours, under the tariff versions of the bill's province in force over its period.
 * Reads only; another customer's account answers 404.
 */
import type { Queryable } from '../../db/pool.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { accountIdsOfCustomer, billAddressees } from '../customers/index.js';
import { touWhatIf, type PeriodKwh } from './demand-side-rules.js';
import { splitYtdInputs, type MeteringSplit } from './metering-split-rules.js';
import { splitYtdOf } from './metering-split.js';
import { provinceVersions } from './readings.js';
import { policyOn } from './service.js';
import { PERIODS, type RatingAccount, type Registers, type WhatIfResult } from './schemas.js';

/** Months of history shown per account. */
const USAGE_MONTHS = 24;

/** A bill as billed now: released, not a reversal (a cancelled bill is no longer released; its rebill is). */
const CURRENT_BILL = `b.status = 'released' AND b.kind IN ('normal', 'rebill')`;

const periodsOf = (kwh: Registers['kwh'] | null | undefined): PeriodKwh | null => {
  if (!kwh || !PERIODS.some((p) => kwh[p] !== undefined)) return null;
  return Object.fromEntries(PERIODS.map((p) => [p, Number(kwh[p] ?? 0)])) as PeriodKwh;
};

export async function portalUsage(db: Queryable, p: Principal) {
  const ids = await accountIdsOfCustomer(db, p.customerId ?? 0);
  if (!ids.length) return { accounts: [] };
  const [to, { rows }] = await Promise.all([
    billAddressees(db, ids),
    db.query(
      `SELECT * FROM (SELECT b.id, b.account_id, b.cycle, coalesce((b.inputs -> 'split' ->> 'monthKwh')::numeric, b.kwh)::text AS kwh, b.total_fen, b.inputs -> 'registers' -> 'kwh' AS kwh_by, (b.inputs -> 'account' ->> 'tou')::boolean AS tou,
              row_number() OVER (PARTITION BY b.account_id ORDER BY b.cycle DESC, b.id DESC) AS k
         FROM bills b WHERE b.account_id = ANY($1::bigint[]) AND ${CURRENT_BILL}) x WHERE k <= $2 ORDER BY account_id, cycle`,
      [ids, USAGE_MONTHS],
    ),
  ]);
  return {
    accounts: ids.map((id) => {
      const mine = rows.filter((r) => Number(r.account_id) === id);
      const a = to.get(id);
      return {
        accountId: id,
        accountNo: a?.accountNo ?? String(id),
        address: a?.address ?? '',
        tou: mine.some((r) => r.tou === true),
        months: mine.map((r) => ({
          cycle: r.cycle,
          billId: Number(r.id),
          kwh: r.kwh,
          totalFen: Number(r.total_fen),
          byPeriod: r.tou ? periodsOf(r.kwh_by) : null,
        })),
      };
    }),
  };
}

export async function portalWhatIf(db: Queryable, p: Principal, q: { accountId: number; sharePct: number; critical?: boolean }): Promise<WhatIfResult> {
  const ids = await accountIdsOfCustomer(db, p.customerId ?? 0);
  if (!ids.includes(q.accountId)) throw notFound('Account', '用电户');
  const r = (
    await db.query(`SELECT b.id, b.cycle, b.inputs FROM bills b WHERE b.account_id = $1 AND ${CURRENT_BILL} ORDER BY b.cycle DESC, b.id DESC LIMIT 1`, [
      q.accountId,
    ])
  ).rows[0];
  if (!r) throw conflict('该户还没有已发行的电费账单', 'this account has no released bill yet', {}, 'NO_BILL');
  const inputs = r.inputs as {
    province: string;
    account: RatingAccount;
    period: { from: string; to: string };
    registers: Registers;
    ytdKwh?: number;
    meteringSplit?: MeteringSplit | null;
  };
  const [versions, policy] = await Promise.all([provinceVersions(db, inputs.province), policyOn(db, inputs.period.from)]);
  // the bill's metering split (§23), as it was billed: its class and share or quantity, its year to date before the bill's cycle
  const ms = inputs.meteringSplit ?? null;
  const split: MeteringSplit | null = ms
    ? {
        kind: ms.kind,
        customerClass: ms.customerClass,
        ...(ms.sharePct !== undefined ? { sharePct: ms.sharePct } : {}),
        ...(ms.kwh !== undefined ? { kwh: ms.kwh } : {}),
      }
    : null;
  const partYtd = split ? ((await splitYtdOf(db, [q.accountId], r.cycle)).get(q.accountId) ?? '0') : '0';
  const ytds = splitYtdInputs(inputs.ytdKwh ?? 0, split, versions, partYtd);
  const w = touWhatIf(
    { account: inputs.account, period: inputs.period, registers: inputs.registers, ytdKwh: ytds.ytdKwh, versions, policy },
    q.sharePct,
    q.critical ?? true,
    ytds.split,
  );
  return { accountId: q.accountId, billId: Number(r.id), cycle: r.cycle, sharePct: q.sharePct, ...w };
}
