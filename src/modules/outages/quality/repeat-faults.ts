/**
 * Flags repeat faults when an outage is confirmed: its device, and each of its service points,
 * counting confirmed fault outages inside the policy window (this one included).
 */
import type { Tx } from '../../../db/pool.js';
import { isRepeatFault, type RepeatFaultPolicy } from './repeat-fault-rules.js';
import type { OutageRow } from '../lifecycle/outage-state.js';

const COUNTED = `o.kind = 'fault' AND o.confirmed_at IS NOT NULL AND o.status NOT IN ('cancelled', 'merged', 'withdrawn')`;

export async function flagRepeatFaults(tx: Tx, o: OutageRow, at: Date, policy: RepeatFaultPolicy): Promise<{ device: boolean; servicePoints: number }> {
  const since = new Date(at.getTime() - policy.windowDays * 86_400_000);
  const prev = await tx.query<{ confirmed_at: Date }>(
    `SELECT o.confirmed_at FROM outages o WHERE ${COUNTED} AND o.device_id = $1 AND o.id <> $2 AND o.confirmed_at > $3 AND o.confirmed_at <= $4`,
    [o.device_id, o.id, since, at],
  );
  const device = isRepeatFault(
    prev.rows.map((r) => r.confirmed_at),
    at,
    policy,
  );
  if (device.flagged) {
    await tx.query(
      `INSERT INTO repeat_fault_flags (key_kind, key_id, org_unit_id, org_path, outage_id, faults_in_window, window_days) VALUES ('device', $1, $2, $3, $4, $5, $6)`,
      [o.device_id, o.org_unit_id, o.org_path, o.id, device.inWindow, policy.windowDays],
    );
    await tx.query('UPDATE outages SET repeat_fault = true WHERE id = $1', [o.id]);
  }
  // service points of this outage interrupted by enough other confirmed outages in the window
  const sps = await tx.query(
    `INSERT INTO repeat_fault_flags (key_kind, key_id, org_unit_id, org_path, outage_id, faults_in_window, window_days)
     SELECT 'service_point', oc.service_point_id, $2, $3, $1, 1 + count(other.outage_id), $5
       FROM outage_customers oc
       JOIN outage_customers other ON other.service_point_id = oc.service_point_id AND other.outage_id <> oc.outage_id
       JOIN outages o ON o.id = other.outage_id
      WHERE oc.outage_id = $1 AND ${COUNTED} AND o.confirmed_at > $4
      GROUP BY oc.service_point_id
     HAVING 1 + count(other.outage_id) >= $6
     RETURNING key_id`,
    [o.id, o.org_unit_id, o.org_path, since, policy.windowDays, policy.count],
  );
  return { device: device.flagged, servicePoints: sps.rowCount ?? 0 };
}
