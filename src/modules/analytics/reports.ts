/**
 * Reports over the stored calls and agent spans, within the reader's org scope: KPIs by interval,
 * queue and agent for a date range, the call list, Erlang C for given inputs, and the forecast
 * against actual staffing for one day. The arithmetic is in the *-rules.ts files.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { ordersByCtiCallIds } from '../workorders/index.js';
import type { AgentSpan, CallRecord } from './calls-rules.js';
import { erlangAt, forecastInterval, requiredAgents, type IntervalHistory } from './erlang-rules.js';
import { abandonHeatmap, kpisBy, kpisByInterval, kpisOf, type KpiPolicy } from './kpi-rules.js';
import {
  MAX_RANGE_DAYS,
  type CallLinkInput,
  type CallsRequest,
  type CallView,
  type ErlangRequest,
  type Forecast,
  type ForecastRequest,
  type KpiReport,
  type KpiRequest,
} from './schemas.js';
import { getSettings } from './settings.js';

const DAY = 86400;
const iso = (s: number) => new Date(s * 1000).toISOString();

/** Epoch seconds of local midnight of a yyyy-mm-dd date. */
export const localMidnight = (date: string, tzOffsetMinutes: number) => Date.parse(`${date}T00:00:00Z`) / 1000 - tzOffsetMinutes * 60;

/** [from 00:00, the day after `to` 00:00) in local time; `to` before `from` or too long a range is refused naming the field. */
export function dayRange(from: string, to: string, tz: number): { start: number; end: number } {
  const start = localMidnight(from, tz);
  const end = localMidnight(to, tz) + DAY;
  if (end <= start) throw badField('to', 'range', '结束日期早于开始日期', '`to` is before `from`');
  if ((end - start) / DAY > MAX_RANGE_DAYS)
    throw badField('to', 'range', `日期范围最多 ${MAX_RANGE_DAYS} 天`, `the range may span at most ${MAX_RANGE_DAYS} days`);
  return { start, end };
}

const CALL_COLUMNS = `cti_call_id, queue, extract(epoch FROM enter_at)::bigint AS enter_s, caller_id, outcome, wait_s, extract(epoch FROM answered_at)::bigint AS answered_s,
  agent, ring_s, talk_s, extract(epoch FROM end_at)::bigint AS end_s, rings, abandoned_while_ringing, orig_pos, exit_key, transfer_to`;

const toCall = (r: Record<string, any>): CallRecord => ({
  ctiCallId: r.cti_call_id,
  queue: r.queue,
  enterAt: Number(r.enter_s),
  callerId: r.caller_id,
  outcome: r.outcome,
  waitS: r.wait_s,
  answeredAt: r.answered_s === null ? null : Number(r.answered_s),
  agent: r.agent,
  ringS: r.ring_s,
  talkS: r.talk_s,
  endAt: Number(r.end_s),
  ringsBeforeAnswer: r.rings,
  abandonedWhileRinging: r.abandoned_while_ringing,
  origPos: r.orig_pos,
  exitKey: r.exit_key,
  transferTo: r.transfer_to,
  firstLine: 0,
});

export async function loadCalls(db: Queryable, orgPath: string, start: number, end: number, queue?: string): Promise<CallRecord[]> {
  const { rows } = await db.query(
    `SELECT ${CALL_COLUMNS} FROM qa_calls WHERE org_path LIKE $1 || '%' AND enter_at >= to_timestamp($2) AND enter_at < to_timestamp($3) AND ($4::text IS NULL OR queue = $4)`,
    [orgPath, start, end, queue ?? null],
  );
  return rows.map(toCall);
}

/** Agent spans overlapping [start, end), cut to it. */
export async function loadSpans(db: Queryable, orgPath: string, start: number, end: number): Promise<AgentSpan[]> {
  const { rows } = await db.query(
    `SELECT agent, state, reason, extract(epoch FROM greatest(from_at, to_timestamp($2)))::bigint AS f, extract(epoch FROM least(to_at, to_timestamp($3)))::bigint AS t
       FROM qa_agent_states WHERE org_path LIKE $1 || '%' AND from_at < to_timestamp($3) AND to_at > to_timestamp($2)`,
    [orgPath, start, end],
  );
  return rows.map((r) => ({ agent: r.agent, state: r.state, reason: r.reason, from: Number(r.f), to: Number(r.t) }));
}

export async function kpiReport(db: Queryable, p: Principal, q: KpiRequest): Promise<KpiReport> {
  const settings = await getSettings(db);
  const policy: KpiPolicy = {
    ...settings.kpi,
    intervalMinutes: q.interval ?? settings.kpi.intervalMinutes,
    slConvention: q.slConvention ?? settings.kpi.slConvention,
  };
  const { start, end } = dayRange(q.from, q.to, policy.tzOffsetMinutes);
  const [calls, spans] = await Promise.all([loadCalls(db, p.orgPath, start, end, q.queue), loadSpans(db, p.orgPath, start, end)]);
  return {
    from: q.from,
    to: q.to,
    policy,
    total: kpisOf(calls, spans, policy),
    intervals: kpisByInterval(calls, spans, policy, start, end).map(({ start: s, ...k }) => ({ start: iso(s), ...k })),
    queues: kpisBy(calls, [], policy, (c) => c.queue, null),
    agents: kpisBy(
      calls,
      spans,
      policy,
      (c) => c.agent,
      (s) => s.agent,
    ),
    heatmap: abandonHeatmap(calls, policy),
  };
}

export async function listCalls(db: Queryable, p: Principal, q: CallsRequest): Promise<{ items: CallView[]; total: number }> {
  const { kpi } = await getSettings(db);
  const { start, end } = dayRange(q.from, q.to, kpi.tzOffsetMinutes);
  const where = `org_path LIKE $1 || '%' AND enter_at >= to_timestamp($2) AND enter_at < to_timestamp($3) AND ($4::text IS NULL OR outcome = $4) AND ($5::text IS NULL OR agent = $5) AND ($6::text IS NULL OR queue = $6) AND ($9::text IS NULL OR cti_call_id = $9)`;
  const args = [p.orgPath, start, end, q.outcome ?? null, q.agent ?? null, q.queue ?? null];
  const cti = q.ctiCallId ?? null;
  const [rows, total] = await Promise.all([
    db.query(
      `SELECT ${CALL_COLUMNS}, COALESCE((SELECT array_agg(l.work_order_id ORDER BY l.work_order_id) FROM qa_call_orders l WHERE l.cti_call_id = c.cti_call_id), '{}') AS orders
         FROM qa_calls c WHERE ${where} ORDER BY enter_at DESC, cti_call_id LIMIT $7 OFFSET $8`,
      [...args, q.limit, q.offset, cti],
    ),
    db.query(`SELECT count(*)::int AS n FROM qa_calls WHERE ${where.replaceAll('$9', '$7')}`, [...args, cti]),
  ]);
  const created = await ordersByCtiCallIds(
    db,
    rows.rows.map((r) => r.cti_call_id),
    p.orgPath,
  );
  return {
    items: rows.rows.map((r) => {
      const c = toCall(r);
      const mine = created.filter((o) => o.ctiCallId === c.ctiCallId);
      const linked = (r.orders as (string | number)[]).map(Number);
      return {
        ctiCallId: c.ctiCallId,
        queue: c.queue,
        enterAt: iso(c.enterAt),
        callerId: c.callerId,
        outcome: c.outcome,
        waitS: c.waitS,
        answeredAt: c.answeredAt === null ? null : iso(c.answeredAt),
        agent: c.agent,
        ringS: c.ringS,
        talkS: c.talkS,
        endAt: iso(c.endAt),
        rings: c.ringsBeforeAnswer,
        abandonedWhileRinging: c.abandonedWhileRinging,
        workOrderIds: [...new Set([...linked, ...mine.map((o) => o.id)])].sort((a, b) => a - b),
        orders: mine.map((o) => ({ id: o.id, orderNo: o.orderNo })),
      };
    }),
    total: Number(total.rows[0].n),
  };
}

/**
 * The CTI (or the console) records which work order a call produced, by the call's uniqueid.
 * Work orders carry no CTI call id, and this module may not read them (src/modules/table-owners.ts),
 * so the order id is stored as given; the call itself may be imported before or after.
 */
export async function linkCall(db: Db, p: Principal, x: CallLinkInput) {
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO qa_call_orders (cti_call_id, work_order_id, linked_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING linked_at`,
      [x.ctiCallId, x.workOrderId, p.kind === 'user' ? p.id : null],
    );
    if (!rows[0]) {
      const old = await tx.query('SELECT linked_at FROM qa_call_orders WHERE cti_call_id = $1 AND work_order_id = $2', [x.ctiCallId, x.workOrderId]);
      return { ...x, linkedAt: (old.rows[0].linked_at as Date).toISOString(), created: false };
    }
    await recordAudit(tx, actorOf(p), {
      action: 'analytics.call_link',
      entity: 'call_link',
      entityId: `${x.ctiCallId}:${x.workOrderId}`,
      orgUnitId: p.orgUnitId,
      after: x,
    });
    return { ...x, linkedAt: (rows[0].linked_at as Date).toISOString(), created: true };
  });
}

/** Erlang C for given inputs, with the curve around the answer (for the console's chart). */
export function erlang(q: ErlangRequest) {
  const r = requiredAgents({
    calls: q.calls,
    intervalS: q.intervalMinutes * 60,
    ahtS: q.ahtS,
    targetS: q.targetS,
    targetSl: q.targetSl,
    maxOccupancy: q.maxOccupancy,
    shrinkage: q.shrinkage,
  });
  const a = r.trafficErlangs;
  const lo = Math.max(1, Math.floor(a) - 1);
  const hi = Math.min(Math.max(r.agents + 6, lo + 8), lo + 60);
  const curve = [];
  for (let n = lo; n <= hi; n++) curve.push(erlangAt(a, n, q.ahtS, q.targetS));
  return { ...r, curve };
}

/** One day: per interval, the forecast (same weekday and interval over the last weeks), the agents it needs, and what happened. */
export async function forecastDay(db: Queryable, p: Principal, q: ForecastRequest): Promise<Forecast> {
  const { kpi, staffing } = await getSettings(db);
  const weeks = q.weeks ?? staffing.forecastWeeks;
  const dayStart = localMidnight(q.date, kpi.tzOffsetMinutes);
  const histStart = dayStart - weeks * 7 * DAY;
  const [hist, day, spans] = await Promise.all([
    loadCalls(db, p.orgPath, histStart, dayStart, q.queue),
    loadCalls(db, p.orgPath, dayStart, dayStart + DAY, q.queue),
    loadSpans(db, p.orgPath, dayStart, dayStart + DAY),
  ]);
  const history = new Map<number, IntervalHistory>();
  for (const h of kpisByInterval(hist, [], kpi, histStart, dayStart)) {
    history.set(h.start, { start: h.start, offered: h.offered, answered: h.answered, handleS: h.talkS + (kpi.wrapUpS ?? 0) * h.answered });
  }
  const len = kpi.intervalMinutes * 60;
  // history starts on the local day of the first stored call in the window
  const first = hist.reduce((m, c) => Math.min(m, c.enterAt), Infinity);
  const earliest = Number.isFinite(first)
    ? localMidnight(new Date((first + kpi.tzOffsetMinutes * 60) * 1000).toISOString().slice(0, 10), kpi.tzOffsetMinutes)
    : dayStart;
  const actual = kpisByInterval(day, spans, kpi, dayStart, dayStart + DAY);
  return {
    date: q.date,
    intervalMinutes: kpi.intervalMinutes,
    weeks,
    staffing,
    intervals: actual.map((a) => {
      const f = forecastInterval(history, a.start, weeks, staffing.defaultAhtS, earliest);
      const need = requiredAgents({
        calls: f.calls,
        intervalS: len,
        ahtS: f.ahtS,
        targetS: staffing.targetS,
        targetSl: staffing.targetSl,
        maxOccupancy: staffing.maxOccupancy,
        shrinkage: staffing.shrinkage,
      });
      return {
        start: iso(a.start),
        weeksSeen: f.weeksSeen,
        forecastCalls: f.calls,
        forecastAhtS: f.ahtS,
        requiredAgents: need.agents,
        scheduledAgents: need.scheduled,
        actualOffered: a.offered,
        actualAgents: a.availableS / len,
        actualServiceLevel: a.serviceLevel,
      };
    }),
  };
}
