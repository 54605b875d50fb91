/**
 * Worked examples of the connection rules (docs/connections.md): clock limits per class and
 * policy set on the shared SLA engine and calendar (Spring Festival and National Day 2026, with
 * customer pauses), stage order, documents, supply plan checks, large customers, pause/reduction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendar, iso, local } from '../../platform/sla/test-fixtures.js';
import type { OrderEvent } from '../../platform/sla/policy-types.js';
import { applicationClocks, liveClock, stageSpans } from './clock-rules.js';
import { CONNECTION_SLA_POLICIES } from './sla-policies.js';
import { checkMove, CUSTOMER_WAIT, flowOf, type CustomerClass, type Kind } from './stage-rules.js';
import { DEFAULT_CONNECTION_POLICY as P } from './policy.js';
import {
  capacityAfter,
  classifyLarge,
  dedicatedLineEligibility,
  powerFactorStandard,
  requiredAgreements,
  reviewReasons,
  reviewStage,
} from './large-customer-rules.js';
import { missingItems, requiredDocuments, sniffType, uploadProblems } from './document-rules.js';
import { loadCurrentA, planWarnings, unresolvedWarnings } from './supply-plan-rules.js';
import { pauseProblems, reductionProblems, restoreProblems, wholeTransformers } from './pause-rules.js';
import { policyProblems } from './policy-rules.js';
import { DomainError } from '../../platform/errors.js';
import { validatePolicy } from '../../platform/sla/validate-policy.js';
import { clockVocabulary } from './stage-rules.js';

const policyOf = (set: string, cls: CustomerClass) => CONNECTION_SLA_POLICIES.find((p) => p.policySet === set && p.match.customerClass === cls)!;
const ev = (at: string, action: string, state: string): OrderEvent => ({ at: local(at), action, state });
const clocks = (set: string, cls: CustomerClass, received: string, now: string, events: OrderEvent[] = [], kind: Kind = 'new') =>
  applicationClocks(policyOf(set, cls), flowOf(kind, cls), calendar, local(received), events, local(now));
const due = (set: string, cls: CustomerClass, received: string, now: string, events: OrderEvent[] = [], name?: string) => {
  const cs = clocks(set, cls, received, now, events);
  return (name ? cs.find((c) => c.name === name)! : cs[0]).dueAt;
};

test('current set: whole-process limits 5 / 6 / 22 / 32 working days, day of receipt not counted, ending 24:00', () => {
  // received Monday 2026-03-02: residential ends with Monday 03-09, LV non-residential Tuesday 03-10
  assert.equal(due('current', 'residential', '2026-03-02T10:00', '2026-03-02T11:00'), iso('2026-03-10T00:00'));
  assert.equal(due('current', 'lv_nonresidential', '2026-03-02T10:00', '2026-03-02T11:00'), iso('2026-03-11T00:00'));
  // 22 working days from 03-02: 03-03..31 are 21, so Wednesday 04-01
  assert.equal(due('current', 'hv_single', '2026-03-02T10:00', '2026-03-02T11:00'), iso('2026-04-02T00:00'));
  // 32: 04-02, 03 (24), Qingming 04-04..06 off, 04-07..10 (28), 04-13..16 (32) → Thursday 04-16
  assert.equal(due('current', 'hv_dual', '2026-03-02T10:00', '2026-03-02T11:00'), iso('2026-04-17T00:00'));
});

test('2011 set: supply plan reply 3 / 7 / 15 / 30 working days; power-on 3 or 5 after contract', () => {
  assert.equal(due('2011', 'residential', '2026-03-02T10:00', '2026-03-02T11:00', [], 'plan_reply'), iso('2026-03-06T00:00'));
  assert.equal(due('2011', 'lv_nonresidential', '2026-03-02T10:00', '2026-03-02T11:00', [], 'plan_reply'), iso('2026-03-12T00:00'));
  assert.equal(due('2011', 'hv_single', '2026-03-02T10:00', '2026-03-02T11:00', [], 'plan_reply'), iso('2026-03-24T00:00'));
  // 30: 03-03..31 = 21, 04-01..03 = 24, 04-07..10 = 28, 04-13, 14 = 30
  assert.equal(due('2011', 'hv_dual', '2026-03-02T10:00', '2026-03-02T11:00', [], 'plan_reply'), iso('2026-04-15T00:00'));
  // the power-on clock waits for the contract, then counts 3 (residential) / 5 (others) working days
  const before = clocks('2011', 'residential', '2026-03-02T10:00', '2026-03-03T11:00');
  assert.equal(before.find((c) => c.name === 'power_on')!.state, 'pending');
  const evs = [
    ev('2026-03-03T09:00', 'done:acceptance', 'survey'),
    ev('2026-03-03T10:00', 'done:survey', 'plan'),
    ev('2026-03-04T10:00', 'done:plan', 'completion'),
    ev('2026-03-05T10:00', 'done:completion', 'contract'),
    ev('2026-03-06T10:00', 'done:contract', 'power_on'),
  ];
  const after = clocks('2011', 'residential', '2026-03-02T10:00', '2026-03-06T11:00', evs);
  assert.equal(after.find((c) => c.name === 'plan_reply')!.state, 'met');
  assert.equal(after.find((c) => c.name === 'power_on')!.dueAt, iso('2026-03-12T00:00'), 'Friday 03-06 + 3 working days = Wednesday 03-11');
  assert.equal(due('2011', 'hv_single', '2026-03-02T10:00', '2026-03-06T11:00', evs, 'power_on'), iso('2026-03-14T00:00'), '+5 = Friday 03-13');
});

test('2011 clocks that need a stage the flow lacks do not apply (a rename has no plan and no power-on)', () => {
  const cs = clocks('2011', 'residential', '2026-03-02T10:00', '2026-03-02T11:00', [], 'rename');
  assert.deepEqual(
    cs.map((c) => c.name),
    [],
  );
  assert.deepEqual(
    clocks('current', 'residential', '2026-03-02T10:00', '2026-03-02T11:00', [], 'rename').map((c) => c.name),
    ['process'],
  );
});

test('Spring Festival 2026: holidays 02-15..23 do not count, the make-up Saturday 02-14 and 02-28 do; a customer pause adds back the working time it covered', () => {
  // received Thursday 02-12: 02-13 (1), Sat 02-14 make-up (2), holiday, 02-24 (3), 02-25 (4), 02-26 (5)
  assert.equal(due('current', 'residential', '2026-02-12T10:00', '2026-02-12T11:00'), iso('2026-02-27T00:00'));
  // the customer's time 02-13 09:00 → 02-24 09:00 covers 15 h + 24 h + 9 h = 48 working hours = 2 days: 02-27 and the make-up Saturday 02-28
  const evs = [ev('2026-02-13T09:00', 'customer_pause', CUSTOMER_WAIT), ev('2026-02-24T09:00', 'customer_resume', 'acceptance')];
  assert.equal(due('current', 'residential', '2026-02-12T10:00', '2026-02-24T10:00', evs), iso('2026-03-01T00:00'));
  const live = liveClock(clocks('current', 'residential', '2026-02-12T10:00', '2026-02-24T10:00', evs))!;
  assert.equal(live.paused, false);
  assert.equal(live.customerMs, 11 * 24 * 3600_000, 'the customer time shown: 11 natural days');
  // while still paused the clock shows as paused, never overdue, however long the customer takes
  const paused = liveClock(clocks('current', 'residential', '2026-02-12T10:00', '2026-03-20T10:00', evs.slice(0, 1)))!;
  assert.equal(paused.paused, true);
  assert.equal(paused.overdue, false);
});

test('National Day 2026: HV single supply, 22 working days across Mid-Autumn and National Day with the make-up Saturday 10-10', () => {
  // received Wed 09-23: 09-24 (1), 09-25..27 holiday, 09-28..30 (4), 10-01..07 holiday, 10-08, 09 (6), Sat 10-10 make-up (7), then 15 more → Fri 10-30
  assert.equal(due('current', 'hv_single', '2026-09-23T16:00', '2026-09-23T17:00'), iso('2026-10-31T00:00'));
  // building works on the customer side 10-12 00:00 → 10-19 00:00: five working days added back → Fri 11-06
  const evs = [ev('2026-10-12T00:00', 'customer_pause', CUSTOMER_WAIT), ev('2026-10-19T00:00', 'customer_resume', 'completion')];
  assert.equal(due('current', 'hv_single', '2026-09-23T16:00', '2026-10-19T08:00', evs), iso('2026-11-07T00:00'));
  // overdue when nobody acts: on 11-09 the clock is breached
  const late = liveClock(clocks('current', 'hv_single', '2026-09-23T16:00', '2026-11-09T08:00', evs))!;
  assert.equal(late.overdue, true);
  assert.ok(late.remainingMs! < 0);
});

test('stage timeline: working days per stage with the customer time shown apart', () => {
  const evs = [
    { ...ev('2026-03-02T10:00', 'receive', 'acceptance'), stage: 'acceptance' },
    { ...ev('2026-03-03T10:00', 'customer_pause', CUSTOMER_WAIT), stage: 'acceptance' },
    { ...ev('2026-03-04T10:00', 'customer_resume', 'acceptance'), stage: 'acceptance' },
    { ...ev('2026-03-05T10:00', 'done:acceptance', 'survey'), stage: 'survey' },
  ];
  const spans = stageSpans(local('2026-03-02T10:00'), evs, local('2026-03-06T10:00'), calendar);
  assert.deepEqual(
    spans.map((s) => [s.stage, s.workingDays, s.customerMs / 3600_000]),
    [
      ['acceptance', 2, 24],
      ['survey', 1, 0],
    ],
  );
});

test('a stage cannot be skipped; HV flows have design review and mid-construction inspection', () => {
  const hv = flowOf('new', 'hv_single');
  assert.ok(hv.includes('design_review') && hv.includes('mid_inspection'));
  assert.ok(!flowOf('new', 'residential').includes('design_review'));
  checkMove(hv, 'acceptance', 'survey');
  assert.throws(
    () => checkMove(hv, 'acceptance', 'plan'),
    (e: DomainError) => e.code === 'STAGE_SKIPPED' && e.details[0].rule === 'no_skip' && /现场勘查/.test(e.zh),
  );
  assert.throws(
    () => checkMove(flowOf('new', 'residential'), 'plan', 'design_review'),
    (e: DomainError) => e.details[0].rule === 'stage_in_flow',
  );
  assert.throws(
    () => checkMove(hv, 'plan', 'survey'),
    (e: DomainError) => e.details[0].rule === 'forward_only',
  );
});

test('large customers: exactly 2000 kVA or exactly 5,000,000 kWh is large; just under is not; flags count', () => {
  const f = { contractedKva: 2000, annualKwh: 0, important: false, highRisk: false };
  assert.deepEqual(
    classifyLarge(f, P.large).reasons.map((r) => r.code),
    ['capacity'],
  );
  assert.equal(classifyLarge({ ...f, contractedKva: 1999.99 }, P.large).large, false);
  assert.deepEqual(
    classifyLarge({ ...f, contractedKva: 0, annualKwh: 5_000_000 }, P.large).reasons.map((r) => r.code),
    ['consumption'],
  );
  assert.equal(classifyLarge({ ...f, contractedKva: 0, annualKwh: 4_999_999 }, P.large).large, false);
  assert.deepEqual(
    classifyLarge({ contractedKva: 100, annualKwh: 0, important: true, highRisk: true }, P.large).reasons.map((r) => r.code),
    ['important', 'high_risk'],
  );
  // recomputed with the capacity an application brings: 1600 existing + 400 increase = 2000
  assert.equal(capacityAfter('increase', 1600, 400), 2000);
  assert.equal(capacityAfter('reduction', 2500, 630), 1870);
});

test('power-factor standard, dedicated-line eligibility, reviews and agreements', () => {
  assert.equal(powerFactorStandard('hv_single', 'industrial', 160, P.powerFactor), 0.9);
  assert.equal(powerFactorStandard('hv_single', 'industrial', 150, P.powerFactor), 0.85);
  assert.equal(powerFactorStandard('lv_nonresidential', 'commercial', 100, P.powerFactor), 0.85);
  assert.equal(powerFactorStandard('lv_nonresidential', 'commercial', 99, P.powerFactor), null);
  assert.equal(powerFactorStandard('hv_single', 'agricultural', 100, P.powerFactor), 0.8);
  assert.equal(powerFactorStandard('residential', 'residential', 10, P.powerFactor), null);
  assert.equal(
    dedicatedLineEligibility(
      { existingKva: 4000, existingYears: 4, longTermKva: 0, freeBay: false, firstApplicationKva: 0, withinOneYearKva: 0 },
      P.dedicatedLine,
    ).basis,
    'existing',
  );
  const plan = dedicatedLineEligibility(
    { existingKva: 4000, existingYears: 3, longTermKva: 4000, freeBay: false, firstApplicationKva: 1999, withinOneYearKva: 4000 },
    P.dedicatedLine,
  );
  assert.deepEqual(
    plan.unmet.map((u) => u.code),
    ['free_bay', 'first_application'],
  );
  assert.equal(
    dedicatedLineEligibility(
      { existingKva: 0, existingYears: 0, longTermKva: 4000, freeBay: true, firstApplicationKva: 2000, withinOneYearKva: 4000 },
      P.dedicatedLine,
    ).eligible,
    true,
  );
  assert.deepEqual(reviewReasons({ dedicatedLine: false, customerClass: 'hv_single', requestedKva: 1999 }, P), []);
  assert.deepEqual(
    reviewReasons({ dedicatedLine: true, customerClass: 'hv_dual', requestedKva: 2000 }, P).map((r) => r.code),
    ['dedicated_line', 'hv_dual', 'capacity'],
  );
  assert.deepEqual(requiredAgreements({ large: true, customerClass: 'hv_dual', ownGeneration: true }), [
    'supply_contract',
    'dispatch_agreement',
    'generation_agreement',
    'anti_backfeed',
  ]);
  assert.deepEqual(requiredAgreements({ large: false, customerClass: 'residential', ownGeneration: false }), []);
});

test('document checklist by class, voltage and industry; missing and expired items each named', () => {
  assert.deepEqual(
    requiredDocuments(
      { kind: 'new', customerClass: 'residential', voltageKv: 0.22, legalEntity: false, highEnergy: false, initiator: 'customer' },
      P.documents.checklist,
    ),
    ['id_card', 'property_proof'],
  );
  const hv = requiredDocuments(
    { kind: 'new', customerClass: 'hv_single', voltageKv: 10, legalEntity: true, highEnergy: true, initiator: 'customer' },
    P.documents.checklist,
  );
  assert.deepEqual(hv, [
    'business_licence',
    'legal_person_id',
    'project_approval',
    'site_plan',
    'equipment_list',
    'substation_design',
    'capacity_plan',
    'environmental_assessment',
    'production_permit',
  ]);
  const m = missingItems(['id_card', 'property_proof'], [{ kind: 'id_card', validUntil: '2026-03-01' }], '2026-03-02');
  assert.deepEqual(
    m.map((x) => [x.kind, x.problem]),
    [
      ['id_card', 'expired'],
      ['property_proof', 'missing'],
    ],
  );
  assert.deepEqual(missingItems(['id_card'], [{ kind: 'id_card', validUntil: '2026-03-02' }], '2026-03-02'), [], 'valid through its last day');
});

test('uploads are judged by content: PDF, JPEG, PNG magic bytes; size limit from the policy', () => {
  assert.equal(sniffType(Buffer.from('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
  assert.equal(sniffType(Buffer.from('MZ\x90\x00 an exe named x.pdf')), null);
  assert.equal(uploadProblems(Buffer.from('GIF89a'), P.documents)[0].rule, 'file_type');
  assert.equal(uploadProblems(Buffer.alloc(P.documents.maxBytes + 1, 0x25), P.documents)[0].rule, 'max_size');
  assert.deepEqual(uploadProblems(Buffer.from('%PDF-1.4 ok'), P.documents), []);
});

test('supply plan checks of a new dedicated transformer: I = S/(√3·U), HV room, HV metering, dry-type indoors', () => {
  assert.equal(Math.round(loadCurrentA(1000, 10) * 10) / 10, 57.7);
  const t = { kva: 1000, voltageKv: 10, type: 'oil' as const, indoor: true, hvRoom: false, hvMetering: false, ctPrimaryA: 50 };
  assert.deepEqual(
    planWarnings(t, P.supplyPlan).map((w) => w.check),
    ['hv_room', 'hv_metering', 'ct_rating', 'dry_type_indoor'],
  );
  assert.deepEqual(planWarnings({ ...t, type: 'dry', hvRoom: true, hvMetering: true, ctPrimaryA: 75 }, P.supplyPlan), []);
  assert.deepEqual(
    planWarnings({ ...t, type: 'dry', hvRoom: true, hvMetering: true, ctPrimaryA: 300 }, P.supplyPlan).map((w) => w.check),
    ['ct_rating'],
    '57.7 A is under 30% of 300 A',
  );
  const w = planWarnings(t, P.supplyPlan);
  assert.deepEqual(
    unresolvedWarnings(w, [
      { check: 'hv_room', reason: '利用原有配电室' },
      { check: 'ct_rating', reason: ' ' },
    ]).map((x) => x.check),
    ['hv_metering', 'ct_rating', 'dry_type_indoor'],
    'a blank reason overrides nothing',
  );
});

test('pause rules (供电营业规则): 5 days ahead, at least 15 days, at most twice and six months a year, whole transformers only', () => {
  const base = { requestedOn: '2026-03-01', startsOn: '2026-03-06', endsOn: '2026-03-21', kva: 630, transformers: [630, 400] };
  assert.deepEqual(pauseProblems(base, [], P.pause), []);
  assert.deepEqual(
    pauseProblems({ ...base, startsOn: '2026-03-05', endsOn: '2026-03-21' }, [], P.pause).map((p) => p.rule),
    ['notice_days'],
    '4 days ahead',
  );
  assert.deepEqual(
    pauseProblems({ ...base, endsOn: '2026-03-20' }, [], P.pause).map((p) => p.rule),
    ['min_days'],
    '14 days',
  );
  assert.deepEqual(
    pauseProblems({ ...base, kva: 500 }, [], P.pause).map((p) => p.rule),
    ['whole_transformer'],
    'part of a transformer',
  );
  assert.ok(wholeTransformers(1030, [630, 400]));
  const two = [
    { startsOn: '2026-01-10', endsOn: '2026-02-01' },
    { startsOn: '2026-02-10', endsOn: '2026-03-01' },
  ];
  assert.deepEqual(
    pauseProblems(base, two, P.pause).map((p) => p.rule),
    ['max_per_year'],
    'the third in a calendar year',
  );
  assert.deepEqual(
    pauseProblems(
      base,
      [
        { startsOn: '2025-12-01', endsOn: '2025-12-31' },
        { startsOn: '2025-11-01', endsOn: '2025-11-20' },
      ],
      P.pause,
    ),
    [],
    'last year does not count',
  );
  const july = { ...base, startsOn: '2026-07-01', endsOn: '2026-07-31', requestedOn: '2026-06-20' };
  assert.deepEqual(pauseProblems(july, [{ startsOn: '2026-01-01', endsOn: '2026-06-01' }], P.pause), [], '151 + 30 = 181 days: within six months (183)');
  assert.deepEqual(
    pauseProblems(july, [{ startsOn: '2026-01-01', endsOn: '2026-06-10' }], P.pause).map((p) => p.rule),
    ['max_days_per_year'],
    '160 + 30 = 190 days: more than six months a year',
  );
});

test('reduction: six months to two years, 5 days ahead; restoring needs 5 days notice', () => {
  const r = { requestedOn: '2026-03-01', startsOn: '2026-03-06', endsOn: '2026-09-06', kva: 630, contractedKva: 1630 };
  assert.deepEqual(reductionProblems(r, P.reduction), []);
  assert.deepEqual(
    reductionProblems({ ...r, endsOn: '2026-09-05' }, P.reduction).map((p) => p.rule),
    ['min_months'],
  );
  assert.deepEqual(
    reductionProblems({ ...r, endsOn: '2028-03-07' }, P.reduction).map((p) => p.rule),
    ['max_months'],
  );
  assert.deepEqual(
    reductionProblems({ ...r, kva: 1630 }, P.reduction).map((p) => p.rule),
    ['reduction_kva'],
  );
  assert.deepEqual(
    restoreProblems({ requestedOn: '2026-03-01', restoreOn: '2026-03-05' }, P.reduction).map((p) => p.rule),
    ['restore_notice_days'],
  );
  assert.deepEqual(restoreProblems({ requestedOn: '2026-03-01', restoreOn: '2026-03-06' }, P.reduction), []);
});

test('a policy document an administrator saves is checked field by field', () => {
  assert.deepEqual(policyProblems(P), []);
  const bad = JSON.parse(JSON.stringify(P));
  bad.pause.minDays = -1;
  delete bad.large.minKva;
  assert.deepEqual(
    policyProblems(bad).map((p) => p.field),
    ['large.minKva', 'pause.minDays'],
  );
  assert.deepEqual(
    policyProblems({ ...P, activeSet: 'x' }).map((p) => p.rule),
    ['policy_set'],
  );
});

test("the seeded connection clocks pass the SLA engine's own policy check against the flows' states and actions", () => {
  for (const p of CONNECTION_SLA_POLICIES) assert.deepEqual(validatePolicy(p, clockVocabulary()), [], `${p.policySet}/${p.code}`);
  const broken = { ...CONNECTION_SLA_POLICIES[0], clocks: [{ ...CONNECTION_SLA_POLICIES[0].clocks[0], pauseStates: ['waiting_customer'] }] };
  assert.deepEqual(
    validatePolicy(broken, clockVocabulary()).map((i) => i.rule),
    ['unknown_state'],
  );
});

test('the review board: the first review until one is approved, then the joint review; the last decision of each level counts', () => {
  const r = (level: 'first' | 'joint', decision: 'approved' | 'rejected') => ({ level, decision });
  assert.equal(reviewStage([]), 'first');
  assert.equal(reviewStage([r('first', 'rejected')]), 'first');
  assert.equal(reviewStage([r('first', 'rejected'), r('first', 'approved')]), 'joint');
  assert.equal(reviewStage([r('first', 'approved'), r('joint', 'rejected')]), 'joint');
  assert.equal(reviewStage([r('first', 'approved'), r('joint', 'approved')]), 'approved');
  // a first review rejected after all sends it back to the first review, whatever the joint one said
  assert.equal(reviewStage([r('first', 'approved'), r('joint', 'approved'), r('first', 'rejected')]), 'first');
});
