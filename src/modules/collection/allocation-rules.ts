/**
 * Payment allocation (缴费冲销), docs/collection.md. Pure: the open debts, the amount paid and the
 * policy in; the allocation lines, what each debt still owes and the credit left over out.
 *
 * - Oldest debt first: by due date, then by bill id (so equal dates are ordered the same way every time).
 * - A bill's late fee comes before its principal only when the policy says `before_principal`;
 *   `after_principal` settles each bill's principal, then its fee; `after_all_principal` settles every
 *   bill's principal (oldest first) before any fee.
 * - A partial payment stops where the money ends: the last line may cover part of a debt.
 * - What is left after every debt is kept as the customer's credit (预收电费), never dropped.
 * All integer fen: no rounding happens here.
 */
import { badField } from '../../platform/errors.js';
import type { AllocationLine, AllocationPolicy, AllocationResult, OpenDebt } from './schemas.js';

export function allocatePayment(debts: OpenDebt[], paymentFen: number, policy: AllocationPolicy): AllocationResult {
  if (!Number.isInteger(paymentFen) || paymentFen < 0)
    throw badField('paymentFen', 'range', '缴费金额须为非负整数分', 'the payment must be a non-negative whole number of fen');
  const ordered = [...debts].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.billId < b.billId ? -1 : a.billId > b.billId ? 1 : 0));
  const remaining = new Map(ordered.map((d) => [d.billId, { ...d }]));
  const steps: { billId: string; kind: AllocationLine['kind'] }[] = [];
  if (policy.feeOrder === 'after_all_principal') {
    for (const d of ordered) steps.push({ billId: d.billId, kind: 'principal' });
    for (const d of ordered) steps.push({ billId: d.billId, kind: 'late_fee' });
  } else {
    for (const d of ordered) {
      const pair: AllocationLine['kind'][] = policy.feeOrder === 'before_principal' ? ['late_fee', 'principal'] : ['principal', 'late_fee'];
      for (const kind of pair) steps.push({ billId: d.billId, kind });
    }
  }
  let left = paymentFen;
  const lines: AllocationLine[] = [];
  for (const s of steps) {
    if (left === 0) break;
    const debt = remaining.get(s.billId)!;
    const key = s.kind === 'principal' ? 'principalFen' : 'lateFeeFen';
    const amountFen = Math.min(left, debt[key]);
    if (amountFen <= 0) continue;
    debt[key] -= amountFen;
    left -= amountFen;
    lines.push({ billId: s.billId, kind: s.kind, amountFen });
  }
  return { lines, creditFen: left, remaining: [...remaining.values()] };
}
