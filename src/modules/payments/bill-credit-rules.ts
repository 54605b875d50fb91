/**
 * Credit bills (负数账单 / 贷项) applied to an account's open debts, docs/payments.md "Credit bills". Pure.
 *
 * Two things leave an account with a credit that payments must apply:
 * - a **credit bill**: a released bill below zero — a month-end bill of split settlement whose interim bills
 *   came to more than the month (billing.md §19), or a rebill that comes out below zero; its credit is −total;
 * - a **cancelled bill with money paid on it**: a cancel-and-rebill (退补) takes the bill off what is owed, so
 *   the principal paid on it (by payments that still stand) is the customer's money again; its credit is that
 *   principal. The cancelled bill's unpaid rest simply goes with it (its reversal bill nets it to zero).
 *
 * The credit is applied like a payment of that amount on the day (`planPayment`, the same allocation rules):
 * the fee due now on each overdue bill is charged, then oldest debt first (each bill's principal, then its fee,
 * unless the policy says otherwise), a partial application stops where the credit ends, what is left recovers
 * written-off debts when the policy says so, and the rest is kept as the account's credit (预收). Integer fen.
 */
import { planPayment, type BillState, type PaymentPlan, type WrittenOffDebt } from './payment-rules.js';
import type { PaymentsPolicy } from './schemas.js';

export interface CreditSource {
  source: 'credit_bill' | 'cancelled_bill';
  billId: number;
  /** the bill's cycle ('' when the bill is no longer read: a cancelled bill) */
  cycle: string;
  creditFen: number;
  /** the bill's customer class (null: the account's) */
  customerClass: string | null;
  /** the application's payment reference: `bill:<id>` or `cancel:<id>` — (channel credit, reference) is unique, so each applies once */
  reference: string;
}

/** The credits of an account's bills: released bills below zero, and cancelled bills with principal paid on them (written-off bills excepted). */
export function creditSourcesOf(
  released: { billId: number; cycle: string; totalFen: number; customerClass: string }[],
  principalPaid: Map<number, number>,
  writtenOff: Set<number> = new Set(),
): CreditSource[] {
  const out: CreditSource[] = [];
  const known = new Set(released.map((b) => b.billId));
  for (const b of released)
    if (b.totalFen < 0 && !writtenOff.has(b.billId))
      out.push({
        source: 'credit_bill',
        billId: b.billId,
        cycle: b.cycle,
        creditFen: -b.totalFen,
        customerClass: b.customerClass,
        reference: `bill:${b.billId}`,
      });
  for (const [billId, fen] of principalPaid)
    if (fen > 0 && !known.has(billId) && !writtenOff.has(billId))
      out.push({ source: 'cancelled_bill', billId, cycle: '', creditFen: fen, customerClass: null, reference: `cancel:${billId}` });
  return out.sort((a, b) => a.billId - b.billId);
}

/** Apply one credit on `asOf` to the account's open bills: the same plan as a payment of the credit's amount. */
export function applyCredit(bills: BillState[], credit: CreditSource, asOf: string, policy: PaymentsPolicy, writtenOff: WrittenOffDebt[] = []): PaymentPlan {
  return planPayment(
    bills.filter((b) => b.billId !== credit.billId),
    credit.creditFen,
    asOf,
    policy,
    writtenOff,
  );
}
