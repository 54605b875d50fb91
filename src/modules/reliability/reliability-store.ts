/**
 * Reads the interruption records (outage_customers of confirmed and planned outages) as per-day
 * totals in one aggregate query, for a scope (an org subtree or one feeder) and a time range.
 * Days are local (policy offset); an interruption belongs to the day it began.
 */
import type { Queryable } from '../../db/pool.js';
import type { DayTotals } from './daily-totals.js';
import type { ReliabilityPolicy } from './reliability-policy.js';

export type Scope = { orgUnitIds: number[] } | { feederId: number };

export async function loadReliabilityPolicy(q: Queryable): Promise<ReliabilityPolicy> {
  const { rows } = await q.query(`SELECT data FROM outage_policies WHERE name = 'reliability' AND valid_from <= now() ORDER BY valid_from DESC, version DESC LIMIT 1`);
  if (!rows[0]) throw new Error('policy reliability is missing');
  return rows[0].data as ReliabilityPolicy;
}

export async function dayTotalsFromDb(q: Queryable, scope: Scope, from: Date, to: Date, policy: ReliabilityPolicy): Promise<Map<string, DayTotals>> {
  const where = 'orgUnitIds' in scope ? 'oc.org_unit_id = ANY($6::bigint[])' : 'oc.feeder_id = $6';
  const { rows } = await q.query(
    `WITH x AS (
       SELECT ((oc.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => $3))::date AS day,
              GREATEST(extract(epoch FROM (LEAST(coalesce(oc.interruption_end, $2), $2) - oc.interruption_start)), 0) / 60.0 AS m,
              oc.cause_class AS c
         FROM outage_customers oc
        WHERE oc.counted AND oc.interruption_start >= $1 AND oc.interruption_start < $2 AND ${where})
     SELECT day::text AS day,
            count(*) FILTER (WHERE m > $4)::int AS sustained, coalesce(sum(m) FILTER (WHERE m > $4), 0)::float AS minutes,
            count(*) FILTER (WHERE m <= $4)::int AS momentary,
            count(*) FILTER (WHERE m > $4 AND c = ANY($5::text[]))::int AS s_n, coalesce(sum(m) FILTER (WHERE m > $4 AND c = ANY($5::text[])), 0)::float AS s_m,
            count(*) FILTER (WHERE m > $4 AND c = ANY($7::text[]))::int AS e_n, coalesce(sum(m) FILTER (WHERE m > $4 AND c = ANY($7::text[])), 0)::float AS e_m
       FROM x GROUP BY day`,
    [from, to, policy.utcOffsetMinutes, policy.momentaryMaxMinutes, policy.supplyShortageCauses, 'orgUnitIds' in scope ? scope.orgUnitIds : scope.feederId, policy.externalCauses],
  );
  return new Map(rows.map((r) => [r.day as string, {
    sustained: r.sustained, customerMinutes: r.minutes, momentary: r.momentary,
    shortageSustained: r.s_n, shortageMinutes: r.s_m, externalSustained: r.e_n, externalMinutes: r.e_m,
  }]));
}

/** Customers served (N_T): the service points in the scope now. */
export async function customersServed(q: Queryable, scope: Scope): Promise<number> {
  const { rows } = 'orgUnitIds' in scope
    ? await q.query('SELECT count(*)::int AS n FROM service_points WHERE org_unit_id = ANY($1::bigint[])', [scope.orgUnitIds])
    : await q.query('SELECT count(*)::int AS n FROM service_points sp JOIN network_devices t ON t.id = sp.transformer_id WHERE t.parent_id = $1', [scope.feederId]);
  return rows[0].n;
}
