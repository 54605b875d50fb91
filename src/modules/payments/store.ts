/** Reads of the payments tables and of what an account owes (docs/payments.md). */
import type { Queryable } from '../../db/pool.js';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { accountsForCollection, type AccountForCollection } from '../customers/index.js';
import { openBillsOfAccounts } from '../billing/index.js';
import { waivedFeesOf, writtenOffBillsOf } from '../collection/index.js';
import type { BillState } from './payment-rules.js';
import type { PaymentOut } from './schemas.js';

/** An account in the caller's org scope, or 404 (existence does not leak). */
export async function visibleAccount(q: Queryable, p: Principal, accountId: number): Promise<AccountForCollection> {
  const [a] = await accountsForCollection(q, p.orgPath, { accountId }, 1);
  if (!a) throw notFound('Account', '用电户');
  return a;
}

/** The open bills of an account with what was paid and charged on each (posted payments only). */
export async function billStates(q: Queryable, accountId: number): Promise<{ states: BillState[]; classes: Map<number, string> }> {
  return (await billStatesOf(q, [accountId])).get(accountId) ?? { states: [], classes: new Map() };
}

/** The same for many accounts at once: three statements whatever their number. */
export async function billStatesOf(q: Queryable, accountIds: number[]): Promise<Map<number, { states: BillState[]; classes: Map<number, string> }>> {
  const out = new Map<number, { states: BillState[]; classes: Map<number, string> }>();
  if (!accountIds.length) return out;
  const writtenOff = await writtenOffBillsOf(q, accountIds);
  // bills written off as bad debts (collection's 坏账核销) are no longer owed
  const bills = (await openBillsOfAccounts(q, accountIds)).filter((b) => !writtenOff.has(b.billId));
  if (!bills.length) return out;
  // allocation lines by day and the fees charged, of posted payments: one statement
  const paidRows = (
    await q.query(
      // per account index scans (OFFSET 0: no hash join over every payment as the tables grow)
      `SELECT 'a' AS t, x.bill_id, x.kind, to_char(x.paid_on, 'YYYY-MM-DD') AS day, sum(x.amount_fen)::bigint AS fen
         FROM unnest($1::bigint[]) AS k(id)
        CROSS JOIN LATERAL (SELECT a.bill_id, a.kind, p.paid_on, a.amount_fen FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                             WHERE a.account_id = k.id AND p.status = 'posted' OFFSET 0) x
        GROUP BY 2, 3, 4
       UNION ALL
       SELECT 'c', x.bill_id, NULL, NULL, sum(x.amount_fen)::bigint
         FROM unnest($1::bigint[]) AS k(id)
        CROSS JOIN LATERAL (SELECT c.bill_id, c.amount_fen FROM late_fee_charges c JOIN payments p ON p.id = c.payment_id
                             WHERE c.account_id = k.id AND p.status = 'posted' OFFSET 0) x
        GROUP BY 2
       ORDER BY 1, 4`,
      [accountIds],
    )
  ).rows;
  const alloc = paidRows.filter((r) => r.t === 'a');
  const charged = paidRows.filter((r) => r.t === 'c');
  const allocBy = new Map<number, Record<string, any>[]>();
  for (const r of alloc) allocBy.set(Number(r.bill_id), [...(allocBy.get(Number(r.bill_id)) ?? []), r]);
  const chargedBy = new Map(charged.map((r) => [Number(r.bill_id), Number(r.fen)]));
  const waivedBy = await waivedFeesOf(q, accountIds);
  for (const b of bills) {
    const entry = out.get(b.accountId) ?? { states: [], classes: new Map<number, string>() };
    out.set(b.accountId, entry);
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
      feeWaivedFen: waivedBy.get(b.billId) ?? 0,
    });
  }
  return out;
}

/** Prepaid balance: overpayments of posted payments less refunds approved or waiting for approval. */
export async function creditOf(q: Queryable, accountId: number): Promise<number> {
  const { rows } = await q.query(
    `SELECT (SELECT coalesce(sum(credit_fen), 0) FROM payments WHERE account_id = $1 AND status = 'posted')
          - (SELECT coalesce(sum(amount_fen), 0) FROM payment_requests WHERE account_id = $1 AND kind = 'refund' AND status <> 'rejected') AS fen`,
    [accountId],
  );
  return Number(rows[0].fen);
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
    const ex = r.explanation as { cycles: Record<string, string>; accountNo: string; charges: PaymentOut['feeCharges'] };
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
      replayed: false,
    };
  });
}
