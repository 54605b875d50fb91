/** Payment allocation (docs/collection.md): oldest first, fee order by policy, partial, overpayment as credit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocatePayment } from './allocation-rules.js';
import { ALLOCATION_DEFAULT } from './policy-data.js';
import type { OpenDebt } from './schemas.js';

const debts: OpenDebt[] = [
  { billId: 'MAR', dueDate: '2026-03-31', principalFen: 10_000, lateFeeFen: 300 },
  { billId: 'JAN', dueDate: '2026-01-31', principalFen: 8_000, lateFeeFen: 500 },
  { billId: 'FEB', dueDate: '2026-02-28', principalFen: 9_000, lateFeeFen: 0 },
];

test('oldest debt first, principal before its fee by default', () => {
  const r = allocatePayment(debts, 9_000, ALLOCATION_DEFAULT);
  assert.deepEqual(r.lines, [
    { billId: 'JAN', kind: 'principal', amountFen: 8_000 },
    { billId: 'JAN', kind: 'late_fee', amountFen: 500 },
    { billId: 'FEB', kind: 'principal', amountFen: 500 },
  ]);
  assert.equal(r.creditFen, 0);
  assert.deepEqual(
    r.remaining.find((d) => d.billId === 'FEB'),
    { billId: 'FEB', dueDate: '2026-02-28', principalFen: 8_500, lateFeeFen: 0 },
  );
});

test('late fee before principal only when the policy says so', () => {
  const r = allocatePayment(debts, 600, { ...ALLOCATION_DEFAULT, feeOrder: 'before_principal' });
  assert.deepEqual(r.lines, [
    { billId: 'JAN', kind: 'late_fee', amountFen: 500 },
    { billId: 'JAN', kind: 'principal', amountFen: 100 },
  ]);
});

test('all principal before any fee', () => {
  const r = allocatePayment(debts, 27_100, { ...ALLOCATION_DEFAULT, feeOrder: 'after_all_principal' });
  assert.deepEqual(
    r.lines.map((l) => `${l.billId}:${l.kind}:${l.amountFen}`),
    ['JAN:principal:8000', 'FEB:principal:9000', 'MAR:principal:10000', 'JAN:late_fee:100'],
  );
});

test('overpayment is kept as credit; the lines and the credit add up to the payment', () => {
  const r = allocatePayment(debts, 30_000, ALLOCATION_DEFAULT);
  assert.equal(r.lines.reduce((s, l) => s + l.amountFen, 0) + r.creditFen, 30_000);
  assert.equal(r.creditFen, 30_000 - 27_800);
  assert.ok(r.remaining.every((d) => d.principalFen === 0 && d.lateFeeFen === 0));
});

test('zero payment and no debts', () => {
  assert.deepEqual(allocatePayment(debts, 0, ALLOCATION_DEFAULT).lines, []);
  assert.deepEqual(allocatePayment([], 500, ALLOCATION_DEFAULT), { lines: [], creditFen: 500, remaining: [] });
  assert.throws(() => allocatePayment(debts, -1, ALLOCATION_DEFAULT));
  assert.throws(() => allocatePayment(debts, 1.5, ALLOCATION_DEFAULT));
});

test('equal due dates are ordered by bill id, so the same input always gives the same lines', () => {
  const same: OpenDebt[] = [
    { billId: 'b', dueDate: '2026-01-31', principalFen: 100, lateFeeFen: 0 },
    { billId: 'a', dueDate: '2026-01-31', principalFen: 100, lateFeeFen: 0 },
  ];
  assert.deepEqual(
    allocatePayment(same, 150, ALLOCATION_DEFAULT).lines.map((l) => l.billId),
    ['a', 'b'],
  );
});
