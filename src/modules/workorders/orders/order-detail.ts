/** Reading one order (view + timeline + links + deliveries + callbacks) and matching an anonymous caller to a customer later. */
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { deliveriesOf } from '../../../platform/outbox/outbox.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { badField, conflict, notFound } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { inOrgScope } from '../../orgs/index.js';
import { linksOf } from '../intake/duplicates.js';
import { findVisibleOrder, insertEvent, loadEvents, timeline } from './order-store.js';
import { liveClocks, orderView } from './order-view.js';
import { orderLocation } from '../intake/location-rules.js';

export async function getOrder(db: Db, p: Principal, id: number) {
  const o = await findVisibleOrder(db, p, id);
  if (!o) throw notFound('Work order', '工单');
  const [ctx, events] = await Promise.all([getSlaContext(db), loadEvents(db, id)]);
  return orderView(o, liveClocks(ctx, o, events), p);
}

export async function getOrderDetail(db: Db, p: Principal, id: number) {
  const order = await getOrder(db, p, id);
  const [tl, links, deliveries, callbacks, sla, customer] = await Promise.all([
    timeline(db, id),
    linksOf(db, id),
    deliveriesOf(db, id),
    db.query('SELECT id, status, reason, created_at, result, result_reason, power_restored, done_at FROM callbacks WHERE order_id = $1 ORDER BY id', [id]),
    db.query('SELECT key, kind, clock, at, due_at, data FROM sla_events WHERE order_id = $1 ORDER BY id', [id]),
    // who the customer is, by name and account number (as customer search shows them; phone and ID stay masked)
    order.customerId === null
      ? null
      : db.query(
          `SELECT c.name, a.account_no FROM pub_customers c
         LEFT JOIN pub_service_points sp ON sp.id = $2
         LEFT JOIN pub_customer_accounts a ON a.id = coalesce(sp.account_id, (SELECT min(id) FROM pub_customer_accounts WHERE customer_id = c.id))
        WHERE c.id = $1`,
          [order.customerId, order.servicePointId],
        ),
  ]);
  const c = customer?.rows[0];
  return {
    order,
    customer: c && order.customerId !== null ? { id: order.customerId, name: c.name as string, accountNo: (c.account_no as string | null) ?? null } : null,
    timeline: tl,
    links,
    deliveries,
    callbacks: callbacks.rows.map((c) => ({
      id: c.id,
      status: c.status,
      reason: c.reason,
      createdAt: c.created_at,
      result: c.result,
      resultReason: c.result_reason,
      powerRestored: c.power_restored,
      doneAt: c.done_at,
    })),
    slaEvents: sla.rows.map((e) => ({ key: e.key, kind: e.kind, clock: e.clock, at: e.at, dueAt: e.due_at, data: e.data })),
  };
}

/** A portal customer's own order: the order and the steps it went through (no notes, actors or deliveries). */
export async function getPortalOrder(db: Db, p: Principal, id: number) {
  const d = await getOrderDetail(db, p, id);
  return { order: d.order, timeline: d.timeline.map((e) => ({ at: e.at, action: e.action, toState: e.toState })) };
}

/** An anonymous caller identified later: the match is recorded (time, who) in the timeline. */
export async function matchCustomer(db: Db, p: Principal, id: number, customerId: number, servicePointId: number | null) {
  const actor = actorOf(p);
  await withTx(db, async (tx) => {
    const o = await findVisibleOrder(tx, p, id, true);
    if (!o) throw notFound('Work order', '工单');
    if (o.customer_id !== null) throw conflict('工单已关联客户', 'the order already has a customer', { customerId: o.customer_id });
    const c = await tx.query(`SELECT c.id FROM pub_customers c WHERE c.id = $1 AND ${inOrgScope('c.org_unit_id', '$2')}`, [customerId, p.orgPath]);
    if (!c.rowCount) throw badField('body.customerId', 'exists', '客户不存在或不在本单位范围内', 'customer not found in your scope');
    let sp: { customer_class: string; important: boolean; lon: number | null; lat: number | null } | null = null;
    if (servicePointId !== null) {
      const r = await tx.query('SELECT customer_class, important, lon, lat FROM pub_service_points WHERE id = $1 AND customer_id = $2', [
        servicePointId,
        customerId,
      ]);
      if (!r.rows[0]) throw badField('body.servicePointId', 'belongs_to_customer', '用电地址不属于该客户', 'service point does not belong to the customer');
      sp = r.rows[0];
    }
    // An order without a location (an anonymous caller who gave no spot) is now located at the service point.
    const at = o.location_lon === null ? orderLocation(null, sp) : null;
    await tx.query(
      `UPDATE work_orders SET customer_id = $2, service_point_id = $3, customer_class = coalesce($4, customer_class), important = important OR $5, matched_at = now(), updated_at = now(),
                           location_lon = coalesce(location_lon, $6), location_lat = coalesce(location_lat, $7), location_source = coalesce(location_source, $8) WHERE id = $1`,
      [id, customerId, servicePointId, sp?.customer_class ?? null, sp?.important ?? false, at?.lon ?? null, at?.lat ?? null, at?.source ?? null],
    );
    await insertEvent(tx, { orderId: id, actor, action: 'match_customer', fromState: o.status, toState: o.status, data: { customerId, servicePointId } });
    await recordAudit(tx, actor, {
      action: 'workorder.match_customer',
      entity: 'work_order',
      entityId: id,
      orgUnitId: o.org_unit_id,
      before: { customerId: null },
      after: { customerId, servicePointId },
    });
  });
  return getOrder(db, p, id);
}

export async function addNote(db: Db, p: Principal, id: number, note: string) {
  const actor = actorOf(p);
  await withTx(db, async (tx) => {
    const o = await findVisibleOrder(tx, p, id, true);
    if (!o) throw notFound('Work order', '工单');
    await insertEvent(tx, { orderId: id, actor, action: 'note', fromState: o.status, toState: o.status, note });
    await tx.query('UPDATE work_orders SET updated_at = now() WHERE id = $1', [id]);
    await recordAudit(tx, actor, { action: 'workorder.note', entity: 'work_order', entityId: id, orgUnitId: o.org_unit_id, after: { note } });
  });
  return timeline(db, id);
}
