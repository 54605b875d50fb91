/**
 * An order's clocks from its policy and recorded timeline, and the summary columns the queue
 * sorts and filters on (next_due_at, sla_state, next_check_at).
 */
import { computeClocks } from '../../../platform/sla/compute-clocks.js';
import { nextCheckAt } from '../../../platform/sla/due-warnings.js';
import type { ClockResult, OrderEvent, SlaPolicy } from '../../../platform/sla/policy-types.js';
import { selectPolicy } from '../../../platform/sla/select-policy.js';
import type { SlaContext } from '../../../platform/sla/sla-context.js';
import { INITIAL_STATE } from '../lifecycle/lifecycle-rules.js';

export interface OrderSlaFacts {
  orderType: string;
  subtype: string | null;
  channel: string;
  customerClass: string | null;
  areaType: string;
  receivedAt: Date;
  policySet: string;
}

export interface OrderSla {
  policy: SlaPolicy | null;
  clocks: ClockResult[];
  nextDueAt: Date | null;
  nextCheckAt: Date | null;
  slaState: 'none' | 'ok' | 'warning' | 'breached' | 'met';
}

export function choosePolicy(ctx: SlaContext, o: OrderSlaFacts): SlaPolicy | null {
  return selectPolicy(
    ctx.policies,
    ctx.sets,
    o.policySet,
    { orderType: o.orderType, subtype: o.subtype, channel: o.channel, customerClass: o.customerClass, areaType: o.areaType },
    o.receivedAt,
  );
}

export function summarise(clocks: ClockResult[], sent: ReadonlySet<string>): Omit<OrderSla, 'policy' | 'clocks'> {
  const open = clocks.filter((c) => c.state === 'running' || c.state === 'paused' || (c.state === 'breached' && c.stoppedAt === null));
  const due = open.map((c) => Date.parse(c.dueAt!));
  const nextDueAt = due.length ? new Date(Math.min(...due)) : null;
  let slaState: OrderSla['slaState'] = 'none';
  if (clocks.some((c) => c.state === 'breached')) slaState = 'breached';
  else if (open.some((c) => c.thresholds.length > 0 && c.usedFraction >= c.thresholds[0].fraction)) slaState = 'warning';
  else if (open.length > 0) slaState = 'ok';
  else if (clocks.some((c) => c.state === 'met')) slaState = 'met';
  return { nextDueAt, nextCheckAt: nextCheckAt(clocks, sent), slaState };
}

export function orderSla(
  ctx: SlaContext,
  o: OrderSlaFacts,
  events: readonly OrderEvent[],
  now: Date,
  sent: ReadonlySet<string> = new Set(),
  policy?: SlaPolicy | null,
): OrderSla {
  const chosen = policy === undefined ? choosePolicy(ctx, o) : policy;
  const clocks = chosen ? computeClocks(chosen, ctx.calendar, { receivedAt: o.receivedAt, initialState: INITIAL_STATE, events, now }) : [];
  return { policy: chosen, clocks, ...summarise(clocks, sent) };
}
