/** Reading outages: the dispatcher's list and detail, and the public list of the portal. */
import type { Queryable } from '../../../db/pool.js';
import type { Principal } from '../../identity/index.js';
import { orgUnitField } from '../../orgs/index.js';
import { loadOutage } from './outage-state.js';
import { ACTIVE_STATUSES } from './lifecycle-rules.js';
import { PLANS_IN_FORCE } from '../planned/planned-notice-rules.js';
import type { OutageDetail, OutageItem, PublicOutages } from '../schemas.js';
/** The commitment's minutes from confirmation to scope and ETR (policy repair_commitment). */
const ETR_MINUTES = `(SELECT (data->>'etrWithinMinutes')::int FROM outage_policies WHERE name = 'repair_commitment' AND valid_from <= now() ORDER BY valid_from DESC, version DESC LIMIT 1)`;

/** Minutes the assigned crew has to acknowledge (policy dispatch). */
const ACCEPT_MINUTES = `(SELECT (data->>'acceptWithinMinutes')::int FROM outage_policies WHERE name = 'dispatch' AND valid_from <= now() ORDER BY valid_from DESC, version DESC LIMIT 1)`;
/** The acknowledgement columns of an outage row `o` (who accepted, when it is due, the latest decline). */
const ACCEPTANCE_COLUMNS = `o.assigned_at, o.accepted_at, o.acceptance_warned_at, (SELECT display_name FROM pub_users WHERE id = o.accepted_by) AS accepted_by_name,
            o.assigned_at + make_interval(mins => ${ACCEPT_MINUTES}) AS accept_due_at,
            (SELECT json_build_object('crewId', dc.crew_id, 'crewName', dcr.name, 'by', du.display_name, 'at', dc.at, 'reason', dc.reason)
               FROM outage_crew_declines dc JOIN pub_crews dcr ON dcr.id = dc.crew_id JOIN pub_users du ON du.id = dc.user_id
              WHERE dc.outage_id = o.id ORDER BY dc.id DESC LIMIT 1) AS last_decline`;

export async function listOutages(q: Queryable, p: Principal, f: { status?: 'active' | 'all' | string; limit: number; offset: number }) {
  const filter = !f.status || f.status === 'active' ? 'o.status = ANY($4::text[])' : f.status === 'all' ? 'true' : 'o.status = $4';
  const { rows } = await q.query(
    `SELECT o.id, o.outage_no, o.kind, o.status, o.device_id, d.kind AS device_kind, d.code AS device_code, d.name AS device_name, d.lon, d.lat,
            o.org_unit_id, o.area_type, o.pinned, o.crew_id, c.name AS crew_name, o.etr, o.started_at, o.confirmed_at, o.arrived_at, o.restored_at,
            o.affected_customers, (SELECT count(*) FROM outage_calls oc WHERE oc.outage_id = o.id)::int AS call_count, o.repeat_fault,
            o.confirmed_at + make_interval(mins => ${ETR_MINUTES}) AS etr_due_at, ${ACCEPTANCE_COLUMNS}
       FROM outages o JOIN pub_network_devices d ON d.id = o.device_id LEFT JOIN pub_crews c ON c.id = o.crew_id
      WHERE o.org_path LIKE $1 || '%' AND ${filter}
      ORDER BY o.started_at DESC, o.id DESC LIMIT $2 OFFSET $3`,
    f.status === 'all' ? [p.orgPath, f.limit, f.offset] : [p.orgPath, f.limit, f.offset, !f.status || f.status === 'active' ? ACTIVE_STATUSES : f.status],
  );
  return rows.map(view);
}

export async function outageDetail(q: Queryable, p: Principal, id: number): Promise<OutageDetail> {
  await loadOutage(q, id, p.orgPath);
  const [o, devices, calls, timeline, counts, declines] = await Promise.all([
    q.query(
      `SELECT o.*, ${ACCEPTANCE_COLUMNS}, (SELECT count(*) FROM outage_calls oc WHERE oc.outage_id = o.id)::int AS call_count,
                    o.confirmed_at + make_interval(mins => ${ETR_MINUTES}) AS etr_due_at, d.kind AS device_kind, d.code AS device_code, d.name AS device_name, d.lon, d.lat, c.name AS crew_name
               FROM outages o JOIN pub_network_devices d ON d.id = o.device_id LEFT JOIN pub_crews c ON c.id = o.crew_id WHERE o.id = $1`,
      [id],
    ),
    q.query('SELECT device_id, restored_at FROM outage_devices WHERE outage_id = $1 ORDER BY device_id', [id]),
    q.query('SELECT id, service_point_id, transformer_id, order_id, received_at, status FROM outage_calls WHERE outage_id = $1 ORDER BY id LIMIT 500', [id]),
    q.query('SELECT at, action, from_status, to_status, actor_name, data FROM outage_events WHERE outage_id = $1 ORDER BY id', [id]),
    q.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE interruption_end IS NULL)::int AS still_out, count(*) FILTER (WHERE important)::int AS important,
                    coalesce(sum(extract(epoch FROM coalesce(interruption_end, now()) - interruption_start) / 60), 0)::float AS customer_minutes
               FROM outage_customers WHERE outage_id = $1`,
      [id],
    ),
    q.query(
      `SELECT dc.crew_id, c.name AS crew_name, u.display_name AS by_name, dc.at, dc.reason FROM outage_crew_declines dc
               JOIN pub_crews c ON c.id = dc.crew_id JOIN pub_users u ON u.id = dc.user_id WHERE dc.outage_id = $1 ORDER BY dc.id`,
      [id],
    ),
  ]);
  const r = o.rows[0];
  return {
    ...view(r),
    causeClass: r.cause_class,
    causeNote: r.cause_note,
    customerSide: r.customer_side,
    mergedIntoId: r.merged_into_id,
    splitFromId: r.split_from_id,
    assignedAt: r.assigned_at,
    enRouteAt: r.en_route_at,
    restorationConfirmedAt: r.restoration_confirmed_at,
    restorationSource: r.restoration_source,
    closedAt: r.closed_at,
    qualityIssues: r.quality_issues ?? [],
    partialRestorations: devices.rows.filter((d) => d.restored_at).map((d) => ({ deviceId: d.device_id, restoredAt: d.restored_at })),
    customers: {
      total: counts.rows[0].total,
      stillOut: counts.rows[0].still_out,
      important: counts.rows[0].important,
      customerMinutes: counts.rows[0].customer_minutes,
    },
    calls: calls.rows.map((c) => ({
      id: c.id,
      servicePointId: c.service_point_id,
      transformerId: c.transformer_id,
      orderId: c.order_id,
      receivedAt: c.received_at,
      status: c.status,
    })),
    declines: declines.rows.map((x) => ({ crewId: x.crew_id, crewName: x.crew_name, by: x.by_name, at: x.at, reason: x.reason })),
    timeline: timeline.rows.map((t) => ({ at: t.at, action: t.action, fromStatus: t.from_status, toStatus: t.to_status, actor: t.actor_name, data: t.data })),
  };
}

/** For the portal's public outage page: no customer data, only where, since when, until when. */
export async function publicOutages(q: Queryable): Promise<PublicOutages> {
  const [current, planned] = await Promise.all([
    q.query(
      `SELECT o.outage_no, o.status, o.started_at, o.etr, o.affected_customers, d.name AS area, d.lon, d.lat, ${orgUnitField('o.org_unit_id', 'name')} AS org
               FROM outages o JOIN pub_network_devices d ON d.id = o.device_id
              WHERE o.kind = 'fault' AND o.status = ANY($1::text[]) AND o.status <> 'predicted' ORDER BY o.started_at DESC LIMIT 500`,
      [ACTIVE_STATUSES],
    ),
    q.query(
      `SELECT p.plan_no, p.kind, p.status, p.starts_at, p.ends_at, p.reason, p.affected_customers, ${orgUnitField('p.org_unit_id', 'name')} AS org,
                    (SELECT string_agg(d.name, '、' ORDER BY d.id) FROM planned_outage_devices pd JOIN pub_network_devices d ON d.id = pd.device_id WHERE pd.planned_id = p.id) AS area
               FROM planned_outages p
              WHERE p.status = ANY($1::text[]) AND p.ends_at > now() ORDER BY p.starts_at LIMIT 500`,
      [PLANS_IN_FORCE],
    ),
  ]);
  return {
    current: current.rows.map((r) => ({
      outageNo: r.outage_no,
      status: r.status,
      area: r.area,
      org: r.org,
      lon: r.lon,
      lat: r.lat,
      startedAt: r.started_at,
      etr: r.etr,
      affectedCustomers: r.affected_customers,
    })),
    planned: planned.rows.map((r) => ({
      planNo: r.plan_no,
      kind: r.kind,
      status: r.status,
      area: r.area,
      org: r.org,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      reason: r.reason,
      affectedCustomers: r.affected_customers,
    })),
  };
}

function view(r: Record<string, any>): OutageItem {
  return {
    id: r.id,
    outageNo: r.outage_no,
    kind: r.kind,
    status: r.status,
    device: { id: r.device_id, kind: r.device_kind, code: r.device_code, name: r.device_name, lon: r.lon, lat: r.lat },
    orgUnitId: r.org_unit_id,
    areaType: r.area_type,
    pinned: r.pinned,
    crew: r.crew_id === null ? null : { id: r.crew_id, name: r.crew_name },
    etr: r.etr,
    startedAt: r.started_at,
    confirmedAt: r.confirmed_at,
    arrivedAt: r.arrived_at,
    restoredAt: r.restored_at,
    affectedCustomers: r.affected_customers,
    callCount: r.call_count,
    repeatFault: r.repeat_fault,
    // the ETR commitment: due some minutes after confirmation; overdue while no ETR is entered after that
    etrDueAt: r.etr_due_at ?? null,
    etrOverdue:
      r.etr === null &&
      r.etr_due_at !== null &&
      r.etr_due_at !== undefined &&
      (ACTIVE_STATUSES as readonly string[]).includes(r.status) &&
      new Date(r.etr_due_at).getTime() < Date.now(),
    // the crew's acknowledgement: awaiting (due some minutes after the assignment, policy dispatch) or accepted
    acceptance: r.status !== 'crew_assigned' ? null : r.accepted_at ? 'accepted' : 'awaiting',
    acceptedAt: r.accepted_at ?? null,
    acceptedBy: r.accepted_by_name ?? null,
    acceptDueAt: r.status === 'crew_assigned' && !r.accepted_at ? (r.accept_due_at ?? null) : null,
    acceptOverdue: r.status === 'crew_assigned' && !r.accepted_at && !!r.accept_due_at && new Date(r.accept_due_at).getTime() < Date.now(),
    acceptanceWarnedAt: r.acceptance_warned_at ?? null,
    // declined by the last crew and not yet reassigned: back with the dispatcher, needing a crew
    declined: r.status === 'confirmed' && !!r.last_decline,
    lastDecline: r.last_decline ?? null,
  };
}
