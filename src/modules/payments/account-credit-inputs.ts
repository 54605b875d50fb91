/**
 * The account's ordinary credit (预收: overpayments kept as credit, docs/payments.md "Ordinary credit applied
 * to later bills") as payment inputs of channel `credit`, method `account_credit`, for the payments use case
 * (`takeCore`) to plan like any payment: fee due now charged, oldest debt first, principal before fee unless the
 * policy says otherwise. The amount is the credit available or what the account owes now, whichever is less, so
 * an application never makes credit or recovers written-off debts: it only moves credit onto debts.
 *
 * Exactly once: read under the accounts' advisory locks, after the application the account has either no credit
 * or no debt, so a second release or sweep finds nothing to apply; the reference `credit:<account>:<n>` (the
 * n-th application of the account) keeps (channel, reference) unique. Prepaid accounts are left out: their credit
 * is their prepaid balance, charged by the daily pass.
 */
import type { Queryable } from '../../db/pool.js';
import { prepaidAccountIdsOf } from '../prepaid/index.js';
import { owedLines, type PaymentPlan } from './payment-rules.js';
import { ACCOUNT_CREDIT_METHOD, creditsOf, type AccountBills } from './store.js';
import type { PaymentIn } from './payments.js';
import type { PaymentsPolicy } from './schemas.js';
import { creditToApply } from './account-credit-rules.js';

export { isAccountCredit } from './account-credit-rules.js';

export async function accountCreditInputs(
  tx: Queryable,
  accountIds: number[],
  states: Map<number, AccountBills>,
  planned: { input: PaymentIn; plan: PaymentPlan }[],
  today: string,
  policy: PaymentsPolicy,
): Promise<PaymentIn[]> {
  if (!policy.applyCreditToBills) return [];
  const owing = accountIds.filter((id) => (states.get(id)?.states.length ?? 0) > 0);
  if (!owing.length) return [];
  const prepaid = await prepaidAccountIdsOf(tx, owing);
  const mine = owing.filter((id) => !prepaid.has(id));
  const credit = await creditsOf(tx, mine);
  const applied = new Map(
    (
      await tx.query(
        `SELECT account_id, count(*)::int AS n FROM payments WHERE account_id = ANY($1::bigint[]) AND channel = 'credit' AND method = $2 GROUP BY account_id`,
        [mine, ACCOUNT_CREDIT_METHOD],
      )
    ).rows.map((r) => [Number(r.account_id), Number(r.n)]),
  );
  const out: PaymentIn[] = [];
  for (const accountId of mine) {
    // credit this very transaction made (a credit bill applied just before, its rest kept as credit)
    const gained = planned.filter((x) => x.input.accountId === accountId).reduce((s, x) => s + x.plan.creditFen, 0);
    const owed = owedLines(states.get(accountId)!.states, today, policy).reduce((s, l) => s + l.owedNowFen, 0);
    const amountFen = creditToApply((credit.get(accountId) ?? 0) + gained, owed);
    if (amountFen > 0)
      out.push({
        accountId,
        amountFen,
        channel: 'credit',
        method: ACCOUNT_CREDIT_METHOD,
        reference: `credit:${accountId}:${(applied.get(accountId) ?? 0) + 1}`,
        confirmOverpay: true,
      });
  }
  return out;
}
