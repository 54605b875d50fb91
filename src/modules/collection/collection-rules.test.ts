/** Collection rules (docs/collection.md): ageing buckets, risk score with reasons, the stop-order guard, installments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageingBucket, ageingLabels, installmentStatus, riskScore, stopFromDate, stopRefusal } from './collection-rules.js';
import { COLLECTION_DEFAULT as P } from './policy-data.js';
import type { StopFacts } from './schemas.js';

test('ageing buckets from the policy bounds: 1–30, 31–60, …, past the last bound the last bucket', () => {
  const b = P.ageingBounds;
  assert.deepEqual(ageingLabels(b), ['1–30', '31–60', '61–90', '91–180', '181–365', '366+']);
  assert.deepEqual(
    [1, 30, 31, 60, 61, 90, 91, 180, 181, 365, 366, 5000].map((d) => ageingBucket(d, b)),
    [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
  );
  assert.equal(ageingBucket(10, [7]), 1);
});

test('risk: points per factor, capped, with every reason shown', () => {
  const r = riskScore(
    { maxOverdueDays: 75, arrearsFen: 250_000, latePayments12m: 2, customerClass: 'commercial_industrial', prepaid: false, brokenInstallments: 0 },
    P,
  );
  // 3 months × 10 = 30; 2 × 5 = 10; ¥2,500 = 2 whole steps of ¥1,000 × 5 = 10; non-residential 10
  assert.deepEqual(
    r.reasons.map((x) => [x.code, x.points]),
    [
      ['overdue', 30],
      ['late_history', 10],
      ['arrears', 10],
      ['class', 10],
    ],
  );
  assert.equal(r.score, 60);
  assert.equal(r.level, 'high');
  const low = riskScore({ maxOverdueDays: 0, arrearsFen: 0, latePayments12m: 0, customerClass: 'residential', prepaid: true, brokenInstallments: 0 }, P);
  assert.equal(low.score, 0, 'never below 0');
  assert.deepEqual(
    low.reasons.map((x) => x.code),
    ['prepaid'],
  );
  const capped = riskScore({ maxOverdueDays: 900, arrearsFen: 99_000_000, latePayments12m: 12, customerClass: 'hv', prepaid: false, brokenInstallments: 3 }, P);
  assert.equal(capped.score, 100, 'capped at 100');
  assert.equal(capped.reasons.find((x) => x.code === 'overdue')!.points, P.risk.overdueMax);
});

const facts = (f: Partial<StopFacts>): StopFacts => ({
  today: '2026-07-20',
  maxOverdueDays: 45,
  arrearsFen: 50_000,
  notice: { id: 1, servedOn: '2026-07-10', stopFrom: stopFromDate('2026-07-10', P) },
  callAfterNotice: true,
  activeInstallment: false,
  openStopOrder: false,
  ...f,
});

test('stop order: allowed only with the served notice, after its period, > 30 days overdue, with the call', () => {
  assert.equal(stopFromDate('2026-07-10', P), '2026-07-17', 'notice 7 days by default');
  assert.equal(stopRefusal(facts({}), P), null);
  const code = (f: Partial<StopFacts>) => stopRefusal(facts(f), P)?.code;
  assert.equal(code({ notice: null }), 'NOTICE_MISSING');
  assert.equal(code({ today: '2026-07-16' }), 'NOTICE_PERIOD');
  assert.equal(code({ today: '2026-07-17' }), undefined, 'the first day after the period');
  assert.equal(code({ maxOverdueDays: 30 }), 'NOT_OVERDUE_ENOUGH', 'more than 30 days, not 30');
  assert.equal(code({ callAfterNotice: false }), 'CALL_MISSING');
  assert.equal(stopRefusal(facts({ callAfterNotice: false }), { ...P, callBeforeStop: false }), null);
  assert.equal(code({ activeInstallment: true }), 'INSTALLMENT_ACTIVE');
  assert.equal(code({ arrearsFen: 0 }), 'NO_ARREARS');
  assert.equal(code({ openStopOrder: true }), 'STOP_ORDER_OPEN');
  assert.equal(stopRefusal(facts({ notice: null }), P)!.kind, 'conflict');
});

test('installments: broken when an installment past its day is not covered, completed when all is paid', () => {
  const items = [
    { dueOn: '2026-08-01', amountFen: 10_000 },
    { dueOn: '2026-09-01', amountFen: 10_000 },
  ];
  assert.equal(installmentStatus(items, 0, '2026-08-01').status, 'active', 'the due day itself is still in time');
  assert.equal(installmentStatus(items, 0, '2026-08-02').status, 'broken');
  assert.equal(installmentStatus(items, 10_000, '2026-08-20').status, 'active');
  assert.equal(installmentStatus(items, 19_999, '2026-09-02').status, 'broken');
  assert.equal(installmentStatus(items, 20_000, '2026-08-20').status, 'completed');
});
