/**
 * The customer's time: building works, paying, missing documents after the one notice. Starting
 * a customer wait puts the application in state `customer_wait` (every clock pauses); ending it
 * returns to the stage. The time is shown separately on the detail.
 */
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { closedRefusal, stateRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField } from '../../platform/errors.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { liveClock } from './clock-rules.js';
import { refreshClockSummary } from './clock-summary.js';
import type { CustomerWaitInput } from './schemas.js';
import { CUSTOMER_WAIT } from './stage-rules.js';
import { addEvent, eventsOf, findVisible, toApp, type AppRow } from './store.js';
import { clocksOf } from './view.js';

export async function startWait(tx: Tx, p: Principal, a: AppRow, reason: string, note: string | null, now: Date) {
  await addEvent(tx, {
    applicationId: a.id,
    at: now,
    action: 'customer_pause',
    state: CUSTOMER_WAIT,
    stage: a.stage,
    actorId: p.id,
    actorName: p.name,
    note,
    data: { reason },
  });
  await tx.query(`UPDATE connection_applications SET customer_wait = true, wait_reason = $2, wait_since = $3, updated_at = now() WHERE id = $1`, [
    a.id,
    reason,
    now,
  ]);
}

export async function recordCustomerWait(db: Db, p: Principal, id: number, input: CustomerWaitInput, now = new Date()) {
  const ctx = await getSlaContext(db);
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.status !== 'open') throw closedRefusal(a.status);
    if (input.action === 'start') {
      if (a.customerWait) throw stateRefusal('ALREADY_WAITING', 'action', 'not_waiting', '已处于客户原因暂停中', 'already paused on the customer');
      if (!input.reason)
        throw badField(
          'body.reason',
          'required',
          '请说明客户原因（土建施工、缴费、补充资料等）',
          'give the customer reason (building works, payment, documents ...)',
        );
      await startWait(tx, p, a, input.reason, input.note ?? null, now);
    } else {
      if (!a.customerWait) throw stateRefusal('NOT_WAITING', 'action', 'waiting', '当前未处于客户原因暂停', 'not paused on the customer');
      await addEvent(tx, {
        applicationId: a.id,
        at: now,
        action: 'customer_resume',
        state: a.stage,
        stage: a.stage,
        actorId: p.id,
        actorName: p.name,
        note: input.note ?? null,
      });
      await tx.query(`UPDATE connection_applications SET customer_wait = false, wait_reason = NULL, wait_since = NULL, updated_at = now() WHERE id = $1`, [
        a.id,
      ]);
    }
    await refreshClockSummary(tx, ctx, a.id, now);
    const after = toApp((await tx.query('SELECT * FROM connection_applications WHERE id = $1', [a.id])).rows[0]);
    const events = (await eventsOf(tx, [a.id])).get(a.id)!;
    await recordAudit(tx, actorOf(p), {
      action: input.action === 'start' ? 'connection.customer_pause' : 'connection.customer_resume',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      before: { customerWait: a.customerWait },
      after: { customerWait: after.customerWait, reason: input.reason ?? null },
    });
    return { id: a.id, customerWait: after.customerWait, waitReason: after.waitReason, clock: liveClock(clocksOf(ctx, after, events, now)) };
  });
}
