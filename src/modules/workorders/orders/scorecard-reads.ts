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
import type { Queryable, Tx } from '../../../db/pool.js';
import { inTx, withSessionLock, type SteppedBuildOptions } from '../../../db/session-lock.js';
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

/** The FROM … WHERE of a measure: $1 from, $2 to, $3 the clock name (clock measures). Columns: path, at, id, ref, hit, state, tb (a tiebreak after at and id). */
function source(m: OrderMeasure): { sql: string; clock: boolean } {
  if (m === 'repair_arrival' || m === 'repair_restoration')
    return {
      clock: true,
      sql: `SELECT o.org_path AS path, o.received_at AS at, o.id, o.order_no AS ref, (c->>'state') = 'met' AS hit, c->>'state' AS state, 0::bigint AS tb
              FROM work_orders o CROSS JOIN LATERAL jsonb_array_elements(o.clocks) c
             WHERE o.received_at >= $1 AND o.received_at < $2 AND o.order_type = 'fault_repair' AND o.status <> 'merged'
               AND c->>'name' = $3 AND c->>'state' IN ('met', 'breached')`,
    };
  if (m === 'complaints')
    return {
      clock: false,
      sql: `SELECT o.org_path AS path, o.received_at AS at, o.id, o.order_no AS ref, true AS hit, o.status AS state, 0::bigint AS tb
              FROM work_orders o
             WHERE o.received_at >= $1 AND o.received_at < $2 AND o.order_type = 'complaint' AND o.status <> 'merged'`,
    };
  return {
    clock: false,
    sql: `SELECT c.org_path AS path, c.done_at AS at, o.id, o.order_no AS ref, c.result IN ('satisfied', 'basically_satisfied') AS hit, c.result AS state, c.id AS tb
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

/** Ids a build step counts (work_orders or callbacks): about a second of work on two cores, the longest a writer waits. */
const STEP_IDS = 100_000;

interface RollupMeta {
  day_offset_min: number | null;
  orders_upto: string | null;
  callbacks_upto: string | null;
}
const readMeta = async (q: Queryable) =>
  (await q.query<RollupMeta>('SELECT day_offset_min, orders_upto, callbacks_upto FROM work_order_rollup_meta WHERE id = 1')).rows[0];
const builtFor = (m: RollupMeta | undefined, offset: number) => m?.day_offset_min === offset && m.orders_upto === null && m.callbacks_upto === null;

/**
 * Builds the daily rollup for a day offset unless it is built for it (migration 734): one builder
 * at a time across instances, in steps of STEP_IDS ids, each holding a SHARE lock on its table for
 * that step only, so writers of orders and callbacks wait at most one step, never the whole build.
 * A build that stopped half-way (a crash) goes on from its watermarks. Readers wait for the build.
 */
export async function ensureOrderRollup(db: pg.Pool, offset: number, opts: SteppedBuildOptions = {}): Promise<void> {
  if (builtFor(await readMeta(db), offset)) return;
  await withSessionLock(db, 'work_order rollup build', async (c) => {
    let m = await readMeta(c);
    if (builtFor(m, offset)) return;
    if (m.day_offset_min !== offset) {
      await inTx(c, async () => {
        await c.query('LOCK TABLE work_orders, callbacks IN SHARE MODE');
        await c.query('SELECT work_order_rollup_reset($1)', [offset]);
      });
      m = await readMeta(c);
    }
    await stepThrough(c, 'work_orders', m.orders_upto, opts);
    await stepThrough(c, 'callbacks', m.callbacks_upto, opts);
  });
}

/** The steps of one table from its watermark; the last one (no upper bound) takes what is above. */
async function stepThrough(c: Tx, table: 'work_orders' | 'callbacks', upto: string | null, opts: SteppedBuildOptions): Promise<void> {
  const step = BigInt(opts.step ?? STEP_IDS);
  let lo = upto === null ? null : BigInt(upto);
  while (lo !== null) {
    const r = (await c.query(`SELECT min(id)::text AS first, max(id)::text AS last FROM ${table} WHERE id >= $1`, [lo.toString()])).rows[0];
    // the range starts at the watermark (a row inserted below the first id seen is still counted) and ends STEP_IDS after the first row above it
    const hi = r.last === null || BigInt(r.first) + step > BigInt(r.last) ? null : BigInt(r.first) + step;
    await inTx(c, async () => {
      await c.query(`LOCK TABLE ${table} IN SHARE MODE`);
      await c.query('SELECT work_order_rollup_step($1, $2, $3)', [table, lo!.toString(), hi === null ? null : hi.toString()]);
    });
    lo = hi;
    await opts.afterStep?.();
  }
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

/**
 * The orders behind a measure for the subtree of `orgPath` (counted ones; `inNumerator` says which
 * side), newest first, as `orderMeasureRecordsRaw` defines them, at a cost that does not grow with
 * the number of orders (docs/scorecards.md "Drill-down at 10,000,000 orders"):
 *  - the page: the subtree's distinct org paths are found by a skip scan of the org-path index (one
 *    descent per path), then each path's newest offset + limit records by that index in time order
 *    (`work_orders_org_received_idx`; callbacks: `callbacks_done_org_idx`), merged;
 *  - the total: from the daily rollup (exact, kept by triggers) when it is built and the period's
 *    bounds are local midnights of its offset; otherwise counted from the rows.
 */
export async function orderMeasureRecords(
  q: Queryable,
  m: OrderMeasure,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number; numeratorOnly?: boolean },
): Promise<{ total: number; items: MeasureRecord[] }> {
  const [total, items] = await Promise.all([orderMeasureTotal(q, m, orgPath, from, to, !!page.numeratorOnly), orderMeasurePage(q, m, orgPath, from, to, page)]);
  return { total, items };
}

async function orderMeasureTotal(q: Queryable, m: OrderMeasure, orgPath: string, from: Date, to: Date, numeratorOnly: boolean): Promise<number> {
  const meta = await readMeta(q);
  // the rollup answers only once built (no watermark left); during a build the rows are counted
  const off = meta && meta.orders_upto === null && meta.callbacks_upto === null ? meta.day_offset_min : null;
  const days = off === null ? null : localDays(from, to, off);
  if (!days) {
    const s = source(m);
    const args: unknown[] = s.clock ? [from, to, clockOf(m)] : [from, to];
    const { rows } = await q.query(`SELECT count(*)::int AS n FROM (${s.sql}) x WHERE path LIKE $${args.length + 1} || '%'${numeratorOnly ? ' AND hit' : ''}`, [
      ...args,
      orgPath,
    ]);
    return rows[0].n;
  }
  const col =
    m === 'repair_arrival'
      ? numeratorOnly
        ? 'arrival_num'
        : 'arrival_den'
      : m === 'repair_restoration'
        ? numeratorOnly
          ? 'restoration_num'
          : 'restoration_den'
        : m === 'complaints'
          ? 'complaints'
          : numeratorOnly
            ? 'num'
            : 'den';
  const table = m === 'callback_satisfaction' ? 'callback_day_measures' : 'work_order_day_measures';
  const { rows } = await q.query(`SELECT coalesce(sum(${col}), 0)::bigint AS n FROM ${table} WHERE day >= $1 AND day < $2 AND org_path LIKE $3 || '%'`, [
    days.from,
    days.to,
    orgPath,
  ]);
  return Number(rows[0].n);
}

/** One page of the records, newest first: per org path of the subtree the first offset + limit by index, merged. */
async function orderMeasurePage(
  q: Queryable,
  m: OrderMeasure,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number; numeratorOnly?: boolean },
): Promise<MeasureRecord[]> {
  const cb = m === 'callback_satisfaction';
  // the distinct paths under the prefix, one index descent each (~>~ / ~<~: the operators of text_pattern_ops)
  const table = cb ? `callbacks` : `work_orders`;
  const partial = cb ? ` AND status = 'done'` : '';
  const paths = `WITH RECURSIVE paths(path) AS (
      SELECT (SELECT org_path FROM ${table} WHERE org_path LIKE $1 || '%'${partial} ORDER BY org_path USING ~<~ LIMIT 1)
      UNION ALL
      SELECT (SELECT org_path FROM ${table} WHERE org_path LIKE $1 || '%'${partial} AND org_path ~>~ p.path ORDER BY org_path USING ~<~ LIMIT 1)
        FROM paths p WHERE p.path IS NOT NULL)`;
  const hit = page.numeratorOnly ? ' AND hit' : '';
  let perPath: string;
  if (m === 'repair_arrival' || m === 'repair_restoration')
    perPath = `SELECT * FROM (
        SELECT o.received_at AS at, o.id, o.order_no AS ref, (c->>'state') = 'met' AS hit, c->>'state' AS state, 0::bigint AS tb
          FROM work_orders o CROSS JOIN LATERAL jsonb_array_elements(o.clocks) c
         WHERE o.org_path = p.path AND o.received_at >= $2 AND o.received_at < $3 AND o.order_type = 'fault_repair' AND o.status <> 'merged'
           AND c->>'name' = $6 AND c->>'state' IN ('met', 'breached')) y WHERE true${hit}`;
  else if (m === 'complaints')
    perPath = `SELECT o.received_at AS at, o.id, o.order_no AS ref, true AS hit, o.status AS state, 0::bigint AS tb
          FROM work_orders o
         WHERE o.org_path = p.path AND o.received_at >= $2 AND o.received_at < $3 AND o.order_type = 'complaint' AND o.status <> 'merged'`;
  else
    perPath = `SELECT * FROM (
        SELECT c.done_at AS at, o.id, o.order_no AS ref, c.result IN ('satisfied', 'basically_satisfied') AS hit, c.result AS state, c.id AS tb
          FROM callbacks c JOIN work_orders o ON o.id = c.order_id
         WHERE c.org_path = p.path AND c.status = 'done' AND c.done_at >= $2 AND c.done_at < $3 AND c.result IS NOT NULL AND c.result <> 'unreachable') y
         WHERE true${hit}`;
  const args: unknown[] = [orgPath, from, to, page.limit, page.offset];
  if (m === 'repair_arrival' || m === 'repair_restoration') args.push(clockOf(m));
  const { rows } = await q.query(
    `${paths}
     SELECT r.* FROM paths p CROSS JOIN LATERAL (${perPath} ORDER BY at DESC, id DESC, state, tb LIMIT $4::int + $5::int) r
      WHERE p.path IS NOT NULL
      ORDER BY r.at DESC, r.id DESC, r.state, r.tb LIMIT $4::int OFFSET $5::int`,
    args,
  );
  return rows.map((r) => ({ id: Number(r.id), ref: r.ref, at: new Date(r.at).toISOString(), inNumerator: r.hit, state: r.state }));
}

/** The orders behind a measure for the subtree of `orgPath` (counted ones; `inNumerator` says which side), newest first: the definition, read from every row of the subtree's period (the drill-down below is tested against it). */
export async function orderMeasureRecordsRaw(
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
      `WITH x AS MATERIALIZED (SELECT * FROM (${s.sql}) y WHERE ${where}) SELECT id, ref, at, hit, state FROM x ORDER BY at DESC, id DESC, state, tb LIMIT $${p + 2} OFFSET $${p + 3}`,
      [...args, orgPath, page.limit, page.offset],
    ),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r) => ({ id: Number(r.id), ref: r.ref, at: new Date(r.at).toISOString(), inNumerator: r.hit, state: r.state })),
  };
}
