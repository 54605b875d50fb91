/**
 * Late-fee waivers (违约金减免), docs/collection.md: one user asks, another with collection.approve
 * decides (four eyes). A waiver may cover the bill's fee not yet charged, the fee charged at a payment and
 * not paid, and the fee already paid — in that order (`splitWaiver`, waiver-rules.ts), split at approval
 * and stored on the waiver. Then:
 *
 * - the part not yet charged is never charged (payments counts it as charged: `waiverPartsOf`); the books
 *   recognise and waive it on the approval day (`late_fee_charged` + `late_fee_waived`);
 * - the part charged and not paid is no longer owed (payments' fee owed less it); the books waive it
 *   (`late_fee_waived`: the fee was recognised when charged);
 * - the part paid is the customer's money again: credited to the account (payments adds `waiverCreditsOf` to
 *   the account's credit, refundable through its refund path with approval); the books take the income back
 *   into the prepaid balance (`late_fee_credited`: Dr 630101 / Cr 220301xx).
 *
 * Every event is named `waiver:<id>`, posted once in the approving transaction.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { ledgerUnitFor, postMoneyEvents, todayBeijing, type MoneyEvent } from '../ledger/index.js';
import { LATE_FEE_1996 } from './policy-data.js';
import type { ChargedFee, WaiverCreate, WaiverOut } from './schemas.js';
import { lockAccount } from './steps.js';
import { accountDebts, toWaiver, visibleAccount, waivedByBill, waiverCredits, waiverPartsByBill } from './store.js';
import { splitWaiver, waivableFen, type WaiverFigures } from './waiver-rules.js';

/** Approved waivers' part of the fee not yet charged, per bill (payments never charges it). */
export async function waivedFeesOf(q: Queryable, accountIds: number[]): Promise<Map<number, number>> {
  return waivedByBill(q, accountIds);
}

/** Approved waivers per bill by part: not yet charged, charged and not paid, paid (credited). */
export async function waiverPartsOf(q: Queryable, accountIds: number[]) {
  return waiverPartsByBill(q, accountIds);
}

/** Paid late fees waived afterwards and credited, per account (payments adds them to the account's credit). */
export async function waiverCreditsOf(q: Queryable, accountIds: number[]): Promise<Map<number, number>> {
  return waiverCredits(q, accountIds);
}

/** The bill's fee figures for a waiver today (excludeId: the waiver being decided). Null: not a bill of the account. */
async function figuresOf(
  tx: Queryable,
  accountId: number,
  billId: number,
  excludeId: number | null,
): Promise<(WaiverFigures & { customerClass: string }) | null> {
  const bill = (await tx.query(`SELECT customer_class FROM collection_bills WHERE account_id = $1 AND bill_id = $2`, [accountId, billId])).rows[0];
  if (!bill) return null;
  const debts = await accountDebts(tx, accountId, todayBeijing(), LATE_FEE_1996);
  const open = debts.find((d) => d.billId === billId);
  const fee = (
    await tx.query(
      `SELECT (SELECT coalesce(sum(charged_fen), 0) FROM collection_fee_charged WHERE account_id = $1 AND bill_id = $2)::bigint AS charged,
              (SELECT coalesce(sum(paid_fen), 0) FROM collection_fee_paid WHERE account_id = $1 AND bill_id = $2)::bigint AS paid,
              (SELECT coalesce(sum(amount_fen), 0) FROM late_fee_waivers WHERE account_id = $1 AND bill_id = $2 AND status = 'pending' AND id <> $3)::bigint AS pending`,
      [accountId, billId, excludeId ?? 0],
    )
  ).rows[0];
  const waived = (await waiverPartsByBill(tx, [accountId])).get(billId) ?? { unchargedFen: 0, chargedFen: 0, paidFen: 0 };
  return {
    customerClass: bill.customer_class,
    unchargedFen: open?.feeDueFen ?? 0,
    chargedFen: Number(fee.charged),
    paidFen: Number(fee.paid),
    waivedChargedFen: waived.chargedFen,
    waivedPaidFen: waived.paidFen,
    pendingFen: Number(fee.pending),
  };
}

/** The account's bills with a late fee charged at payments: charged, paid, and what a waiver could still cover (the account's file). */
export async function chargedFeesOf(q: Queryable, accountId: number): Promise<ChargedFee[]> {
  const { rows } = await q.query(
    `SELECT c.bill_id, b.cycle, c.charged_fen FROM collection_fee_charged c JOIN collection_bills b ON b.account_id = c.account_id AND b.bill_id = c.bill_id
      WHERE c.account_id = $1 ORDER BY b.due_date, c.bill_id`,
    [accountId],
  );
  const out: ChargedFee[] = [];
  for (const r of rows) {
    const f = await figuresOf(q, accountId, Number(r.bill_id), null);
    if (f) out.push({ billId: Number(r.bill_id), cycle: r.cycle, chargedFen: f.chargedFen, paidFen: f.paidFen, waivableFen: waivableFen(f) });
  }
  return out;
}

export async function requestWaiver(db: Db, p: Principal, accountId: number, body: WaiverCreate): Promise<WaiverOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:account:' || $1::text, 0))`, [accountId]);
    await lockAccount(tx, accountId);
    const f = await figuresOf(tx, accountId, body.billId, null);
    if (!f || waivableFen(f) <= 0) throw badField('billId', 'no_fee', '该账单没有可减免的违约金', 'the bill has no late fee to waive');
    splitWaiver(body.amountFen, f); // refuses an amount above what can be waived, naming amountFen
    const { rows } = await tx.query(
      `INSERT INTO late_fee_waivers (account_id, bill_id, org_unit_id, org_path, amount_fen, reason, requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [accountId, body.billId, a.orgUnitId, a.orgPath, body.amountFen, body.reason, p.id],
    );
    const out = toWaiver(rows[0]);
    await recordAudit(tx, actorOf(p), { action: 'late_fee_waiver.request', entity: 'late_fee_waiver', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

export async function decideWaiver(db: Db, p: Principal, id: number, approve: boolean, note?: string): Promise<WaiverOut> {
  return withTx(db, async (tx) => {
    const w = (await tx.query(`SELECT * FROM late_fee_waivers WHERE id = $1 AND org_path LIKE $2 || '%'`, [id, p.orgPath])).rows[0];
    if (!w) throw notFound('Late fee waiver', '违约金减免申请');
    // payments' lock first (no payment charges or pays the fee meanwhile), then collection's
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:account:' || $1::text, 0))`, [Number(w.account_id)]);
    await lockAccount(tx, Number(w.account_id));
    const cur = (await tx.query('SELECT * FROM late_fee_waivers WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (cur.status !== 'pending')
      throw conflict(`申请已${cur.status === 'approved' ? '批准' : '驳回'}`, `the waiver is already ${cur.status}`, {}, 'REQUEST_DECIDED');
    if (Number(cur.requested_by) === p.id) throw conflict('不能审批自己提交的申请', 'you cannot decide your own request', {}, 'SAME_PERSON');
    let split = { unchargedFen: 0, chargedFen: 0, paidFen: 0 };
    let customerClass: string | null = null;
    if (approve) {
      // the fee may have changed since the request (a payment charged or paid it, a payment reversed): split it now
      const f = await figuresOf(tx, Number(cur.account_id), Number(cur.bill_id), id);
      const max = f ? waivableFen(f) : 0;
      if (!f || Number(cur.amount_fen) > max)
        throw conflict(
          `可减免的违约金现为 ${max} 分，少于申请金额`,
          `only ${max} fen of late fee can still be waived, less than requested`,
          { waivableFen: max },
          'FEE_CHANGED',
        );
      split = splitWaiver(Number(cur.amount_fen), f);
      customerClass = f.customerClass;
      const unit = await ledgerUnitFor(tx, cur.org_path);
      if (unit) {
        const base = { id: `waiver:${id}`, orgUnitId: unit.orgUnitId, date: todayBeijing(), customerClass };
        const events: MoneyEvent[] = [];
        if (split.unchargedFen > 0)
          events.push({
            ...base,
            type: 'late_fee_charged',
            amounts: { lateFee: split.unchargedFen },
            memo: `违约金（减免） / late fee waived, bill ${cur.bill_id}`,
          });
        if (split.unchargedFen + split.chargedFen > 0)
          events.push({
            ...base,
            type: 'late_fee_waived',
            amounts: { lateFee: split.unchargedFen + split.chargedFen },
            memo: `违约金减免 / late fee waiver ${id}, bill ${cur.bill_id}`,
          });
        if (split.paidFen > 0)
          events.push({
            ...base,
            type: 'late_fee_credited',
            amounts: { lateFee: split.paidFen },
            memo: `已缴违约金减免转预收 / paid late fee waived into credit, waiver ${id}, bill ${cur.bill_id}`,
          });
        await postMoneyEvents(tx, events, p.id);
      }
    }
    const { rows } = await tx.query(
      `UPDATE late_fee_waivers SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4,
              uncharged_fen = $5, charged_fen = $6, paid_fen = $7, customer_class = $8 WHERE id = $1 RETURNING *`,
      [id, approve ? 'approved' : 'rejected', p.id, note ?? null, split.unchargedFen, split.chargedFen, split.paidFen, customerClass],
    );
    const out = toWaiver(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: approve ? 'late_fee_waiver.approve' : 'late_fee_waiver.reject',
      entity: 'late_fee_waiver',
      entityId: id,
      orgUnitId: Number(cur.org_unit_id),
      before: { status: 'pending' },
      after: out,
    });
    return out;
  });
}
