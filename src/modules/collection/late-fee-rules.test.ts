/** Late fee (docs/rules.md §3, 供电营业规则 1996 Art. 98): worked examples and edges, in integer fen. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateFee } from './late-fee-rules.js';
import { LATE_FEE_1996 } from './policy-data.js';
import type { LateFeeBill } from './schemas.js';

const P = LATE_FEE_1996;
const bill = (b: Partial<LateFeeBill>): LateFeeBill => ({
  billId: 'B1',
  customerClass: 'commercial_industrial',
  dueDate: '2026-05-31',
  principalFen: 100_000,
  ...b,
});

test('zero days: paid on or before the due date bears no fee and no minimum', () => {
  const r = lateFee(bill({}), [{ date: '2026-05-31', principalFen: 100_000 }], '2026-05-31', P);
  assert.equal(r.days, 0);
  assert.deepEqual(r.lines, []);
  assert.equal(r.totalFen, 0);
  assert.equal(r.minimumApplied, false);
  assert.equal(lateFee(bill({}), [], '2026-05-20', P).totalFen, 0, 'asOf before the due date');
});

test('not yet due: the result is the one counting gives for no fee day, the fee charged before kept', () => {
  const early = lateFee(bill({}), [], '2026-05-31', P, 150);
  assert.deepEqual(early, {
    billId: 'B1',
    days: 0,
    lines: [],
    exactFen: '0',
    roundedFen: 0,
    minimumApplied: false,
    totalFen: 0,
    alreadyChargedFen: 150,
    dueNowFen: 0,
  });
  // paid in full on the due date, counted to a later day: the loop runs and finds no fee day
  assert.deepEqual(lateFee(bill({}), [{ date: '2026-05-31', principalFen: 100_000 }], '2026-06-30', P, 150), early);
  assert.throws(() => lateFee(bill({}), [{ date: '2026-05-01', principalFen: 100_001 }], '2026-05-20', P), /exceeds|超过/);
});

test('the day after the due date is the first fee day and the day of payment the last (both included)', () => {
  const r = lateFee(bill({}), [{ date: '2026-06-01', principalFen: 100_000 }], '2026-06-30', P);
  assert.equal(r.days, 1);
  assert.deepEqual(r.lines, [{ from: '2026-06-01', to: '2026-06-01', days: 1, rate: '0.002', yearRate: 'currentYear', baseFen: 100_000, exactFen: '200' }]);
  assert.equal(r.totalFen, 200);
});

test('¥1 minimum: a residential fee of 25 fen is charged as 100 fen', () => {
  // ¥50 overdue 5 days at 1‰: 5 × 0.001 × 5000 = 25 fen < ¥1
  const r = lateFee(
    bill({ customerClass: 'residential', dueDate: '2026-03-10', principalFen: 5000 }),
    [{ date: '2026-03-15', principalFen: 5000 }],
    '2026-03-15',
    P,
  );
  assert.equal(r.days, 5);
  assert.equal(r.exactFen, '25');
  assert.equal(r.roundedFen, 25);
  assert.equal(r.minimumApplied, true);
  assert.equal(r.totalFen, 100);
});

test('the minimum is per bill on its cumulative fee: a second partial payment does not pay it again', () => {
  const b = bill({ customerClass: 'residential', dueDate: '2026-03-10', principalFen: 5000 });
  const first = lateFee(b, [{ date: '2026-03-12', principalFen: 2000 }], '2026-03-12', P);
  assert.equal(first.exactFen, '10'); // 2 days × 1‰ × 5000
  assert.equal(first.dueNowFen, 100);
  const second = lateFee(
    b,
    [
      { date: '2026-03-12', principalFen: 2000 },
      { date: '2026-03-20', principalFen: 3000 },
    ],
    '2026-03-20',
    P,
    first.totalFen,
  );
  assert.equal(second.exactFen, '34'); // + 8 days × 1‰ × 3000 = 24
  assert.equal(second.totalFen, 100);
  assert.equal(second.dueNowFen, 0);
});

test('across the year boundary: current-year 2‰ to 31 Dec, earlier-years 3‰ from 1 Jan (non-residential)', () => {
  const r = lateFee(bill({ dueDate: '2026-12-20' }), [], '2027-01-10', P);
  assert.deepEqual(
    r.lines.map((l) => [l.from, l.to, l.days, l.rate, l.yearRate, l.exactFen]),
    [
      ['2026-12-21', '2026-12-31', 11, '0.002', 'currentYear', '2200'],
      ['2027-01-01', '2027-01-10', 10, '0.003', 'priorYear', '3000'],
    ],
  );
  assert.equal(r.totalFen, 5200);
});

test('residential: one rate both sides of the boundary, lines still split and explained', () => {
  const r = lateFee(bill({ customerClass: 'residential', dueDate: '2026-12-20', principalFen: 10_000 }), [], '2027-01-10', P);
  assert.deepEqual(
    r.lines.map((l) => [l.days, l.rate, l.exactFen]),
    [
      [11, '0.001', '110'],
      [10, '0.001', '100'],
    ],
  );
  assert.equal(r.totalFen, 210);
});

test('the boundary is policy data: billing-month basis makes a December bill due in January prior-year at once', () => {
  const b = bill({ dueDate: '2026-01-20', billMonth: '2025-12' });
  assert.deepEqual(
    lateFee(b, [], '2026-01-25', P).lines.map((l) => l.yearRate),
    ['currentYear'],
  );
  const r = lateFee(b, [], '2026-01-25', { ...P, yearBasis: 'bill_month' });
  assert.deepEqual(
    r.lines.map((l) => [l.days, l.yearRate, l.exactFen]),
    [[5, 'priorYear', '1500']],
  );
});

test('partial payment on day d: that day still bears the fee on the old amount, the remainder from d + 1', () => {
  // ¥1000 due 31 May; ¥400 paid 10 June; counted to 20 June
  const r = lateFee(bill({}), [{ date: '2026-06-10', principalFen: 40_000 }], '2026-06-20', P);
  assert.deepEqual(
    r.lines.map((l) => [l.from, l.to, l.days, l.baseFen, l.exactFen]),
    [
      ['2026-06-01', '2026-06-10', 10, 100_000, '2000'],
      ['2026-06-11', '2026-06-20', 10, 60_000, '1200'],
    ],
  );
  assert.equal(r.totalFen, 3200);
  // settled in full on 20 June: counting to 30 June changes nothing
  const settled = lateFee(
    bill({}),
    [
      { date: '2026-06-10', principalFen: 40_000 },
      { date: '2026-06-20', principalFen: 60_000 },
    ],
    '2026-06-30',
    P,
  );
  assert.equal(settled.days, 20);
  assert.equal(settled.totalFen, 3200);
});

test('rounding half-up to the fen once per bill, not per line', () => {
  // 10 × 2‰ × 7525 = 150.5 and 10 × 2‰ × 5025 = 100.5: per bill 251 (per line it would be 151 + 101 = 252)
  const r = lateFee(bill({ principalFen: 7525 }), [{ date: '2026-06-10', principalFen: 2500 }], '2026-06-20', P);
  assert.deepEqual(
    r.lines.map((l) => l.exactFen),
    ['150.5', '100.5'],
  );
  assert.equal(r.exactFen, '251');
  assert.equal(r.totalFen, 251);
  // a single half fen rounds up
  const half = lateFee(bill({ customerClass: 'residential', principalFen: 12_345 }), [], '2026-09-08', P); // 100 days × 12.345 = 1234.5
  assert.equal(half.exactFen, '1234.5');
  assert.equal(half.totalFen, 1235);
});

test('grace days are policy: the first fee day moves', () => {
  const r = lateFee(bill({}), [], '2026-06-05', { ...P, graceDays: 3 });
  assert.equal(r.lines[0].from, '2026-06-04');
  assert.equal(r.days, 2);
});

test('principal paid beyond the bill is refused, naming the payments', () => {
  assert.throws(
    () => lateFee(bill({ principalFen: 100 }), [{ date: '2026-06-01', principalFen: 101 }], '2026-06-02', P),
    (e: { details: { field: string }[] }) => e.details[0].field === 'payments',
  );
});
