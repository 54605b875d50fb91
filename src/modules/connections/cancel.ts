/** Withdrawing an application (the customer withdraws, or it is void): every clock ends without a result; the register forgets it. Audited. */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { refreshClockSummary } from './clock-summary.js';
import { closureApplicationEnded } from './closures.js';
import { closedRefusal } from './refusals.js';
import { CANCELLED } from './stage-rules.js';
import { addEvent, findVisible } from './store.js';

export async function cancelApplication(db: Db, p: Principal, id: number, input: { reason: string }, now = new Date()) {
  const ctx = await getSlaContext(db);
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.status !== 'open') throw closedRefusal(a.status);
    await addEvent(tx, {
      applicationId: a.id,
      at: now,
      action: 'cancel',
      state: CANCELLED,
      stage: a.stage,
      actorId: p.id,
      actorName: p.name,
      note: input.reason,
    });
    await tx.query(
      `UPDATE connection_applications SET status = 'cancelled', customer_wait = false, wait_reason = NULL, wait_since = NULL, updated_at = now() WHERE id = $1`,
      [a.id],
    );
    await tx.query('DELETE FROM large_customer_register WHERE application_id = $1', [a.id]);
    if (a.kind === 'closure') await closureApplicationEnded(tx, actorOf(p), a, 'cancelled', input.reason);
    await refreshClockSummary(tx, ctx, a.id, now);
    await recordAudit(tx, actorOf(p), {
      action: 'connection.cancel',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      before: { stage: a.stage, status: a.status },
      after: { status: 'cancelled', reason: input.reason },
    });
    return { id: a.id, stage: a.stage, status: 'cancelled', customerId: a.customerId, servicePointId: a.servicePointId };
  });
}
