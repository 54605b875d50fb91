/**
 * A customer's dispute about an application — its fee items, a stage taking too long, or a
 * breach of 三不指定 (the company naming the design, construction or supply firm) — becomes a
 * 95598 complaint order (营业投诉) through the work-order intake; the order's timeline names the
 * application and the application lists its disputes with the orders' numbers and states.
 * The intake's idempotency key makes a retried request give the same order and the same dispute.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { actorOf, type Principal } from '../identity/index.js';
import { intakeOrder, noteLinkedApplication, orderStates } from '../workorders/index.js';
import type { Dispute, DisputeInput } from './schemas.js';
import { STAGE_LABEL } from './stage-rules.js';
import { findVisible, type AppRow } from './store.js';

export const DISPUTE_TOPIC_LABEL: Record<DisputeInput['topic'], { zh: string; en: string }> = {
  fee_items: { zh: '收费项目异议', en: 'fee items' },
  stage_delay: { zh: '办理环节超时', en: 'stage delay' },
  designation: { zh: '违反“三不指定”', en: 'designated firm (三不指定)' },
};

export async function disputesOf(db: Queryable, applicationId: number): Promise<Dispute[]> {
  const { rows } = await db.query(`SELECT * FROM connection_disputes WHERE application_id = $1 ORDER BY id`, [applicationId]);
  const orders = await orderStates(
    db,
    rows.map((r) => Number(r.work_order_id)),
  );
  return rows.map((r) => {
    const o = orders.get(Number(r.work_order_id));
    return {
      id: Number(r.id),
      topic: r.topic,
      description: r.description,
      createdAt: r.created_at.toISOString(),
      orderId: Number(r.work_order_id),
      orderNo: o?.orderNo ?? null,
      orderStatus: o?.status ?? null,
    };
  });
}

/** The intake key of a dispute's order: one per application and client key. */
export const disputeKey = (applicationId: number, idempotencyKey: string) => `connection-dispute:${applicationId}:${idempotencyKey}`;

type DisputeRequest = Omit<DisputeInput, 'channel'> & { channel?: DisputeInput['channel'] | 'web' };

export async function raiseDispute(db: Db, p: Principal, id: number, input: DisputeRequest, idempotencyKey: string | null, known?: AppRow) {
  const a = known ?? (await findVisible(db, p, id));
  const label = DISPUTE_TOPIC_LABEL[input.topic];
  const { order } = await intakeOrder(
    db,
    p,
    {
      orderType: 'complaint',
      subtype: 'business',
      channel: input.channel ?? 'counter',
      ...(a.customerId !== null ? { customerId: a.customerId } : {}),
      ...(a.servicePointId !== null ? { servicePointId: a.servicePointId } : {}),
      callerName: a.applicantName.slice(0, 50),
      address: a.address.slice(0, 200),
      ...(/^\d{7,20}$/.test(a.applicantPhone) ? { callerPhone: a.applicantPhone } : {}),
      title: `业扩报装异议：${label.zh} ${a.appNo}`.slice(0, 100),
      description: `${input.description}\n——业扩申请 ${a.appNo}，当前环节：${STAGE_LABEL[a.stage].zh}（${label.zh}）`,
    },
    idempotencyKey ? disputeKey(a.id, idempotencyKey) : null,
  );
  const orderId = Number(order.id);
  return withTx(db, async (tx) => {
    const known = (await tx.query(`SELECT id FROM connection_disputes WHERE application_id = $1 AND work_order_id = $2`, [a.id, orderId])).rows[0];
    if (!known) {
      const { rows } = await tx.query(
        `INSERT INTO connection_disputes (application_id, work_order_id, topic, description, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [a.id, orderId, input.topic, input.description, p.kind === 'user' ? p.id : null],
      );
      await noteLinkedApplication(tx, p, orderId, a.appNo);
      await recordAudit(tx, actorOf(p), {
        action: 'connection.dispute',
        entity: 'connection_application',
        entityId: a.id,
        orgUnitId: a.orgUnitId,
        after: { disputeId: Number(rows[0].id), topic: input.topic, workOrderId: orderId, orderNo: order.orderNo, channel: input.channel ?? 'counter' },
      });
    }
    return (await disputesOf(tx, a.id)).find((d) => d.orderId === orderId)!;
  });
}
