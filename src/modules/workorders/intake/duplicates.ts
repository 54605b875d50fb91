/**
 * Duplicates and links (issue 3): open orders of the same customer, service point or phone
 * within a window; link as related, or merge into a survivor (history kept, the merged order
 * points to the survivor). Merging a complaint away needs a supervisor; merging across org units
 * needs dispatch rights over both.
 */
import { prepared, withTx, type Db, type Queryable } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { DomainError, badField, conflict, notFound } from '../../../platform/errors.js';
import { actorOf, allows, type Principal } from '../../identity/index.js';
import { applyTransition } from '../lifecycle/apply-transition.js';
import { OPEN_STATES } from '../lifecycle/lifecycle-rules.js';
import { findVisibleOrder, insertEvent, scopeSql } from '../orders/order-store.js';
import { getSettings } from '../settings/settings.js';
import type { DuplicateOrder, DuplicatesFilter } from '../schemas.js';

export interface DuplicateQuery {
  customerId?: number | null;
  servicePointId?: number | null;
  phone?: string | null;
  excludeId?: number | null;
  windowHours: number;
}

export async function findDuplicates(db: Queryable, p: Principal, q: DuplicateQuery): Promise<DuplicateOrder[]> {
  const keys: string[] = [];
  const params: unknown[] = [];
  const s = scopeSql(p, 1, 2);
  params.push(...s.params, OPEN_STATES, q.windowHours, q.excludeId ?? -1);
  if (q.customerId) keys.push(`w.customer_id = $${params.push(q.customerId)}`);
  if (q.servicePointId) keys.push(`w.service_point_id = $${params.push(q.servicePointId)}`);
  if (q.phone) keys.push(`w.caller_phone = $${params.push(q.phone)}`);
  if (keys.length === 0) return [];
  const { rows } = await db.query(
    prepared(
      `SELECT w.id, w.order_no, w.order_type, w.subtype, w.status, w.received_at, w.title, w.org_unit_id
       FROM work_orders w
      WHERE ${s.sql} AND w.status = ANY($3::text[]) AND w.received_at >= now() - make_interval(hours => $4) AND w.id <> $5
        AND (${keys.join(' OR ')})
      ORDER BY w.received_at DESC LIMIT 20`,
      params,
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    orderNo: r.order_no,
    orderType: r.order_type,
    subtype: r.subtype,
    status: r.status,
    receivedAt: r.received_at,
    title: r.title,
    orgUnitId: r.org_unit_id,
  }));
}

/** GET /api/workorders/duplicates: the open orders of a customer, service point or phone within the configured window. */
export async function duplicatesFor(db: Db, p: Principal, q: DuplicatesFilter) {
  const s = await getSettings(db);
  return { items: await findDuplicates(db, p, { ...q, windowHours: s.duplicateWindowHours }), windowHours: s.duplicateWindowHours };
}

export async function linkOrders(db: Db, p: Principal, id: number, relatedId: number) {
  if (id === relatedId) throw badField('body.relatedId', 'distinct', '不能关联自身', 'must be another order');
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const a = await findVisibleOrder(tx, p, id, true);
    if (!a) throw notFound('Work order', '工单');
    const b = await findVisibleOrder(tx, p, relatedId, true);
    if (!b) throw badField('body.relatedId', 'exists', '关联工单不存在或不在本单位范围内', 'related order not found in your scope');
    const ins = await tx.query('INSERT INTO order_links (order_id, related_id, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      Math.min(id, relatedId),
      Math.max(id, relatedId),
      actor.id,
    ]);
    if (ins.rowCount === 0) throw conflict('两张工单已关联', 'the orders are already linked');
    await insertEvent(tx, { orderId: a.id, actor, action: 'link', fromState: a.status, toState: a.status, data: { relatedId: b.id, orderNo: b.order_no } });
    await insertEvent(tx, { orderId: b.id, actor, action: 'link', fromState: b.status, toState: b.status, data: { relatedId: a.id, orderNo: a.order_no } });
    await recordAudit(tx, actor, { action: 'workorder.link', entity: 'work_order', entityId: a.id, orgUnitId: a.org_unit_id, after: { relatedId: b.id } });
    return { orderId: a.id, relatedId: b.id };
  });
}

export async function linksOf(db: Queryable, id: number) {
  const { rows } = await db.query(
    `SELECT w.id, w.order_no, w.order_type, w.status FROM order_links l
       JOIN work_orders w ON w.id = CASE WHEN l.order_id = $1 THEN l.related_id ELSE l.order_id END
      WHERE l.order_id = $1 OR l.related_id = $1 ORDER BY w.id`,
    [id],
  );
  return rows.map((r) => ({ id: r.id, orderNo: r.order_no, orderType: r.order_type, status: r.status }));
}

/** Merges order `id` into `survivorId`; `id` ends in state 'merged' pointing to the survivor. */
export async function mergeOrder(db: Db, p: Principal, id: number, survivorId: number, note: string) {
  if (id === survivorId) throw badField('body.survivorId', 'distinct', '不能合并到自身', 'must be another order');
  const actor = actorOf(p);
  const ctx = await getSlaContext(db);
  return withTx(db, async (tx) => {
    const src = await findVisibleOrder(tx, p, id, true);
    if (!src) throw notFound('Work order', '工单');
    const survivor = await findVisibleOrder(tx, p, survivorId, true);
    if (!survivor) throw badField('body.survivorId', 'exists', '目标工单不存在或不在本单位范围内', 'survivor not found in your scope');
    if (!OPEN_STATES.includes(survivor.status as never)) throw badField('body.survivorId', 'open', '目标工单已关闭或已合并', 'survivor must be an open order');
    if (src.order_type === 'complaint' && !allows(p, 'workorders.supervise')) {
      throw new DomainError('forbidden', 'SUPERVISOR_REQUIRED', '投诉工单的合并须由监察人员执行', 'merging a complaint needs a supervisor', [
        { field: 'body.survivorId', rule: 'complaint_merge_needs_supervisor', message: '投诉合并需监察人员', messageEn: 'complaint merges need a supervisor' },
      ]);
    }
    if (src.org_unit_id !== survivor.org_unit_id && !allows(p, 'workorders.dispatch') && !allows(p, 'workorders.supervise')) {
      throw new DomainError('forbidden', 'CROSS_ORG_MERGE', '跨单位合并须有派单权限', 'merging across org units needs dispatch rights', [
        { field: 'body.survivorId', rule: 'cross_org_merge', message: '跨单位合并需派单权限', messageEn: 'cross-unit merges need dispatch rights' },
      ]);
    }
    const merged = await applyTransition(tx, ctx, actor, src, 'merge', {
      note,
      set: { merged_into_id: survivor.id },
      data: { survivorId: survivor.id, survivorNo: survivor.order_no },
    });
    await insertEvent(tx, {
      orderId: survivor.id,
      actor,
      action: 'absorb',
      fromState: survivor.status,
      toState: survivor.status,
      note,
      data: { mergedId: src.id, mergedNo: src.order_no },
    });
    await tx.query('UPDATE idempotency_keys SET order_id = $2 WHERE order_id = $1', [src.id, survivor.id]);
    await recordAudit(tx, actor, {
      action: 'workorder.merge',
      entity: 'work_order',
      entityId: src.id,
      orgUnitId: src.org_unit_id,
      before: { status: src.status },
      after: { status: merged.status, mergedIntoId: survivor.id },
    });
    return { merged, survivorId: survivor.id };
  });
}
