/**
 * The outages behind a reliability figure (docs/scorecards.md, RS-1 drill-down): outages of the
 * subtree of `orgPath` with counted customer interruptions beginning in [from, to), with their
 * customer count and customer-seconds (an open interruption runs to the period's end or now,
 * whichever is earlier, as the reliability report counts it).
 */
import type { Queryable } from '../../../db/pool.js';

export async function outagesForReliability(
  q: Queryable,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: { id: number; ref: string; at: string; inNumerator: boolean; state: string }[] }> {
  const base = `SELECT o.id, o.outage_no, o.started_at, o.status, count(*)::int AS customers,
                       round(sum(GREATEST(extract(epoch FROM (coalesce(oc.interruption_end, LEAST($2::timestamptz, now())) - oc.interruption_start)), 0)))::bigint AS secs
                  FROM outage_customers oc JOIN outages o ON o.id = oc.outage_id
                 WHERE oc.counted AND oc.interruption_start >= $1 AND oc.interruption_start < $2 AND o.org_path LIKE $3 || '%'
                 GROUP BY o.id`;
  const [count, items] = await Promise.all([
    q.query(`SELECT count(*)::int AS n FROM (${base}) x`, [from, to, orgPath]),
    q.query(`${base} ORDER BY o.started_at DESC, o.id DESC LIMIT $4 OFFSET $5`, [from, to, orgPath, page.limit, page.offset]),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r) => ({
      id: Number(r.id),
      ref: r.outage_no,
      at: new Date(r.started_at).toISOString(),
      // an outage is in the interrupted customer-seconds, the side RS-1 subtracts
      inNumerator: false,
      state: `${r.status} · ${r.customers} × ${r.secs} s`,
    })),
  };
}
