/** What the API shows of an order: live clocks (recomputed at read time), allowed actions, masked phone without customers.pii. */
import type { Queryable } from '../../../db/pool.js';
import { maskPhone } from '../../../platform/pii.js';
import type { ClockResult, OrderEvent } from '../../../platform/sla/policy-types.js';
import type { SlaContext } from '../../../platform/sla/sla-context.js';
import { allows, type Principal } from '../../identity/index.js';
import { allowedActions } from '../lifecycle/lifecycle-rules.js';
import { orderSla } from './order-clocks.js';
import type { OrderRow } from './order-store.js';
import { locationView } from '../intake/location-rules.js';
import type { OrderView } from '../schemas.js';

export function slaFacts(r: OrderRow) {
  return {
    orderType: r.order_type,
    subtype: r.subtype,
    channel: r.channel,
    customerClass: r.customer_class,
    areaType: r.area_type,
    receivedAt: r.received_at,
    policySet: r.policy_set,
  };
}

export function liveClocks(ctx: SlaContext, r: OrderRow, events: readonly OrderEvent[], now = new Date()): ClockResult[] {
  const policy = r.policy_id === null ? null : (ctx.policies.find((p) => p.id === r.policy_id) ?? null);
  return orderSla(ctx, slaFacts(r), events, now, new Set(), policy).clocks;
}

export function orderView(r: OrderRow, clocks: ClockResult[], p: Principal): OrderView {
  const pii = allows(p, 'customers.pii');
  return {
    id: r.id,
    orderNo: r.order_no,
    orderType: r.order_type,
    subtype: r.subtype,
    channel: r.channel,
    urgency: r.urgency,
    priority: r.priority,
    status: r.status,
    receivedAt: r.received_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    orgUnitId: r.org_unit_id,
    acceptingOrgUnitId: r.accepting_org_unit_id,
    ownerId: r.owner_id,
    assigneeId: r.assignee_id,
    customerId: r.customer_id,
    servicePointId: r.service_point_id,
    matchedAt: r.matched_at,
    location: locationView(r),
    callerPhone: pii ? r.caller_phone : maskPhone(r.caller_phone),
    callerName: r.caller_name,
    address: r.address,
    title: r.title,
    description: r.description,
    customerClass: r.customer_class,
    areaType: r.area_type,
    important: r.important,
    policySet: r.policy_set,
    policyId: r.policy_id,
    slaState: r.sla_state,
    nextDueAt: r.next_due_at,
    mergedIntoId: r.merged_into_id,
    kbArticleId: r.kb_article_id,
    ctiCallId: r.cti_call_id ?? null,
    result: r.result,
    cause: r.cause,
    satisfaction: r.satisfaction,
    reopenCount: r.reopen_count,
    handledAt: r.handled_at,
    closedAt: r.closed_at,
    version: r.version,
    allowedActions: allowedActions(r.status),
    clocks: clocks.map((c) => ({
      name: c.name,
      basis: c.basis,
      dueAt: c.dueAt,
      pausedMs: c.pausedMs,
      state: c.state,
      startedAt: c.startedAt,
      stoppedAt: c.stoppedAt,
      remainingMs: c.remainingMs,
      usedFraction: Math.round(c.usedFraction * 1000) / 1000,
      // working-day clocks: false when the deadline falls in a year the holiday calendar does not list yet (counted Monday–Friday)
      calendarCovered: c.basis === 'working_days' ? c.calendarCovered !== false : null,
      // ...and true when those years were counted with their statutory holidays, provisionally (暂定) until their arrangement is entered
      calendarProvisional: c.basis === 'working_days' ? c.calendarProvisional === true : null,
    })),
  };
}

/** Events of many orders in one query (lists). */
export async function eventsOfMany(db: Queryable, ids: readonly number[]): Promise<Map<number, OrderEvent[]>> {
  const out = new Map<number, OrderEvent[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const { rows } = await db.query<{ order_id: number; at: Date; action: string; to_state: string }>(
    'SELECT order_id, at, action, to_state FROM order_events WHERE order_id = ANY($1::bigint[]) ORDER BY order_id, at, id',
    [ids],
  );
  for (const r of rows) out.get(r.order_id)!.push({ at: r.at, action: r.action, state: r.to_state });
  return out;
}
