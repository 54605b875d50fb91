/** SQL for work orders and their timeline. Scope: an order is visible in the principal's org subtree or to its first-question owner. */
import type { Queryable } from '../../../db/pool.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { OrderEvent } from '../../../platform/sla/policy-types.js';
import type { Principal } from '../../identity/index.js';

export interface OrderRow {
  id: number;
  order_no: string;
  order_type: string;
  subtype: string | null;
  channel: string;
  urgency: string;
  priority: number;
  status: string;
  received_at: Date;
  created_at: Date;
  updated_at: Date;
  org_unit_id: number;
  org_path: string;
  accepting_org_unit_id: number;
  owner_id: number | null;
  assignee_id: number | null;
  customer_id: number | null;
  service_point_id: number | null;
  matched_at: Date | null;
  caller_phone: string | null;
  caller_name: string | null;
  address: string | null;
  title: string;
  description: string;
  customer_class: string | null;
  area_type: string;
  important: boolean;
  policy_set: string;
  policy_id: number | null;
  clocks: unknown;
  next_due_at: Date | null;
  next_check_at: Date | null;
  sla_state: string;
  held_from: string | null;
  merged_into_id: number | null;
  kb_article_id: number | null;
  cti_call_id?: string | null;
  result: string | null;
  cause: string | null;
  satisfaction: string | null;
  reopen_count: number;
  handled_at: Date | null;
  closed_at: Date | null;
  version: number;
  location_lon: number | null;
  location_lat: number | null;
  location_source: string | null;
  location_text: string | null;
}

/** SQL condition (with the given parameter numbers) for orders the principal may see. */
export function scopeSql(p: Principal, pathParam: number, idParam: number, alias = 'w'): { sql: string; params: unknown[] } {
  // The path parameter is still bound for customers (typed, so PostgreSQL accepts it) but only their own orders match.
  if (p.role === 'customer') return { sql: `(${alias}.customer_id = $${idParam} AND $${pathParam}::text <> '')`, params: [p.orgPath, p.customerId ?? -1] };
  return { sql: `(${alias}.org_path LIKE $${pathParam} || '%' OR ${alias}.owner_id = $${idParam})`, params: [p.orgPath, p.kind === 'user' ? p.id : -1] };
}

export async function findVisibleOrder(db: Queryable, p: Principal, id: number, lock = false): Promise<OrderRow | null> {
  const s = scopeSql(p, 2, 3);
  const { rows } = await db.query<OrderRow>(`SELECT w.* FROM work_orders w WHERE w.id = $1 AND ${s.sql}${lock ? ' FOR UPDATE' : ''}`, [id, ...s.params]);
  return rows[0] ?? null;
}

export async function loadEvents(db: Queryable, orderId: number): Promise<OrderEvent[]> {
  const { rows } = await db.query<{ at: Date; action: string; to_state: string }>(
    'SELECT at, action, to_state FROM order_events WHERE order_id = $1 ORDER BY at, id',
    [orderId],
  );
  return rows.map((r) => ({ at: r.at, action: r.action, state: r.to_state }));
}

export async function loadSentKeys(db: Queryable, orderId: number): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>('SELECT key FROM sla_events WHERE order_id = $1', [orderId]);
  return new Set(rows.map((r) => r.key));
}

export interface NewEvent {
  orderId: number;
  actor: Actor;
  action: string;
  fromState: string | null;
  toState: string;
  note?: string | null;
  data?: unknown;
  at?: Date;
}

export async function insertEvent(db: Queryable, e: NewEvent): Promise<{ id: number; at: Date }> {
  const { rows } = await db.query<{ id: number; at: Date }>(
    `INSERT INTO order_events (order_id, at, actor_id, actor_kind, actor_name, action, from_state, to_state, note, data)
     VALUES ($1, coalesce($2, clock_timestamp()), $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, at`,
    [
      e.orderId,
      e.at ?? null,
      e.actor.id,
      e.actor.kind,
      e.actor.name,
      e.action,
      e.fromState,
      e.toState,
      e.note ?? null,
      e.data === undefined ? null : JSON.stringify(e.data),
    ],
  );
  return rows[0];
}

export interface SlaColumns {
  clocks: unknown;
  nextDueAt: Date | null;
  nextCheckAt: Date | null;
  slaState: string;
  policyId: number | null;
}

export async function updateSla(db: Queryable, orderId: number, s: SlaColumns): Promise<void> {
  await db.query('UPDATE work_orders SET clocks = $2, next_due_at = $3, next_check_at = $4, sla_state = $5, policy_id = $6 WHERE id = $1', [
    orderId,
    JSON.stringify(s.clocks),
    s.nextDueAt,
    s.nextCheckAt,
    s.slaState,
    s.policyId,
  ]);
}

export async function timeline(db: Queryable, orderId: number) {
  const { rows } = await db.query(
    'SELECT id, at, actor_id, actor_kind, actor_name, action, from_state, to_state, note, data FROM order_events WHERE order_id = $1 ORDER BY at, id',
    [orderId],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, kind: r.actor_kind, name: r.actor_name },
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    note: r.note,
    data: r.data,
  }));
}
