/**
 * The metering split's stored inputs (定比定量, docs/billing.md §23), shared by the bill run, interim readings and the
 * simulator: the split in force for an account and the kWh it billed under its other class earlier in the year.
 */
import type { Queryable } from '../../db/pool.js';
import { paramsOfRange } from './billing-params.js';
import { versionOn } from './billing-params-rules.js';
import type { MeteringSplit } from './metering-split-rules.js';
import type { RatingAccount } from './schemas.js';

/** The tariff key of a metering split's class (single-part, the account's voltage), as a run's `versionsByKey` keys it. */
export const splitKey = (account: Pick<RatingAccount, 'voltage'>, s: MeteringSplit) => `${s.customerClass}|single|${account.voltage}`;

/**
 * The kWh each account's metering split billed under its other class earlier in the cycle's calendar year (§23): from
 * the stored inputs of its monthly bills (reversals negative; interim bills are left out, the month-end bill holds the
 * month's split), as text. Read only for the accounts named (those whose parameters carry a split).
 */
export async function splitYtdOf(q: Queryable, accountIds: number[], cycle: string): Promise<Map<number, string>> {
  if (!accountIds.length) return new Map();
  const { rows } = await q.query(
    `SELECT account_id, coalesce(sum(CASE WHEN kind = 'reversal' THEN -1 ELSE 1 END * (inputs->'meteringSplit'->>'splitKwh')::numeric), 0)::text AS kwh
       FROM bills WHERE account_id = ANY($1::bigint[]) AND cycle >= $2 AND cycle < $3 AND kind <> 'interim' GROUP BY account_id`,
    [accountIds, `${cycle.slice(0, 4)}-01`, cycle],
  );
  return new Map(rows.map((r) => [Number(r.account_id), r.kwh as string]));
}

/**
 * One account's metering split as a run of the cycle starting on `day` would take it: the split of its billing parameters in
 * force on that day (§21: versions start on the first of a month) and the split's year to date before that cycle (`partYtd`,
 * text; '0' without a split).
 */
export async function accountSplitOn(q: Queryable, accountId: number, day: string): Promise<{ split: MeteringSplit | null; partYtd: string }> {
  const rows = (await paramsOfRange(q, accountId, accountId, { from: day, to: day })).get(accountId) ?? [];
  const v = versionOn(
    rows.map((r) => ({ validFrom: r.valid_from as string, validTo: r.valid_to as string | null, split: (r.metering_split ?? null) as MeteringSplit | null })),
    day,
  );
  if (!v?.split) return { split: null, partYtd: '0' };
  const cycle = day.slice(0, 7);
  return { split: v.split, partYtd: (await splitYtdOf(q, [accountId], cycle)).get(accountId) ?? '0' };
}
