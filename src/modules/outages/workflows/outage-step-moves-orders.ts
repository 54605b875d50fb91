/**
 * Workflow: a step on an outage moves its linked fault orders (outages → work orders; work orders
 * never import outages), so the SLA engine's arrival and restoration clocks stop when the crew does.
 * The steps:
 *   1. the outage step (actOnOutage: one grouping transaction, audited; a refusal is a 409 and
 *      nothing follows);
 *   2. the linked open fault orders follow, each in its own work-order transaction: assign → dispatch
 *      to the crew's unit, arrive → arrive, restore → handle with the cause note as result. An order
 *      already past that step (the work-order lifecycle refuses it: a conflict) is left as it is;
 *   3. an order that could not follow for another reason (out of the actor's scope, not allowed for
 *      them, a refused field) is not dropped silently: the outage's timeline records it
 *      (`linked_orders_not_moved`, audited) and its dispatchers are told through the outbox, which
 *      delivers and retries on its own, so they move the order by hand;
 *   4. the answer is the outage as it is now.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { DomainError } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { enqueue } from '../../../platform/outbox/outbox.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { transitionOrder, type TransitionBody } from '../../workorders/index.js';
import type { OutageServices } from '../grouping/outage-services.js';
import { actOnOutage, type ActionInput } from '../lifecycle/outage-actions.js';
import { outageDetail } from '../lifecycle/outage-queries.js';
import { addTimeline } from '../lifecycle/outage-rows.js';
import { dispatcherMessages } from '../notices/dispatcher-notices.js';
import type { StepBody, StepName } from '../schemas.js';

/** The lifecycle action of each step route (POST /api/outages/:id/<step>); restore with a device is a partial restoration. */
export const STEP_ACTIONS: Record<StepName, ActionInput['type']> = {
  confirm: 'confirm',
  etr: 'set_etr',
  assign: 'assign_crew',
  accept: 'accept_assignment',
  decline: 'decline_assignment',
  depart: 'depart',
  arrive: 'arrive',
  restore: 'restore',
  'confirm-restoration': 'confirm_restoration',
  close: 'close',
  cancel: 'cancel',
};

/** One step on an outage as the API takes it, its linked orders following; answers the outage's detail. */
export async function stepOutage(db: Db, svc: OutageServices, p: Principal, id: number, step: StepName, b: StepBody) {
  const type = STEP_ACTIONS[step] === 'restore' && b.deviceId !== undefined ? 'restore_partial' : STEP_ACTIONS[step];
  const input: ActionInput = {
    ...b,
    type,
    at: b.at ? new Date(b.at) : undefined,
    etr: b.etr ? new Date(b.etr) : undefined,
    reason: typeof b.reason === 'string' ? b.reason.trim() : undefined,
  };
  const after = await actOnOutage(svc.host, p, id, input);
  const crewOrg = type === 'assign_crew' && after.crew_id !== null ? await crewOrgUnit(db, after.crew_id) : null;
  await followOutageStep(db, p, id, type, crewOrg, input.causeNote);
  return outageDetail(db, p, id);
}

async function crewOrgUnit(db: Db, crewId: number): Promise<number | null> {
  return (await db.query<{ org_unit_id: number }>('SELECT org_unit_id FROM pub_crews WHERE id = $1', [crewId])).rows[0]?.org_unit_id ?? null;
}

/** The order steps that follow an outage step. */
export async function followOutageStep(db: Db, p: Principal, outageId: number, step: string, crewOrgUnitId: number | null, result?: string): Promise<void> {
  if (step === 'assign_crew' && crewOrgUnitId !== null)
    await moveLinkedOrders(db, p, outageId, { action: 'dispatch', orgUnitId: crewOrgUnitId, note: '随停电事件派给抢修班组' });
  if (step === 'arrive') await moveLinkedOrders(db, p, outageId, { action: 'arrive', note: '抢修人员到达现场' });
  if (step === 'restore') await moveLinkedOrders(db, p, outageId, { action: 'handle', result: result ?? '已恢复供电', note: '停电已恢复' });
}

interface NotMoved {
  orderId: number;
  code: string;
  reason: string;
  reasonEn: string;
}

/**
 * Moves the open fault orders linked to an outage. Orders already past that step are left alone;
 * any other refusal is recorded and the dispatchers told (step 3 above); an unexpected error is thrown.
 */
export async function moveLinkedOrders(
  db: Db,
  p: Principal,
  outageId: number,
  body: TransitionBody,
): Promise<{ moved: number; skipped: number; notMoved: NotMoved[] }> {
  const { rows } = await db.query<{ order_id: number }>('SELECT order_id FROM outage_calls WHERE outage_id = $1 AND order_id IS NOT NULL ORDER BY order_id', [
    outageId,
  ]);
  let moved = 0;
  const notMoved: NotMoved[] = [];
  for (const r of rows) {
    try {
      await transitionOrder(db, p, r.order_id, body);
      moved++;
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind === 'internal') throw e;
      if (e.kind !== 'conflict') notMoved.push({ orderId: r.order_id, code: e.code, reason: e.zh, reasonEn: e.en });
    }
  }
  if (notMoved.length > 0) await recordNotMoved(db, p, outageId, body.action, notMoved);
  return { moved, skipped: rows.length - moved, notMoved };
}

async function recordNotMoved(db: Db, p: Principal, outageId: number, action: string, orders: NotMoved[]): Promise<void> {
  await withTx(db, async (tx) => {
    const o = (
      await tx.query<{ outage_no: string; org_unit_id: number; org_path: string; status: string }>(
        'SELECT outage_no, org_unit_id, org_path, status FROM outages WHERE id = $1',
        [outageId],
      )
    ).rows[0];
    if (!o) return;
    const data = { orderAction: action, orders };
    await addTimeline(tx, [{ outageId, action: 'linked_orders_not_moved', fromStatus: o.status, toStatus: o.status, actorId: p.id, actorName: p.name, data }]);
    const ids = orders.map((x) => x.orderId).join('、');
    await enqueue(
      tx,
      await dispatcherMessages(tx, o.org_path, {
        event: 'outage.linked_orders_not_moved',
        subject: `关联工单未随停电事件流转：${o.outage_no}`,
        text: `停电事件 ${o.outage_no} 的关联工单 ${ids} 未能随之${action}（${orders[0].reason}），请手工处理。`,
        payload: { outageId, outageNo: o.outage_no, ...data },
      }),
    );
    await recordAudit(tx, actorOf(p), {
      action: 'outage.linked_orders_not_moved',
      entity: 'outage',
      entityId: outageId,
      orgUnitId: o.org_unit_id,
      after: data,
    });
  });
}
