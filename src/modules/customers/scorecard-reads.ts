/** Customers per org unit now (the denominator of complaints per 10,000 customers, docs/scorecards.md). */
import type { Queryable } from '../../db/pool.js';

export async function customerCountsByOrgUnit(q: Queryable): Promise<Map<number, number>> {
  const { rows } = await q.query('SELECT org_unit_id, count(*)::bigint AS n FROM customers GROUP BY org_unit_id');
  return new Map(rows.map((r) => [Number(r.org_unit_id), Number(r.n)]));
}
