/**
 * A phone consultation (咨询) that becomes a connection application: the application names the
 * consultation order; the order must exist in the caller's scope and be a consultation, and its
 * timeline records the application it became (in the caller's transaction, so both or neither).
 */
import type { Tx } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { badField } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { findVisibleOrder, insertEvent } from './order-store.js';

export async function linkConsultation(tx: Tx, p: Principal, orderId: number, link: { field: string; appNo: string }): Promise<{ orderNo: string }> {
  const o = await findVisibleOrder(tx, p, orderId, true);
  if (!o) throw badField(link.field, 'exists', '咨询工单不存在', 'no such consultation order');
  if (o.order_type !== 'consultation') throw badField(link.field, 'consultation', '关联的工单不是咨询工单', 'the linked work order is not a consultation');
  const actor = actorOf(p);
  const note = `转为业扩报装申请 ${link.appNo} / became connection application ${link.appNo}`;
  await insertEvent(tx, { orderId, actor, action: 'note', fromState: o.status, toState: o.status, note, data: { connectionAppNo: link.appNo } });
  await tx.query('UPDATE work_orders SET updated_at = now() WHERE id = $1', [orderId]);
  await recordAudit(tx, actor, { action: 'workorder.note', entity: 'work_order', entityId: orderId, orgUnitId: o.org_unit_id, after: { note } });
  return { orderNo: o.order_no };
}
