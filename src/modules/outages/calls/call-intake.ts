/**
 * Trouble calls in: stored first (so none is lost and the caller is acknowledged), grouped onto
 * outages right after by the grouping runner. `placeFaultCall` runs inside the caller's
 * transaction — the work-order intake of a fault-repair order, or the call route.
 */
import type { Queryable, Tx } from '../../../db/pool.js';
import { badField } from '../../../platform/errors.js';
import type { LonLat } from '../../../platform/geo/geo.js';
import { loadPolicy } from '../admin/policy-store.js';
import { nearestWithin, searchBox } from './spot-placement.js';
import type { CallAnswer } from '../schemas.js';

export interface FaultCallInput {
  servicePointId?: number | null;
  transformerId?: number | null;
  orderId?: number | null;
  at: Date;
  note?: string | null;
  /**
   * A spot the fault was reported at, without a service point (already checked against the
   * territory): placed under the nearest transformer within the spot_report policy's distance, else
   * unplaced. Such a call has no customer: it is no one's interruption.
   */
  spot?: LonLat | null;
  /** The unit an unplaced spot call is listed under (the order's); a placed one takes its transformer's. */
  fallbackOrgUnitId?: number | null;
  /**
   * Neither a service point nor a spot, only an address in words (an anonymous caller at the
   * desk): stored unplaced under fallbackOrgUnitId for a dispatcher to place, never dropped.
   */
  addressOnly?: boolean;
}

export interface PlacedCall {
  callId: number;
  status: 'pending' | 'unplaced';
  servicePointId: number | null;
  transformerId: number | null;
  orgUnitId: number | null;
}

/** A call checked and placed on the network, ready to be stored. */
export interface PreparedCall {
  input: FaultCallInput;
  servicePointId: number | null;
  transformerId: number | null;
  customerId: number | null;
  orgUnitId: number | null;
  status: 'pending' | 'unplaced';
  /** metres from the spot to the transformer it was placed under (spot calls only) */
  spotDistanceM: number | null;
}

/** Checks a call and finds its transformer, customer and unit (reads only). */
export async function prepareFaultCall(q: Queryable, input: FaultCallInput): Promise<PreparedCall> {
  let transformerId = input.transformerId ?? null;
  let customerId: number | null = null;
  let orgUnitId: number | null;
  const sp = input.servicePointId ?? null;
  const spot = sp === null && transformerId === null ? (input.spot ?? null) : null;
  if (sp === null && transformerId === null && spot === null) {
    if (input.addressOnly && input.fallbackOrgUnitId) {
      return {
        input,
        servicePointId: null,
        transformerId: null,
        customerId: null,
        orgUnitId: input.fallbackOrgUnitId,
        status: 'unplaced',
        spotDistanceM: null,
      };
    }
    throw badField('servicePointId', 'required', '须给出用电地址（服务点）或配变', 'give a service point or a transformer');
  }
  if (spot !== null) {
    const { data } = await loadPolicy(q, 'spot_report');
    const box = searchBox(spot, data.maxTransformerDistanceMeters);
    const { rows } = await q.query<{ id: number; lon: number; lat: number; org_unit_id: number }>(
      `SELECT id, lon, lat, org_unit_id FROM pub_network_devices WHERE kind = 'transformer' AND lon BETWEEN $1 AND $2 AND lat BETWEEN $3 AND $4`,
      [box.minLon, box.maxLon, box.minLat, box.maxLat],
    );
    const near = nearestWithin(spot, rows, data.maxTransformerDistanceMeters);
    // too far from every transformer: kept and flagged for a dispatcher, never dropped
    return {
      input,
      servicePointId: null,
      transformerId: near?.id ?? null,
      customerId: null,
      orgUnitId: near?.org_unit_id ?? input.fallbackOrgUnitId ?? null,
      status: near ? 'pending' : 'unplaced',
      spotDistanceM: near ? Math.round(near.meters * 10) / 10 : null,
    };
  }
  if (sp !== null) {
    const { rows } = await q.query('SELECT transformer_id, customer_id, org_unit_id FROM pub_service_points WHERE id = $1', [sp]);
    if (!rows[0]) throw badField('servicePointId', 'exists', '服务点不存在', 'service point does not exist');
    if (transformerId !== null && rows[0].transformer_id !== null && rows[0].transformer_id !== transformerId) {
      throw badField('transformerId', 'consistent', '配变与服务点所接配变不一致', "transformer differs from the service point's transformer");
    }
    transformerId = rows[0].transformer_id;
    customerId = rows[0].customer_id;
    orgUnitId = rows[0].org_unit_id;
  } else {
    const { rows } = await q.query(`SELECT org_unit_id FROM pub_network_devices WHERE id = $1 AND kind = 'transformer'`, [transformerId]);
    if (!rows[0]) throw badField('transformerId', 'exists', '配变不存在', 'transformer does not exist');
    orgUnitId = rows[0].org_unit_id;
  }
  // A service point not attached to the network is kept and flagged for a dispatcher, never dropped.
  return { input, servicePointId: sp, transformerId, customerId, orgUnitId, status: transformerId === null ? 'unplaced' : 'pending', spotDistanceM: null };
}

/** Stores prepared calls in one statement; ids in the order given. */
export async function storeFaultCalls(tx: Tx, calls: PreparedCall[]): Promise<PlacedCall[]> {
  if (calls.length === 0) return [];
  const col = <T>(f: (c: PreparedCall) => T) => calls.map(f);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO outage_calls (order_id, service_point_id, transformer_id, customer_id, org_unit_id, received_at, status, note, spot_lon, spot_lat, spot_distance_m)
     SELECT a, b, c, d, e, f, g, h, i, j, k FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::text[], $8::text[],
            $9::float8[], $10::float8[], $11::float8[]) WITH ORDINALITY AS x(a, b, c, d, e, f, g, h, i, j, k, n)
      ORDER BY n
     RETURNING id`,
    [
      col((c) => c.input.orderId ?? null),
      col((c) => c.servicePointId),
      col((c) => c.transformerId),
      col((c) => c.customerId),
      col((c) => c.orgUnitId),
      col((c) => c.input.at),
      col((c) => c.status),
      col((c) => c.input.note ?? null),
      col((c) => (c.servicePointId === null ? (c.input.spot?.lon ?? null) : null)),
      col((c) => (c.servicePointId === null ? (c.input.spot?.lat ?? null) : null)),
      col((c) => c.spotDistanceM),
    ],
  );
  const ids = rows.map((r) => r.id).sort((a, b) => a - b); // identity values follow the ordered insert
  return calls.map((c, i) => ({ callId: ids[i], status: c.status, servicePointId: c.servicePointId, transformerId: c.transformerId, orgUnitId: c.orgUnitId }));
}

export async function placeFaultCall(tx: Tx, input: FaultCallInput): Promise<PlacedCall> {
  return (await storeFaultCalls(tx, [await prepareFaultCall(tx, input)]))[0];
}

/**
 * What the caller is told: the outage (or planned outage) the call is linked to, its status and
 * ETR; while the call waits to be grouped, the outage its customer is already in, if any.
 */
export async function callAnswer(q: Queryable, callId: number): Promise<CallAnswer | null> {
  const { rows } = await q.query(
    `SELECT c.id, c.status, c.received_at, o.id AS outage_id, c.planned_outage_id, o.outage_no, o.status AS outage_status, o.etr, o.device_id,
            o.affected_customers, p.plan_no, p.starts_at AS plan_start, p.ends_at AS plan_end, p.reason AS plan_reason
       FROM outage_calls c
       LEFT JOIN outages o ON o.id = coalesce(c.outage_id, CASE WHEN c.status = 'pending' THEN
              (SELECT oc.outage_id FROM outage_customers oc WHERE oc.service_point_id = c.service_point_id AND oc.interruption_end IS NULL) END)
       LEFT JOIN planned_outages p ON p.id = c.planned_outage_id WHERE c.id = $1`,
    [callId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    callId: r.id,
    status: r.status,
    receivedAt: r.received_at,
    outage:
      r.outage_id === null
        ? null
        : { id: r.outage_id, outageNo: r.outage_no, status: r.outage_status, etr: r.etr, deviceId: r.device_id, affectedCustomers: r.affected_customers },
    planned:
      r.planned_outage_id === null ? null : { id: r.planned_outage_id, planNo: r.plan_no, startsAt: r.plan_start, endsAt: r.plan_end, reason: r.plan_reason },
  };
}
