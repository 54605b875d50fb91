/**
 * Late-fee waivers (违约金减免), docs/collection.md: one user asks, another with collection.approve
 * decides (four eyes). The amount is at most the bill's fee to date less what was charged and what
 * other waivers (approved or pending) already cover. An approved waiver is then not charged at
 * payment (payments deducts `waivedFeesOf`), and posts to the ledger by its posting rules: the fee
 * waived is recognised (`late_fee_charged`) and waived (`late_fee_waived`) on the approval day, so the
 * books show both and the receivable nets to zero.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { ledgerUnitFor, postMoneyEvents, todayBeijing } from '../ledger/index.js';
import { LATE_FEE_1996 } from './policy-data.js';
import type { WaiverCreate, WaiverOut } from './schemas.js';
import { lockAccount } from './steps.js';
import { accountDebts, toWaiver, visibleAccount, waivedByBill } from './store.js';

/** Approved waivers per bill, for payments: the fee payments charge on a bill is lowered by these. */
export async function waivedFeesOf(q: Queryable, accountIds: number[]): Promise<Map<number, number>> {
  return waivedByBill(q, accountIds);
}

async function waivableFen(tx: Queryable, accountId: number, billId: number, excludeId: number | null): Promise<number> {
  const debts = await accountDebts(tx, accountId, todayBeijing(), LATE_FEE_1996);
  const bill = debts.find((d) => d.billId === billId);
  if (!bill) return 0;
  const pending = Number(
    (
      await tx.query(
        `SELECT coalesce(sum(amount_fen), 0) AS fen FROM late_fee_waivers WHERE account_id = $1 AND bill_id = $2 AND status = 'pending' AND id <> $3`,
        [accountId, billId, excludeId ?? 0],
      )
    ).rows[0].fen,
  );
  return Math.max(0, bill.feeDueFen - pending);
}

export async function requestWaiver(db: Db, p: Principal, accountId: number, body: WaiverCreate): Promise<WaiverOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockAccount(tx, accountId);
    const max = await waivableFen(tx, accountId, body.billId, null);
    if (max <= 0) throw badField('billId', 'no_fee', '该账单没有可减免的违约金', 'the bill has no late fee to waive');
    if (body.amountFen > max)
      throw badField('amountFen', 'exceeds_fee', `减免金额超过可减免的违约金 ${max} 分`, `the amount exceeds the late fee that can be waived (${max} fen)`);
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
    await lockAccount(tx, Number(w.account_id));
    const cur = (await tx.query('SELECT * FROM late_fee_waivers WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (cur.status !== 'pending')
      throw conflict(`申请已${cur.status === 'approved' ? '批准' : '驳回'}`, `the waiver is already ${cur.status}`, {}, 'REQUEST_DECIDED');
    if (Number(cur.requested_by) === p.id) throw conflict('不能审批自己提交的申请', 'you cannot decide your own request', {}, 'SAME_PERSON');
    if (approve) {
      // the fee may have been charged at a payment since the request: waive only what is still due
      const max = await waivableFen(tx, Number(cur.account_id), Number(cur.bill_id), id);
      if (Number(cur.amount_fen) > max)
        throw conflict(
          `可减免的违约金现为 ${max} 分，少于申请金额`,
          `only ${max} fen of late fee can still be waived, less than requested`,
          { waivableFen: max },
          'FEE_CHANGED',
        );
      const unit = await ledgerUnitFor(tx, cur.org_path);
      if (unit) {
        const date = todayBeijing();
        const amounts = { lateFee: Number(cur.amount_fen) };
        await postMoneyEvents(
          tx,
          [
            {
              type: 'late_fee_charged',
              id: `waiver:${id}`,
              orgUnitId: unit.orgUnitId,
              date,
              amounts,
              memo: `违约金（减免） / late fee waived, bill ${cur.bill_id}`,
            },
            {
              type: 'late_fee_waived',
              id: `waiver:${id}`,
              orgUnitId: unit.orgUnitId,
              date,
              amounts,
              memo: `违约金减免 / late fee waiver ${id}, bill ${cur.bill_id}`,
            },
          ],
          p.id,
        );
      }
    }
    const { rows } = await tx.query(
      `UPDATE late_fee_waivers SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1 RETURNING *`,
      [id, approve ? 'approved' : 'rejected', p.id, note ?? null],
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
