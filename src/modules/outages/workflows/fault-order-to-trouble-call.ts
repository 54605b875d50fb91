/**
 * Workflow: a fault order becomes a trouble call (work orders → outages; work orders never import
 * outages). The steps:
 *   1. the service point, when given, must exist (400 body.servicePointId); on the portal a service
 *      point or a spot is required (400 body.location);
 *   2. the work-order module takes the order (intakeOrder: its own transaction, idempotency key,
 *      duplicates, SLA clocks) — a replay answers the first order;
 *   3. the order's trouble call is stored in a second transaction (placeFaultCall, audited
 *      outage_call.receive): at the service point, at the spot's nearest transformer, or unplaced for
 *      a dispatcher — every fault order has its call, a replay finds the one stored;
 *   4. the grouping runs for at most the policy's answer wait (the call is stored already: a failed or
 *      slow batch is logged and retried by the next run), and the caller is told the outage joined.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { DomainError, badField } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { intakeOrder, type IntakeInput } from '../../workorders/index.js';
import { callAnswer, placeFaultCall } from '../calls/call-intake.js';
import type { OutageServices } from '../grouping/outage-services.js';
import type { FaultOrderInput, PortalFaultInput } from '../schemas.js';

/** Where a grouping failure after the answer wait is reported (the route's logger). */
export type ErrorLog = (e: unknown) => void;

/**
 * A fault-repair order and its trouble call. At a service point the call is placed there; at a
 * reported spot without a service point (`location` only, e.g. a fallen pole down the street) it is
 * placed by the nearest transformer (spot_report policy), or kept unplaced for a dispatcher. With
 * `requirePlace` (the portal) an order with neither is refused; the desk still takes one (an
 * anonymous caller with an address) without a call, as before.
 */
export async function receiveFaultOrder(
  db: Db,
  svc: OutageServices,
  p: Principal,
  input: FaultOrderInput,
  idempotencyKey: string | null,
  opts: { requirePlace?: boolean; log?: ErrorLog } = {},
) {
  if (input.servicePointId !== undefined) {
    const { rowCount } = await db.query('SELECT 1 FROM pub_service_points WHERE id = $1', [input.servicePointId]);
    if (!rowCount)
      throw new DomainError('invalid', 'VALIDATION_FAILED', '请求参数有误：服务点不存在', 'Invalid request: service point does not exist', [
        { field: 'body.servicePointId', rule: 'exists', message: '服务点不存在', messageEn: 'service point does not exist' },
      ]);
  } else if (input.location === undefined && opts.requirePlace) {
    throw badField('body.location', 'required', '请选择用电地址，或在地图上标出故障位置', 'choose your service point or pin the spot of the fault on the map');
  }
  // the body was validated by the intake's own field schemas (FaultOrderBody reuses them)
  const r = await intakeOrder(db, p, { ...input, orderType: 'fault_repair' } as IntakeInput, idempotencyKey);
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
        servicePointId: input.servicePointId,
        spot,
        fallbackOrgUnitId: r.order.orgUnitId as number,
        orderId,
        at: new Date(r.order.receivedAt as string | Date),
        addressOnly,
        note: addressOnly ? (input.address ?? input.description.slice(0, 200)) : null,
      });
      await recordAudit(tx, actorOf(p), {
        action: 'outage_call.receive',
        entity: 'outage_call',
        entityId: c.callId,
        orgUnitId: c.orgUnitId,
        after: { orderId, status: c.status, ...(spot ? { spot, transformerId: c.transformerId } : {}), ...(addressOnly ? { addressOnly: true } : {}) },
      });
      return c.callId;
    });
  }
  await svc.runner.runWithin(svc.host.currentPolicy()?.answerWaitMs, opts.log);
  return { replayed: r.replayed, order: r.order, duplicates: r.duplicates, call: callId === undefined ? null : await callAnswer(db, callId) };
}

/** The portal's fault report: the same workflow, answered with the order and its call; a service point or a spot is required. */
export async function receivePortalFault(db: Db, svc: OutageServices, p: Principal, b: PortalFaultInput, idempotencyKey: string | null, log?: ErrorLog) {
  return receiveFaultOrder(
    db,
    svc,
    p,
    { channel: b.channel ?? 'web', servicePointId: b.servicePointId, description: b.description, callerPhone: b.callerPhone, location: b.location },
    idempotencyKey,
    { requirePlace: true, log },
  );
}
