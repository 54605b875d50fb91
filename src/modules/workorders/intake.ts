/**
 * Intake of a contact from any channel: validates, resolves customer / service point (or takes
 * an anonymous caller's phone and address), picks the SLA policy, then writes the order, its first
 * timeline event, the customer's acknowledgement and webhooks to the outbox, the idempotency key
 * and the audit record in one transaction (shared with orders arriving at the same moment, see
 * intake-writer.ts). A retried request with the same Idempotency-Key
 * returns the first order.
 */
import { prepared, type Db, type Queryable } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { AppError, badField } from '../../http/errors.js';
import { actorOf, type Principal } from '../identity/principal.js';
import type { Channel, Urgency } from './catalog.js';
import { checkReceivedAt, checkType, priorityOf, type Issue } from './intake-rules.js';
import { INITIAL_STATE } from './lifecycle-rules.js';
import { orderSla } from './order-clocks.js';
import type { OrderRow } from './order-store.js';
import { customerMessagesFor, PREFS_COLUMNS, PREFS_JOIN, prefsFromRow, webhookMessages, type ContactPrefs } from './notify.js';
import { IdempotencyRace, intakeWriter } from './intake-writer.js';
import { escalationEvents, escalationMessages, escalationTargets } from './escalation.js';
import { getSettings, type WorkorderSettings } from './settings.js';
import { findDuplicates } from './duplicates.js';
import { liveClocks, orderView } from './order-view.js';
import { checkLocation, locationColumns, orderLocation, type ReportedLocation } from './location-rules.js';

export interface IntakeInput {
  orderType: string;
  subtype?: string | null;
  channel: Channel;
  receivedAt?: string;
  urgency?: Urgency;
  customerId?: number;
  servicePointId?: number;
  callerPhone?: string;
  callerName?: string;
  address?: string;
  title?: string;
  description: string;
  kbArticleId?: number;
  /** A spot the caller gives (WGS-84); without it an order at a service point is located there. */
  location?: ReportedLocation;
}

const CLOCK_SKEW_MS = 120_000;
const fail = (i: Issue) => badField(i.field, i.rule, i.zh, i.en);

interface Placement {
  prefs: ContactPrefs;
  orgUnitId: number;
  orgPath: string;
  areaType: string;
  customerClass: string | null;
  important: boolean;
  address: string | null;
  customerId: number | null;
  /** the service point's coordinates (null without a service point or coordinates) */
  spLonLat: { lon: number | null; lat: number | null } | null;
}

async function place(q: Queryable, p: Principal, input: IntakeInput, s: WorkorderSettings): Promise<Placement> {
  const scope = p.role === 'customer' ? '/' : p.orgPath;
  const customerId = p.role === 'customer' ? p.customerId : input.customerId ?? null;
  if (p.role === 'customer' && customerId === null) throw new AppError(403, 'FORBIDDEN', '门户账号未关联客户', 'This portal account has no customer');
  if (input.servicePointId !== undefined) {
    const { rows } = await q.query(prepared(
      `SELECT sp.customer_id, sp.org_unit_id, sp.customer_class, sp.important, sp.address, sp.lon, sp.lat, o.path, o.area_type, ${PREFS_COLUMNS}
         FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id JOIN customers c ON c.id = sp.customer_id ${PREFS_JOIN}
        WHERE sp.id = $1 AND o.path LIKE $2 || '%'`,
      [input.servicePointId, scope],
    ));
    const sp = rows[0];
    if (!sp) throw badField('body.servicePointId', 'exists', '用电地址不存在或不在本单位范围内', 'service point not found in your scope');
    if (customerId !== null && sp.customer_id !== customerId) throw badField('body.servicePointId', 'belongs_to_customer', '用电地址不属于该客户', 'service point does not belong to the customer');
    return { prefs: prefsFromRow(s, sp), orgUnitId: sp.org_unit_id, orgPath: sp.path, areaType: sp.area_type, customerClass: sp.customer_class, important: sp.important, address: sp.address, customerId: sp.customer_id, spLonLat: { lon: sp.lon, lat: sp.lat } };
  }
  if (customerId !== null) {
    const { rows } = await q.query(prepared(
      `SELECT c.org_unit_id, o.path, o.area_type, ${PREFS_COLUMNS},
              (SELECT bool_or(important) FROM service_points WHERE customer_id = c.id) AS important,
              (SELECT min(customer_class) FROM service_points WHERE customer_id = c.id) AS customer_class
         FROM customers c JOIN org_units o ON o.id = c.org_unit_id ${PREFS_JOIN} WHERE c.id = $1 AND o.path LIKE $2 || '%'`,
      [customerId, scope],
    ));
    const c = rows[0];
    if (!c) throw badField('body.customerId', 'exists', '客户不存在或不在本单位范围内', 'customer not found in your scope');
    return { prefs: prefsFromRow(s, c), orgUnitId: c.org_unit_id, orgPath: c.path, areaType: c.area_type, customerClass: c.customer_class, important: !!c.important, address: input.address ?? null, customerId, spLonLat: null };
  }
  // Anonymous caller: phone and address are required (issue 3); a spot on the map stands for the address.
  if (!input.callerPhone) throw badField('body.callerPhone', 'required', '匿名来电须登记电话', 'is required for an anonymous caller');
  if (!input.address && !input.location) throw badField('body.address', 'required', '匿名来电须登记地址（或在地图上标出位置）', 'is required for an anonymous caller (or a spot on the map)');
  const { rows } = await q.query('SELECT id, path, area_type FROM org_units WHERE id = $1', [p.orgUnitId]);
  return { prefs: prefsFromRow(s, null), orgUnitId: rows[0].id, orgPath: rows[0].path, areaType: rows[0].area_type, customerClass: null, important: false, address: input.address ?? input.location?.text ?? null, customerId: null, spLonLat: null };
}

async function replay(db: Db, scope: string, key: string): Promise<number | null> {
  const { rows } = await db.query<{ order_id: number }>('SELECT order_id FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  return rows[0]?.order_id ?? null;
}

export async function intakeOrder(db: Db, p: Principal, input: IntakeInput, idempotencyKey: string | null, now = new Date()) {
  try {
    return await intake(db, p, input, idempotencyKey, now);
  } catch (e) {
    // A retry whose input no longer passes (e.g. its received time has aged) still gets the first order.
    if (idempotencyKey && e instanceof AppError && e.status === 400) {
      const first = await replay(db, `${p.kind}:${p.id}`, idempotencyKey);
      if (first !== null) return { replayed: true, ...(await intakeResult(db, p, first)) };
    }
    throw e;
  }
}

async function intake(db: Db, p: Principal, input: IntakeInput, idempotencyKey: string | null, now: Date) {
  const scope = `${p.kind}:${p.id}`;
  // No read of the idempotency key first: its unique index decides inside the write, and a
  // conflict (a retry) answers with the first order. This keeps one query off every intake.
  const subtype = input.subtype ?? null;
  const typeIssue = checkType(input.orderType, subtype);
  if (typeIssue) throw fail(typeIssue);
  if (p.role === 'customer' && !['web', 'mobile'].includes(input.channel)) throw badField('body.channel', 'portal', '门户只能通过网站或手机渠道提交', 'portal submissions use channel web or mobile');
  const settings = await getSettings(db);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const timeIssue = checkReceivedAt(input.channel, receivedAt, now, settings.maxBackdateMinutes, CLOCK_SKEW_MS);
  if (timeIssue) throw fail(timeIssue);
  const locationIssue = input.location ? checkLocation(input.location, settings.territory) : null;
  if (locationIssue) throw fail(locationIssue);
  if (input.kbArticleId !== undefined) {
    const kb = await db.query('SELECT 1 FROM knowledge_articles WHERE id = $1', [input.kbArticleId]);
    if (!kb.rowCount) throw badField('body.kbArticleId', 'exists', '知识库文章不存在', 'knowledge article not found');
  }
  const ctx = await getSlaContext(db);
  // Placement, the customer's contact preferences and the duplicate search run side by side.
  const customerKey = p.role === 'customer' ? p.customerId : input.customerId ?? null;
  const [placement, duplicates] = await Promise.all([
    place(db, p, input, settings),
    findDuplicates(db, p, { customerId: customerKey, servicePointId: input.servicePointId ?? null, phone: input.callerPhone ?? null, excludeId: null, windowHours: settings.duplicateWindowHours }),
  ]);
  const urgency = input.urgency ?? 'normal';
  const major = input.orderType === 'complaint' && urgency === 'major';
  const targets = major ? await escalationTargets(db, placement.orgPath) : [];
  const facts = { orderType: input.orderType, subtype, channel: input.channel, customerClass: placement.customerClass, areaType: placement.areaType, receivedAt, policySet: ctx.activeSet };
  const sla = orderSla(ctx, facts, [], now);
  const actor = actorOf(p);
  const urgent = input.orderType === 'fault_repair';
  let row: OrderRow;
  try {
    row = await intakeWriter(db).write({
      receivedAt,
      idempotency: idempotencyKey ? { scope, key: idempotencyKey } : null,
      actor,
      columns: {
        order_type: input.orderType, subtype, channel: input.channel, urgency, priority: priorityOf(urgency, placement.important), status: INITIAL_STATE,
        received_at: receivedAt, org_unit_id: placement.orgUnitId, org_path: placement.orgPath,
        accepting_org_unit_id: p.role === 'customer' ? placement.orgUnitId : p.orgUnitId, owner_id: p.kind === 'user' && p.role !== 'customer' ? p.id : null,
        customer_id: placement.customerId, service_point_id: input.servicePointId ?? null, caller_phone: input.callerPhone ?? null, caller_name: input.callerName ?? null,
        address: placement.address, title: input.title ?? input.description.slice(0, 40), description: input.description,
        customer_class: placement.customerClass, area_type: placement.areaType, important: placement.important, policy_set: ctx.activeSet,
        policy_id: sla.policy?.id ?? null, clocks: sla.clocks, next_due_at: sla.nextDueAt, next_check_at: sla.nextCheckAt, sla_state: sla.slaState,
        kb_article_id: input.kbArticleId ?? null,
        ...locationColumns(orderLocation(input.location, placement.spLonLat)),
      },
      event: { action: 'accept', toState: INITIAL_STATE, data: { channel: input.channel, receivedAt } },
      messages: (o) => [
        ...customerMessagesFor(placement.prefs, o, 'workorder.accepted', `您的${urgent ? '报修' : '诉求'}已受理，我们将尽快处理`, urgent, now),
        ...webhookMessages(settings, 'workorder.accepted', { id: o.id, orderNo: o.order_no, orderType: o.order_type, channel: o.channel }, o.id),
        ...(major ? escalationMessages(targets, settings.escalationMinutes, o, receivedAt) : []),
      ],
      slaEvents: major ? escalationEvents(settings.escalationMinutes, receivedAt).map((e) => ({ key: e.key, kind: 'escalation', due: e.due, data: { level: e.level } })) : [],
      audit: (o) => ({ action: 'workorder.create', entity: 'work_order', entityId: o.id, orgUnitId: o.org_unit_id, after: { orderNo: o.order_no, orderType: o.order_type, subtype, channel: o.channel, receivedAt } }),
    });
  } catch (e) {
    if (e instanceof IdempotencyRace && idempotencyKey) {
      const first = await replay(db, scope, idempotencyKey);
      if (first !== null) return { replayed: true, ...(await intakeResult(db, p, first)) };
    }
    throw e;
  }
  const events = [{ at: row.created_at, action: 'accept', state: INITIAL_STATE }];
  return { replayed: false, order: orderView(row, liveClocks(ctx, row, events, now), p), duplicates };
}

async function intakeResult(db: Db, p: Principal, id: number) {
  const { rows } = await db.query<OrderRow>('SELECT * FROM work_orders WHERE id = $1', [id]);
  const o = rows[0];
  const ctx = await getSlaContext(db);
  const events = (await db.query('SELECT at, action, to_state AS state FROM order_events WHERE order_id = $1 ORDER BY at, id', [id])).rows;
  const settings = await getSettings(db);
  const duplicates = await findDuplicates(db, p, { customerId: o.customer_id, servicePointId: o.service_point_id, phone: o.caller_phone, excludeId: o.id, windowHours: settings.duplicateWindowHours });
  return { order: orderView(o, liveClocks(ctx, o, events), p), duplicates };
}
