/**
 * For connections: a dispute about a connection application taken as a 95598 order. The order's
 * timeline records the application it concerns (in the caller's transaction), and the
 * application shows its orders' number and state through `orderStates`.
 */
import type { Queryable, Tx } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { insertEvent } from './order-store.js';
import { OPEN_STATES } from '../lifecycle/lifecycle-rules.js';

export async function noteLinkedApplication(tx: Tx, p: Principal, orderId: number, appNo: string): Promise<void> {
  const o = (await tx.query(`SELECT id, status, org_unit_id FROM work_orders WHERE id = $1 FOR UPDATE`, [orderId])).rows[0];
  if (!o) return;
  const actor = actorOf(p);
  const note = `关联业扩报装申请 ${appNo} / concerns connection application ${appNo}`;
  await insertEvent(tx, { orderId, actor, action: 'note', fromState: o.status, toState: o.status, note, data: { connectionAppNo: appNo } });
  await recordAudit(tx, actor, { action: 'workorder.note', entity: 'work_order', entityId: orderId, orgUnitId: o.org_unit_id, after: { note } });
}

export interface OrderState {
  id: number;
  orderNo: string;
  orderType: string;
  status: string;
  /** still being worked on (not closed, terminated or merged) */
  open: boolean;
}

/** Number, type and state of orders by id (unknown ids are absent). */
export async function orderStates(db: Queryable, ids: readonly number[]): Promise<Map<number, OrderState>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query(`SELECT id, order_no, order_type, status FROM work_orders WHERE id = ANY($1::bigint[])`, [ids]);
  return new Map(
    rows.map((r) => [Number(r.id), { id: Number(r.id), orderNo: r.order_no, orderType: r.order_type, status: r.status, open: OPEN_STATES.includes(r.status) }]),
  );
}
