/**
 * Trouble calls in: stored first (so none is lost and the caller is acknowledged), grouped onto
 * outages right after by the grouping runner. `placeFaultCall` runs inside the caller's
 * transaction — the work-order intake of a fault-repair order, or the call route.
 */
import type { Queryable, Tx } from '../../db/pool.js';
import { badField } from '../../http/errors.js';

export interface FaultCallInput {
  servicePointId?: number | null;
  transformerId?: number | null;
  orderId?: number | null;
  at: Date;
  note?: string | null;
}

export interface PlacedCall {
  callId: number;
  status: 'pending' | 'unplaced';
  servicePointId: number | null;
  transformerId: number | null;
  orgUnitId: number | null;
}

export async function placeFaultCall(tx: Tx, input: FaultCallInput): Promise<PlacedCall> {
  let transformerId = input.transformerId ?? null;
  let customerId: number | null = null;
  let orgUnitId: number | null = null;
  const sp = input.servicePointId ?? null;
  if (sp === null && transformerId === null) throw badField('servicePointId', 'required', '须给出用电地址（服务点）或配变', 'give a service point or a transformer');
  if (sp !== null) {
    const { rows } = await tx.query('SELECT transformer_id, customer_id, org_unit_id FROM service_points WHERE id = $1', [sp]);
    if (!rows[0]) throw badField('servicePointId', 'exists', '服务点不存在', 'service point does not exist');
    if (transformerId !== null && rows[0].transformer_id !== null && rows[0].transformer_id !== transformerId) {
      throw badField('transformerId', 'consistent', '配变与服务点所接配变不一致', 'transformer differs from the service point\'s transformer');
    }
    transformerId = rows[0].transformer_id;
    customerId = rows[0].customer_id;
    orgUnitId = rows[0].org_unit_id;
  } else {
    const { rows } = await tx.query(`SELECT org_unit_id FROM network_devices WHERE id = $1 AND kind = 'transformer'`, [transformerId]);
    if (!rows[0]) throw badField('transformerId', 'exists', '配变不存在', 'transformer does not exist');
    orgUnitId = rows[0].org_unit_id;
  }
  // A service point not attached to the network is kept and flagged for a dispatcher, never dropped.
  const status = transformerId === null ? 'unplaced' : 'pending';
  const { rows } = await tx.query(
    `INSERT INTO outage_calls (order_id, service_point_id, transformer_id, customer_id, org_unit_id, received_at, status, note)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
    [input.orderId ?? null, sp, transformerId, customerId, orgUnitId, input.at, status, input.note ?? null],
  );
  return { callId: rows[0].id, status, servicePointId: sp, transformerId, orgUnitId };
}

/**
 * What the caller is told: the outage (or planned outage) the call is linked to, its status and
 * ETR; while the call waits to be grouped, the outage its customer is already in, if any.
 */
export async function callAnswer(q: Queryable, callId: number) {
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
    status: r.status as string,
    receivedAt: r.received_at,
    outage: r.outage_id === null ? null : { id: r.outage_id, outageNo: r.outage_no, status: r.outage_status, etr: r.etr, deviceId: r.device_id, affectedCustomers: r.affected_customers },
    planned: r.planned_outage_id === null ? null : { id: r.planned_outage_id, planNo: r.plan_no, startsAt: r.plan_start, endsAt: r.plan_end, reason: r.plan_reason },
  };
}
