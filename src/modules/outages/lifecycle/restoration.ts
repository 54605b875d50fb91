/**
 * Ending interruptions: a partial restoration ends the records of the service points below one
 * device; the full restoration ends every open record of the outage. Each restored customer is
 * told. Customer-minutes are counted from these end times.
 */
import type { Tx } from '../../../db/pool.js';
import type { NetworkTree } from '../grouping/network-tree.js';
import { formatLocal, queueCustomerNotices } from '../notices/outage-notices.js';

export async function endInterruptions(tx: Tx, outageId: number, at: Date, tree: NetworkTree | null, deviceId: number | null): Promise<number> {
  const transformers = deviceId === null || !tree ? null : tree.transformersUnder(deviceId);
  const { rows } = await tx.query<{ service_point_id: number; customer_id: number; outage_no: string }>(
    `UPDATE outage_customers oc SET interruption_end = GREATEST($2::timestamptz, oc.interruption_start)
       FROM outages o
      WHERE o.id = oc.outage_id AND oc.outage_id = $1 AND oc.interruption_end IS NULL
        AND ($3::bigint[] IS NULL OR oc.service_point_id IN (SELECT id FROM pub_service_points WHERE transformer_id = ANY($3::bigint[])))
      RETURNING oc.service_point_id, oc.customer_id, o.outage_no`,
    [outageId, at, transformers],
  );
  await queueCustomerNotices(
    tx,
    rows.map((r) => ({
      customerId: r.customer_id,
      servicePointId: r.service_point_id,
      event: 'outage.restored',
      text: `您所在区域的停电（编号 ${r.outage_no}）已于 ${formatLocal(at)} 恢复供电。如仍无电，请拨打 95598。`,
      payload: { outageId, outageNo: r.outage_no, restoredAt: at },
    })),
    at,
  );
  return rows.length;
}

/** Tells the customers still out the new estimated restoration time. */
export async function noticesForEtr(tx: Tx, outageId: number, etr: Date): Promise<void> {
  const { rows } = await tx.query<{ service_point_id: number; customer_id: number; outage_no: string }>(
    `SELECT oc.service_point_id, oc.customer_id, o.outage_no FROM outage_customers oc JOIN outages o ON o.id = oc.outage_id
      WHERE oc.outage_id = $1 AND oc.interruption_end IS NULL`,
    [outageId],
  );
  await queueCustomerNotices(
    tx,
    rows.map((r) => ({
      customerId: r.customer_id,
      servicePointId: r.service_point_id,
      event: 'outage.etr',
      text: `停电（编号 ${r.outage_no}）预计 ${formatLocal(etr)} 恢复供电。`,
      payload: { outageId, outageNo: r.outage_no, etr },
    })),
  );
}
