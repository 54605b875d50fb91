/**
 * A dispatcher correcting the prediction: move an outage to another device, merge outages,
 * split one into several. The grouping engine does it (and refuses what would break the
 * one-outage-per-customer rule); the interrupted-customer records and notices follow.
 */
import { badField, conflict, notFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { inOrgScope } from '../../orgs/index.js';
import { GroupingError, type GroupingResult } from './call-grouping.js';
import type { GroupingHost } from './grouping-host.js';
import { mergeOutages, moveOutage, splitOutage } from './grouping-operations.js';
import { persistGrouping } from './grouping-persist.js';
import { isActive, type OutageStatus } from '../lifecycle/lifecycle-rules.js';
import { noticesForAffected } from '../notices/outage-notices.js';
import { loadOutage } from '../lifecycle/outage-state.js';

export type RegroupOp =
  | { type: 'move'; outageId: number; deviceId: number }
  | { type: 'merge'; outageIds: number[]; deviceId?: number }
  | { type: 'split'; outageId: number; deviceIds: number[] };

export async function regroup(host: GroupingHost, p: Principal, op: RegroupOp): Promise<{ outageIds: number[] }> {
  return host.transaction(async (s) => {
    const { tx, g, ids } = s;
    const outageIds = op.type === 'merge' ? op.outageIds : [op.outageId];
    const locals: number[] = [];
    for (const id of outageIds) {
      const o = await loadOutage(tx, id, p.orgPath, true);
      if (o.kind !== 'fault' || !isActive(o.status as OutageStatus))
        throw conflict('只能调整未复电的故障停电', 'only active fault outages can be regrouped', { reason: 'not_active', outageId: id });
      const local = ids.local(id);
      if (local === undefined || !g.outage(local))
        throw conflict('该停电不在当前研判中', 'the outage is not in the live grouping', { reason: 'not_live', outageId: id });
      locals.push(local);
    }
    const devices = op.type === 'split' ? op.deviceIds : op.deviceId !== undefined ? [op.deviceId] : [];
    for (const d of devices) {
      const { rowCount } = await tx.query(`SELECT 1 FROM pub_network_devices d WHERE d.id = $1 AND ${inOrgScope('d.org_unit_id', '$2')}`, [d, p.orgPath]);
      if (!rowCount)
        throw badField(
          op.type === 'split' ? 'deviceIds' : 'deviceId',
          'exists',
          '设备不存在或不在管辖范围内',
          `device ${d} does not exist or is outside your scope`,
        );
    }
    let r: GroupingResult;
    try {
      r =
        op.type === 'move'
          ? moveOutage(g, locals[0], op.deviceId)
          : op.type === 'merge'
            ? mergeOutages(g, locals, op.deviceId)
            : splitOutage(g, locals[0], op.deviceIds);
    } catch (e) {
      if (e instanceof GroupingError) throw refusal(e, op.type);
      throw e;
    }
    const now = new Date();
    const summary = await persistGrouping(s, r, now);
    await noticesForAffected(tx, summary.newlyAffected, now);
    await recordAudit(tx, actorOf(p), [...summary.audits, { action: `outage.${op.type}`, entity: 'outage', entityId: outageIds[0], after: op }]);
    return { changed: true, value: { outageIds: summary.touched } };
  });
}

function refusal(e: GroupingError, op: string) {
  const field = op === 'split' ? 'deviceIds' : op === 'merge' && e.code === 'merge_needs_two' ? 'outageIds' : 'deviceId';
  switch (e.code) {
    case 'device_has_outage':
      return conflict('该设备上已有另一停电，请合并', 'another outage already sits on that device: merge instead', { reason: e.code });
    case 'unknown_outage':
      return notFound('Outage', '停电事件');
    default:
      return badField(field, e.code, e.message, e.message);
  }
}
