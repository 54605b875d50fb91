/**
 * The work-order module's contract: every request and response shape, declared once (TypeBox →
 * JSON Schema, bodies strict). The use cases' types are derived from these (Static<typeof …>),
 * the routes validate and serialise with them — a reply carries only the fields its schema names,
 * so each response schema lists exactly what its use case returns (and the console reads).
 */
import { Type, type Static } from 'typebox';
import { Body, Id, Instant, Lat, Lon, Nullable, Paging, Phone, Query, Text } from '../../platform/schema.js';
import { ClockBasisSchema, DeadlineConventionSchema, PolicySetSchema, SlaPolicyFields, SlaPolicySchema } from '../../platform/sla/policy-types.js';
import { AREA_TYPES, CALLBACK_RESULTS, CHANNELS, CUSTOMER_CLASSES, ORDER_TYPES, URGENCIES, type Channel } from './orders/catalog.js';
import { ORDER_ACTIONS, ORDER_STATES } from './lifecycle/lifecycle-rules.js';

// ── vocabulary ──────────────────────────────────────────────────────────────────────────────────
/** typed as a string (as callers compose order types from data, e.g. the demo seed); intake checks the type with its subtype */
export const OrderTypeSchema = Type.Enum(Object.keys(ORDER_TYPES));
export const ChannelSchema = Type.Enum(Object.keys(CHANNELS) as Channel[]);
export const UrgencySchema = Type.Enum(URGENCIES);
export const OrderStateSchema = Type.Enum(ORDER_STATES);
export const OrderActionSchema = Type.Enum(ORDER_ACTIONS);
export const CallbackResultSchema = Type.Enum(CALLBACK_RESULTS);
export const LocationSourceSchema = Type.Enum(['service_point', 'reported'] as const);
export type LocationSource = Static<typeof LocationSourceSchema>;

// ── intake ──────────────────────────────────────────────────────────────────────────────────────
/** A spot on the map (WGS-84 degrees); range and territory are checked at intake (location-rules.ts) so the error names the rule. */
export const LocationBody = Type.Object(
  {
    lon: Lon(),
    lat: Lat(),
    text: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false, description: '位置 / location of the fault or request' },
);
/** A spot the caller gives (WGS-84); without it an order at a service point is located there. */
export type ReportedLocation = Static<typeof LocationBody>;

/**
 * The fields of an intake body, one by one, for other contracts that take an order the same way
 * with their own limits (the outages module's fault orders: `Body({ ...IntakeFields, description: Text(2000) })`).
 */
/** A CTI call id: Asterisk's uniqueid ("1700000000.123") or another ACD's id. */
export const CtiCallId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:@-]+$' });

export const IntakeFields = {
  orderType: OrderTypeSchema,
  subtype: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  channel: ChannelSchema,
  receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  urgency: Type.Optional(UrgencySchema),
  customerId: Type.Optional(Id),
  servicePointId: Type.Optional(Id),
  callerPhone: Type.Optional(Phone),
  callerName: Type.Optional(Text(50)),
  address: Type.Optional(Text(200)),
  title: Type.Optional(Text(100)),
  description: Text(4000),
  kbArticleId: Type.Optional(Id),
  location: Type.Optional(LocationBody),
  /** the CTI call id of the call this order comes from (the screen-pop's Asterisk uniqueid, as in the queue_log) */
  ctiCallId: Type.Optional(CtiCallId),
};
export const IntakeBody = Body(IntakeFields);
export type IntakeInput = Static<typeof IntakeBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })),
});

// ── an order as the API shows it ─────────────────────────────────────────────────────────────────
export const LocationView = Type.Object({ lon: Type.Number(), lat: Type.Number(), source: LocationSourceSchema, text: Nullable(Type.String()) });
export type OrderLocation = Static<typeof LocationView>;

/** One clock of an order, live (recomputed at read time). */
export const OrderClockSchema = Type.Object({
  name: Type.String(),
  basis: ClockBasisSchema,
  /** null only while 'pending' */
  dueAt: Nullable(Instant()),
  pausedMs: Type.Number(),
  state: Type.Enum(['pending', 'running', 'paused', 'met', 'breached', 'stopped'] as const),
  startedAt: Nullable(Instant()),
  stoppedAt: Nullable(Instant()),
  remainingMs: Nullable(Type.Number()),
  usedFraction: Type.Number(),
  /** working-day clocks: false when the deadline falls in a year the holiday calendar does not list yet; null on natural clocks */
  calendarCovered: Nullable(Type.Boolean()),
  /** working-day clocks not covered: true when the years without data were counted with the law's statutory holidays (provisional, 暂定); null on natural clocks */
  calendarProvisional: Nullable(Type.Boolean()),
});
export type OrderClock = Static<typeof OrderClockSchema>;

export const SlaStateSchema = Type.Enum(['none', 'ok', 'warning', 'breached', 'met'] as const);

export const OrderSchema = Type.Object({
  id: Id,
  orderNo: Type.String(),
  orderType: Type.String(),
  subtype: Nullable(Type.String()),
  channel: Type.String(),
  urgency: Type.String(),
  priority: Type.Integer(),
  status: Type.String(),
  receivedAt: Instant(),
  createdAt: Instant(),
  updatedAt: Instant(),
  orgUnitId: Id,
  acceptingOrgUnitId: Id,
  ownerId: Nullable(Id),
  assigneeId: Nullable(Id),
  customerId: Nullable(Id),
  servicePointId: Nullable(Id),
  matchedAt: Nullable(Instant()),
  location: Nullable(LocationView),
  /** masked without customers.pii */
  callerPhone: Nullable(Type.String()),
  callerName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  customerClass: Nullable(Type.String()),
  areaType: Type.String(),
  important: Type.Boolean(),
  policySet: Type.String(),
  policyId: Nullable(Id),
  slaState: Type.String(),
  nextDueAt: Nullable(Instant()),
  mergedIntoId: Nullable(Id),
  kbArticleId: Nullable(Id),
  ctiCallId: Nullable(Type.String()),
  result: Nullable(Type.String()),
  cause: Nullable(Type.String()),
  satisfaction: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  handledAt: Nullable(Instant()),
  closedAt: Nullable(Instant()),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
  clocks: Type.Array(OrderClockSchema),
});
export type OrderView = Static<typeof OrderSchema>;

/** An open order of the same customer, service point or phone (intake and GET /api/workorders/duplicates). */
export const DuplicateOrderSchema = Type.Object({
  id: Id,
  orderNo: Type.String(),
  orderType: Type.String(),
  subtype: Nullable(Type.String()),
  status: Type.String(),
  receivedAt: Instant(),
  title: Type.String(),
  orgUnitId: Id,
});
export type DuplicateOrder = Static<typeof DuplicateOrderSchema>;

/** What intake answers: 201 with the new order, or 200 with the first order for a repeated Idempotency-Key. */
export const IntakeResultSchema = Type.Object({ order: OrderSchema, duplicates: Type.Array(DuplicateOrderSchema) });
export const PortalIntakeResultSchema = Type.Object({ order: OrderSchema });

// ── the queue, duplicates, the map layer ─────────────────────────────────────────────────────────
export const QueueQuerySchema = Query({
  view: Type.Optional(Type.Enum(['open', 'all'] as const)),
  status: Type.Optional(Type.Array(OrderStateSchema, { maxItems: 14 })),
  orderType: Type.Optional(OrderTypeSchema),
  subtype: Type.Optional(Type.String({ maxLength: 40 })),
  channel: Type.Optional(ChannelSchema),
  urgency: Type.Optional(UrgencySchema),
  slaState: Type.Optional(SlaStateSchema),
  orgUnitId: Type.Optional(Id),
  /** 'me' or a user id */
  assignee: Type.Optional(Type.String({ pattern: '^(me|\\d{1,15})$' })),
  owner: Type.Optional(Type.Literal('me')),
  /** the customer's 360° page */
  customerId: Type.Optional(Id),
  servicePointId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  receivedFrom: Type.Optional(Type.String({ format: 'date-time' })),
  receivedTo: Type.Optional(Type.String({ format: 'date-time' })),
  dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
  sort: Type.Optional(Type.Enum(['due', 'received', 'priority'] as const)),
  ...Paging,
});
export type QueueQuery = Static<typeof QueueQuerySchema>;

export const QueueClockSchema = Type.Object({
  name: Type.String(),
  basis: ClockBasisSchema,
  dueAt: Nullable(Instant()),
  pausedMs: Type.Number(),
  state: OrderClockSchema.properties.state,
  remainingMs: Nullable(Type.Number()),
  usedFraction: Type.Number(),
});
export const QueueItemSchema = Type.Object({
  id: Id,
  orderNo: Type.String(),
  orderType: Type.String(),
  subtype: Nullable(Type.String()),
  channel: Type.String(),
  urgency: Type.String(),
  priority: Type.Integer(),
  status: Type.String(),
  title: Type.String(),
  receivedAt: Instant(),
  orgUnitId: Id,
  ownerId: Nullable(Id),
  assigneeId: Nullable(Id),
  ownerName: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  callerPhone: Nullable(Type.String()),
  important: Type.Boolean(),
  slaState: Type.String(),
  nextDueAt: Nullable(Instant()),
  remainingMs: Nullable(Type.Number()),
  clocks: Type.Array(QueueClockSchema),
});
/** A page of the queue: `hasMore` instead of a total (no count over a million rows). */
export const QueuePageSchema = Type.Object({ items: Type.Array(QueueItemSchema), hasMore: Type.Boolean(), limit: Type.Integer(), offset: Type.Integer() });
export const PortalQueueQuery = Query({ ...Paging });

export const DuplicatesQuery = Query({ customerId: Type.Optional(Id), servicePointId: Type.Optional(Id), phone: Type.Optional(Phone) });
export type DuplicatesFilter = Static<typeof DuplicatesQuery>;
export const DuplicatesAnswer = Type.Object({ items: Type.Array(DuplicateOrderSchema), windowHours: Type.Integer() });

export const LocationsQuerySchema = Query({
  source: Type.Optional(LocationSourceSchema),
  orderType: Type.Optional(OrderTypeSchema),
  limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
});
export type LocationsQuery = Static<typeof LocationsQuerySchema>;
/** Open orders with a location as GeoJSON points. */
export const OrderLocationsSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }) }),
      properties: Type.Object({
        id: Id,
        orderNo: Type.String(),
        orderType: Type.String(),
        status: Type.String(),
        urgency: Type.String(),
        receivedAt: Instant(),
        source: LocationSourceSchema,
        text: Nullable(Type.String()),
        address: Nullable(Type.String()),
      }),
    }),
  ),
});

// ── one order: detail, timeline, lifecycle, links ────────────────────────────────────────────────
export const TimelineEntrySchema = Type.Object({
  id: Id,
  at: Instant(),
  actor: Type.Object({ id: Nullable(Id), kind: Type.String(), name: Nullable(Type.String()) }),
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  note: Nullable(Type.String()),
  /** order_events.data: what the action recorded (target unit, reason, merged order …), its keys differ by action */
  data: Type.Unknown(),
});
export const TimelineAnswer = Type.Object({ timeline: Type.Array(TimelineEntrySchema) });

export const OrderRefSchema = Type.Object({ id: Id, orderNo: Type.String(), orderType: Type.String(), status: Type.String() });

export const DeliverySchema = Type.Object({
  id: Id,
  event: Type.String(),
  channel: Type.String(),
  recipient: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Instant(),
  sentAt: Nullable(Instant()),
  nextAttemptAt: Nullable(Instant()),
});
export const OrderCallbackSchema = Type.Object({
  id: Id,
  status: Type.String(),
  reason: Type.String(),
  createdAt: Instant(),
  result: Nullable(Type.String()),
  resultReason: Nullable(Type.String()),
  powerRestored: Nullable(Type.Boolean()),
  doneAt: Nullable(Instant()),
});
export const SlaEventSchema = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  clock: Nullable(Type.String()),
  at: Instant(),
  dueAt: Nullable(Instant()),
  /** sla_events.data: policy id, escalation level or the recomputed due times, by kind */
  data: Type.Unknown(),
});
export const OrderDetailSchema = Type.Object({
  order: OrderSchema,
  /** the order's customer by name and account number (null for an anonymous caller) */
  customer: Nullable(Type.Object({ id: Id, name: Type.String(), accountNo: Nullable(Type.String()) })),
  timeline: Type.Array(TimelineEntrySchema),
  links: Type.Array(OrderRefSchema),
  deliveries: Type.Array(DeliverySchema),
  callbacks: Type.Array(OrderCallbackSchema),
  slaEvents: Type.Array(SlaEventSchema),
});

export const TransitionBodySchema = Body({
  action: OrderActionSchema,
  note: Type.Optional(Text(2000)),
  reason: Type.Optional(Text(500)),
  orgUnitId: Type.Optional(Id),
  assigneeId: Type.Optional(Id),
  result: Type.Optional(Text(2000)),
  cause: Type.Optional(Text(500)),
  kbArticleId: Type.Optional(Id),
});
export type TransitionBody = Static<typeof TransitionBodySchema>;

export const LinkBody = Body({ relatedId: Id });
export const LinkAnswer = Type.Object({ orderId: Id, relatedId: Id });
export const MergeBody = Body({ survivorId: Id, note: Text(500) });
export const MergeAnswer = Type.Object({ mergedId: Id, status: Type.String(), survivorId: Id });
export const MatchBody = Body({ customerId: Id, servicePointId: Type.Optional(Id) });
export const NoteBody = Body({ note: Text(2000) });

export const CatalogSchema = Type.Object({
  orderTypes: Type.Array(
    Type.Object({
      code: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      subtypes: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
    }),
  ),
  channels: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String(), staffEntered: Type.Boolean() })),
  urgencies: Type.Array(Type.String()),
  states: Type.Array(Type.String()),
  actions: Type.Array(Type.String()),
});

// ── the customer portal ──────────────────────────────────────────────────────────────────────────
export const PortalOrderSchema = Type.Object({
  order: OrderSchema,
  timeline: Type.Array(Type.Object({ at: Instant(), action: Type.String(), toState: Type.String() })),
});
export const RatingBody = Body({ score: Type.Integer({ minimum: 1, maximum: 5 }) });
export const RatingAnswer = Type.Object({ orderId: Id, score: Type.Integer() });

// ── callbacks and ratings ────────────────────────────────────────────────────────────────────────
export const CallbackBody = Body({
  result: CallbackResultSchema,
  reason: Type.Optional(Text(500)),
  powerRestored: Type.Optional(Type.Boolean()),
  score: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});
export type CallbackInput = Static<typeof CallbackBody>;
export const CallbackQuery = Query({ status: Type.Optional(Type.Enum(['pending', 'done'] as const)), ...Paging });
export const CallbackRowSchema = Type.Object({
  id: Id,
  orderId: Id,
  orderNo: Type.String(),
  orderType: Type.String(),
  subtype: Nullable(Type.String()),
  title: Type.String(),
  handlingResult: Nullable(Type.String()),
  status: Type.String(),
  reason: Type.String(),
  createdAt: Instant(),
  result: Nullable(Type.String()),
  resultReason: Nullable(Type.String()),
  powerRestored: Nullable(Type.Boolean()),
  doneAt: Nullable(Instant()),
});
export const CallbackListSchema = Type.Object({ items: Type.Array(CallbackRowSchema) });
export const CallbackAnswer = Type.Object({ callbackId: Id, order: Type.Object({ id: Id, status: Type.String(), satisfaction: Nullable(Type.String()) }) });
export const IvrBody = Body({ orderNo: Type.String({ pattern: '^\\d{12}$' }), callId: Text(100), score: Type.Integer({ minimum: 1, maximum: 5 }) });
export type IvrRating = Static<typeof IvrBody>;
/** stored: false when the call id was rated before (answered 200, not stored twice) */
export const IvrAnswer = Type.Object({ stored: Type.Boolean(), orderId: Id });

// ── CTI ──────────────────────────────────────────────────────────────────────────────────────────
export const CtiQuery = Query({ phone: Phone });

// ── SLA policies, the calendar, the service-desk settings ───────────────────────────────────────
/** The engine's policy (platform/sla/policy-types.ts) with the match narrowed to the work-order vocabulary. */
export const PolicyMatchBody = Type.Object(
  {
    orderType: OrderTypeSchema,
    subtype: Nullable(Type.String({ maxLength: 40 })),
    channel: Nullable(ChannelSchema),
    customerClass: Nullable(Type.Enum(CUSTOMER_CLASSES)),
    areaType: Nullable(Type.Enum(AREA_TYPES)),
  },
  { additionalProperties: false },
);
export const PolicyBody = Body({ ...SlaPolicyFields, match: PolicyMatchBody });
export type PolicyInput = Static<typeof PolicyBody>;
export const PolicyPatch = Body({
  validTo: Type.Optional(SlaPolicyFields.validTo),
  clocks: Type.Optional(SlaPolicyFields.clocks),
  title: SlaPolicyFields.title,
  source: SlaPolicyFields.source,
});
export type PolicyChange = Static<typeof PolicyPatch>;
export const PoliciesSchema = Type.Object({
  activePolicySet: Type.String(),
  revision: Type.Integer(),
  sets: Type.Array(PolicySetSchema),
  policies: Type.Array(SlaPolicySchema),
});
/** A saved policy and the recompute of open orders that followed it. */
export const PolicySavedSchema = Type.Object({ policy: SlaPolicySchema, recomputed: Type.Integer(), changed: Type.Integer() });
export const SettingsBody = Body({ activePolicySet: Type.String({ minLength: 1, maxLength: 40 }) });
export const SettingsAnswer = Type.Object({ activePolicySet: Type.String() });

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });
export const CalendarDaySchema = Type.Object(
  { date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), kind: Type.Enum(['holiday', 'workday'] as const), name: Type.Optional(Nullable(Text(60))) },
  { additionalProperties: false },
);
export const CalendarYearBody = Body({
  days: Type.Array(Body({ date: CalendarDaySchema.properties.date, kind: CalendarDaySchema.properties.kind, name: Type.Optional(Text(60)) }), {
    maxItems: 366,
  }),
});
/** One year's entries and the last day the calendar data covers. */
export const CalendarYearSchema = Type.Object({
  year: Type.Integer(),
  days: Type.Array(CalendarDaySchema),
  coveredThrough: Nullable(Type.String()),
  covered: Type.Boolean(),
  /** for a year without entries: the law's statutory holidays counted provisionally, and the law they come from */
  provisional: Type.Array(CalendarDaySchema),
  provisionalSource: Nullable(Type.String()),
});
export const CalendarSavedSchema = Type.Object({ year: Type.Integer(), days: Type.Integer(), recomputed: Type.Integer(), changed: Type.Integer() });
export const DeadlineQuery = Query({
  from: Type.String({ format: 'date-time' }),
  workingDays: Type.Integer({ minimum: 1, maximum: 2600 }),
  convention: Type.Optional(DeadlineConventionSchema),
});
export type DeadlineAsk = Static<typeof DeadlineQuery>;
export const DeadlineSchema = Type.Object({ from: Instant(), workingDays: Type.Integer(), convention: DeadlineConventionSchema, dueAt: Instant() });

/** The service-desk settings (the workorder_settings row) as read and as saved. */
export const DeskSettingsSchema = Type.Object({
  duplicateWindowHours: Type.Integer({ minimum: 1, maximum: 720 }),
  reopenWindowDays: Type.Integer({ minimum: 0, maximum: 365 }),
  callbackSamplePercent: Type.Integer({ minimum: 0, maximum: 100 }),
  /** per channel: how far back a received time may lie */
  maxBackdateMinutes: Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0, maximum: 525_600 }), { maxProperties: 40 }),
  /** minutes from receipt at which a major complaint reaches each level, in order (province, city) */
  escalationMinutes: Type.Array(Type.Integer({ minimum: 1, maximum: 1440 }), { minItems: 1, maxItems: 10 }),
});
export type DeskSettings = Static<typeof DeskSettingsSchema>;
/** A change to the service-desk settings: any of the fields, at least one (see desk-settings-rules.ts for the cross-field rules). */
export const DeskSettingsBody = Type.Object(
  {
    duplicateWindowHours: Type.Optional(DeskSettingsSchema.properties.duplicateWindowHours),
    reopenWindowDays: Type.Optional(DeskSettingsSchema.properties.reopenWindowDays),
    callbackSamplePercent: Type.Optional(DeskSettingsSchema.properties.callbackSamplePercent),
    maxBackdateMinutes: Type.Optional(DeskSettingsSchema.properties.maxBackdateMinutes),
    escalationMinutes: Type.Optional(DeskSettingsSchema.properties.escalationMinutes),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DeskSettingsChange = Static<typeof DeskSettingsBody>;

// ── notification preferences and webhooks ────────────────────────────────────────────────────────
const TimeOfDay = Type.Union([Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), Type.Null()]);
export const PrefsBody = Body({ sms: Type.Boolean(), email: Type.Boolean(), quietStart: TimeOfDay, quietEnd: TimeOfDay });
export type PrefsInput = Static<typeof PrefsBody>;
export const PrefsAnswer = Type.Object({
  customerId: Id,
  sms: Type.Boolean(),
  email: Type.Boolean(),
  quietStart: Nullable(Type.String()),
  quietEnd: Nullable(Type.String()),
});
const WebhookEvent = Type.String({ pattern: '^(\\*|[a-z_]+\\.[a-z_]+)$', maxLength: 60 });
export const WebhookBody = Body({
  name: Text(64),
  url: Type.String({ format: 'uri', maxLength: 500 }),
  events: Type.Array(WebhookEvent, { minItems: 1, maxItems: 30, uniqueItems: true }),
});
export type WebhookInput = Static<typeof WebhookBody>;
export const WebhookSchema = Type.Object({
  id: Id,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Instant(),
});
export const WebhookListSchema = Type.Object({ items: Type.Array(WebhookSchema) });
/** The signing secret is shown once, here. */
export const WebhookCreatedSchema = Type.Object({
  id: Id,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  secret: Type.String(),
});
export const WebhookDeactivatedSchema = Type.Object({ id: Id, active: Type.Boolean() });

// ── CTI screen-pop (the route is the outages module's, which adds outages to it) ─────────────────
export const CtiLookupSchema = Type.Object({
  /** masked */
  phone: Type.String(),
  customers: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      phone: Nullable(Type.String()),
      orgUnitId: Id,
      servicePoints: Type.Array(
        Type.Object({ id: Id, address: Type.String(), customerClass: Type.String(), important: Type.Boolean(), transformerId: Nullable(Id) }),
      ),
    }),
  ),
  openOrders: Type.Array(
    Type.Object({
      id: Id,
      orderNo: Type.String(),
      orderType: Type.String(),
      subtype: Nullable(Type.String()),
      status: Type.String(),
      receivedAt: Instant(),
      nextDueAt: Nullable(Instant()),
      slaState: Type.String(),
    }),
  ),
  servicePointIds: Type.Array(Id),
});
export type CtiLookup = Static<typeof CtiLookupSchema>;
