/**
 * Fault-repair work orders and outages, composed here (outages builds on work orders; work
 * orders never import outages): a fault order taken at the desk becomes a trouble call, and the
 * crew's steps on the outage move its linked orders (dispatch to the crew's unit, arrive,
 * handle), so the arrival and restoration clocks of the SLA engine stop when the crew does.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { DomainError, badField } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { intakeOrder, type IntakeInput } from '../../workorders/index.js';
import { transitionOrder, type TransitionBody } from '../../workorders/index.js';
import { callAnswer, placeFaultCall } from '../calls/call-intake.js';
import type { OutageServices } from '../grouping/outage-services.js';

/**
 * A fault-repair order and its trouble call. At a service point the call is placed there; at a
 * reported spot without a service point (`location` only, e.g. a fallen pole down the street) it is
 * placed by the nearest transformer (spot_report policy), or kept unplaced for a dispatcher. With
 * `requirePlace` (the portal) an order with neither is refused; the desk still takes one (an
 * anonymous caller with an address) without a call, as before.
 */
export async function receiveFaultOrder(db: Db, svc: OutageServices, p: Principal, input: Omit<IntakeInput, 'orderType'>, idempotencyKey: string | null, opts: { requirePlace?: boolean } = {}) {
  if (input.servicePointId !== undefined) {
    const { rowCount } = await db.query('SELECT 1 FROM service_points WHERE id = $1', [input.servicePointId]);
    if (!rowCount) throw new DomainError('invalid', 'VALIDATION_FAILED', '请求参数有误：服务点不存在', 'Invalid request: service point does not exist', [{ field: 'body.servicePointId', rule: 'exists', message: '服务点不存在', messageEn: 'service point does not exist' }]);
  } else if (input.location === undefined && opts.requirePlace) {
    throw badField('body.location', 'required', '请选择用电地址，或在地图上标出故障位置', 'choose your service point or pin the spot of the fault on the map');
  }
  const r = await intakeOrder(db, p, { ...input, orderType: 'fault_repair' }, idempotencyKey);
  const orderId = r.order.id as number;
  let callId = (await db.query('SELECT id FROM outage_calls WHERE order_id = $1', [orderId])).rows[0]?.id as number | undefined;
  const spot = input.servicePointId === undefined && input.location ? { lon: input.location.lon, lat: input.location.lat } : null;
  // Every fault order gets its trouble call: at its service point, at the reported spot, or, with
  // neither (an anonymous caller with an address in words, or a customer named without an address),
  // unplaced for a dispatcher with the address or the description as its note — never dropped.
  const addressOnly = input.servicePointId === undefined && !spot;
  if (callId === undefined) {
    callId = await withTx(db, async (tx) => {
      const c = await placeFaultCall(tx, {
        servicePointId: input.servicePointId, spot, fallbackOrgUnitId: r.order.orgUnitId as number, orderId, at: new Date(r.order.receivedAt as string | Date),
        addressOnly, note: addressOnly ? (input.address ?? input.description.slice(0, 200)) : null,
      });
      await recordAudit(tx, actorOf(p), { action: 'outage_call.receive', entity: 'outage_call', entityId: c.callId, orgUnitId: c.orgUnitId,
        after: { orderId, status: c.status, ...(spot ? { spot, transformerId: c.transformerId } : {}), ...(addressOnly ? { addressOnly: true } : {}) } });
      return c.callId;
    });
  }
  await svc.runner.runWithin(svc.host.currentPolicy()?.answerWaitMs);
  return { replayed: r.replayed, order: r.order, duplicates: r.duplicates, call: callId === undefined ? null : await callAnswer(db, callId) };
}

/** Moves the open fault orders linked to an outage; orders already past that step are left alone. */
export async function moveLinkedOrders(db: Db, p: Principal, outageId: number, body: TransitionBody): Promise<{ moved: number; skipped: number }> {
  const { rows } = await db.query<{ order_id: number }>('SELECT order_id FROM outage_calls WHERE outage_id = $1 AND order_id IS NOT NULL ORDER BY order_id', [outageId]);
  let moved = 0;
  for (const r of rows) {
    try {
      await transitionOrder(db, p, r.order_id, body);
      moved++;
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind === 'internal') throw e; // not allowed in its state, out of scope: left as is
    }
  }
  return { moved, skipped: rows.length - moved };
}

/** The order steps that follow an outage step. */
export async function followOutageStep(db: Db, p: Principal, outageId: number, step: string, crewOrgUnitId: number | null, result?: string): Promise<void> {
  if (step === 'assign_crew' && crewOrgUnitId !== null) await moveLinkedOrders(db, p, outageId, { action: 'dispatch', orgUnitId: crewOrgUnitId, note: '随停电事件派给抢修班组' });
  if (step === 'arrive') await moveLinkedOrders(db, p, outageId, { action: 'arrive', note: '抢修人员到达现场' });
  if (step === 'restore') await moveLinkedOrders(db, p, outageId, { action: 'handle', result: result ?? '已恢复供电', note: '停电已恢复' });
}
