/** Builds what the API answers about an application: its live clock, missing documents, stage timeline. */
import type { SlaContext } from '../../platform/sla/sla-context.js';
import { selectPolicy } from '../../platform/sla/select-policy.js';
import type { SlaPolicy } from '../../platform/sla/policy-types.js';
import { applicationClocks, liveClock, stageSpans } from './clock-rules.js';
import { missingItems, requiredDocuments } from './document-rules.js';
import type { ConnectionPolicy } from './policy.js';
import { flowOf, STAGE_OWNER } from './stage-rules.js';
import type { ApplicationSummary } from './schemas.js';
import type { AppRow, DocRow, EventRow } from './store.js';
import { ORDER_TYPE } from './sla-policies.js';

export function slaPolicyOf(ctx: SlaContext, a: AppRow): SlaPolicy | null {
  return selectPolicy(
    ctx.policies,
    ctx.sets,
    a.policySet,
    { orderType: ORDER_TYPE, subtype: a.kind, channel: a.channel, customerClass: a.customerClass, areaType: null },
    a.receivedAt,
  );
}

/** Today's local date in the SLA timezone. */
export function localToday(ctx: SlaContext, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function clocksOf(ctx: SlaContext, a: AppRow, events: readonly EventRow[], now: Date) {
  return applicationClocks(slaPolicyOf(ctx, a), flowOf(a.kind, a.customerClass), ctx.calendar, a.receivedAt, events, now);
}

export function missingOf(policy: ConnectionPolicy, a: AppRow, docs: readonly DocRow[], today: string) {
  const required = requiredDocuments(
    {
      kind: a.kind,
      customerClass: a.customerClass,
      voltageKv: a.voltageKv,
      legalEntity: a.legalEntity,
      highEnergy: a.highEnergy,
      initiator: a.initiator,
    },
    policy.documents.checklist,
  );
  return { required, missing: missingItems(required, docs, today) };
}

export function summaryOf(
  ctx: SlaContext,
  policy: ConnectionPolicy,
  a: AppRow,
  events: readonly EventRow[],
  docs: readonly DocRow[],
  now: Date,
): ApplicationSummary {
  const clocks = clocksOf(ctx, a, events, now);
  return {
    id: a.id,
    appNo: a.appNo,
    kind: a.kind,
    customerClass: a.customerClass,
    channel: a.channel,
    stage: a.stage,
    status: a.status,
    stageOwner: STAGE_OWNER[a.stage],
    customerWait: a.customerWait,
    waitReason: a.waitReason,
    applicantName: a.applicantName,
    address: a.address,
    requestedKva: a.requestedKva,
    orgUnitId: a.orgUnitId,
    policySet: a.policySet,
    receivedAt: a.receivedAt.toISOString(),
    clock: liveClock(clocks),
    missing: a.stage === 'acceptance' ? missingOf(policy, a, docs, localToday(ctx, now)).missing : [],
  };
}

export function spansOf(ctx: SlaContext, a: AppRow, events: readonly EventRow[], now: Date) {
  return stageSpans(a.receivedAt, events, now, ctx.calendar);
}
