/**
 * Pure payment rules (docs/payments.md): what an account owes today, bill by bill, with the late fee
 * explained per line; how a payment is split; the overpayment check; the cashier's daily close.
 * No I/O; every figure comes from the policy passed in. Integer fen; the late fee and the allocation
 * are the collection module's rules (docs/collection.md), reused here, never re-implemented.
 */
import { allocatePayment, lateFee, type AllocationResult, type LateFeeResult, type PrincipalPayment } from '../collection/index.js';
import type { MethodTotalsT, PaymentsPolicy } from './schemas.js';
import { addDays } from '../../platform/calendar/dates.js';

/** A released bill and what was paid and charged on it before. */
export interface BillState {
  billId: number;
  cycle: string;
  customerClass: string;
  totalFen: number;
  /** release day (Beijing): the payment term starts here */
  releasedOn: string;
  /** the due date printed on the bill (billing sets it at release); null for bills released before billing kept one */
  dueDate?: string | null;
  /** principal paid on the bill, by payment day */
  principalPayments: PrincipalPayment[];
  /** late fee charged on the bill at earlier payments */
  feeChargedFen: number;
  /** late fee paid */
  feePaidFen: number;
  /** late fee waived by an approved waiver (collection): never charged */
  feeWaivedFen?: number;
  /** late fee charged at a payment and waived afterwards (collection): no longer owed */
  feeWaivedChargedFen?: number;
}

/** A written-off bill's debt still outstanding (collection's write-offs): a payment may recover it (坏账收回). */
export interface WrittenOffDebt {
  writeOffId: number;
  billId: number;
  dueDate: string;
  customerClass: string;
  principalFen: number;
  lateFeeFen: number;
}

export interface OwedLine {
  billId: number;
  cycle: string;
  dueDate: string;
  totalFen: number;
  principalPaidFen: number;
  principalOwedFen: number;
  feeOwedFen: number;
  lateFee: LateFeeResult;
  owedNowFen: number;
}

/** The last day to pay without a late fee: the release day plus `dueDays` (the contract's payment term). */
export function dueDateOf(releasedOn: string, policy: PaymentsPolicy): string {
  return addDays(releasedOn, policy.dueDays);
}

/** What each bill owes on `asOf` (bills owing nothing are left out), oldest first. */
export function owedLines(bills: BillState[], asOf: string, policy: PaymentsPolicy): OwedLine[] {
  const out: OwedLine[] = [];
  for (const b of bills) {
    const principalPaidFen = b.principalPayments.reduce((s, p) => s + p.principalFen, 0);
    // the bill's own due date when it has one (the one printed on it), else release day + dueDays
    const dueDate = b.dueDate ?? dueDateOf(b.releasedOn, policy);
    const fee = lateFee(
      { billId: String(b.billId), customerClass: b.customerClass, dueDate, billMonth: b.cycle, principalFen: b.totalFen },
      b.principalPayments,
      asOf < dueDate ? dueDate : asOf,
      policy.lateFee,
      // a waived fee counts as settled: it is not charged again (docs/collection.md, waivers)
      b.feeChargedFen + (b.feeWaivedFen ?? 0),
    );
    const principalOwedFen = b.totalFen - principalPaidFen;
    const feeOwedFen = Math.max(0, b.feeChargedFen - b.feePaidFen - (b.feeWaivedChargedFen ?? 0));
    const owedNowFen = principalOwedFen + feeOwedFen + fee.dueNowFen;
    if (owedNowFen > 0)
      out.push({ billId: b.billId, cycle: b.cycle, dueDate, totalFen: b.totalFen, principalPaidFen, principalOwedFen, feeOwedFen, lateFee: fee, owedNowFen });
  }
  return out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.billId - b.billId));
}

export interface PaymentPlan {
  owed: OwedLine[];
  totalOwedFen: number;
  /** late fees charged by this payment: per bill, the fee due now (docs/collection.md) */
  charges: { billId: number; amountFen: number; lateFee: LateFeeResult }[];
  /** the open debts' lines, then the recovery lines of written-off bills (one list, as stored) */
  allocation: AllocationResult;
  /** what the payment recovered of written-off debts (坏账收回), per bill: included in principalFen / lateFeeFen */
  recovery: {
    lines: { writeOffId: number; billId: number; customerClass: string; principalFen: number; lateFeeFen: number }[];
    principalFen: number;
    lateFeeFen: number;
  };
  /** written-off debt still outstanding before the payment */
  recoverableFen: number;
  principalFen: number;
  lateFeeFen: number;
  creditFen: number;
}

/**
 * A payment of `amountFen` on `asOf`: each bill's fee due now is charged, then the money is spread by
 * the allocation policy (oldest debt first; fee before principal only if the policy says so); what is
 * left recovers written-off debts (坏账收回: the same allocation over what is still written off, oldest first)
 * when the policy says so; what is left then is credit. principal + late fee + credit = amount, always.
 */
export function planPayment(bills: BillState[], amountFen: number, asOf: string, policy: PaymentsPolicy, writtenOff: WrittenOffDebt[] = []): PaymentPlan {
  const owed = owedLines(bills, asOf, policy);
  const charges = owed.filter((l) => l.lateFee.dueNowFen > 0).map((l) => ({ billId: l.billId, amountFen: l.lateFee.dueNowFen, lateFee: l.lateFee }));
  const open = allocatePayment(
    owed.map((l) => ({ billId: String(l.billId), dueDate: l.dueDate, principalFen: l.principalOwedFen, lateFeeFen: l.feeOwedFen + l.lateFee.dueNowFen })),
    amountFen,
    policy.allocation,
  );
  const outstanding = writtenOff.filter((d) => d.principalFen + d.lateFeeFen > 0);
  const recoverableFen = outstanding.reduce((s, d) => s + d.principalFen + d.lateFeeFen, 0);
  const rec =
    policy.recoverWrittenOff && open.creditFen > 0 && outstanding.length
      ? allocatePayment(
          outstanding.map((d) => ({ billId: String(d.billId), dueDate: d.dueDate, principalFen: d.principalFen, lateFeeFen: d.lateFeeFen })),
          open.creditFen,
          policy.allocation,
        )
      : null;
  const recLines = (rec?.lines ?? []).reduce<PaymentPlan['recovery']['lines']>((acc, l) => {
    const d = outstanding.find((x) => String(x.billId) === l.billId)!;
    let r = acc.find((x) => x.billId === d.billId);
    if (!r) acc.push((r = { writeOffId: d.writeOffId, billId: d.billId, customerClass: d.customerClass, principalFen: 0, lateFeeFen: 0 }));
    if (l.kind === 'principal') r.principalFen += l.amountFen;
    else r.lateFeeFen += l.amountFen;
    return acc;
  }, []);
  const allocation: AllocationResult = {
    lines: [...open.lines, ...(rec?.lines ?? [])],
    creditFen: rec ? rec.creditFen : open.creditFen,
    remaining: open.remaining,
  };
  const principalFen = allocation.lines.filter((l) => l.kind === 'principal').reduce((s, l) => s + l.amountFen, 0);
  const lateFeeFen = allocation.lines.filter((l) => l.kind === 'late_fee').reduce((s, l) => s + l.amountFen, 0);
  return {
    owed,
    totalOwedFen: owed.reduce((s, l) => s + l.owedNowFen, 0),
    charges,
    allocation,
    recovery: {
      lines: recLines,
      principalFen: recLines.reduce((s, l) => s + l.principalFen, 0),
      lateFeeFen: recLines.reduce((s, l) => s + l.lateFeeFen, 0),
    },
    recoverableFen,
    principalFen,
    lateFeeFen,
    creditFen: allocation.creditFen,
  };
}

/** A payment above the debt by more than the policy's margin must be confirmed (it becomes credit). */
export function overpayNeedsConfirmation(amountFen: number, totalOwedFen: number, policy: PaymentsPolicy): boolean {
  return amountFen - totalOwedFen > policy.overpayConfirmFen;
}

export interface CloseLine {
  method: 'cash' | 'card' | 'transfer';
  systemFen: number;
  declaredFen: number;
  differenceFen: number;
}

/** The daily close (日结): per method, declared − counted by the system; balanced only when every difference is 0 fen. */
export function closeDay(system: MethodTotalsT, declared: MethodTotalsT, methods: PaymentsPolicy['counterMethods']): { lines: CloseLine[]; balanced: boolean } {
  const lines = methods.map((method) => ({
    method,
    systemFen: system[method],
    declaredFen: declared[method],
    differenceFen: declared[method] - system[method],
  }));
  return { lines, balanced: lines.every((l) => l.differenceFen === 0) };
}
