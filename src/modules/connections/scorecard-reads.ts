/**
 * Connection figures for the benchmarking scorecards (docs/scorecards.md "Indicator library"):
 * counts per org path for a period and the applications behind a count (drill-down).
 *
 * - installation_overdue (装表接电超期率): applications powered on (装表接电) in the period;
 *   numerator: those whose process clock ended breached (powered on after the limit).
 * - connection_on_time: applications powered on in the period, plus open applications whose
 *   running clock was due before the period's end (overdue and still not done); numerator:
 *   powered on in the period with the clock met. Paused (customer-wait) applications are not
 *   overdue (docs/connections.md).
 * The clock state is the summary kept with every change (clock_state, next_due_at).
 */
import type { Queryable } from '../../db/pool.js';

export const CONNECTION_MEASURES = ['installation_overdue', 'connection_on_time'] as const;
export type ConnectionMeasure = (typeof CONNECTION_MEASURES)[number];

function source(m: ConnectionMeasure): string {
  if (m === 'installation_overdue')
    return `SELECT a.org_path AS path, a.power_on_at AS at, a.id, a.app_no AS ref, a.clock_state = 'breached' AS hit, coalesce(a.clock_state, '') AS state
              FROM connection_applications a
             WHERE a.power_on_at >= $1 AND a.power_on_at < $2 AND a.status <> 'cancelled'`;
  return `SELECT a.org_path AS path, coalesce(a.power_on_at, a.next_due_at) AS at, a.id, a.app_no AS ref,
                 a.power_on_at IS NOT NULL AND a.clock_state = 'met' AS hit,
                 CASE WHEN a.power_on_at IS NULL THEN 'overdue_open' ELSE coalesce(a.clock_state, '') END AS state
            FROM connection_applications a
           WHERE a.status <> 'cancelled'
             AND ((a.power_on_at >= $1 AND a.power_on_at < $2)
               OR (a.power_on_at IS NULL AND a.status = 'open' AND a.next_due_at < $2 AND a.received_at < $2))`;
}

export async function connectionMeasureByPath(
  q: Queryable,
  m: ConnectionMeasure,
  from: Date,
  to: Date,
): Promise<{ orgPath: string; num: number; den: number }[]> {
  const { rows } = await q.query(`SELECT path, count(*) FILTER (WHERE hit)::bigint AS num, count(*)::bigint AS den FROM (${source(m)}) x GROUP BY path`, [
    from,
    to,
  ]);
  return rows.map((r) => ({ orgPath: r.path, num: Number(r.num), den: Number(r.den) }));
}

export async function connectionMeasureRecords(
  q: Queryable,
  m: ConnectionMeasure,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number; numeratorOnly?: boolean },
): Promise<{ total: number; items: { id: number; ref: string; at: string; inNumerator: boolean; state: string }[] }> {
  const where = `path LIKE $3 || '%'${page.numeratorOnly ? ' AND hit' : ''}`;
  const [count, items] = await Promise.all([
    q.query(`SELECT count(*)::int AS n FROM (${source(m)}) x WHERE ${where}`, [from, to, orgPath]),
    // MATERIALIZED: the subtree's rows first, then the page (not a walk of a time index filtered for the LIMIT)
    q.query(
      `WITH x AS MATERIALIZED (SELECT * FROM (${source(m)}) y WHERE ${where}) SELECT id, ref, at, hit, state FROM x ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5`,
      [from, to, orgPath, page.limit, page.offset],
    ),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r) => ({ id: Number(r.id), ref: r.ref, at: new Date(r.at).toISOString(), inNumerator: r.hit, state: r.state })),
  };
}
