/**
 * Reliability for a scope and period: indices for all days, normal days and major event days
 * (T_MED from the daily SAIDI of the policy's history years before the period), with the daily
 * series for charts.
 */
import type { Queryable } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { findOrgUnitInScope, inOrgScope, orgUnitIdsUnder } from '../orgs/index.js';
import { reliabilityReport } from './reliability-report.js';
import { customersServed, dayTotalsFromDb, loadReliabilityPolicy, type Scope } from './reliability-store.js';
import type { ReliabilityFilter, ReliabilityReportAnswer } from './schemas.js';

export interface ReliabilityQuery {
  from: Date;
  to: Date;
  orgUnitId?: number;
  feederId?: number;
}

/** GET /api/reliability: the report for the query's period (date-time strings) and scope. */
export async function reliabilityOf(q: Queryable, p: Principal, f: ReliabilityFilter): Promise<ReliabilityReportAnswer> {
  return reliabilityFor(q, p, { from: new Date(f.from), to: new Date(f.to), orgUnitId: f.orgUnitId, feederId: f.feederId });
}

/** A number the report cannot state (α, β of too short a history: NaN) is sent as null, as JSON always wrote it. */
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

export async function reliabilityFor(q: Queryable, p: Principal, query: ReliabilityQuery): Promise<ReliabilityReportAnswer> {
  if (!(query.to.getTime() > query.from.getTime())) throw badField('to', 'after_from', '结束时间须晚于开始时间', 'to must be after from');
  const policy = await loadReliabilityPolicy(q);
  // periods are whole local days: from the start of from's day to the end of the day before `to` ends
  const off = policy.utcOffsetMinutes * 60_000;
  const dayStart = (ms: number) => new Date(Math.floor((ms + off) / 86_400_000) * 86_400_000 - off);
  const r = { ...query, from: dayStart(query.from.getTime()), to: new Date(dayStart(query.to.getTime() - 1).getTime() + 86_400_000) };
  let scope: Scope;
  if (r.feederId !== undefined) {
    const f = await q.query(`SELECT 1 FROM pub_network_devices d WHERE d.id = $1 AND d.kind = 'feeder' AND ${inOrgScope('d.org_unit_id', '$2')}`, [
      r.feederId,
      p.orgPath,
    ]);
    if (!f.rowCount) throw badField('feederId', 'exists', '线路不存在或不在管辖范围内', 'feeder does not exist or is outside your scope');
    scope = { feederId: r.feederId };
  } else {
    const root = r.orgUnitId ?? p.orgUnitId;
    const org = await findOrgUnitInScope(q, root, p.orgPath);
    if (!org) throw badField('orgUnitId', 'org_scope', '组织单位不存在或不在管辖范围内', 'org unit does not exist or is outside your scope');
    scope = { orgUnitIds: await orgUnitIdsUnder(q, org.path) };
  }
  const historyFrom = new Date(r.from);
  historyFrom.setUTCFullYear(historyFrom.getUTCFullYear() - policy.medHistoryYears);
  const [n, allDays] = await Promise.all([customersServed(q, scope), dayTotalsFromDb(q, scope, historyFrom, r.to, policy)]);
  if (n === 0) throw badField(r.feederId !== undefined ? 'feederId' : 'orgUnitId', 'no_customers', '该范围内没有用户', 'no customers in this scope');
  const fromDay = localDay(r.from, policy.utcOffsetMinutes);
  const period = new Map([...allDays].filter(([d]) => d >= fromDay));
  const history = [...allDays].filter(([d]) => d < fromDay).map(([, t]) => t.customerMinutes / n);
  const report = reliabilityReport(period, n, { start: r.from, end: r.to }, history, policy);
  const med = new Set(report.med.days);
  return {
    scope: r.feederId !== undefined ? { feederId: r.feederId } : { orgUnitId: r.orgUnitId ?? p.orgUnitId },
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    policy: { momentaryMaxMinutes: policy.momentaryMaxMinutes, medK: policy.medK, medStdDev: policy.medStdDev, medHistoryYears: policy.medHistoryYears },
    ...report,
    med: { ...report.med, alpha: finiteOrNull(report.med.alpha), beta: finiteOrNull(report.med.beta) },
    daily: [...period]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, t]) => ({ day, saifi: t.sustained / n, saidiMinutes: t.customerMinutes / n, maifi: t.momentary / n, majorEvent: med.has(day) })),
  };
}

function localDay(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
