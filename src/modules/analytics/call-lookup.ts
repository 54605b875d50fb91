/** Calls by CTI call id, with the work orders linked to them (for the satisfaction module's IVR ratings). */
import type { Queryable } from '../../db/pool.js';

export interface CallWithOrders {
  ctiCallId: string;
  enterAt: Date;
  endAt: Date;
  queue: string;
  agent: string | null;
  orgUnitId: number;
  orgPath: string;
  orderIds: number[];
}

/**
 * The calls of these ids that entered the queue in [from, to), in the caller's scope. A call id is
 * unique in practice; should one repeat in the window, the latest call wins. The window keeps the
 * read on qa_calls' primary key (enter_at leads).
 */
export async function callsByCtiId(q: Queryable, orgPath: string, ids: readonly string[], from: Date, to: Date): Promise<Map<string, CallWithOrders>> {
  const out = new Map<string, CallWithOrders>();
  if (ids.length === 0) return out;
  const { rows } = await q.query(
    `SELECT c.cti_call_id, c.enter_at, c.end_at, c.queue, c.agent, c.org_unit_id, c.org_path,
            coalesce((SELECT array_agg(o.work_order_id ORDER BY o.work_order_id) FROM qa_call_orders o WHERE o.cti_call_id = c.cti_call_id), '{}') AS order_ids
       FROM qa_calls c
      WHERE c.enter_at >= $3 AND c.enter_at < $4 AND c.cti_call_id = ANY($1::text[]) AND c.org_path LIKE $2 || '%'
      ORDER BY c.enter_at`,
    [ids, orgPath, from, to],
  );
  for (const r of rows)
    out.set(r.cti_call_id, {
      ctiCallId: r.cti_call_id,
      enterAt: r.enter_at,
      endAt: r.end_at,
      queue: r.queue,
      agent: r.agent,
      orgUnitId: Number(r.org_unit_id),
      orgPath: r.org_path,
      orderIds: (r.order_ids as (string | number)[]).map(Number),
    });
  return out;
}
