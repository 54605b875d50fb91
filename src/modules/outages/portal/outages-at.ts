/**
 * Outages touching given service points, for the CTI screen-pop and the customer's 360° page:
 * active fault or planned outages interrupting them now, and planned outages still to come.
 */
import type { Queryable } from '../../../db/pool.js';
import { ACTIVE_STATUSES } from '../lifecycle/lifecycle-rules.js';
import { PLANS_NOT_DONE } from '../planned/planned-notice-rules.js';
import type { OutageAt } from '../schemas.js';

export type { OutageAt };

export async function outagesAtServicePoints(q: Queryable, servicePointIds: number[], now = new Date()): Promise<OutageAt[]> {
  if (servicePointIds.length === 0) return [];
  const [active, planned] = await Promise.all([
    q.query(
      `SELECT oc.service_point_id, o.id, o.outage_no, o.kind, o.status, oc.interruption_start, o.etr
         FROM outage_customers oc JOIN outages o ON o.id = oc.outage_id
        WHERE oc.service_point_id = ANY($1::bigint[]) AND oc.interruption_end IS NULL AND o.status = ANY($2::text[])`,
      [servicePointIds, ACTIVE_STATUSES],
    ),
    q.query(
      `SELECT pc.service_point_id, p.id, p.plan_no, p.status, p.starts_at, p.ends_at, p.reason
         FROM planned_outage_customers pc JOIN planned_outages p ON p.id = pc.planned_id
        WHERE pc.service_point_id = ANY($1::bigint[]) AND p.status = ANY($3::text[]) AND p.ends_at > $2
        ORDER BY p.starts_at`,
      [servicePointIds, now, PLANS_NOT_DONE],
    ),
  ]);
  return [
    ...active.rows.map((r): OutageAt => ({
      servicePointId: r.service_point_id,
      outageId: r.id,
      outageNo: r.outage_no,
      plannedId: null,
      planNo: null,
      kind: r.kind,
      status: r.status,
      since: r.interruption_start,
      etr: r.etr,
      startsAt: null,
      endsAt: null,
      reason: null,
    })),
    ...planned.rows.map((r): OutageAt => ({
      servicePointId: r.service_point_id,
      outageId: null,
      outageNo: null,
      plannedId: r.id,
      planNo: r.plan_no,
      kind: 'planned',
      status: r.status,
      since: null,
      etr: null,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      reason: r.reason,
    })),
  ];
}
