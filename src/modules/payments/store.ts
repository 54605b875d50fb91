/** Reads of the payments tables and of what an account owes (docs/payments.md). */
import type { Queryable } from '../../db/pool.js';
import { idArray } from '../../db/params.js';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { accountsForCollection, type AccountForCollection } from '../customers/index.js';
import { openBillsOfAccounts } from '../billing/index.js';
import { waiverCreditsOf, waiverPartsOf, writtenOffDebtsOf } from '../collection/index.js';
import type { BillState, WrittenOffDebt } from './payment-rules.js';
import { creditSourcesOf, type CreditSource } from './bill-credit-rules.js';
import { ACCOUNT_CREDIT_METHOD } from './account-credit-rules.js';

/** An account's bills as payments sees them: the open ones with what was paid, the credits to apply, the debts written off. */
export interface AccountBills {
  states: BillState[];
  classes: Map<number, string>;
  /** credit bills (released, below zero) and cancelled bills with principal paid on them: bill-credit-rules.ts */
  credits: CreditSource[];
  /** written-off bills with what is still outstanding (a payment may recover it) */
  writtenOff: WrittenOffDebt[];
}
const emptyBills = (): AccountBills => ({ states: [], classes: new Map(), credits: [], writtenOff: [] });
import type { PaymentOut } from './schemas.js';

/** An account in the caller's org scope, or 404 (existence does not leak). */
export async function visibleAccount(q: Queryable, p: Principal, accountId: number): Promise<AccountForCollection> {
  const [a] = await accountsForCollection(q, p.orgPath, { accountId }, 1);
  if (!a) throw notFound('Account', '用电户');
  return a;
}

/** The open bills of an account with what was paid and charged on each (posted payments only). */
export async function billStates(q: Queryable, accountId: number): Promise<AccountBills> {
  return (await billStatesOf(q, [accountId])).get(accountId) ?? emptyBills();
}

/** The same for many accounts at once: three statements whatever their number. */
export async function billStatesOf(q: Queryable, accountIds: number[]): Promise<Map<number, AccountBills>> {
  const out = new Map<number, AccountBills>();
  if (!accountIds.length) return out;
  const entryOf = (accountId: number): AccountBills => {
    const e = out.get(accountId) ?? emptyBills();
    out.set(accountId, e);
    return e;
  };
  const writtenOffDebts = await writtenOffDebtsOf(q, accountIds);
  const writtenOff = new Set([...writtenOffDebts.values()].flat().map((d) => d.billId));
  for (const [accountId, debts] of writtenOffDebts) entryOf(accountId).writtenOff = debts;
  // bills written off as bad debts (collection's 坏账核销) are no longer owed
  const released = (await openBillsOfAccounts(q, accountIds)).filter((b) => !writtenOff.has(b.billId));
  const bills = released.filter((b) => b.totalFen >= 0);
  // allocation lines by day and the fees charged, of posted payments: one statement
  const paidRows = (
    await q.query(
      // per account index scans (OFFSET 0: no hash join over every payment as the tables grow)
      `SELECT 'a' AS t, x.bill_id, x.kind, to_char(x.paid_on, 'YYYY-MM-DD') AS day, sum(x.amount_fen)::bigint AS fen, k.id AS account_id
         FROM unnest($1::bigint[]) AS k(id)
        CROSS JOIN LATERAL (SELECT a.bill_id, a.kind, p.paid_on, a.amount_fen FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                             WHERE a.account_id = k.id AND p.status = 'posted' OFFSET 0) x
        GROUP BY 2, 3, 4, 6
       UNION ALL
       SELECT 'c', x.bill_id, NULL, NULL, sum(x.amount_fen)::bigint, k.id
         FROM unnest($1::bigint[]) AS k(id)
        CROSS JOIN LATERAL (SELECT c.bill_id, c.amount_fen FROM late_fee_charges c JOIN payments p ON p.id = c.payment_id
                             WHERE c.account_id = k.id AND p.status = 'posted' OFFSET 0) x
        GROUP BY 2, 6
       ORDER BY 1, 4`,
      [idArray(accountIds)],
    )
  ).rows;
  const alloc = paidRows.filter((r) => r.t === 'a');
  const charged = paidRows.filter((r) => r.t === 'c');
  // credits to apply (bill-credit-rules.ts): bills below zero, and principal paid on bills no longer released (cancelled by a rebill)
  const principalPaid = new Map<number, Map<number, number>>();
  for (const r of alloc)
    if (r.kind === 'principal') {
      const m = principalPaid.get(Number(r.account_id)) ?? new Map<number, number>();
      principalPaid.set(Number(r.account_id), m);
      m.set(Number(r.bill_id), (m.get(Number(r.bill_id)) ?? 0) + Number(r.fen));
    }
  const releasedBy = new Map<number, typeof released>();
  for (const b of released) releasedBy.set(b.accountId, [...(releasedBy.get(b.accountId) ?? []), b]);
  for (const accountId of new Set([...releasedBy.keys(), ...principalPaid.keys()])) {
    const credits = creditSourcesOf(releasedBy.get(accountId) ?? [], principalPaid.get(accountId) ?? new Map(), writtenOff);
    if (credits.length) entryOf(accountId).credits = credits;
  }
  const allocBy = new Map<number, Record<string, any>[]>();
  for (const r of alloc) allocBy.set(Number(r.bill_id), [...(allocBy.get(Number(r.bill_id)) ?? []), r]);
  const chargedBy = new Map(charged.map((r) => [Number(r.bill_id), Number(r.fen)]));
  const waivedBy = await waiverPartsOf(q, accountIds);
  for (const b of bills) {
    const entry = entryOf(b.accountId);
    entry.classes.set(b.billId, b.customerClass);
    const mine = allocBy.get(b.billId) ?? [];
    entry.states.push({
      billId: b.billId,
      cycle: b.cycle,
      customerClass: b.customerClass,
      totalFen: b.totalFen,
      releasedOn: b.releasedOn,
      dueDate: b.dueDate,
      principalPayments: mine.filter((r) => r.kind === 'principal').map((r) => ({ date: r.day, principalFen: Number(r.fen) })),
      feeChargedFen: chargedBy.get(b.billId) ?? 0,
      feePaidFen: mine.filter((r) => r.kind === 'late_fee').reduce((s, r) => s + Number(r.fen), 0),
      feeWaivedFen: waivedBy.get(b.billId)?.unchargedFen ?? 0,
      feeWaivedChargedFen: waivedBy.get(b.billId)?.chargedFen ?? 0,
    });
  }
  return out;
}

/** The method of a payment row that applies the account's ordinary credit (预收冲抵) to its open bills (account-credits.ts). */
export { ACCOUNT_CREDIT_METHOD };

/**
 * Prepaid balance: overpayments of posted payments (and credit left over from applied credit bills) plus paid
 * late fees waived afterwards (collection's waivers), less refunds approved or waiting for approval, less what
 * was applied to later bills (account-credits.ts: channel `credit`, method `account_credit`).
 */
export async function creditOf(q: Queryable, accountId: number): Promise<number> {
  return (await creditsOf(q, [accountId])).get(accountId) ?? 0;
}

/** The same for many accounts: one statement for payments and refunds, one for the waivers (accounts with none are 0). */
export async function creditsOf(q: Queryable, accountIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!accountIds.length) return out;
  const { rows } = await q.query(
    `SELECT k.id AS account_id,
            (SELECT coalesce(sum(CASE WHEN p.method = '${ACCOUNT_CREDIT_METHOD}' AND p.channel = 'credit' THEN -p.amount_fen ELSE p.credit_fen END), 0)
               FROM payments p WHERE p.account_id = k.id AND p.status = 'posted')
          - (SELECT coalesce(sum(r.amount_fen), 0) FROM payment_requests r WHERE r.account_id = k.id AND r.kind = 'refund' AND r.status <> 'rejected') AS fen
       FROM unnest($1::bigint[]) AS k(id)`,
    [accountIds],
  );
  const waived = await waiverCreditsOf(q, accountIds);
  for (const r of rows) out.set(Number(r.account_id), Number(r.fen) + (waived.get(Number(r.account_id)) ?? 0));
  return out;
}

const PAYMENT_COLUMNS = `p.id, p.receipt_no, p.account_id, p.channel, p.method, p.reference, p.amount_fen, p.principal_fen, p.late_fee_fen, p.credit_fen,
  p.fee_charged_fen, to_char(p.paid_on, 'YYYY-MM-DD') AS paid_on, p.paid_at, p.cashier_id, p.cashier_name, p.status, p.close_id, p.explanation`;

export async function paymentsWhere(q: Queryable, where: string, params: unknown[], accountNos?: Map<number, string>, limit = 500): Promise<PaymentOut[]> {
  const { rows } = await q.query(`SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE ${where} ORDER BY p.id DESC LIMIT ${Math.max(1, Math.floor(limit))}`, params);
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const lines = (
    await q.query(`SELECT payment_id, bill_id, kind, amount_fen FROM payment_allocations WHERE payment_id = ANY($1::bigint[]) ORDER BY payment_id, line_no`, [
      ids,
    ])
  ).rows;
  return rows.map((r) => {
    const ex = r.explanation as { cycles: Record<string, string>; accountNo: string; charges: PaymentOut['feeCharges']; recoveries?: PaymentOut['recoveries'] };
    return {
      id: Number(r.id),
      receiptNo: r.receipt_no,
      accountId: Number(r.account_id),
      accountNo: accountNos?.get(Number(r.account_id)) ?? ex.accountNo,
      channel: r.channel,
      method: r.method,
      reference: r.reference,
      amountFen: Number(r.amount_fen),
      principalFen: Number(r.principal_fen),
      lateFeeFen: Number(r.late_fee_fen),
      creditFen: Number(r.credit_fen),
      feeChargedFen: Number(r.fee_charged_fen),
      paidOn: r.paid_on,
      paidAt: r.paid_at,
      cashierId: r.cashier_id === null ? null : Number(r.cashier_id),
      cashierName: r.cashier_name,
      status: r.status,
      closed: r.close_id !== null,
      allocations: lines
        .filter((l) => Number(l.payment_id) === Number(r.id))
        .map((l) => ({ billId: Number(l.bill_id), cycle: ex.cycles[String(l.bill_id)] ?? '', kind: l.kind, amountFen: Number(l.amount_fen) })),
      feeCharges: ex.charges,
      recoveries: (ex.recoveries ?? []).map((r) => ({ writeOffId: r.writeOffId, billId: r.billId, principalFen: r.principalFen, lateFeeFen: r.lateFeeFen })),
      replayed: false,
    };
  });
}
