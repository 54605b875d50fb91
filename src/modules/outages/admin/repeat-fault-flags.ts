/** Repeat-fault flags for the supervisor: the list (open ones by default) and acknowledging one. */
import { withTx, type Db } from '../../../db/pool.js';
import { conflict, notFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import type { RepeatFaultFilter, RepeatFaultFlag } from '../schemas.js';

export async function listRepeatFaults(db: Db, p: Principal, q: RepeatFaultFilter): Promise<RepeatFaultFlag[]> {
  const { rows } = await db.query(
    `SELECT f.*, CASE WHEN f.key_kind = 'device' THEN d.name ELSE sp.address END AS label
       FROM repeat_fault_flags f LEFT JOIN pub_network_devices d ON f.key_kind = 'device' AND d.id = f.key_id LEFT JOIN pub_service_points sp ON f.key_kind = 'service_point' AND sp.id = f.key_id
      WHERE f.org_path LIKE $1 || '%' AND ($2::bool IS NOT TRUE OR f.acknowledged_at IS NULL) ORDER BY f.flagged_at DESC LIMIT $3 OFFSET $4`,
    [p.orgPath, q.open ?? true, q.limit, q.offset],
  );
  return rows.map((r) => ({
    id: r.id,
    keyKind: r.key_kind,
    keyId: r.key_id,
    label: r.label,
    outageId: r.outage_id,
    faultsInWindow: r.faults_in_window,
    windowDays: r.window_days,
    flaggedAt: r.flagged_at,
    acknowledgedAt: r.acknowledged_at,
  }));
}

export async function acknowledgeRepeatFault(db: Db, p: Principal, id: number) {
  return withTx(db, async (tx) => {
    const { rows } = await tx.query("SELECT * FROM repeat_fault_flags WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE", [id, p.orgPath]);
    if (!rows[0]) throw notFound('Repeat-fault flag', '重复故障标记');
    if (rows[0].acknowledged_at) throw conflict('已确认过', 'already acknowledged', { reason: 'already_acknowledged' });
    await tx.query('UPDATE repeat_fault_flags SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1', [id, p.id]);
    await recordAudit(tx, actorOf(p), {
      action: 'repeat_fault.acknowledge',
      entity: 'repeat_fault_flag',
      entityId: id,
      orgUnitId: rows[0].org_unit_id,
      after: { acknowledged: true },
    });
    return { id, acknowledged: true as const };
  });
}
