/**
 * Reads for the satisfaction module (docs/satisfaction.md): the facts of an order a satisfaction
 * response is filed under (segment, channel, type, org unit), the orders a survey may sample, and
 * the callback results (回访) with their orders. Org-scoped by the caller's path.
 */
import type { Queryable } from '../../../db/pool.js';
import { NOTIFICATION_PREFS_COLUMNS, notificationPrefsJoin } from '../../../platform/outbox/preferences.js';

export interface OrderSatisfactionFacts {
  id: number;
  orderNo: string;
  orderType: string;
  channel: string;
  customerClass: string | null;
  areaType: string;
  important: boolean;
  orgUnitId: number;
  orgPath: string;
  callerPhone: string | null;
  status: string;
  /** the customer's own SMS choice and quiet hours (null: none stored, the defaults apply) */
  smsAllowed: boolean | null;
  quietStart: string | null;
  quietEnd: string | null;
}

const COLS = `w.id, w.order_no, w.order_type, w.channel, w.customer_class, w.area_type, w.important, w.org_unit_id, w.org_path, w.caller_phone, w.status, ${NOTIFICATION_PREFS_COLUMNS}`;
const PREFS = notificationPrefsJoin('w.customer_id');
const toFacts = (r: Record<string, any>): OrderSatisfactionFacts => ({
  id: Number(r.id),
  orderNo: r.order_no,
  orderType: r.order_type,
  channel: r.channel,
  customerClass: r.customer_class,
  areaType: r.area_type,
  important: r.important,
  orgUnitId: Number(r.org_unit_id),
  orgPath: r.org_path,
  callerPhone: r.caller_phone,
  status: r.status,
  smsAllowed: r.np_sms ?? null,
  quietStart: r.np_qs ?? null,
  quietEnd: r.np_qe ?? null,
});

/** The orders of these ids in the caller's scope (others are absent from the answer). */
export async function orderSatisfactionFacts(q: Queryable, orgPath: string, ids: readonly number[]): Promise<OrderSatisfactionFacts[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query(`SELECT ${COLS} FROM work_orders w ${PREFS} WHERE w.id = ANY($1::bigint[]) AND w.org_path LIKE $2 || '%'`, [ids, orgPath]);
  return rows.map(toFacts);
}

/** Orders handled or closed since `since` (not merged or terminated), in scope, of these types and channels (empty: any), oldest first. */
export async function surveyCandidates(
  q: Queryable,
  orgPath: string,
  c: { since: Date; orderTypes: readonly string[]; channels: readonly string[]; limit: number },
): Promise<OrderSatisfactionFacts[]> {
  const { rows } = await q.query(
    `SELECT ${COLS} FROM work_orders w ${PREFS}
      WHERE w.org_path LIKE $1 || '%' AND w.status IN ('handled', 'callback', 'closed')
        AND coalesce(w.handled_at, w.closed_at) >= $2
        AND (cardinality($3::text[]) = 0 OR w.order_type = ANY($3::text[]))
        AND (cardinality($4::text[]) = 0 OR w.channel = ANY($4::text[]))
      ORDER BY w.id LIMIT $5`,
    [orgPath, c.since, c.orderTypes, c.channels, c.limit],
  );
  return rows.map(toFacts);
}

export interface CallbackFact extends OrderSatisfactionFacts {
  callbackId: number;
  result: string;
  doneAt: Date;
}

/** Finished callbacks with a result, done in [from, to), in scope. */
export async function callbackResults(q: Queryable, orgPath: string, from: Date, to: Date): Promise<CallbackFact[]> {
  const { rows } = await q.query(
    `SELECT c.id AS callback_id, c.result, c.done_at, ${COLS}
       FROM callbacks c JOIN work_orders w ON w.id = c.order_id ${PREFS}
      WHERE c.status = 'done' AND c.result IS NOT NULL AND c.done_at >= $2 AND c.done_at < $3 AND c.org_path LIKE $1 || '%'
      ORDER BY c.done_at, c.id`,
    [orgPath, from, to],
  );
  return rows.map((r) => ({ ...toFacts(r), callbackId: Number(r.callback_id), result: r.result, doneAt: r.done_at }));
}
