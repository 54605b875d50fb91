/**
 * A customer raises a dispute about their own open application from the portal. The same 95598
 * complaint order as the staff route (disputes.ts), taken on the web channel, with two guards
 * against a double click opening two orders: a retry with the same Idempotency-Key answers the
 * first dispute, and while a dispute order of the application is still open another is refused
 * (409 `one_open_dispute`, naming that order) — checked under a per-application advisory lock.
 */
import { withTx, type Db } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { orderStates, replayedOrderId } from '../workorders/index.js';
import { disputeKey, disputesOf, raiseDispute } from './disputes.js';
import { closedRefusal, stateRefusal } from './refusals.js';
import type { PortalDisputeInput } from './schemas.js';
import { findVisible } from './store.js';

export async function raisePortalDispute(db: Db, p: Principal, id: number, input: PortalDisputeInput, idempotencyKey: string | null) {
  const a = await findVisible(db, p, id);
  const description = input.description.trim();
  if (!description) throw badField('description', 'required', '请填写异议内容', 'describe the dispute');
  const request = { ...input, description, channel: 'web' as const };
  // One at a time per application (a transaction holding only the lock while the order is taken
  // on other connections), so two submissions at once cannot both pass the open-dispute check.
  return withTx(db, async (lock) => {
    await lock.query(`SELECT pg_advisory_xact_lock(hashtextextended('connections:dispute:' || $1::text, 0))`, [a.id]);
    if (idempotencyKey && (await replayedOrderId(db, p, disputeKey(a.id, idempotencyKey))) !== null)
      return raiseDispute(db, p, a.id, request, idempotencyKey, a);
    const now = await findVisible(lock, p, a.id);
    if (now.status !== 'open') throw closedRefusal(now.status);
    const disputes = await disputesOf(db, a.id);
    const states = await orderStates(
      db,
      disputes.map((d) => d.orderId),
    );
    const open = disputes.find((d) => states.get(d.orderId)?.open);
    if (open)
      throw stateRefusal(
        'DISPUTE_OPEN',
        'id',
        'one_open_dispute',
        `该申请已有处理中的异议工单 ${open.orderNo}，请等待处理结果`,
        `a dispute order of this application is still open: ${open.orderNo}`,
        { orderNo: open.orderNo, disputeId: open.id },
      );
    return raiseDispute(db, p, a.id, request, idempotencyKey, now);
  });
}
