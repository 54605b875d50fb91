/**
 * Call-centre figures for the benchmarking scorecards (docs/scorecards.md "Indicator library"),
 * counted the way the KPI report counts them (kpi-rules.ts, docs/analytics.md) with the analytics
 * policy in force: calls that entered the queue in the period, by org path.
 *
 * - abandonment_rate: abandoned / offered (offered = answered + abandoned; overflow counts as
 *   abandoned or not at all, as the policy says; rejected calls are never offered).
 * - service_level: the policy's convention (abandons against / ignored / for), short abandons
 *   left out of both sides.
 */
import pg from 'pg';
import type { Queryable } from '../../db/pool.js';
import { inTx, withSessionLock, type SteppedBuildOptions } from '../../db/session-lock.js';
import { localDays } from '../../platform/calendar/local-days.js';
import { getSettings } from './settings.js';

export const CALL_MEASURES = ['abandonment_rate', 'service_level'] as const;
export type CallMeasure = (typeof CALL_MEASURES)[number];

/** The call's class under the policy, as SQL columns: ans (answered), abn (abandoned, incl. overflow if so counted), within_t (wait ≤ T), short_w (wait < the short-abandon limit). */
const CLASSES = `
  outcome IN ('answered', 'transferred') AS ans,
  (outcome = 'abandoned' OR ($3::boolean AND outcome IN ('timeout', 'exit_empty', 'exit_key'))) AS abn,
  wait_s <= $4::int AS within_t, wait_s < $5::int AS short_w`;

async function policyArgs(q: Queryable) {
  const { kpi } = await getSettings(q);
  return { overflowAbandoned: kpi.overflowAs === 'abandoned', t: kpi.serviceLevelS, short: kpi.shortAbandonS, convention: kpi.slConvention };
}

function numDen(m: CallMeasure, convention: string) {
  // per call: hit (numerator) and counted (denominator) as SQL over the CLASSES columns
  if (m === 'abandonment_rate') return { hit: 'abn', counted: '(ans OR abn)' };
  const short = '(abn AND short_w)';
  const ansT = '(ans AND within_t)';
  const abnT = `(abn AND NOT ${short} AND within_t)`;
  if (convention === 'abandons_ignored') return { hit: ansT, counted: `((ans OR abn) AND NOT ${short} AND NOT ${abnT})` };
  if (convention === 'abandons_for') return { hit: `(${ansT} OR ${abnT})`, counted: `((ans OR abn) AND NOT ${short})` };
  return { hit: ansT, counted: `((ans OR abn) AND NOT ${short})` };
}

/**
 * Counts per org path over [from, to). With `dayOffsetMinutes`, when from and to are local
 * midnights of that offset and `q` is the pool, read from the daily rollup (migration 730, kept
 * exact by triggers on qa_calls; rebuilt when the policy's T, short-abandon limit or overflow rule
 * differ from those it was counted with); otherwise the raw query.
 */
export async function callMeasureByPath(
  q: Queryable,
  m: CallMeasure,
  from: Date,
  to: Date,
  dayOffsetMinutes?: number,
): Promise<{ orgPath: string; num: number; den: number }[]> {
  const days = dayOffsetMinutes === undefined ? null : localDays(from, to, dayOffsetMinutes);
  if (!days || !(q instanceof pg.Pool)) return callMeasureByPathRaw(q, m, from, to);
  const p = await ensureCallRollup(q, dayOffsetMinutes!);
  const col = m === 'abandonment_rate' ? 'abn' : p.convention === 'abandons_ignored' ? 'ignored' : p.convention === 'abandons_for' ? 'for' : 'against';
  const { rows } = await q.query(
    `SELECT org_path, sum(${col}_num)::bigint AS num, sum(${col}_den)::bigint AS den FROM qa_call_day_measures
      WHERE day >= $1 AND day < $2 GROUP BY org_path HAVING sum(calls) > 0`,
    [days.from, days.to],
  );
  return rows.map((r) => ({ orgPath: r.org_path, num: Number(r.num), den: Number(r.den) }));
}

/** The span of enter_at a build step counts at first (ms); it doubles while steps take under a quarter second, halves above one second (the longest an import should wait). */
const STEP_MS = 3_600_000;
const STEP_FAST_MS = 250;
const STEP_SLOW_MS = 1_000;

interface CallRollupMeta {
  day_offset_min: number | null;
  t_s: number | null;
  short_s: number | null;
  overflow_abandoned: boolean | null;
  calls_upto: Date | null;
}
const readMeta = async (q: Queryable) => (await q.query<CallRollupMeta>('SELECT * FROM qa_call_rollup_meta WHERE id = 1')).rows[0];
const countedWith = (r: CallRollupMeta | undefined, offset: number, p: Awaited<ReturnType<typeof policyArgs>>) =>
  r?.day_offset_min === offset && r.t_s === p.t && r.short_s === p.short && r.overflow_abandoned === p.overflowAbandoned;

/**
 * Builds the call rollup for the day offset and the policy in force unless built so (migration
 * 734): one builder at a time across instances, in steps over enter_at, each holding a SHARE lock
 * on qa_calls and qa_settings for that step only, so an import waits at most one step, never the
 * whole build. A policy change during the build starts it again; a build that stopped half-way goes
 * on from its watermark. Readers wait for the build.
 */
export async function ensureCallRollup(db: pg.Pool, offset: number, opts: SteppedBuildOptions = {}) {
  const p0 = await policyArgs(db);
  const m0 = await readMeta(db);
  if (countedWith(m0, offset, p0) && m0.calls_upto === null) return p0;
  return withSessionLock(db, 'qa_call rollup build', async (c) => {
    let span = opts.step ?? STEP_MS;
    for (;;) {
      const t0 = performance.now();
      // one step: under the locks, the policy is the one in force; a different one starts over
      const out = await inTx(c, async () => {
        await c.query('LOCK TABLE qa_calls, qa_settings IN SHARE MODE');
        const p = await policyArgs(c);
        let m = await readMeta(c);
        if (!countedWith(m, offset, p)) {
          await c.query('SELECT qa_call_rollup_reset($1, $2, $3, $4)', [offset, p.t, p.short, p.overflowAbandoned]);
          m = await readMeta(c);
        }
        if (m.calls_upto === null) return { p, done: true };
        // from the watermark to `span` after the first call at or above it; the last step has no end
        const r = (
          await c.query<{ first: Date | null; last: Date | null }>('SELECT min(enter_at) AS first, max(enter_at) AS last FROM qa_calls WHERE enter_at >= $1', [
            m.calls_upto,
          ])
        ).rows[0];
        const hi = r.first === null || r.last === null || r.first.getTime() + span > r.last.getTime() ? null : new Date(r.first.getTime() + span);
        await c.query('SELECT qa_call_rollup_step($1, $2)', [m.calls_upto, hi]);
        return { p, done: hi === null };
      });
      if (out.done) return out.p;
      const took = performance.now() - t0;
      if (opts.step === undefined) span = took < STEP_FAST_MS ? span * 2 : took > STEP_SLOW_MS ? Math.max(60_000, span / 2) : span;
      await opts.afterStep?.();
    }
  });
}

/** The raw query (the definition; the rollup is tested against it). */
export async function callMeasureByPathRaw(q: Queryable, m: CallMeasure, from: Date, to: Date): Promise<{ orgPath: string; num: number; den: number }[]> {
  const p = await policyArgs(q);
  const { hit, counted } = numDen(m, p.convention);
  const { rows } = await q.query(
    `SELECT org_path AS path, count(*) FILTER (WHERE ${counted} AND ${hit})::bigint AS num, count(*) FILTER (WHERE ${counted})::bigint AS den
       FROM (SELECT org_path, wait_s, ${CLASSES} FROM qa_calls WHERE enter_at >= $1 AND enter_at < $2) c
      GROUP BY org_path`,
    [from, to, p.overflowAbandoned, p.t, p.short],
  );
  return rows.map((r) => ({ orgPath: r.path, num: Number(r.num), den: Number(r.den) }));
}

/**
 * The calls behind a measure for the subtree of `orgPath` (counted ones; `inNumerator` says which
 * side), newest first, as `callMeasureRecordsRaw` defines them, at a cost that does not grow with
 * the number of calls: the subtree's org paths by a skip scan of `qa_calls_org_idx`, each path's
 * newest offset + limit calls by that index, merged; the total from the daily rollup when it is
 * built for the policy in force and the period's bounds are local midnights of its offset,
 * otherwise counted from the rows (docs/scorecards.md "Drill-down at 10,000,000 orders").
 */
export async function callMeasureRecords(
  q: Queryable,
  m: CallMeasure,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number; numeratorOnly?: boolean },
): Promise<{ total: number; items: { id: number; ref: string; at: string; inNumerator: boolean; state: string }[] }> {
  const p = await policyArgs(q);
  const { hit, counted } = numDen(m, p.convention);
  const where = `counted${page.numeratorOnly ? ' AND hit' : ''}`;
  const args = [from, to, p.overflowAbandoned, p.t, p.short, orgPath];
  const [total, items] = await Promise.all([
    callMeasureTotal(q, m, p, orgPath, from, to, !!page.numeratorOnly),
    q.query(
      `WITH RECURSIVE paths(path) AS (
         SELECT (SELECT org_path FROM qa_calls WHERE org_path LIKE $6 || '%' ORDER BY org_path USING ~<~ LIMIT 1)
         UNION ALL
         SELECT (SELECT org_path FROM qa_calls WHERE org_path LIKE $6 || '%' AND org_path ~>~ x.path ORDER BY org_path USING ~<~ LIMIT 1)
           FROM paths x WHERE x.path IS NOT NULL)
       SELECT r.* FROM paths x CROSS JOIN LATERAL (
         SELECT * FROM (SELECT enter_at, cti_call_id, outcome, wait_s, ${counted} AS counted, ${hit} AS hit
                          FROM (SELECT enter_at, cti_call_id, outcome, wait_s, ${CLASSES} FROM qa_calls
                                 WHERE org_path = x.path AND enter_at >= $1 AND enter_at < $2) c) y
          WHERE ${where} ORDER BY enter_at DESC, cti_call_id LIMIT $7::int + $8::int) r
        WHERE x.path IS NOT NULL
        ORDER BY r.enter_at DESC, r.cti_call_id LIMIT $7::int OFFSET $8::int`,
      [...args, page.limit, page.offset],
    ),
  ]);
  return {
    total,
    items: items.rows.map((r, i) => ({
      id: page.offset + i + 1,
      ref: r.cti_call_id,
      at: new Date(r.enter_at).toISOString(),
      inNumerator: r.hit,
      state: `${r.outcome} ${r.wait_s}s`,
    })),
  };
}

async function callMeasureTotal(
  q: Queryable,
  m: CallMeasure,
  p: Awaited<ReturnType<typeof policyArgs>>,
  orgPath: string,
  from: Date,
  to: Date,
  numeratorOnly: boolean,
): Promise<number> {
  const r = await readMeta(q);
  // the rollup answers only once built for the policy in force (no watermark left); otherwise the rows are counted
  const built =
    r && r.day_offset_min !== null && r.calls_upto === null && r.t_s === p.t && r.short_s === p.short && r.overflow_abandoned === p.overflowAbandoned;
  const days = built ? localDays(from, to, r.day_offset_min!) : null;
  if (!days) {
    const { hit, counted } = numDen(m, p.convention);
    const { rows } = await q.query(
      `SELECT count(*) FILTER (WHERE ${counted}${numeratorOnly ? ` AND ${hit}` : ''})::int AS n
         FROM (SELECT org_path, wait_s, ${CLASSES} FROM qa_calls WHERE enter_at >= $1 AND enter_at < $2 AND org_path LIKE $6 || '%') c`,
      [from, to, p.overflowAbandoned, p.t, p.short, orgPath],
    );
    return rows[0].n;
  }
  const col = m === 'abandonment_rate' ? 'abn' : p.convention === 'abandons_ignored' ? 'ignored' : p.convention === 'abandons_for' ? 'for' : 'against';
  const { rows } = await q.query(
    `SELECT coalesce(sum(${col}_${numeratorOnly ? 'num' : 'den'}), 0)::bigint AS n FROM qa_call_day_measures WHERE day >= $1 AND day < $2 AND org_path LIKE $3 || '%'`,
    [days.from, days.to, orgPath],
  );
  return Number(rows[0].n);
}

/** The calls behind a measure for the subtree of `orgPath`, newest first: the definition, read from every call of the subtree's period (the drill-down below is tested against it). */
export async function callMeasureRecordsRaw(
  q: Queryable,
  m: CallMeasure,
  orgPath: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number; numeratorOnly?: boolean },
): Promise<{ total: number; items: { id: number; ref: string; at: string; inNumerator: boolean; state: string }[] }> {
  const p = await policyArgs(q);
  const { hit, counted } = numDen(m, p.convention);
  const base = `SELECT enter_at, cti_call_id, outcome, wait_s, ${counted} AS counted, ${hit} AS hit
                  FROM (SELECT enter_at, cti_call_id, outcome, wait_s, ${CLASSES} FROM qa_calls
                         WHERE enter_at >= $1 AND enter_at < $2 AND org_path LIKE $6 || '%') c`;
  const where = `counted${page.numeratorOnly ? ' AND hit' : ''}`;
  const args = [from, to, p.overflowAbandoned, p.t, p.short, orgPath];
  const [count, items] = await Promise.all([
    q.query(`SELECT count(*)::int AS n FROM (${base}) x WHERE ${where}`, args),
    q.query(`SELECT * FROM (${base}) x WHERE ${where} ORDER BY enter_at DESC, cti_call_id LIMIT $7::int OFFSET $8::int`, [...args, page.limit, page.offset]),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r, i) => ({
      id: page.offset + i + 1,
      ref: r.cti_call_id,
      at: new Date(r.enter_at).toISOString(),
      inNumerator: r.hit,
      state: `${r.outcome} ${r.wait_s}s`,
    })),
  };
}
