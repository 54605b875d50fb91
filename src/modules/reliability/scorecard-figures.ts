/**
 * RS-1 for the benchmarking scorecards (docs/scorecards.md; docs/rules.md §8): for the units of
 * `orgUnitIds`, the customer-seconds of sustained interruptions beginning in the period (the
 * report's rollup and open records) and the customers served now. RS-1 = 1 − interrupted
 * customer-seconds / (customers × period seconds); major event days are not excluded (DL/T 836's
 * RS-1 counts every interruption). Customer-seconds are rounded to whole seconds.
 */
import type { Queryable } from '../../db/pool.js';
import { customersServed, dayTotalsFromDb, loadReliabilityPolicy } from './reliability-store.js';

export async function rs1Figures(
  q: Queryable,
  orgUnitIds: number[],
  from: Date,
  to: Date,
): Promise<{ interruptedCustomerSeconds: number; customers: number; periodSeconds: number }> {
  const policy = await loadReliabilityPolicy(q);
  const [n, days] = await Promise.all([customersServed(q, { orgUnitIds }), dayTotalsFromDb(q, { orgUnitIds }, from, to, policy)]);
  let minutes = 0;
  for (const t of days.values()) minutes += t.customerMinutes;
  return { interruptedCustomerSeconds: Math.round(minutes * 60), customers: n, periodSeconds: Math.round((to.getTime() - from.getTime()) / 1000) };
}

/**
 * The same figures for many scorecard units at once (each unit a set of org unit ids, its subtree):
 * one read of customers, one of the rollup and one of open interruptions, grouped by org unit and
 * summed per unit here, instead of those reads once per unit. Interruptions and customers counted
 * as rs1Figures counts them (the rollup when it fits the policy, else the records).
 */
export async function rs1FiguresByUnits(
  q: Queryable,
  units: { key: number; orgUnitIds: number[] }[],
  from: Date,
  to: Date,
): Promise<Map<number, { interruptedCustomerSeconds: number; customers: number; periodSeconds: number }>> {
  const ids = [...new Set(units.flatMap((u) => u.orgUnitIds))];
  const policy = await loadReliabilityPolicy(q);
  const meta = (await q.query('SELECT momentary_max_minutes, utc_offset_minutes FROM reliability_rollup_meta WHERE id = 1')).rows[0];
  const rollupFits = meta && Number(meta.momentary_max_minutes) === policy.momentaryMaxMinutes && meta.utc_offset_minutes === policy.utcOffsetMinutes;
  const day = (d: Date) => new Date(d.getTime() + policy.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const records = (openOnly: boolean) =>
    q.query(
      `SELECT org_unit_id, coalesce(sum(m) FILTER (WHERE m > $3), 0) AS minutes
         FROM (SELECT oc.org_unit_id, GREATEST(extract(epoch FROM (coalesce(oc.interruption_end, LEAST($2::timestamptz, now())) - oc.interruption_start)), 0) / 60.0 AS m
                 FROM pub_outage_customers oc
                WHERE oc.counted AND oc.interruption_start >= $1 AND oc.interruption_start < $2 AND oc.org_unit_id = ANY($4::bigint[])
                  ${openOnly ? 'AND oc.interruption_end IS NULL' : ''}) x
        GROUP BY org_unit_id`,
      [from, to, policy.momentaryMaxMinutes, ids],
    );
  const [customers, ...parts] = await Promise.all([
    q.query('SELECT org_unit_id, count(*)::int AS n FROM pub_service_points WHERE org_unit_id = ANY($1::bigint[]) GROUP BY org_unit_id', [ids]),
    ...(rollupFits
      ? [
          q.query(
            `SELECT org_unit_id, sum(sustained_seconds) / 60.0 AS minutes FROM reliability_daily
              WHERE day >= $1::date AND day < $2::date AND org_unit_id = ANY($3::bigint[]) GROUP BY org_unit_id`,
            [day(from), day(to), ids],
          ),
          records(true),
        ]
      : [records(false)]),
  ]);
  const n = new Map<number, number>(customers.rows.map((r) => [Number(r.org_unit_id), r.n]));
  const minutes = new Map<number, number>();
  for (const p of parts) for (const r of p.rows) minutes.set(Number(r.org_unit_id), (minutes.get(Number(r.org_unit_id)) ?? 0) + Number(r.minutes));
  const periodSeconds = Math.round((to.getTime() - from.getTime()) / 1000);
  return new Map(
    units.map((u) => [
      u.key,
      {
        interruptedCustomerSeconds: Math.round(u.orgUnitIds.reduce((s, id) => s + (minutes.get(id) ?? 0), 0) * 60),
        customers: u.orgUnitIds.reduce((s, id) => s + (n.get(id) ?? 0), 0),
        periodSeconds,
      },
    ]),
  );
}
