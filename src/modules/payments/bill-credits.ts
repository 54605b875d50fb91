/**
 * Credit bills applied to open debts (docs/payments.md, "Credit bills"); the rule is bill-credit-rules.ts.
 *
 * A credit (a released bill below zero, or the principal paid on a bill cancelled since) is applied as a
 * payment of channel `credit` — no money received — with reference `bill:<id>` / `cancel:<id>`, so the
 * unique (channel, reference) applies each credit exactly once. It goes through the payments use case
 * itself (`takeCore`): fee due now charged, allocation lines, credit kept, posted as `bill_credit_applied`
 * { principal, lateFee, credit } (Dr 112201xx total / Cr 112201xx, 122101, 220301xx; ledger.md) with event
 * id `payment:<id>` (and `late_fee_charged` per fee charged), audited `bill_credit.apply`. Because its lines are
 * allocation lines, everything that reads what a bill was paid (the arrears, the late-fee pass, ageing,
 * write-offs) sees the bill settled.
 *
 * When: before every counter and online payment and bank-file chunk of the account (so a payment never lands
 * on a debt the credit settles), on `POST /api/payments/accounts/:id/bill-credits/apply`, and by the background
 * sweep (`startCreditSweeper`) for accounts that pay nothing. A credit bill cancelled since its credit was
 * applied (a rebill of a month-end credit bill) has its application reversed (status `reversed`, entries
 * reversed on the day, audited `bill_credit.reverse`) before its rebill's credit is applied.
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/audit.js';
import { actorOf, type Principal } from '../identity/index.js';
import { openBillsOfAccounts } from '../billing/index.js';
import { postedEventIds, reverseMoneyEvent, todayBeijing } from '../ledger/index.js';
import { takeCore, type PaymentIn } from './payments.js';
import { ACCOUNT_CREDIT_METHOD, billStates, paymentsWhere, visibleAccount, type AccountBills } from './store.js';
import type { BillCreditOut } from './schemas.js';
import { SYSTEM_PRINCIPAL } from './system-principal.js';
import { accountCreditCandidates } from './account-credits.js';

/** The credits of these accounts not applied yet, as payment inputs of channel 'credit' (oldest bill first). */
export async function pendingCredits(tx: Queryable, states: Map<number, AccountBills>): Promise<PaymentIn[]> {
  const all = [...states.entries()].flatMap(([accountId, s]) => s.credits.map((c) => ({ accountId, c })));
  if (!all.length) return [];
  const { rows } = await tx.query(`SELECT reference FROM payments WHERE channel = 'credit' AND reference = ANY($1::text[])`, [all.map((x) => x.c.reference)]);
  const done = new Set(rows.map((r) => r.reference as string));
  return all
    .filter((x) => !done.has(x.c.reference))
    .map((x) => ({
      accountId: x.accountId,
      amountFen: x.c.creditFen,
      channel: 'credit' as const,
      method: x.c.source,
      reference: x.c.reference,
      confirmOverpay: true,
    }));
}

/** Applications of credit bills that are no longer released below zero (cancelled by a rebill): reversed today. */
export async function reverseStaleCredits(tx: Tx, p: Principal, accountIds: number[], today: string, actor: Actor): Promise<number> {
  const apps = (
    await tx.query(
      `SELECT id, account_id, org_unit_id, reference, ledger_unit_id, amount_fen FROM payments
        WHERE account_id = ANY($1::bigint[]) AND channel = 'credit' AND status = 'posted' AND reference LIKE 'bill:%' ORDER BY id`,
      [accountIds],
    )
  ).rows;
  if (!apps.length) return 0;
  const credits = new Set(
    (await openBillsOfAccounts(tx, [...new Set(apps.map((a) => Number(a.account_id)))])).filter((b) => b.totalFen < 0).map((b) => `bill:${b.billId}`),
  );
  let n = 0;
  for (const a of apps) {
    if (credits.has(a.reference)) continue;
    await tx.query(`UPDATE payments SET status = 'reversed', reversed_at = now() WHERE id = $1`, [a.id]);
    if (a.ledger_unit_id !== null) {
      const userId = p.kind === 'user' ? p.id : null;
      await reverseMoneyEvent(tx, { type: 'bill_credit_applied', id: `payment:${a.id}` }, today, userId);
      if ((await postedEventIds(tx, 'bad_debt_recovered', [`payment:${a.id}`])).size)
        await reverseMoneyEvent(tx, { type: 'bad_debt_recovered', id: `payment:${a.id}` }, today, userId);
      const fees = (await tx.query('SELECT bill_id FROM late_fee_charges WHERE account_id = $1 AND payment_id = $2 ORDER BY bill_id', [a.account_id, a.id]))
        .rows;
      for (const f of fees) await reverseMoneyEvent(tx, { type: 'late_fee_charged', id: `payfee:${a.id}:${f.bill_id}` }, today, userId);
    }
    await recordAudit(tx, actor, {
      action: 'bill_credit.reverse',
      entity: 'payment',
      entityId: Number(a.id),
      orgUnitId: Number(a.org_unit_id),
      before: { status: 'posted' },
      after: { status: 'reversed', reference: a.reference, amountFen: Number(a.amount_fen), reason: '贷项账单已作废 / the credit bill was cancelled' },
    });
    n++;
  }
  return n;
}

/** An account's credits: each credit bill or cancelled bill with its credit, and how it was used (or that it waits). */
export async function billCreditsOf(q: Queryable, accountId: number): Promise<BillCreditOut[]> {
  const { credits } = await billStates(q, accountId);
  // credit bills and cancelled bills only: the ordinary credit's applications are the payment history's
  const apps = await paymentsWhere(q, `p.account_id = $1 AND p.channel = 'credit' AND p.method <> $2`, [accountId, ACCOUNT_CREDIT_METHOD]);
  const out: BillCreditOut[] = [];
  const seen = new Set<string>();
  for (const a of [...apps].reverse()) {
    seen.add(a.reference);
    const [kind, id] = a.reference.split(':');
    const c = credits.find((x) => x.reference === a.reference);
    out.push({
      billId: Number(id),
      cycle: c?.cycle ?? '',
      source: kind === 'bill' ? 'credit_bill' : 'cancelled_bill',
      creditFen: a.amountFen,
      status: a.status === 'posted' ? 'applied' : 'reversed',
      paymentId: a.id,
      receiptNo: a.receiptNo,
      appliedOn: a.paidOn,
      allocations: a.allocations,
      feeChargedFen: a.feeChargedFen,
      keptAsCreditFen: a.creditFen,
    });
  }
  for (const c of credits)
    if (!seen.has(c.reference))
      out.push({
        billId: c.billId,
        cycle: c.cycle,
        source: c.source,
        creditFen: c.creditFen,
        status: 'pending',
        paymentId: null,
        receiptNo: null,
        appliedOn: null,
        allocations: [],
        feeChargedFen: 0,
        keptAsCreditFen: 0,
      });
  return out;
}

/** The account's credits (payments.read). */
export async function accountBillCredits(db: Db, p: Principal, accountId: number): Promise<BillCreditOut[]> {
  await visibleAccount(db, p, accountId);
  return billCreditsOf(db, accountId);
}

/** Apply the account's pending credits now, then its ordinary credit to what it still owes (payments.collect); idempotent: an applied credit is not applied again. */
export async function applyBillCredits(db: Db, p: Principal, accountId: number): Promise<BillCreditOut[]> {
  return withTx(db, async (tx) => {
    await visibleAccount(tx, p, accountId);
    await takeCore(tx, p, [], undefined, todayBeijing(), actorOf(p), undefined, [accountId], { accountCredit: true });
    return billCreditsOf(tx, accountId);
  });
}

/**
 * The sweep: accounts with a credit not applied yet (a credit bill, money paid on a cancelled bill) or an
 * application to reverse, up to `limit`, each in its own transaction as the system. Returns how many accounts it took.
 */
export async function sweepBillCredits(db: Db, limit = 200): Promise<number> {
  const bills = await creditCandidates(db, limit);
  // and accounts whose ordinary credit (预收) could pay what they owe (account-credits.ts)
  const candidates = [...new Set([...bills, ...(await accountCreditCandidates(db, limit))])].sort((a, b) => a - b).slice(0, limit);
  for (const accountId of candidates)
    await withTx(db, (tx) => takeCore(tx, SYSTEM_PRINCIPAL, [], undefined, todayBeijing(), SYSTEM_ACTOR, undefined, [accountId], { accountCredit: true }));
  return candidates.length;
}

/** The sweep on a timer: every `intervalMs` one instance (an advisory lock for the round) applies what is pending. */
export function startCreditSweeper(db: Db, intervalMs = 60_000, onError: (e: unknown) => void = () => {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const round = async () => {
    const client = await db.connect();
    try {
      const got = (await client.query(`SELECT pg_try_advisory_lock(hashtextextended('payments:credit-sweep', 0)) AS got`)).rows[0].got;
      if (!got) return;
      try {
        await sweepBillCredits(db);
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtextextended('payments:credit-sweep', 0))`);
      }
    } finally {
      client.release();
    }
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = round().catch((e) => {
      if (!stopped && !(db as { ending?: boolean }).ending) onError(e);
    });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

async function creditCandidates(db: Queryable, limit: number): Promise<number[]> {
  const { rows } = await db.query(
    `SELECT account_id FROM (
       SELECT b.account_id FROM billing_credit_bills b
        WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.channel = 'credit' AND p.reference = 'bill:' || b.bill_id)
       UNION
       SELECT a.account_id FROM payment_allocations a JOIN payments p ON p.id = a.payment_id AND p.status = 'posted'
         JOIN billing_cancelled_bills c ON c.account_id = a.account_id AND c.bill_id = a.bill_id
        WHERE a.kind = 'principal' AND NOT EXISTS (SELECT 1 FROM payments q WHERE q.channel = 'credit' AND q.reference = 'cancel:' || a.bill_id)
       UNION
       SELECT p.account_id FROM payments p WHERE p.channel = 'credit' AND p.status = 'posted' AND p.reference LIKE 'bill:%'
          AND NOT EXISTS (SELECT 1 FROM billing_credit_bills b WHERE b.account_id = p.account_id AND 'bill:' || b.bill_id = p.reference)
     ) x ORDER BY account_id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => Number(r.account_id));
}
