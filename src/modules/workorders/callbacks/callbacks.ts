/**
 * Callback workbench and satisfaction (issue 3, docs/rules.md §10): callback results close the order
 * or, when the customer is dissatisfied (or power is not back after a repair), reopen it.
 * IVR key-press ratings arrive by API after calls, idempotent per call id.
 */
import { withTx, type Db, type Queryable } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { badField, conflict, notFound } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { applyTransition } from '../lifecycle/apply-transition.js';
import { findVisibleOrder } from '../orders/order-store.js';
import type { CallbackInput, IvrRating } from '../schemas.js';

export type { CallbackResult } from '../orders/catalog.js';

export async function listCallbacks(db: Queryable, p: Principal, status: 'pending' | 'done', limit: number, offset: number) {
  const { rows } = await db.query(
    `SELECT c.id, c.order_id, c.status, c.reason, c.created_at, c.result, c.result_reason, c.power_restored, c.done_at,
            w.order_no, w.order_type, w.subtype, w.title, w.result AS handling_result
       FROM callbacks c JOIN work_orders w ON w.id = c.order_id
      WHERE c.status = $1 AND c.org_path LIKE $2 || '%' ORDER BY c.created_at LIMIT $3 OFFSET $4`,
    [status, p.orgPath, limit, offset],
  );
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    orderNo: r.order_no,
    orderType: r.order_type,
    subtype: r.subtype,
    title: r.title,
    handlingResult: r.handling_result,
    status: r.status,
    reason: r.reason,
    createdAt: r.created_at,
    result: r.result,
    resultReason: r.result_reason,
    powerRestored: r.power_restored,
    doneAt: r.done_at,
  }));
}

export async function recordCallback(db: Db, p: Principal, callbackId: number, input: CallbackInput) {
  const ctx = await getSlaContext(db);
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query("SELECT * FROM callbacks WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE", [callbackId, p.orgPath]);
    const cb = rows[0];
    if (!cb) throw notFound('Callback', '回访任务');
    if (cb.status !== 'pending') throw conflict('回访任务已完成', 'this callback is already done', { currentState: cb.status });
    const order = await findVisibleOrder(tx, p, cb.order_id, true);
    if (!order) throw notFound('Work order', '工单');
    if (order.order_type === 'fault_repair' && input.result !== 'unreachable' && input.powerRestored === undefined) {
      throw badField('body.powerRestored', 'required', '抢修回访须确认是否已恢复供电', 'is required for a repair callback');
    }
    const unhappy = input.result === 'dissatisfied' || input.powerRestored === false;
    if (unhappy && !input.reason?.trim())
      throw badField('body.reason', 'required', '不满意或未复电须填写原因', 'is required when the customer is dissatisfied or power is not back');
    await tx.query(`UPDATE callbacks SET status = 'done', result = $2, result_reason = $3, power_restored = $4, done_by = $5, done_at = now() WHERE id = $1`, [
      cb.id,
      input.result,
      input.reason ?? null,
      input.powerRestored ?? null,
      actor.id,
    ]);
    if (input.score !== undefined) await tx.query(`INSERT INTO order_ratings (order_id, source, score) VALUES ($1, 'callback', $2)`, [order.id, input.score]);
    const satisfaction = input.result === 'unreachable' ? null : input.result;
    const after = unhappy
      ? await applyTransition(tx, ctx, actor, order, 'reopen', {
          note: `回访不满意：${input.reason}`,
          data: { callbackId: cb.id, result: input.result },
          set: { reopen_count: order.reopen_count + 1, handled_at: null, satisfaction },
        })
      : await applyTransition(tx, ctx, actor, order, 'close', {
          note: `回访结果：${input.result}`,
          data: { callbackId: cb.id, result: input.result },
          set: { closed_at: new Date(), satisfaction },
        });
    await recordAudit(tx, actor, {
      action: 'workorder.callback',
      entity: 'work_order',
      entityId: order.id,
      orgUnitId: order.org_unit_id,
      before: { status: order.status },
      after: { status: after.status, result: input.result, powerRestored: input.powerRestored ?? null },
    });
    return { callbackId: cb.id, order: { id: after.id, status: after.status, satisfaction } };
  });
}

/** IVR key-press rating after a call: 1–5, one per (call id); a repeat of the same call id is answered, not stored twice. */
export async function ingestIvrRating(db: Db, p: Principal, input: IvrRating) {
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query("SELECT id, org_unit_id FROM work_orders WHERE order_no = $1 AND org_path LIKE $2 || '%'", [input.orderNo, p.orgPath]);
    if (!rows[0]) throw badField('body.orderNo', 'exists', '工单不存在', 'no such order in your scope');
    const ins = await tx.query(
      `INSERT INTO order_ratings (order_id, source, call_id, score) VALUES ($1, 'ivr', $2, $3) ON CONFLICT (source, call_id) DO NOTHING RETURNING id`,
      [rows[0].id, input.callId, input.score],
    );
    if (ins.rowCount === 0) return { stored: false, orderId: rows[0].id };
    await recordAudit(tx, actor, {
      action: 'workorder.rating',
      entity: 'work_order',
      entityId: rows[0].id,
      orgUnitId: rows[0].org_unit_id,
      after: { source: 'ivr', score: input.score, callId: input.callId },
    });
    return { stored: true, orderId: rows[0].id };
  });
}

/** A portal customer rates their own order (1–5) once it is handled; one portal rating per order. */
export async function ratePortalOrder(db: Db, p: Principal, id: number, score: number) {
  await withTx(db, async (tx) => {
    const o = await findVisibleOrder(tx, p, id);
    if (!o) throw notFound('Work order', '工单');
    if (!['handled', 'callback', 'closed'].includes(o.status))
      throw badField('body.score', 'not_handled', '工单处理完毕后才能评价', 'the order can be rated once handled');
    const dup = await tx.query(`SELECT 1 FROM order_ratings WHERE order_id = $1 AND source = 'portal'`, [id]);
    if (dup.rowCount) throw badField('body.score', 'once', '已评价过', 'this order was already rated');
    await tx.query(`INSERT INTO order_ratings (order_id, source, score) VALUES ($1, 'portal', $2)`, [id, score]);
    await recordAudit(tx, actorOf(p), {
      action: 'workorder.rating',
      entity: 'work_order',
      entityId: id,
      orgUnitId: o.org_unit_id,
      after: { source: 'portal', score },
    });
  });
  return { orderId: id, score };
}
