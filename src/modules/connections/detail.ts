/** One application in full: stage timeline, clocks and their history, documents, reviews, agreements, plan, large-customer class. */
import type { Db } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import type { Principal } from '../identity/index.js';
import { requiredAgreements, reviewReasons } from './large-customer-rules.js';
import { largeOf } from './register-large.js';
import type { ApplicationDetail } from './schemas.js';
import { flowOf, nextStage } from './stage-rules.js';
import { agreementsOf, documentsOf, eventsOf, findVisible, policyVersion, reviewsOf, transformerOf } from './store.js';
import { planView } from './supply-plan.js';
import { disputesOf } from './disputes.js';
import { clocksOf, localToday, missingOf, spansOf, summaryOf } from './view.js';

export async function applicationDetail(db: Db, p: Principal, id: number, now = new Date()): Promise<ApplicationDetail> {
  const ctx = await getSlaContext(db);
  const a = await findVisible(db, p, id);
  const policy = await policyVersion(db, a.policyVersion);
  const [events, docs, reviews, agreements, disputes, transformer] = await Promise.all([
    eventsOf(db, [id]),
    documentsOf(db, [id]),
    reviewsOf(db, id),
    agreementsOf(db, id),
    disputesOf(db, id),
    transformerOf(db, a.plan?.transformerId),
  ]);
  const ev = events.get(id)!;
  const dl = docs.get(id)!;
  const flow = flowOf(a.kind, a.customerClass);
  const large = largeOf(a, policy);
  const summary = summaryOf(ctx, policy, a, ev, dl, now);
  return {
    application: {
      ...summary,
      initiator: a.initiator,
      applicantPhone: a.applicantPhone,
      voltageKv: a.voltageKv,
      existingKva: a.existingKva,
      longTermKva: a.longTermKva,
      annualKwh: a.annualKwh,
      legalEntity: a.legalEntity,
      industry: a.industry,
      highEnergy: a.highEnergy,
      important: a.important,
      highRisk: a.highRisk,
      ownGeneration: a.ownGeneration,
      dedicatedLine: a.dedicatedLine,
      customerId: a.customerId,
      servicePointId: a.servicePointId,
      details: a.details,
      customerChoices: a.customerChoices,
      fees: a.feeItems,
      missingNoticeAt: a.missingNoticeAt?.toISOString() ?? null,
      powerOnAt: a.powerOnAt?.toISOString() ?? null,
    },
    flow,
    nextStage: a.status !== 'open' ? null : a.stage === 'archive' ? 'archived' : nextStage(flow, a.stage),
    stages: spansOf(ctx, a, ev, now),
    clocks: clocksOf(ctx, a, ev, now),
    events: ev.map((e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, state: e.state, stage: e.stage, actorName: e.actorName, note: e.note })),
    requiredDocuments: missingOf(policy, a, dl, localToday(ctx, now)).required,
    documents: dl,
    reviewReasons: reviewReasons(a, policy),
    reviews,
    requiredAgreements: requiredAgreements({ large: large.large, customerClass: a.customerClass, ownGeneration: a.ownGeneration }),
    agreements,
    plan: planView(a, policy, transformer),
    large: { large: large.large, contractedKva: large.contractedKva, reasons: large.reasons, powerFactor: large.powerFactor },
    publishedFees: policy.fees,
    disputes,
  };
}
