import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDay, dueDateOf, overpayNeedsConfirmation, owedLines, planPayment, type BillState } from './payment-rules.js';
import { PAYMENTS_POLICY } from './policy-data.js';

const policy = PAYMENTS_POLICY;
// released 16 May, due 31 May (dueDays 15): the worked example of docs/collection.md
const bill = (o: Partial<BillState> = {}): BillState => ({
  billId: 1,
  cycle: '2026-04',
  customerClass: 'commercial_industrial',
  totalFen: 100_000,
  releasedOn: '2026-05-16',
  principalPayments: [],
  feeChargedFen: 0,
  feePaidFen: 0,
  ...o,
});

test('the due date is the release day plus the policy term', () => {
  assert.equal(dueDateOf('2026-05-16', policy), '2026-05-31');
  assert.equal(dueDateOf('2026-12-20', policy), '2027-01-04');
});

test('paid on the due date: no fee; the next day: one fee day', () => {
  assert.equal(owedLines([bill()], '2026-05-31', policy)[0].lateFee.dueNowFen, 0);
  const l = owedLines([bill()], '2026-06-01', policy)[0];
  assert.equal(l.lateFee.days, 1);
  assert.equal(l.lateFee.dueNowFen, 200); // 1 × 2‰ × 100,000
});

test('worked example: ¥400 paid 10 June with its fee charged, the rest on 20 June (¥20.00 + ¥12.00)', () => {
  const first = planPayment([bill()], 40_000 + 2_000, '2026-06-10', policy);
  assert.deepEqual(
    first.charges.map((c) => c.amountFen),
    [2_000],
  );
  // principal first (after_principal): the whole 42,000 goes to principal, the fee stays owed
  assert.equal(first.principalFen + first.lateFeeFen + first.creditFen, 42_000);
  assert.equal(first.principalFen, 42_000);
  // state after a payment that put 40,000 on principal and 2,000 on the fee
  const after = bill({ principalPayments: [{ date: '2026-06-10', principalFen: 40_000 }], feeChargedFen: 2_000, feePaidFen: 2_000 });
  const l = owedLines([after], '2026-06-20', policy)[0];
  assert.equal(l.lateFee.totalFen, 3_200);
  assert.equal(l.lateFee.dueNowFen, 1_200);
  assert.equal(l.owedNowFen, 60_000 + 1_200);
  assert.equal(l.lateFee.lines.length, 2);
});

test('the ¥1 floor: a residential bill one day late owes ¥1, not 10 fen', () => {
  const l = owedLines([bill({ customerClass: 'residential', totalFen: 10_000 })], '2026-06-01', policy)[0];
  assert.equal(l.lateFee.roundedFen, 10);
  assert.equal(l.lateFee.minimumApplied, true);
  assert.equal(l.lateFee.dueNowFen, 100);
});

test('oldest debt first, partial payments stop where the money ends, overpayment is credit', () => {
  const older = bill({ billId: 7, cycle: '2026-03', releasedOn: '2026-04-16', totalFen: 5_000 });
  const newer = bill({ billId: 3, cycle: '2026-04', releasedOn: '2026-05-16', totalFen: 8_000 });
  const part = planPayment([newer, older], 6_000, '2026-05-20', policy);
  assert.deepEqual(
    part.allocation.lines.map((l) => [l.billId, l.kind, l.amountFen]),
    [
      ['7', 'principal', 5_000],
      ['7', 'late_fee', 190], // due 1 May: 19 fee days × 2‰ × 5,000 = 190 fen
      ['3', 'principal', 810], // not yet due: no fee
    ],
  );
  assert.equal(part.creditFen, 0);
  const over = planPayment([newer, older], 20_000, '2026-05-20', policy);
  assert.equal(over.creditFen, 20_000 - 5_000 - 190 - 8_000);
  assert.equal(over.principalFen + over.lateFeeFen + over.creditFen, 20_000);
});

test('fee before principal only when the policy says so', () => {
  const b = bill({ releasedOn: '2026-05-16' });
  const feeFirst = planPayment([b], 1_000, '2026-06-10', { ...policy, allocation: { feeOrder: 'before_principal', source: 'test' } });
  assert.deepEqual(
    feeFirst.allocation.lines.map((l) => [l.kind, l.amountFen]),
    [['late_fee', 1_000]],
  );
  const principalFirst = planPayment([b], 1_000, '2026-06-10', policy);
  assert.deepEqual(
    principalFirst.allocation.lines.map((l) => [l.kind, l.amountFen]),
    [['principal', 1_000]],
  );
});

test('a fee across the year boundary: current-year 2‰ then prior-year 3‰', () => {
  const b = bill({ releasedOn: '2026-12-16', cycle: '2026-11' }); // due 31 Dec 2026
  const l = owedLines([b], '2027-01-02', policy)[0];
  assert.deepEqual(
    l.lateFee.lines.map((x) => [x.from, x.days, x.rate]),
    [['2027-01-01', 2, '0.003']],
  );
  const b2 = bill({ releasedOn: '2026-12-01', cycle: '2026-11' }); // due 16 Dec 2026
  const l2 = owedLines([b2], '2027-01-02', policy)[0];
  assert.deepEqual(
    l2.lateFee.lines.map((x) => [x.from, x.to, x.rate]),
    [
      ['2026-12-17', '2026-12-31', '0.002'],
      ['2027-01-01', '2027-01-02', '0.003'],
    ],
  );
  assert.equal(l2.lateFee.totalFen, 15 * 200 + 2 * 300);
});

test('overpayment beyond the margin needs confirmation', () => {
  assert.equal(overpayNeedsConfirmation(10_000 + policy.overpayConfirmFen, 10_000, policy), false);
  assert.equal(overpayNeedsConfirmation(10_001 + policy.overpayConfirmFen, 10_000, policy), true);
});

test('the daily close balances to the fen or names the difference per method', () => {
  const sys = { cash: 12_345, card: 500, transfer: 0 };
  assert.equal(closeDay(sys, { ...sys }, policy.counterMethods).balanced, true);
  const off = closeDay(sys, { cash: 12_344, card: 500, transfer: 0 }, policy.counterMethods);
  assert.equal(off.balanced, false);
  assert.deepEqual(off.lines[0], { method: 'cash', systemFen: 12_345, declaredFen: 12_344, differenceFen: -1 });
});
