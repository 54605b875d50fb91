/**
 * What a gateway statement exception posts (docs/payments.md, "Gateway statement", "Exceptions posted"). Pure.
 *
 * The gateway's net transfer carries every line of its statement; the settlement (`gateway_settled`) books only
 * the matched and credited ones. An exception line's money is booked by `gateway_difference`
 * { bankIn, fee, short, transit, over, bankOut }:
 *   Dr 100201 bankIn + Dr 660301 fee + Dr 122106 short = Cr 101201 transit + Cr 224106 over + Cr 100201 bankOut.
 *
 * - a pay line (`unknown_order`, `mismatch`): the bank receives amount − fee, the fee is an expense; our payment
 *   of that order still in collections in transit (`transitFen`, 0 when there is none or it was settled before)
 *   is taken out; what the gateway collected above it is held as receipts to be identified (over), what it
 *   collected below it is due from the gateway (short).
 * - a refund line (`unmatched_refund`): the gateway paid back `amount`; our approved refund of that number
 *   (`ourRefundFen`, 0 when none) already left the bank at its approval. More paid back than ours is due from the
 *   gateway (bank out, short); less is money still in the bank (bank in, over). A refund of ours still pending
 *   approval is not posted: its approval posts the `refund` entry.
 * - `not_confirmed`, `missing_at_gateway`, `bad_line`: nothing is posted (their money is not known yet: a
 *   confirmed order is credited and settled, a payment missing at the gateway waits for a later statement).
 * Integer fen; nothing rounds.
 */
export interface ExceptionLine {
  kind: 'pay' | 'refund' | 'ours';
  outcome: string;
  amountFen: number;
  feeFen: number;
  /** our payment of the order still in collections in transit (not settled by any statement line) */
  transitFen: number;
  /** our approved refund with the line's refund number */
  ourRefundFen: number;
  /** our refund with that number waits for approval */
  refundPending: boolean;
}
export interface DifferenceAmounts {
  bankIn: number;
  fee: number;
  short: number;
  transit: number;
  over: number;
  bankOut: number;
}

const ZERO: DifferenceAmounts = { bankIn: 0, fee: 0, short: 0, transit: 0, over: 0, bankOut: 0 };

/** The amounts an exception posts, or null when it posts nothing. Debits equal credits by construction. */
export function exceptionPosting(l: ExceptionLine): DifferenceAmounts | null {
  if (l.kind === 'pay' && (l.outcome === 'unknown_order' || l.outcome === 'mismatch')) {
    const d = l.amountFen - l.transitFen;
    return { ...ZERO, bankIn: l.amountFen - l.feeFen, fee: l.feeFen, transit: l.transitFen, over: Math.max(d, 0), short: Math.max(-d, 0) };
  }
  if (l.kind === 'refund' && l.outcome === 'unmatched_refund' && !l.refundPending) {
    const d = l.amountFen - l.ourRefundFen;
    if (d === 0) return null;
    return d > 0 ? { ...ZERO, bankOut: d, short: d } : { ...ZERO, bankIn: -d, over: -d };
  }
  return null;
}

/** Σ debits − Σ credits (0 for every posting above). */
export const imbalance = (a: DifferenceAmounts) => a.bankIn + a.fee + a.short - (a.transit + a.over + a.bankOut);
