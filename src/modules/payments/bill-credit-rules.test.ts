import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCredit, creditSourcesOf } from './bill-credit-rules.js';
import { planPayment, type BillState, type WrittenOffDebt } from './payment-rules.js';
import { PAYMENTS_POLICY } from './policy-data.js';

const policy = PAYMENTS_POLICY;
const bill = (o: Partial<BillState>): BillState => ({
  billId: 1,
  cycle: '2025-06',
  customerClass: 'commercial_industrial',
  totalFen: 0,
  releasedOn: '2025-06-10',
  principalPayments: [],
  feeChargedFen: 0,
  feePaidFen: 0,
  ...o,
});

test('worked example (billing.md §19): the −¥197,449.18 month-end bill settles the unpaid interim, ¥47,439.09 kept as credit', () => {
  // May ¥307,713.00, two interims of 48.75 % = ¥150,010.09 each; June costs ¥102,571.00 → month-end −¥197,449.18
  const i1 = bill({ billId: 11, totalFen: 15_001_009, dueDate: '2025-06-13', principalPayments: [{ date: '2025-06-12', principalFen: 15_001_009 }] });
  const i2 = bill({ billId: 12, totalFen: 15_001_009, releasedOn: '2025-06-20', dueDate: '2025-06-23' });
  const monthEnd = { billId: 13, cycle: '2025-06', totalFen: 10_257_100 - 2 * 15_001_009, customerClass: 'commercial_industrial' };
  assert.equal(monthEnd.totalFen, -19_744_918);
  const [credit] = creditSourcesOf([i1, i2, monthEnd], new Map([[11, 15_001_009]]));
  assert.deepEqual(credit, {
    source: 'credit_bill',
    billId: 13,
    cycle: '2025-06',
    creditFen: 19_744_918,
    customerClass: 'commercial_industrial',
    reference: 'bill:13',
  });
  // applied on 21 June (the interim not due yet: no fee)
  const plan = applyCredit([i1, i2], credit, '2025-06-21', policy);
  assert.deepEqual(
    plan.allocation.lines.map((l) => [l.billId, l.kind, l.amountFen]),
    [['12', 'principal', 15_001_009]],
  );
  assert.equal(plan.creditFen, 4_743_909);
  assert.equal(plan.principalFen + plan.lateFeeFen + plan.creditFen, 19_744_918);
  // Σ interims + month-end = the month: 150,010.09 × 2 − 197,449.18 = 102,571.00
  assert.equal(15_001_009 * 2 + monthEnd.totalFen, 10_257_100);
});

test('a credit is applied as a payment would be: the fee due now charged, oldest debt first, principal before fee', () => {
  // ¥1,000 commercial bill due 31 May (the late-fee worked example), a newer ¥500 bill, a ¥1,100 credit on 10 June
  const old = bill({ billId: 1, totalFen: 100_000, releasedOn: '2026-05-16', dueDate: '2026-05-31' });
  const newer = bill({ billId: 2, totalFen: 50_000, releasedOn: '2026-06-05', dueDate: '2026-06-20' });
  const plan = applyCredit(
    [newer, old],
    { source: 'credit_bill', billId: 9, cycle: '2026-05', creditFen: 110_000, customerClass: null, reference: 'bill:9' },
    '2026-06-10',
    policy,
  );
  // 10 × 2‰ × 100,000 = ¥20.00 charged; then bill 1's principal, its fee, then bill 2's principal
  assert.deepEqual(
    plan.charges.map((c) => [c.billId, c.amountFen]),
    [[1, 2_000]],
  );
  assert.deepEqual(
    plan.allocation.lines.map((l) => [l.billId, l.kind, l.amountFen]),
    [
      ['1', 'principal', 100_000],
      ['1', 'late_fee', 2_000],
      ['2', 'principal', 8_000],
    ],
  );
  assert.equal(plan.creditFen, 0);
});

test('a cancelled bill with money paid on it is a credit of that principal; a rebill below zero is a credit bill', () => {
  // bill 5 (¥100.00) paid ¥60.00, then cancelled and rebilled as bill 7 at ¥80.00: bill 5 is no longer released
  const sources = creditSourcesOf(
    [
      { billId: 7, cycle: '2026-10', totalFen: 8_000, customerClass: 'residential' },
      { billId: 8, cycle: '2026-09', totalFen: -1_500, customerClass: 'residential' },
    ],
    new Map([
      [5, 6_000],
      [7, 0],
    ]),
  );
  assert.deepEqual(
    sources.map((s) => [s.source, s.billId, s.creditFen, s.reference]),
    [
      ['cancelled_bill', 5, 6_000, 'cancel:5'],
      ['credit_bill', 8, 1_500, 'bill:8'],
    ],
  );
  // the ¥60.00 pays the rebill's ¥80.00 in part: ¥20.00 still owed, nothing kept as credit
  const plan = applyCredit([bill({ billId: 7, totalFen: 8_000, releasedOn: '2026-11-01', dueDate: '2026-11-16' })], sources[0], '2026-11-02', policy);
  assert.deepEqual(
    plan.allocation.lines.map((l) => [l.billId, l.kind, l.amountFen]),
    [['7', 'principal', 6_000]],
  );
  assert.equal(plan.creditFen, 0);
  // a written-off bill is not a credit source
  assert.deepEqual(creditSourcesOf([], new Map([[5, 6_000]]), new Set([5])), []);
});

test('坏账收回: what is left after the open debts recovers written-off debts, oldest first, principal before fee; the rest is credit', () => {
  const open = bill({ billId: 3, totalFen: 5_000, releasedOn: '2026-11-01', dueDate: '2026-11-16' });
  const writtenOff: WrittenOffDebt[] = [
    { writeOffId: 1, billId: 2, dueDate: '2025-06-15', customerClass: 'residential', principalFen: 4_000, lateFeeFen: 300 },
    { writeOffId: 1, billId: 1, dueDate: '2025-05-15', customerClass: 'residential', principalFen: 6_000, lateFeeFen: 200 },
  ];
  const part = planPayment([open], 12_000, '2026-11-02', policy, writtenOff);
  assert.deepEqual(
    part.allocation.lines.map((l) => [l.billId, l.kind, l.amountFen]),
    [
      ['3', 'principal', 5_000],
      ['1', 'principal', 6_000],
      ['1', 'late_fee', 200],
      ['2', 'principal', 800],
    ],
  );
  assert.deepEqual(part.recovery, {
    lines: [
      { writeOffId: 1, billId: 1, customerClass: 'residential', principalFen: 6_000, lateFeeFen: 200 },
      { writeOffId: 1, billId: 2, customerClass: 'residential', principalFen: 800, lateFeeFen: 0 },
    ],
    principalFen: 6_800,
    lateFeeFen: 200,
  });
  assert.equal(part.recoverableFen, 10_500);
  assert.equal(part.creditFen, 0);
  assert.equal(part.principalFen, 11_800);
  const all = planPayment([open], 20_000, '2026-11-02', policy, writtenOff);
  assert.equal(all.recovery.principalFen + all.recovery.lateFeeFen, 10_500);
  assert.equal(all.creditFen, 4_500);
  assert.equal(all.principalFen + all.lateFeeFen + all.creditFen, 20_000);
  // a policy without recovery keeps the rest as credit, as before
  const off = planPayment([open], 20_000, '2026-11-02', { ...policy, recoverWrittenOff: false }, writtenOff);
  assert.equal(off.recovery.lines.length, 0);
  assert.equal(off.creditFen, 15_000);
});
