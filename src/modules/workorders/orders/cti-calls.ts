/**
 * Work orders by the CTI call id they were created from (taken at intake from the screen-pop,
 * migration 731): for the call centre's call list, which shows each call's orders. Read only.
 */
import type { Queryable } from '../../../db/pool.js';

export interface CallOrderRef {
  ctiCallId: string;
  id: number;
  orderNo: string;
}

/** The orders created from these calls that lie in the reader's subtree (`orgPath` prefix), oldest first. */
export async function ordersByCtiCallIds(q: Queryable, ctiCallIds: string[], orgPath: string): Promise<CallOrderRef[]> {
  if (!ctiCallIds.length) return [];
  const { rows } = await q.query(
    `SELECT cti_call_id, id, order_no FROM work_orders
      WHERE cti_call_id = ANY($1::text[]) AND org_path LIKE $2 || '%' ORDER BY received_at, id`,
    [ctiCallIds, orgPath],
  );
  return rows.map((r) => ({ ctiCallId: r.cti_call_id, id: Number(r.id), orderNo: r.order_no }));
}
