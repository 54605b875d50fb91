/**
 * The account's ordinary credit (预收) applied to what it owes (docs/payments.md, "Ordinary credit applied to later
 * bills"). Pure. The application is planned as a payment of the amount returned here (the payments allocation:
 * fee due now charged, oldest debt first, principal before fee unless the policy says otherwise), so it never makes
 * new credit and never reaches written-off debts: it only moves credit onto open debts. Whole fen, no rounding.
 */

/** The method of a payment row (channel `credit`) that applies the account's ordinary credit. */
export const ACCOUNT_CREDIT_METHOD = 'account_credit';

export const isAccountCredit = (i: { channel: string; method: string }): boolean => i.channel === 'credit' && i.method === ACCOUNT_CREDIT_METHOD;

/** How much of an account's credit to apply now: the credit or what it owes now, whichever is less (0: nothing). */
export function creditToApply(creditFen: number, owedNowFen: number): number {
  return Math.max(0, Math.min(creditFen, owedNowFen));
}
