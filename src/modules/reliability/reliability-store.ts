/**
 * Per-day totals for a scope (an org subtree or one feeder) and a range of whole local days.
 * Ended interruptions come from the daily rollup (kept by triggers on outage_customers, see
 * migration 302) when it was built with the policy's momentary limit and UTC offset; open ones
 * are read from the records and run to the period's end or now, whichever is earlier (a report on
 * the current month must not count an outage that began today as lasting until the month ends). If the rollup does not match the
 * policy, everything is read from the records (correct, slower).
 */
import type { Queryable } from '../../db/pool.js';
import { addTotals, type DayTotals } from './daily-totals.js';
import type { ReliabilityPolicy } from './reliability-policy.js';

export type Scope = { orgUnitIds: number[] } | { feederId: number };

export async function loadReliabilityPolicy(q: Queryable): Promise<ReliabilityPolicy> {
  const { rows } = await q.query(
    `SELECT data FROM pub_outage_policies WHERE name = 'reliability' AND valid_from <= now() ORDER BY valid_from DESC, version DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('policy reliability is missing');
  return rows[0].data as ReliabilityPolicy;
}

const scopeSql = (scope: Scope, col: string, n: number) => ('orgUnitIds' in scope ? `${col}.org_unit_id = ANY($${n}::bigint[])` : `${col}.feeder_id = $${n}`);
const scopeArg = (scope: Scope) => ('orgUnitIds' in scope ? scope.orgUnitIds : scope.feederId);

function toTotals(r: Record<string, any>): DayTotals {
  return {
    sustained: Number(r.sustained),
    customerMinutes: Number(r.minutes),
    momentary: Number(r.momentary),
    shortageSustained: Number(r.s_n),
    shortageMinutes: Number(r.s_m),
    externalSustained: Number(r.e_n),
    externalMinutes: Number(r.e_m),
  };
}

/** Interruptions from the records: open ones only, or all (fallback). */
async function fromRecords(q: Queryable, scope: Scope, from: Date, to: Date, policy: ReliabilityPolicy, openOnly: boolean) {
  const { rows } = await q.query(
    `WITH x AS (
       SELECT ((oc.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => $3))::date AS day,
              GREATEST(extract(epoch FROM (coalesce(oc.interruption_end, LEAST($2::timestamptz, now())) - oc.interruption_start)), 0) / 60.0 AS m, oc.cause_class AS c
         FROM pub_outage_customers oc
        WHERE oc.counted AND oc.interruption_start >= $1 AND oc.interruption_start < $2 AND ${scopeSql(scope, 'oc', 6)} ${openOnly ? 'AND oc.interruption_end IS NULL' : ''})
     SELECT day::text AS day,
            count(*) FILTER (WHERE m > $4) AS sustained, coalesce(sum(m) FILTER (WHERE m > $4), 0) AS minutes, count(*) FILTER (WHERE m <= $4) AS momentary,
            count(*) FILTER (WHERE m > $4 AND c = ANY($5::text[])) AS s_n, coalesce(sum(m) FILTER (WHERE m > $4 AND c = ANY($5::text[])), 0) AS s_m,
            count(*) FILTER (WHERE m > $4 AND c = ANY($7::text[])) AS e_n, coalesce(sum(m) FILTER (WHERE m > $4 AND c = ANY($7::text[])), 0) AS e_m
       FROM x GROUP BY day`,
    [from, to, policy.utcOffsetMinutes, policy.momentaryMaxMinutes, policy.supplyShortageCauses, scopeArg(scope), policy.externalCauses],
  );
  return rows;
}

export async function dayTotalsFromDb(q: Queryable, scope: Scope, from: Date, to: Date, policy: ReliabilityPolicy): Promise<Map<string, DayTotals>> {
  const meta = (await q.query('SELECT momentary_max_minutes, utc_offset_minutes FROM reliability_rollup_meta WHERE id = 1')).rows[0];
  const rollupFits = meta && Number(meta.momentary_max_minutes) === policy.momentaryMaxMinutes && meta.utc_offset_minutes === policy.utcOffsetMinutes;
  const out = new Map<string, DayTotals>();
  const add = (rows: Record<string, any>[]) => {
    for (const r of rows) {
      const t = toTotals(r);
      const had = out.get(r.day);
      out.set(r.day, had ? addTotals(had, t) : t);
    }
  };
  if (!rollupFits) {
    add(await fromRecords(q, scope, from, to, policy, false));
    return out;
  }
  const day = (d: Date) => new Date(d.getTime() + policy.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const [rolled, open] = await Promise.all([
    q.query(
      `SELECT day::text AS day, sum(sustained) AS sustained, sum(sustained_seconds) / 60.0 AS minutes, sum(momentary) AS momentary,
              coalesce(sum(sustained) FILTER (WHERE cause_class = ANY($4::text[])), 0) AS s_n, coalesce(sum(sustained_seconds) FILTER (WHERE cause_class = ANY($4::text[])), 0) / 60.0 AS s_m,
              coalesce(sum(sustained) FILTER (WHERE cause_class = ANY($5::text[])), 0) AS e_n, coalesce(sum(sustained_seconds) FILTER (WHERE cause_class = ANY($5::text[])), 0) / 60.0 AS e_m
         FROM reliability_daily r WHERE r.day >= $1::date AND r.day < $2::date AND ${scopeSql(scope, 'r', 3)}
        GROUP BY day`,
      [day(from), day(to), scopeArg(scope), policy.supplyShortageCauses, policy.externalCauses],
    ),
    fromRecords(q, scope, from, to, policy, true),
  ]);
  add(rolled.rows);
  add(open);
  return out;
}

/** Customers served (N_T): the service points in the scope now. */
export async function customersServed(q: Queryable, scope: Scope): Promise<number> {
  const { rows } =
    'orgUnitIds' in scope
      ? await q.query('SELECT count(*)::int AS n FROM pub_service_points WHERE org_unit_id = ANY($1::bigint[])', [scope.orgUnitIds])
      : await q.query('SELECT count(*)::int AS n FROM pub_service_points sp JOIN pub_network_devices t ON t.id = sp.transformer_id WHERE t.parent_id = $1', [
          scope.feederId,
        ]);
  return rows[0].n;
}
