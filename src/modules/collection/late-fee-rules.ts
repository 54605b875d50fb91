/**
 * Late payment penalty (电费违约金), docs/rules.md §3 and docs/collection.md: 供电营业规则 (1996) Art. 98.
 * Pure: a bill, the principal paid on it by date, the day to count to, and the policy in; the fee,
 * explained line by line, out. Every figure comes from the policy.
 *
 * Readings griddesk takes (each tested in late-fee-rules.test.ts):
 * - Fee days run from the day after the due date (plus `graceDays`) to the day of payment, both
 *   included. A day's fee is on the amount still unpaid at the start of that day: a payment on day d
 *   still bears that day's fee, and the lower amount counts from d + 1.
 * - "Current year" vs "earlier years": a bill's debt is current-year arrears up to the day before
 *   carryOverMonth/carryOverDay of the year after the bill's year (its due date's year by default),
 *   and arrears from earlier years from that day on; a period crossing the boundary is split.
 * - Rounding: the exact lines (decimal fen) are summed and the sum rounded half-up to the fen once
 *   per bill; never per line, per day or per payment.
 * - Minimum: per bill, on its cumulative fee: a fee that accrued at all (any fee day on a positive
 *   amount) and totals below `minimumFen` is charged as `minimumFen`. Fees charged before (at earlier
 *   partial payments) are given as `alreadyCharged` and deducted, so one bill never pays the minimum twice.
 */
import { Decimal } from 'decimal.js';
import { badField } from '../../platform/errors.js';
import { addDays, dateIn, dayNo, fromDayNo } from '../../platform/calendar/dates.js';
import type { LateFeeBill, LateFeeLine, LateFeePolicy, LateFeeResult, PrincipalPayment } from './schemas.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** The day from which a bill's debt counts as carried over from earlier years. */
export function carryOverDate(bill: LateFeeBill, policy: LateFeePolicy): string {
  const year = policy.yearBasis === 'bill_month' && bill.billMonth ? +bill.billMonth.slice(0, 4) : +bill.dueDate.slice(0, 4);
  return dateIn(year + 1, policy.carryOverMonth, policy.carryOverDay);
}

export function lateFee(bill: LateFeeBill, payments: PrincipalPayment[], asOf: string, policy: LateFeePolicy, alreadyChargedFen = 0): LateFeeResult {
  const paid = payments.reduce((s, p) => s + p.principalFen, 0);
  if (paid > bill.principalFen)
    throw badField(
      'payments',
      'exceeds_principal',
      `已缴本金 ${paid} 分超过账单本金 ${bill.principalFen} 分`,
      `principal paid (${paid} fen) exceeds the bill's principal (${bill.principalFen} fen)`,
    );
  const rates = policy.ratesByClass[bill.customerClass] ?? policy.otherRates;
  const firstDay = dayNo(addDays(bill.dueDate, 1 + policy.graceDays));
  const lastDay = dayNo(asOf);
  // not overdue on asOf (most bills a payment meets): no fee day, nothing to count — the result the loop below gives for no day
  if (firstDay > lastDay)
    return { billId: bill.billId, days: 0, lines: [], exactFen: '0', roundedFen: 0, minimumApplied: false, totalFen: 0, alreadyChargedFen, dueNowFen: 0 };
  const boundary = dayNo(carryOverDate(bill, policy));
  // principal paid by the end of each payment day; the amount drops from the next day
  const drops = new Map<number, number>();
  for (const p of payments) drops.set(dayNo(p.date) + 1, (drops.get(dayNo(p.date) + 1) ?? 0) + p.principalFen);
  let unpaid = bill.principalFen;
  for (const [day, fen] of drops) if (day <= firstDay) unpaid -= fen;

  const lines: LateFeeLine[] = [];
  let days = 0;
  let open: { from: number; base: number; yearRate: 'currentYear' | 'priorYear' } | null = null;
  const close = (to: number) => {
    if (!open) return;
    const n = to - open.from + 1;
    const rate = rates[open.yearRate];
    lines.push({
      from: fromDayNo(open.from),
      to: fromDayNo(to),
      days: n,
      rate,
      yearRate: open.yearRate,
      baseFen: open.base,
      exactFen: new D(n).times(rate).times(open.base).toString(),
    });
    open = null;
  };
  for (let d = firstDay; d <= lastDay; d++) {
    if (d > firstDay && drops.has(d)) unpaid -= drops.get(d)!;
    if (unpaid <= 0) break;
    const yearRate = d >= boundary ? 'priorYear' : 'currentYear';
    if (open && (open.base !== unpaid || open.yearRate !== yearRate)) close(d - 1);
    if (!open) open = { from: d, base: unpaid, yearRate };
    days++;
  }
  close(firstDay + days - 1); // fee days are consecutive from the first one
  const exact = lines.reduce((s, l) => s.plus(l.exactFen), new D(0));
  const roundedFen = exact.toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber();
  const accrued = days > 0;
  const minimumApplied = accrued && roundedFen < policy.minimumFen;
  const totalFen = accrued ? Math.max(roundedFen, policy.minimumFen) : 0;
  return {
    billId: bill.billId,
    days,
    lines,
    exactFen: exact.toString(),
    roundedFen,
    minimumApplied,
    totalFen,
    alreadyChargedFen,
    dueNowFen: Math.max(0, totalFen - alreadyChargedFen),
  };
}
