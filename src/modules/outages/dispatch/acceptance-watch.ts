/**
 * The acceptance watch: an assignment the crew has neither accepted nor declined within the
 * dispatch policy's acceptWithinMinutes warns the dispatchers of the outage's org unit (and above)
 * once — a timeline entry, e-mail or SMS through the outbox, an audit record — in one transaction;
 * rows are claimed with SKIP LOCKED so several instances never warn twice. The outage list and
 * detail also show the overdue acknowledgement as soon as it is due (acceptOverdue), scan or not.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/audit.js';
import { enqueue, type OutboxMessage } from '../../../platform/outbox/outbox.js';
import { dispatchPolicy } from '../../crews/index.js';
import { addTimeline } from '../lifecycle/outage-rows.js';
import { formatLocal } from '../notices/outage-notices.js';
import { dispatcherMessages } from '../notices/dispatcher-notices.js';

export const ACCEPTANCE_WATCH_QUEUE = 'outage-acceptance-watch';

export async function warnUnacceptedAssignments(db: Db, now = new Date(), batch = 100): Promise<{ warned: number; notified: number }> {
  return withTx(db, async (tx) => {
    const minutes = (await dispatchPolicy(tx)).acceptWithinMinutes;
    if (!(typeof minutes === 'number' && minutes > 0)) return { warned: 0, notified: 0 };
    const { rows } = await tx.query(
      `SELECT o.id, o.outage_no, o.org_unit_id, o.org_path, o.crew_id, o.assigned_at, c.name AS crew_name
         FROM outages o LEFT JOIN pub_crews c ON c.id = o.crew_id
        WHERE o.status = 'crew_assigned' AND o.accepted_at IS NULL AND o.acceptance_warned_at IS NULL
          AND o.assigned_at <= $1::timestamptz - make_interval(mins => $2::int)
        ORDER BY o.assigned_at LIMIT $3 FOR UPDATE OF o SKIP LOCKED`,
      [now, minutes, batch],
    );
    if (rows.length === 0) return { warned: 0, notified: 0 };
    await tx.query('UPDATE outages SET acceptance_warned_at = $2, updated_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id), now]);
    await addTimeline(
      tx,
      rows.map((r) => ({
        outageId: r.id,
        action: 'acceptance_overdue',
        fromStatus: 'crew_assigned',
        toStatus: 'crew_assigned',
        actorName: 'system',
        at: now,
        data: { crewId: r.crew_id, crewName: r.crew_name, acceptWithinMinutes: minutes, assignedAt: r.assigned_at },
      })),
    );
    const messages: OutboxMessage[] = [];
    for (const r of rows) {
      const subject = `抢修班组未接单：${r.outage_no}`;
      const text = `停电事件 ${r.outage_no} 于 ${formatLocal(r.assigned_at)} 派给 ${r.crew_name ?? '班组'}，${minutes} 分钟内未接单，请联系班组或改派。`;
      const payload = { outageId: r.id, outageNo: r.outage_no, crewId: r.crew_id, assignedAt: r.assigned_at, acceptWithinMinutes: minutes };
      messages.push(...(await dispatcherMessages(tx, r.org_path, { event: 'outage.acceptance_overdue', subject, text, payload, urgent: true })));
    }
    await enqueue(tx, messages);
    await recordAudit(
      tx,
      SYSTEM_ACTOR,
      rows.map((r) => ({
        action: 'outage.acceptance_overdue',
        entity: 'outage',
        entityId: r.id,
        orgUnitId: r.org_unit_id,
        after: {
          crewId: r.crew_id,
          acceptWithinMinutes: minutes,
          dispatchersTold: messages.filter((m) => (m.payload as { outageId: number }).outageId === r.id).length,
        },
      })),
    );
    return { warned: rows.length, notified: messages.length };
  });
}
