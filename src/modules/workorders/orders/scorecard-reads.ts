/**
 * Work-order figures for the benchmarking scorecards (docs/scorecards.md "Indicator library"):
 * counts per org path for a period, and the orders behind a count (drill-down). The scorecards
 * module sums the paths of a unit's subtree; the definitions are written here, next to the data.
 *
 * - repair_arrival / repair_restoration: fault-repair orders received in the period whose clock of
 *   that name is decided — met, or breached (ended late or still running past its due time);
 *   numerator: met. Clocks still running inside their limit, and merged orders, are not counted.
 * - complaints: complaint orders received in the period (merged ones aside); numerator only.
 * - callback_satisfaction: callbacks done in the period that reached the customer (result other
 *   than 'unreachable'); numerator: satisfied or basically satisfied.
 */
import pg from 'pg';
import { withTx, type Queryable } from '../../../db/pool.js';
import { localDays } from '../../../platform/calendar/local-days.js';

export const ORDER_MEASURES = ['repair_arrival', 'repair_restoration', 'complaints', 'callback_satisfaction'] as const;
export type OrderMeasure = (typeof ORDER_MEASURES)[number];

export interface PathCount {
  orgPath: string;
  num: number;
  den: number;
}

export interface MeasureRecord {
  id: number;
  ref: string;
  at: string;
  inNumerator: boolean;
  state: string;
}

const clockOf = (m: OrderMeasure) => (m === 'repair_arrival' ? 'arrival' : 'restoration');

/** The FROM … WHERE of a measure: $1 from, $2 to, $3 the clock name (clock measures). Columns: path, at, id, ref, hit, state. */
function source(m: OrderMeasure): { sql: string; clock: boolean } {
  if (m === 'repair_arrival' || m === 'repair_restoration')
    return {
      clock: true,
      sql: `SELECT o.org_path AS path, o.received_at AS at, o.id, o.order_no AS ref, (c->>'state') = 'met' AS hit, c->>'state' AS state
              FROM work_orders o CROSS JOIN LATERAL jsonb_array_elements(o.clocks) c
             WHERE o.received_at >= $1 AND o.received_at < $2 AND o.order_type = 'fault_repair' AND o.status <> 'merged'
               AND c->>'name' = $3 AND c->>'state' IN ('met', 'breached')`,
    };
  if (m === 'complaints')
    return {
      clock: false,
      sql: `SELECT o.org_path AS path, o.received_at AS at, o.id, o.order_no AS ref, true AS hit, o.status AS state
              FROM work_orders o
             WHERE o.received_at >= $1 AND o.received_at < $2 AND o.order_type = 'complaint' AND o.status <> 'merged'`,
    };
  return {
    clock: false,
    sql: `SELECT c.org_path AS path, c.done_at AS at, o.id, o.order_no AS ref, c.result IN ('satisfied', 'basically_satisfied') AS hit, c.result AS state
            FROM callbacks c JOIN work_orders o ON o.id = c.order_id
           WHERE c.status = 'done' AND c.done_at >= $1 AND c.done_at < $2 AND c.result IS NOT NULL AND c.result <> 'unreachable'`,
  };
}

/**
 * Counts per org path of a measure over [from, to). With `dayOffsetMinutes`, when from and to are
 * local midnights of that offset and `q` is the pool, read from the daily rollup (migration 730,
 * kept exact by triggers; built on first use); otherwise the raw query below.
 */
export async function orderMeasureByPath(q: Queryable, m: OrderMeasure, from: Date, to: Date, dayOffsetMinutes?: number): Promise<PathCount[]> {
  const days = dayOffsetMinutes === undefined ? null : localDays(from, to, dayOffsetMinutes);
  if (!days || !(q instanceof pg.Pool)) return orderMeasureByPathRaw(q, m, from, to);
  await ensureOrderRollup(q, dayOffsetMinutes!);
  const cols =
    m === 'repair_arrival'
      ? 'arrival_num, arrival_den'
      : m === 'repair_restoration'
        ? 'restoration_num, restoration_den'
        : m === 'complaints'
          ? 'complaints, complaints'
          : 'num, den';
  const [num, den] = cols.split(', ');
  const table = m === 'callback_satisfaction' ? 'callback_day_measures' : 'work_order_day_measures';
  const { rows } = await q.query(
    `SELECT org_path, sum(${num})::bigint AS num, sum(${den})::bigint AS den FROM ${table} WHERE day >= $1 AND day < $2 GROUP BY org_path HAVING sum(${den}) > 0`,
    [days.from, days.to],
  );
  return rows.map((r) => ({ orgPath: r.org_path, num: Number(r.num), den: Number(r.den) }));
}

/** Builds the daily rollup for a day offset unless it is built for it; writers of orders and callbacks wait meanwhile. */
async function ensureOrderRollup(db: pg.Pool, offset: number): Promise<void> {
  const cur = await db.query('SELECT day_offset_min FROM work_order_rollup_meta WHERE id = 1');
  if (cur.rows[0]?.day_offset_min === offset) return;
  await withTx(db, async (tx) => {
    await tx.query('LOCK TABLE work_orders, callbacks IN SHARE ROW EXCLUSIVE MODE');
    const again = await tx.query('SELECT day_offset_min FROM work_order_rollup_meta WHERE id = 1 FOR UPDATE');
    if (again.rows[0]?.day_offset_min !== offset) await tx.query('SELECT work_order_rollup_rebuild($1)', [offset]);
  });
}

/** Counts per org path of a measure over [from, to), from the raw rows (the definition; the rollup is tested against it). */
export async function orderMeasureByPathRaw(q: Queryable, m: OrderMeasure, from: Date, to: Date): Promise<PathCount[]> {
  const s = source(m);
  const { rows } = await q.query(
    `SELECT path, count(*) FILTER (WHERE hit)::bigint AS num, count(*)::bigint AS den FROM (${s.sql}) x GROUP BY path`,
    s.clock ? [from, to, clockOf(m)] : [from, to],
  );
  return rows.map((r) => ({ orgPath: r.path, num: Number(r.num), den: Number(r.den) }));
}

/** The orders behind a measure for the subtree of `orgPath` (counted ones; `inNumerator` says which side), newest first. */
export async function orderMeasureRecords(
  q: Queryable,
  m: OrderMeasure,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number; numeratorOnly?: boolean },
): Promise<{ total: number; items: MeasureRecord[] }> {
  const s = source(m);
  const args: unknown[] = s.clock ? [from, to, clockOf(m)] : [from, to];
  const p = args.length;
  const where = `path LIKE $${p + 1} || '%'${page.numeratorOnly ? ' AND hit' : ''}`;
  // MATERIALIZED: the subtree's rows first (org-path index), then the page; otherwise the planner walks
  // the received_at index backwards for the LIMIT and filters most of the month away (measured: seconds)
  const [count, items] = await Promise.all([
    q.query(`SELECT count(*)::int AS n FROM (${s.sql}) x WHERE ${where}`, [...args, orgPath]),
    q.query(
      `WITH x AS MATERIALIZED (SELECT * FROM (${s.sql}) y WHERE ${where}) SELECT id, ref, at, hit, state FROM x ORDER BY at DESC, id DESC LIMIT $${p + 2} OFFSET $${p + 3}`,
      [...args, orgPath, page.limit, page.offset],
    ),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r) => ({ id: Number(r.id), ref: r.ref, at: new Date(r.at).toISOString(), inNumerator: r.hit, state: r.state })),
  };
}
