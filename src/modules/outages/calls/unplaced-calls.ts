/**
 * Calls the grouping could not place on the network (no transformer for the service point, a spot
 * too far from every transformer, an address only): listed for a dispatcher, who places each on a
 * transformer by hand; the placed call is grouped like any other.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { badField, conflict, notFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { inOrgScope } from '../../orgs/index.js';
import type { OutageServices } from '../grouping/outage-services.js';
import type { UnplacedCall, UnplacedFilter } from '../schemas.js';
import { answerOf } from './take-call.js';

export async function listUnplacedCalls(db: Db, p: Principal, q: UnplacedFilter): Promise<UnplacedCall[]> {
  const { rows } = await db.query(
    `SELECT c.id, c.service_point_id, c.order_id, c.received_at, c.note, c.spot_lon, c.spot_lat, coalesce(sp.address, wo.address, wo.location_text) AS address
       FROM outage_calls c LEFT JOIN pub_work_orders wo ON wo.id = c.order_id
       LEFT JOIN pub_service_points sp ON sp.id = c.service_point_id
      WHERE c.status = 'unplaced' AND ${inOrgScope('c.org_unit_id', '$1')} ORDER BY c.received_at DESC LIMIT $2 OFFSET $3`,
    [p.orgPath, q.limit, q.offset],
  );
  // spot: where a fault reported without a service point was seen (no transformer near enough)
  return rows.map((r) => ({
    id: r.id,
    servicePointId: r.service_point_id,
    orderId: r.order_id,
    receivedAt: r.received_at,
    note: r.note,
    address: r.address,
    spot: r.spot_lon === null ? null : { lon: r.spot_lon, lat: r.spot_lat },
  }));
}

/** Places an unplaced call under a transformer of the dispatcher's scope, groups, and answers as to a caller. */
export async function placeCall(db: Db, svc: OutageServices, p: Principal, id: number, transformerId: number, log: (e: unknown) => void) {
  await withTx(db, async (tx) => {
    const { rows } = await tx.query(`SELECT c.* FROM outage_calls c WHERE c.id = $1 AND ${inOrgScope('c.org_unit_id', '$2')} FOR UPDATE OF c`, [id, p.orgPath]);
    if (!rows[0]) throw notFound('Call', '报修来电');
    if (rows[0].status !== 'unplaced') throw conflict('该来电已定位', 'the call is already placed', { reason: 'not_unplaced' });
    const dev = await tx.query(`SELECT 1 FROM pub_network_devices d WHERE d.id = $1 AND d.kind = 'transformer' AND ${inOrgScope('d.org_unit_id', '$2')}`, [
      transformerId,
      p.orgPath,
    ]);
    if (!dev.rowCount) throw badField('transformerId', 'exists', '配变不存在或不在管辖范围内', 'transformer does not exist or is outside your scope');
    await tx.query(`UPDATE outage_calls SET transformer_id = $2, status = 'pending' WHERE id = $1`, [id, transformerId]);
    await recordAudit(tx, actorOf(p), {
      action: 'outage_call.place',
      entity: 'outage_call',
      entityId: id,
      orgUnitId: rows[0].org_unit_id,
      before: { status: 'unplaced' },
      after: { transformerId },
    });
  });
  await svc.runner.runWithin(svc.host.currentPolicy()?.answerWaitMs, log);
  return answerOf(db, id);
}
