/**
 * The work queue: open orders by default, most urgent deadline first, with filters and the SLA
 * countdown of every row (live clocks). Pages by limit/offset with `hasMore` (no count over a
 * million rows).
 */
import type { Db } from '../../../db/pool.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { maskPhone } from '../../../platform/pii.js';
import { allows, type Principal } from '../../identity/index.js';
import { findOrgUnit } from '../../orgs/index.js';
import { OPEN_STATES } from '../lifecycle/lifecycle-rules.js';
import { scopeSql, type OrderRow } from '../orders/order-store.js';
import { eventsOfMany, liveClocks } from '../orders/order-view.js';
import { badField } from '../../../platform/errors.js';
import type { QueueQuery } from '../schemas.js';

export type { QueueQuery };

const SORTS = {
  due: 'w.next_due_at ASC NULLS LAST, w.id ASC',
  received: 'w.received_at DESC, w.id DESC',
  priority: 'w.priority ASC, w.next_due_at ASC NULLS LAST, w.id ASC',
} as const;

export async function listQueue(db: Db, p: Principal, q: QueueQuery, now = new Date()) {
  const s = scopeSql(p, 1, 2);
  const params: unknown[] = [...s.params];
  const where = [s.sql];
  const add = (sql: (n: number) => string, v: unknown) => where.push(sql(params.push(v)));
  if (q.status && q.status.length) add((n) => `w.status = ANY($${n}::text[])`, q.status);
  else if ((q.view ?? 'open') === 'open') add((n) => `w.status = ANY($${n}::text[])`, OPEN_STATES);
  if (q.orderType) add((n) => `w.order_type = $${n}`, q.orderType);
  if (q.subtype) add((n) => `w.subtype = $${n}`, q.subtype);
  if (q.channel) add((n) => `w.channel = $${n}`, q.channel);
  if (q.urgency) add((n) => `w.urgency = $${n}`, q.urgency);
  if (q.slaState) add((n) => `w.sla_state = $${n}`, q.slaState);
  if (q.orgUnitId) {
    const unit = await findOrgUnit(db, q.orgUnitId);
    if (!unit) throw badField('querystring.orgUnitId', 'exists', '单位不存在', 'org unit not found');
    add((n) => `w.org_path LIKE $${n} || '%'`, unit.path);
  }
  if (q.assignee) {
    const id = q.assignee === 'me' ? p.id : Number(q.assignee);
    if (!Number.isInteger(id)) throw badField('querystring.assignee', 'format', '应为 me 或用户编号', 'must be me or a user id');
    add((n) => `w.assignee_id = $${n}`, id);
  }
  if (q.owner === 'me') add((n) => `w.owner_id = $${n}`, p.id);
  if (q.customerId) add((n) => `w.customer_id = $${n}`, q.customerId);
  if (q.servicePointId) add((n) => `w.service_point_id = $${n}`, q.servicePointId);
  if (q.q) {
    const text = q.q.trim();
    if (/^\d{6,12}$/.test(text)) add((n) => `(w.order_no LIKE $${n} || '%' OR w.caller_phone = $${n})`, text);
    else add((n) => `w.title ILIKE '%' || $${n} || '%'`, text.replace(/[%_\\]/g, '\\$&'));
  }
  if (q.receivedFrom) add((n) => `w.received_at >= $${n}`, q.receivedFrom);
  if (q.receivedTo) add((n) => `w.received_at < $${n}`, q.receivedTo);
  if (q.dueBefore) add((n) => `w.next_due_at < $${n}`, q.dueBefore);
  const limitParam = params.push(q.limit + 1);
  const offsetParam = params.push(q.offset);
  const { rows } = await db.query<OrderRow>(
    `SELECT w.* FROM work_orders w WHERE ${where.join(' AND ')} ORDER BY ${SORTS[q.sort ?? 'due']} LIMIT $${limitParam} OFFSET $${offsetParam}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const userIds = [...new Set(page.flatMap((r) => [r.owner_id, r.assignee_id]).filter((x): x is number => x != null))];
  const [ctx, events, users] = await Promise.all([
    getSlaContext(db),
    eventsOfMany(
      db,
      page.map((r) => r.id),
    ),
    userIds.length
      ? db.query<{ id: number; display_name: string }>('SELECT id, display_name FROM pub_users WHERE id = ANY($1::bigint[])', [userIds])
      : Promise.resolve({ rows: [] }),
  ]);
  const nameOf = new Map(users.rows.map((u) => [u.id, u.display_name]));
  const pii = allows(p, 'customers.pii');
  return {
    items: page.map((r) => {
      const clocks = liveClocks(ctx, r, events.get(r.id) ?? [], now);
      const open = clocks.filter((c) => c.remainingMs !== null);
      const remaining = open.length ? Math.min(...open.map((c) => c.remainingMs!)) : null;
      return {
        id: r.id,
        orderNo: r.order_no,
        orderType: r.order_type,
        subtype: r.subtype,
        channel: r.channel,
        urgency: r.urgency,
        priority: r.priority,
        status: r.status,
        title: r.title,
        receivedAt: r.received_at,
        orgUnitId: r.org_unit_id,
        ownerId: r.owner_id,
        assigneeId: r.assignee_id,
        ownerName: r.owner_id ? (nameOf.get(r.owner_id) ?? null) : null,
        assigneeName: r.assignee_id ? (nameOf.get(r.assignee_id) ?? null) : null,
        callerPhone: pii ? r.caller_phone : maskPhone(r.caller_phone),
        important: r.important,
        slaState: r.sla_state,
        nextDueAt: open.length ? open.map((c) => c.dueAt!).sort()[0] : null,
        remainingMs: remaining,
        clocks: clocks.map((c) => ({
          name: c.name,
          basis: c.basis,
          dueAt: c.dueAt,
          pausedMs: c.pausedMs,
          state: c.state,
          remainingMs: c.remainingMs,
          usedFraction: Math.round(c.usedFraction * 1000) / 1000,
        })),
      };
    }),
    hasMore: rows.length > q.limit,
    limit: q.limit,
    offset: q.offset,
  };
}
