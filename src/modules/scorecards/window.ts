/**
 * The window standardisation figure (营业窗口规范化, docs/scorecards.md "Supervision"): points
 * scored over points possible in the window inspections and secret visits of the period, per org
 * path (an inspection belongs to the unit it inspected, a service hall or a station).
 */
import type { Queryable } from '../../db/pool.js';

export async function windowByPath(q: Queryable, from: Date, to: Date): Promise<{ orgPath: string; num: number; den: number }[]> {
  const { rows } = await q.query(
    `SELECT org_path, sum(points)::bigint AS num, sum(max_points)::bigint AS den FROM scorecard_inspections WHERE inspected_at >= $1 AND inspected_at < $2 GROUP BY org_path`,
    [from, to],
  );
  return rows.map((r) => ({ orgPath: r.org_path, num: Number(r.num), den: Number(r.den) }));
}

export async function windowRecords(q: Queryable, orgPath: string, from: Date, to: Date, page: { limit: number; offset: number }) {
  const args = [from, to, orgPath];
  const where = `inspected_at >= $1 AND inspected_at < $2 AND org_path LIKE $3 || '%'`;
  const [count, items] = await Promise.all([
    q.query(`SELECT count(*)::int AS n FROM scorecard_inspections WHERE ${where}`, args),
    q.query(
      `SELECT id, kind, inspected_at, points, max_points FROM scorecard_inspections WHERE ${where} ORDER BY inspected_at DESC, id DESC LIMIT $4 OFFSET $5`,
      [...args, page.limit, page.offset],
    ),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r) => ({
      id: Number(r.id),
      ref: `#${r.id}`,
      at: new Date(r.inspected_at).toISOString(),
      // an inspection contributes to both sides: its points and its points possible
      inNumerator: true,
      state: `${r.kind} ${r.points}/${r.max_points}`,
    })),
  };
}
