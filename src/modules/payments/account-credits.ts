/**
 * An account's ordinary credit (预收) applied to its later bills (docs/payments.md, "Ordinary credit applied to
 * later bills"). The application itself is a payment of channel `credit`, method `account_credit`, planned by
 * the payments use case (`takeCore`, account-credit-inputs.ts) and posted as `credit_applied`.
 *
 * When: inside a bill run's release (billing's release hook, registered in src/http/app.ts: billing does not
 * import payments), on `POST /api/payments/accounts/:id/bill-credits/apply`, and by the credit sweep
 * (bill-credits.ts) for accounts whose credit could pay what they owe — bills released before this existed,
 * by a release without the hook (the seed's command line), or credit that arrived while a bill was open.
 */
import type { Db, Queryable, Tx } from '../../db/pool.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { ReleasedBills } from '../billing/index.js';
import { todayBeijing } from '../ledger/index.js';
import { waiverCreditsOf } from '../collection/index.js';
import { prepaidAccountIdsOf } from '../prepaid/index.js';
import { owedLines } from './payment-rules.js';
import { PAYMENTS_POLICY } from './policy-data.js';
import { ACCOUNT_CREDIT_METHOD, billStatesOf, creditsOf } from './store.js';
import { takeCore } from './payments.js';
import { SYSTEM_PRINCIPAL } from './system-principal.js';

/** Of these accounts, the ones with some credit now (payments' credit less applications and refunds, plus waiver credits). */
async function withCredit(q: Queryable, accountIds: number[]): Promise<number[]> {
  if (!accountIds.length) return [];
  const holders = (
    await q.query(`SELECT DISTINCT account_id FROM payments WHERE account_id = ANY($1::bigint[]) AND status = 'posted' AND credit_fen > 0`, [accountIds])
  ).rows.map((r) => Number(r.account_id));
  const waived = [...(await waiverCreditsOf(q, accountIds)).entries()].filter(([, fen]) => fen > 0).map(([id]) => id);
  const maybe = [...new Set([...holders, ...waived])];
  const credit = await creditsOf(q, maybe);
  return maybe.filter((id) => (credit.get(id) ?? 0) > 0).sort((a, b) => a - b);
}

/**
 * Billing's release hook: the accounts that hold credit get it applied to what they owe now (the new bill and anything
 * older), in the releasing transaction, as the system acting for the user who released the run — or, for a rebill or
 * an interim bill of split settlement, who issued it (billing runs the same hooks there).
 */
export async function applyCreditOnRelease(tx: Tx, actor: Actor, released: ReleasedBills): Promise<void> {
  if (!PAYMENTS_POLICY.applyCreditToBills) return;
  const accounts = await withCredit(tx, released.accountIds);
  if (!accounts.length) return;
  await takeCore(tx, SYSTEM_PRINCIPAL, [], PAYMENTS_POLICY, todayBeijing(), actor, undefined, accounts, { accountCredit: true });
}

/**
 * The accounts whose payments' credit is above zero, read from the partial index `payments_credit_holders`
 * (migration 655): only payments with a credit part and applications of the account credit are in it, so the sweep
 * no longer groups the whole payments table. The WHERE repeats the index's predicate literally (the planner uses a
 * partial index only when the query implies its predicate); rows outside it add nothing to the sum.
 */
export const CREDIT_HOLDERS_SQL = `SELECT account_id FROM payments
  WHERE status = 'posted' AND (credit_fen <> 0 OR method = '${ACCOUNT_CREDIT_METHOD}')
  GROUP BY account_id HAVING sum(CASE WHEN channel = 'credit' AND method = '${ACCOUNT_CREDIT_METHOD}' THEN -amount_fen ELSE credit_fen END) > 0
  ORDER BY account_id`;

/**
 * The sweep's accounts: credit holders (by payments' credit, from the index above) that owe something now and are not
 * prepaid, up to `limit`. Reads the bills of the accounts holding credit now only.
 */
export async function accountCreditCandidates(db: Db | Queryable, limit: number): Promise<number[]> {
  if (!PAYMENTS_POLICY.applyCreditToBills) return [];
  const { rows } = await db.query(CREDIT_HOLDERS_SQL);
  const holders = await withCredit(
    db,
    rows.map((r) => Number(r.account_id)),
  );
  const prepaid = await prepaidAccountIdsOf(db, holders);
  const states = await billStatesOf(db, holders);
  const today = todayBeijing();
  return holders.filter((id) => !prepaid.has(id) && owedLines(states.get(id)?.states ?? [], today, PAYMENTS_POLICY).length > 0).slice(0, limit);
}
