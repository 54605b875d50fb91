/** Small writes on outage rows shared by the grouping and the lifecycle: insert, move, timeline. */
import type { Queryable } from '../../../db/pool.js';
import { orgUnitField } from '../../orgs/index.js';

/** Inserts an outage at a device; org unit, path and area type come from the device's unit. */
export async function insertOutage(
  q: Queryable,
  o: { deviceId: number; status: string; pinned: boolean; startedAt: Date; splitFromId?: number | null; kind?: 'fault' | 'planned' },
): Promise<number> {
  const { rows } = await q.query(
    `INSERT INTO outages (outage_no, kind, status, device_id, org_unit_id, org_path, area_type, pinned, started_at, split_from_id, confirmed_at)
     SELECT 'TD' || to_char($4::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('outage_no_seq')::text, 6, '0'),
            $6, $1, d.id, d.org_unit_id, ${orgUnitField('d.org_unit_id', 'path')}, ${orgUnitField('d.org_unit_id', 'area_type')}, $3, $4, $5, CASE WHEN $1 = 'predicted' THEN NULL ELSE $4 END
       FROM pub_network_devices d WHERE d.id = $2
     RETURNING id`,
    [o.status, o.deviceId, o.pinned, o.startedAt, o.splitFromId ?? null, o.kind ?? 'fault'],
  );
  if (!rows[0]) throw new Error(`device ${o.deviceId} does not exist`);
  return rows[0].id;
}

export async function moveOutageRow(q: Queryable, outageId: number, deviceId: number, pinned: boolean): Promise<void> {
  await q.query(
    `UPDATE outages o SET device_id = d.id, org_unit_id = d.org_unit_id, org_path = ${orgUnitField('d.org_unit_id', 'path')}, area_type = ${orgUnitField('d.org_unit_id', 'area_type')}, pinned = $3,
            updated_at = now(), version = o.version + 1
       FROM pub_network_devices d WHERE o.id = $1 AND d.id = $2`,
    [outageId, deviceId, pinned],
  );
}

export interface TimelineEntry {
  outageId: number;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actorId?: number | null;
  actorName?: string | null;
  data?: unknown;
  at?: Date;
}

export async function addTimeline(q: Queryable, entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await q.query(
    `INSERT INTO outage_events (outage_id, action, from_status, to_status, actor_id, actor_name, data, at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::jsonb[], $8::timestamptz[])`,
    [
      entries.map((e) => e.outageId),
      entries.map((e) => e.action),
      entries.map((e) => e.fromStatus ?? null),
      entries.map((e) => e.toStatus ?? null),
      entries.map((e) => e.actorId ?? null),
      entries.map((e) => e.actorName ?? null),
      entries.map((e) => (e.data === undefined ? null : JSON.stringify(e.data))),
      entries.map((e) => e.at ?? new Date()),
    ],
  );
}
