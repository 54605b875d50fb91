/** Tracing the network: what lies downstream of a device, and the chain upstream of one. */
import type { Queryable } from '../../db/pool.js';
import type { Device } from './schemas.js';

/** All devices below (and including) a device, by recursive walk of parent links. */
export async function downstreamDeviceIds(db: Queryable, deviceId: number): Promise<number[]> {
  const { rows } = await db.query(
    `WITH RECURSIVE d AS (SELECT id FROM network_devices WHERE id = $1
       UNION ALL SELECT n.id FROM network_devices n JOIN d ON n.parent_id = d.id)
     SELECT id FROM d`,
    [deviceId],
  );
  return rows.map((r) => r.id as number);
}

/** Service points fed by any of the devices (through their transformers). */
export async function servicePointsUnder(db: Queryable, deviceIds: number[]) {
  const { rows } = await db.query(
    `WITH RECURSIVE d AS (SELECT id FROM network_devices WHERE id = ANY($1::bigint[])
       UNION SELECT n.id FROM network_devices n JOIN d ON n.parent_id = d.id)
     SELECT sp.id, sp.customer_id, sp.important FROM pub_service_points sp WHERE sp.transformer_id IN (SELECT id FROM d)`,
    [deviceIds],
  );
  return rows as Array<{ id: number; customer_id: number; important: boolean }>;
}

/** The device and every ancestor up to its substation, nearest first. */
export async function upstreamChain(db: Queryable, deviceId: number) {
  const { rows } = await db.query(
    `WITH RECURSIVE u AS (SELECT id, kind, code, name, parent_id, 0 AS depth FROM network_devices WHERE id = $1
       UNION ALL SELECT n.id, n.kind, n.code, n.name, n.parent_id, u.depth + 1 FROM network_devices n JOIN u ON n.id = u.parent_id)
     SELECT id, kind, code, name, parent_id FROM u ORDER BY depth`,
    [deviceId],
  );
  return rows as Array<{ id: number; kind: Device['kind']; code: string; name: string; parent_id: number | null }>;
}
