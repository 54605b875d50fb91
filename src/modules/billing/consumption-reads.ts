/**
 * Reads for the connections module (销户 after six months without consumption): the cumulative
 * kWh register readings (`kwh_total`, index mode, not superseded) of accounts, from a local date
 * on, by account, meter and read time. Billing owns the readings; the rule lives in connections.
 */
import type { Queryable } from '../../db/pool.js';

export interface IndexReading {
  accountId: number;
  meterId: number;
  /** the local (Asia/Shanghai) date of the reading */
  readOn: string;
  /** register index, decimal text */
  value: string;
}

/**
 * The kWh index readings since `since` (local date) of accounts under an org path, for the
 * accounts with ids in (afterAccountId, …] — at most `limit` accounts per call (paging by id).
 */
export async function kwhIndexReadings(
  db: Queryable,
  q: { orgPath: string; since: string; afterAccountId?: number; limit?: number; accountIds?: number[] },
): Promise<IndexReading[]> {
  const { rows } = await db.query(
    `WITH accts AS (
       SELECT DISTINCT account_id FROM meter_readings
        WHERE register = 'kwh_total' AND mode = 'index' AND NOT superseded AND org_path LIKE $1 || '%'
          AND read_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND account_id > $3
          AND ($5::bigint[] IS NULL OR account_id = ANY($5::bigint[]))
        ORDER BY account_id LIMIT $4)
     SELECT r.account_id, r.meter_id, to_char(r.read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS read_on, r.value::text AS value
       FROM meter_readings r JOIN accts USING (account_id)
      WHERE r.register = 'kwh_total' AND r.mode = 'index' AND NOT r.superseded
        AND r.read_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      ORDER BY r.account_id, r.meter_id, r.read_at`,
    [q.orgPath, q.since, q.afterAccountId ?? 0, q.limit ?? 2000, q.accountIds ?? null],
  );
  return rows.map((r) => ({ accountId: Number(r.account_id), meterId: Number(r.meter_id), readOn: r.read_on, value: r.value }));
}
