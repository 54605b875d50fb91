/**
 * Intake of a contact from any channel: validates, resolves customer / service point (or takes
 * an anonymous caller's phone and address), picks the SLA policy, then writes the order, its first
 * timeline event, the customer's acknowledgement and webhooks to the outbox, the idempotency key
 * and the audit record in one transaction (shared with orders arriving at the same moment, see
 * intake-writer.ts). A retried request with the same Idempotency-Key
 * returns the first order.
 */
import type { Db } from '../../../db/pool.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { DomainError, badField } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import type { IntakeInput } from '../schemas.js';
import { checkReceivedAt, checkType, priorityOf, type Issue } from './intake-rules.js';
import { INITIAL_STATE } from '../lifecycle/lifecycle-rules.js';
import { orderSla } from '../orders/order-clocks.js';
import type { OrderRow } from '../orders/order-store.js';
import { customerMessagesFor, prefsFromRow, webhookMessages, type ContactPrefs } from '../notify/notify.js';
import { IdempotencyRace, intakeWriter } from './intake-writer.js';
import { escalationEvents, escalationMessages, escalationTargets } from '../notify/escalation.js';
import { getSettings, type WorkorderSettings } from '../settings/settings.js';
import { findDuplicates } from './duplicates.js';
import { readForIntake, type PlacementRow } from './intake-reader.js';
import { liveClocks, orderView } from '../orders/order-view.js';
import { checkLocation, locationColumns, orderLocation } from './location-rules.js';

export type { IntakeInput };

const CLOCK_SKEW_MS = 120_000;
/** The rules name the input; it came in the request body. */
const fail = (i: Issue) => badField(`body.${i.field}`, i.rule, i.zh, i.en);

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

/** The checks of placement before reading: who may submit for whom, and what an anonymous call needs. */
function checkBeforePlacement(p: Principal, input: IntakeInput, customerId: number | null): void {
  if (p.role === 'customer' && customerId === null)
    throw new DomainError('forbidden', 'FORBIDDEN', '门户账号未关联客户', 'This portal account has no customer');
  if (input.servicePointId !== undefined || customerId !== null) return;
  // Anonymous caller: phone and address are required (issue 3); a spot on the map stands for the address.
  if (!input.callerPhone) throw badField('body.callerPhone', 'required', '匿名来电须登记电话', 'is required for an anonymous caller');
  if (!input.address && !input.location)
    throw badField('body.address', 'required', '匿名来电须登记地址（或在地图上标出位置）', 'is required for an anonymous caller (or a spot on the map)');
}

/** Where the order belongs, from the grouped read (intake-reader.ts): the service point's, the customer's, or the accepting unit's. */
function placementOf(input: IntakeInput, customerId: number | null, s: WorkorderSettings, row: PlacementRow | null): Placement {
  if (input.servicePointId !== undefined) {
    if (!row) throw badField('body.servicePointId', 'exists', '用电地址不存在或不在本单位范围内', 'service point not found in your scope');
    if (customerId !== null && row.customer_id !== customerId)
      throw badField('body.servicePointId', 'belongs_to_customer', '用电地址不属于该客户', 'service point does not belong to the customer');
    return {
      prefs: prefsFromRow(s, row),
      orgUnitId: row.org_unit_id,
      orgPath: row.path,
      areaType: row.area_type,
      customerClass: row.customer_class,
      important: !!row.important,
      address: row.address,
      customerId: row.customer_id,
      spLonLat: { lon: row.lon, lat: row.lat },
    };
  }
  if (customerId !== null) {
    if (!row) throw badField('body.customerId', 'exists', '客户不存在或不在本单位范围内', 'customer not found in your scope');
    return {
      prefs: prefsFromRow(s, row),
      orgUnitId: row.org_unit_id,
      orgPath: row.path,
      areaType: row.area_type,
      customerClass: row.customer_class,
      important: !!row.important,
      address: input.address ?? null,
      customerId,
      spLonLat: null,
    };
  }
  if (!row) throw new DomainError('internal', 'INTERNAL', '受理单位不存在', 'the accepting unit was not found');
  return {
    prefs: prefsFromRow(s, null),
    orgUnitId: row.org_unit_id,
    orgPath: row.path,
    areaType: row.area_type,
    customerClass: null,
    important: false,
    address: input.address ?? input.location?.text ?? null,
    customerId: null,
    spLonLat: null,
  };
}

async function replay(db: Db, scope: string, key: string): Promise<number | null> {
  const { rows } = await db.query<{ order_id: number }>('SELECT order_id FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  return rows[0]?.order_id ?? null;
}

/** The order an earlier intake by this principal with this idempotency key created, or null. */
export async function replayedOrderId(db: Db, p: Principal, idempotencyKey: string): Promise<number | null> {
  const id = await replay(db, `${p.kind}:${p.id}`, idempotencyKey);
  return id === null ? null : Number(id);
}

export async function intakeOrder(db: Db, p: Principal, input: IntakeInput, idempotencyKey: string | null, now = new Date()) {
  try {
    return await intake(db, p, input, idempotencyKey, now);
  } catch (e) {
    // A retry whose input no longer passes (e.g. its received time has aged) still gets the first order.
    if (idempotencyKey && e instanceof DomainError && e.kind === 'invalid') {
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
  if (p.role === 'customer' && !['web', 'mobile'].includes(input.channel))
    throw badField('body.channel', 'portal', '门户只能通过网站或手机渠道提交', 'portal submissions use channel web or mobile');
  const settings = await getSettings(db);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const timeIssue = checkReceivedAt(input.channel, receivedAt, now, settings.maxBackdateMinutes, CLOCK_SKEW_MS);
  if (timeIssue) throw fail(timeIssue);
  const locationIssue = input.location ? checkLocation(input.location, settings.territory) : null;
  if (locationIssue) throw fail(locationIssue);
  const ctx = await getSlaContext(db);
  // Placement, the customer's contact preferences, the duplicate search and the article check:
  // one grouped read (intake-reader.ts).
  const customerId = p.role === 'customer' ? p.customerId : (input.customerId ?? null);
  const read = await readForIntake(db, {
    principal: p,
    customerId,
    servicePointId: input.servicePointId ?? null,
    phone: input.callerPhone ?? null,
    kbArticleId: input.kbArticleId ?? null,
    windowHours: settings.duplicateWindowHours,
  });
  // the same order of checks as ever: the cited article, then who the order is for
  if (!read.kbExists)
    throw badField(
      'body.kbArticleId',
      'exists',
      '知识库文章不存在或未生效（草稿、已归档或已过有效期）',
      'knowledge article not found or not in force (a draft, archived or outside its validity)',
    );
  checkBeforePlacement(p, input, customerId);
  const placement = placementOf(input, customerId, settings, read.placement);
  const duplicates = read.duplicates;
  const urgency = input.urgency ?? 'normal';
  const major = input.orderType === 'complaint' && urgency === 'major';
  const targets = major ? await escalationTargets(db, placement.orgPath) : [];
  const facts = {
    orderType: input.orderType,
    subtype,
    channel: input.channel,
    customerClass: placement.customerClass,
    areaType: placement.areaType,
    receivedAt,
    policySet: ctx.activeSet,
  };
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
        order_type: input.orderType,
        subtype,
        channel: input.channel,
        urgency,
        priority: priorityOf(urgency, placement.important),
        status: INITIAL_STATE,
        received_at: receivedAt,
        org_unit_id: placement.orgUnitId,
        org_path: placement.orgPath,
        accepting_org_unit_id: p.role === 'customer' ? placement.orgUnitId : p.orgUnitId,
        owner_id: p.kind === 'user' && p.role !== 'customer' ? p.id : null,
        customer_id: placement.customerId,
        service_point_id: input.servicePointId ?? null,
        caller_phone: input.callerPhone ?? null,
        caller_name: input.callerName ?? null,
        address: placement.address,
        title: input.title ?? input.description.slice(0, 40),
        description: input.description,
        customer_class: placement.customerClass,
        area_type: placement.areaType,
        important: placement.important,
        policy_set: ctx.activeSet,
        policy_id: sla.policy?.id ?? null,
        clocks: sla.clocks,
        next_due_at: sla.nextDueAt,
        next_check_at: sla.nextCheckAt,
        sla_state: sla.slaState,
        kb_article_id: input.kbArticleId ?? null,
        cti_call_id: input.ctiCallId ?? null,
        ...locationColumns(orderLocation(input.location, placement.spLonLat)),
      },
      event: { action: 'accept', toState: INITIAL_STATE, data: { channel: input.channel, receivedAt } },
      messages: (o) => [
        ...customerMessagesFor(placement.prefs, o, 'workorder.accepted', `您的${urgent ? '报修' : '诉求'}已受理，我们将尽快处理`, urgent, now),
        ...webhookMessages(settings, 'workorder.accepted', { id: o.id, orderNo: o.order_no, orderType: o.order_type, channel: o.channel }, o.id),
        ...(major ? escalationMessages(targets, settings.escalationMinutes, o, receivedAt) : []),
      ],
      slaEvents: major
        ? escalationEvents(settings.escalationMinutes, receivedAt).map((e) => ({ key: e.key, kind: 'escalation', due: e.due, data: { level: e.level } }))
        : [],
      audit: (o) => ({
        action: 'workorder.create',
        entity: 'work_order',
        entityId: o.id,
        orgUnitId: o.org_unit_id,
        after: { orderNo: o.order_no, orderType: o.order_type, subtype, channel: o.channel, receivedAt },
      }),
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
  const duplicates = await findDuplicates(db, p, {
    customerId: o.customer_id,
    servicePointId: o.service_point_id,
    phone: o.caller_phone,
    excludeId: o.id,
    windowHours: settings.duplicateWindowHours,
  });
  return { order: orderView(o, liveClocks(ctx, o, events), p), duplicates };
}
