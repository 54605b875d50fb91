/**
 * The satisfaction dashboard and the indicator value improvement plans re-measure: facts from this
 * module's responses and, for the callback method, the work-order module's callback results (read
 * through its face, scored by the policy's table), then the pure rules.
 */
import type { Queryable } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import { orgUnitField } from '../orgs/index.js';
import type { Principal } from '../identity/index.js';
import { callbackResults } from '../workorders/index.js';
import { keyDrivers } from './driver-rules.js';
import {
  callbackScore,
  indexBy,
  indexOf,
  localDay,
  localDayStart,
  monthOf,
  trendByMonth,
  type Dimension,
  type Fact,
  type SatisfactionPolicy,
  type Score,
} from './score-rules.js';
import { touchPointOfOrder } from './survey-rules.js';
import { orderColumns } from './responses.js';
import { getPolicy } from './settings.js';
import type { AnalysisFilter, Indicator } from './schemas.js';

export const METHODS = ['ivr', 'end_of_call', 'survey', 'callback'] as const;
export type Method = (typeof METHODS)[number];
/** The longest period one dashboard reads. */
export const MAX_RANGE_DAYS = 731;
const DIMENSIONS: Dimension[] = ['segment', 'area', 'channel', 'orderType', 'orgUnit', 'method'];

export interface FactFilter {
  from: Date;
  to: Date;
  methods: readonly Method[];
  touchPoint?: string;
  surveyId?: number;
}

export async function loadFacts(q: Queryable, orgPath: string, f: FactFilter, policy: SatisfactionPolicy): Promise<Fact[]> {
  const facts: Fact[] = [];
  const own = f.methods.filter((m) => m !== 'callback');
  if (own.length) {
    const params: unknown[] = [orgPath, f.from, f.to, own];
    let extra = '';
    if (f.touchPoint) extra += ` AND r.touch_point = $${params.push(f.touchPoint)}`;
    if (f.surveyId) extra += ` AND r.survey_id = $${params.push(f.surveyId)}`;
    const { rows } = await q.query(
      `SELECT r.method, r.responded_at, r.overall, r.scale_min, r.scale_max, r.attributes, r.segment, r.area_type, r.channel, r.order_type, r.org_unit_id
         FROM sat_responses r
        WHERE r.org_path LIKE $1 || '%' AND r.responded_at >= $2 AND r.responded_at < $3 AND r.method = ANY($4::text[])${extra}`,
      params,
    );
    for (const r of rows)
      facts.push({
        at: r.responded_at,
        method: r.method,
        overall: { v: r.overall, min: r.scale_min, max: r.scale_max },
        attributes: Object.fromEntries(
          Object.entries(r.attributes as Record<string, [number, number, number]>).map(([k, [v, min, max]]) => [k, { v, min, max }]),
        ),
        segment: r.segment,
        area: r.area_type,
        channel: r.channel,
        orderType: r.order_type,
        orgUnit: Number(r.org_unit_id),
      });
  }
  if (f.methods.includes('callback') && !f.surveyId) {
    for (const c of await callbackResults(q, orgPath, f.from, f.to)) {
      const s: Score | null = callbackScore(c.result, policy);
      if (!s) continue;
      if (f.touchPoint && touchPointOfOrder(c.orderType, c.channel) !== f.touchPoint) continue;
      const col = orderColumns(c, policy);
      facts.push({
        at: c.doneAt,
        method: 'callback',
        overall: s,
        attributes: {},
        segment: col.segment,
        area: col.area,
        channel: col.channel,
        orderType: col.orderType,
        orgUnit: c.orgUnitId,
      });
    }
  }
  return facts;
}

function period(from: string, to: string, policy: SatisfactionPolicy) {
  if (to < from) throw badField('to', 'order', '结束日期不能早于开始日期', 'must not be before from');
  const a = localDayStart(from, policy.utcOffsetMinutes);
  const b = new Date(localDayStart(to, policy.utcOffsetMinutes).getTime() + 86_400_000);
  if ((b.getTime() - a.getTime()) / 86_400_000 > MAX_RANGE_DAYS)
    throw badField('to', 'range', `期间至多 ${MAX_RANGE_DAYS} 天`, `the period is at most ${MAX_RANGE_DAYS} days`);
  return { from: a, to: b };
}

async function orgNames(q: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await q.query(`SELECT u.id::text AS id, ${orgUnitField('u.id', 'name')} AS name FROM unnest($1::bigint[]) AS u(id)`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name ?? r.id]));
}

export async function dashboard(q: Queryable, p: Principal, f: AnalysisFilter) {
  const policy = await getPolicy(q);
  const range = period(f.from, f.to, policy);
  const methods = (f.methods ? f.methods.split(',') : [...METHODS]) as Method[];
  const facts = await loadFacts(q, p.orgPath, { ...range, methods, touchPoint: f.touchPoint, surveyId: f.surveyId }, policy);
  const bySegment: Record<string, { key: string; label?: string; n: number; value: number | null }[]> = {};
  for (const d of DIMENSIONS) bySegment[d] = indexBy(facts, d, policy);
  const names = await orgNames(
    q,
    bySegment.orgUnit.map((r) => r.key),
  );
  bySegment.orgUnit = bySegment.orgUnit.map((r) => ({ ...r, label: names.get(r.key) }));
  return {
    definition: {
      indexMethod: policy.indexMethod,
      topBoxes: policy.topBoxes,
      minSample: policy.minSample,
      minSampleDriver: policy.minSampleDriver,
      decimals: policy.decimals,
      from: f.from,
      to: f.to,
      methods,
    },
    overall: indexOf(
      facts.map((x) => x.overall),
      policy,
    ),
    trend: trendByMonth(facts, policy, { from: monthOf(range.from, policy.utcOffsetMinutes), to: f.to.slice(0, 7) }),
    bySegment,
    drivers: keyDrivers(facts, policy),
  };
}

/** An improvement plan's indicator now: the index over the last `windowDays` days up to and including `asOf`'s day. */
export async function indicatorValue(q: Queryable, orgPath: string, ind: Indicator, asOf: Date) {
  const policy = await getPolicy(q);
  const to = localDay(asOf, policy.utcOffsetMinutes);
  const toAt = new Date(localDayStart(to, policy.utcOffsetMinutes).getTime() + 86_400_000);
  const fromAt = new Date(toAt.getTime() - ind.windowDays * 86_400_000);
  let facts = await loadFacts(q, orgPath, { from: fromAt, to: toAt, methods: (ind.methods as Method[] | undefined) ?? [...METHODS] }, policy);
  if (ind.dimension && ind.key !== undefined) {
    const d = ind.dimension as Dimension;
    facts = facts.filter((x) => indexBy([x], d, { ...policy, minSample: 1 })[0]?.key === ind.key);
  }
  const scores = ind.attribute ? facts.flatMap((x) => (x.attributes[ind.attribute!] ? [x.attributes[ind.attribute!]] : [])) : facts.map((x) => x.overall);
  return { ...indexOf(scores, policy), periodFrom: localDay(fromAt, policy.utcOffsetMinutes), periodTo: to };
}
