/**
 * Writes what the grouping engine decided: outage rows created, moved, merged or withdrawn, the
 * calls' outage, and the interrupted customers of every device region that changed (each service
 * point belongs to the outage at the lowest device above it). Returns the newly interrupted
 * customers (for notices) and the audit entries; the caller records the audit last.
 */
import type { AuditEntry } from '../../../platform/audit/audit.js';
import type { GroupingResult } from './call-grouping.js';
import type { GroupingSession } from './grouping-session.js';
import { addTimeline, insertOutage, moveOutageRow, type TimelineEntry } from '../lifecycle/outage-rows.js';
import { recomputeCustomers, type NewlyAffected } from './outage-customers.js';

export interface PersistSummary {
  touched: number[];
  newlyAffected: NewlyAffected[];
  audits: AuditEntry[];
}

export async function persistGrouping(s: GroupingSession, r: GroupingResult, now: Date): Promise<PersistSummary> {
  const { tx, g, ids } = s;
  const timeline: TimelineEntry[] = [];
  const audits: AuditEntry[] = [];
  const touched = new Set<number>();
  const regions = new Set<number>();
  for (const e of r.events) {
    if (e.type === 'created') {
      const pinned = g.outage(e.outageId)?.pinned ?? e.splitFrom !== undefined;
      const from = e.splitFrom === undefined ? null : ids.db(e.splitFrom);
      const status = from === null ? 'predicted' : (await tx.query('SELECT status FROM outages WHERE id = $1', [from])).rows[0].status;
      const id = await insertOutage(tx, { deviceId: e.deviceId, status, pinned, startedAt: now, splitFromId: from });
      ids.link(e.outageId, id);
      touched.add(id);
      regions.add(e.deviceId);
      timeline.push({ outageId: id, action: from === null ? 'predicted' : 'split', toStatus: status, data: { deviceId: e.deviceId, splitFrom: from } });
      audits.push({
        action: from === null ? 'outage.predict' : 'outage.split',
        entity: 'outage',
        entityId: id,
        after: { deviceId: e.deviceId, status, splitFrom: from },
      });
    } else if (e.type === 'moved') {
      const id = ids.db(e.outageId);
      await moveOutageRow(tx, id, e.to, g.outage(e.outageId)?.pinned ?? true);
      touched.add(id);
      regions.add(e.from).add(e.to);
      timeline.push({ outageId: id, action: 'moved', data: { from: e.from, to: e.to } });
      audits.push({ action: 'outage.move', entity: 'outage', entityId: id, before: { deviceId: e.from }, after: { deviceId: e.to } });
    } else if (e.type === 'merged' || e.type === 'withdrawn') {
      const id = ids.db(e.outageId);
      const into = e.type === 'merged' ? ids.db(e.into) : null;
      const { rows } = await tx.query(
        `UPDATE outages SET status = $2, merged_into_id = $3, pinned = false, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING device_id, (SELECT status FROM outages WHERE id = $1) AS was`,
        [id, e.type, into],
      );
      regions.add(rows[0].device_id);
      if (into !== null) {
        touched.add(into);
        await tx.query('UPDATE outages SET started_at = LEAST(started_at, (SELECT started_at FROM outages WHERE id = $2)) WHERE id = $1', [into, id]);
      }
      timeline.push({ outageId: id, action: e.type, fromStatus: rows[0].was, toStatus: e.type, data: { into } });
      audits.push({
        action: `outage.${e.type === 'merged' ? 'merge' : 'withdraw'}`,
        entity: 'outage',
        entityId: id,
        before: { status: rows[0].was },
        after: { status: e.type, mergedInto: into },
      });
    } else if (e.type === 'confirmed') {
      regions.add(e.deviceId);
      touched.add(ids.db(e.outageId));
    }
  }
  // calls dropped from the engine (their outage restored or cancelled) keep their outage for history
  const assignments = r.assignments.filter((a) => g.hasCall(a.callId));
  if (assignments.length > 0) {
    // one statement each, selecting by an id array (index lookups whatever the statistics say)
    const callIds = assignments.map((a) => a.callId);
    const outageIds = assignments.map((a) => ids.dbOrNull(a.outageId));
    const args = [callIds, outageIds];
    await tx.query('UPDATE outage_calls c SET outage_id = ($2::bigint[])[array_position($1::bigint[], c.id)] WHERE c.id = ANY($1::bigint[])', args);
    // an outage starts with its earliest call
    await tx.query(
      `UPDATE outages o SET started_at = LEAST(o.started_at, x.first)
         FROM (SELECT ($2::bigint[])[array_position($1::bigint[], c.id)] AS outage_id, min(c.received_at) AS first
                 FROM outage_calls c WHERE c.id = ANY($1::bigint[]) GROUP BY 1) x
        WHERE o.id = x.outage_id`,
      args,
    );
    for (const o of outageIds) if (o !== null) touched.add(o);
  }
  const newlyAffected = await recomputeCustomers(s, regions, touched);
  await addTimeline(tx, timeline);
  return { touched: [...touched], newlyAffected, audits };
}
