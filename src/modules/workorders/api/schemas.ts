/** Request schemas of the work-order API (TypeBox → JSON Schema, bodies strict). */
import { Type } from 'typebox';
import { Body, Id, Int, Lat, Lon, Num, Paging, Phone, Query, Text } from '../../../http/schemas.js';
import { AREA_TYPES, CHANNELS, CUSTOMER_CLASSES, ORDER_TYPES, URGENCIES } from '../orders/catalog.js';
import { ORDER_ACTIONS, ORDER_STATES } from '../lifecycle/lifecycle-rules.js';
import { CALLBACK_RESULTS } from '../callbacks/callbacks.js';

/** A string enum (one 'enum' error naming the allowed values, rather than anyOf of consts). */
const lit = (xs: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...xs] });

/** A spot on the map (WGS-84 degrees); range and territory are checked at intake (location-rules.ts) so the error names the rule. */
export const LocationBody = Type.Object({
  lon: Lon(),
  lat: Lat(),
  text: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
}, { additionalProperties: false, description: '位置 / location of the fault or request' });

export const IntakeBody = Body({
  orderType: lit(Object.keys(ORDER_TYPES)),
  subtype: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  channel: lit(Object.keys(CHANNELS)),
  receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  urgency: Type.Optional(lit(URGENCIES)),
  customerId: Type.Optional(Id),
  servicePointId: Type.Optional(Id),
  callerPhone: Type.Optional(Phone),
  callerName: Type.Optional(Text(50)),
  address: Type.Optional(Text(200)),
  title: Type.Optional(Text(100)),
  description: Text(4000),
  kbArticleId: Type.Optional(Id),
  location: Type.Optional(LocationBody),
});

export const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })) });

export const TransitionBodySchema = Body({
  action: lit(ORDER_ACTIONS),
  note: Type.Optional(Text(2000)),
  reason: Type.Optional(Text(500)),
  orgUnitId: Type.Optional(Id),
  assigneeId: Type.Optional(Id),
  result: Type.Optional(Text(2000)),
  cause: Type.Optional(Text(500)),
  kbArticleId: Type.Optional(Id),
});

export const QueueQuerySchema = Query({
  view: Type.Optional(lit(['open', 'all'])),
  status: Type.Optional(Type.Array(lit(ORDER_STATES), { maxItems: 14 })),
  orderType: Type.Optional(lit(Object.keys(ORDER_TYPES))),
  subtype: Type.Optional(Type.String({ maxLength: 40 })),
  channel: Type.Optional(lit(Object.keys(CHANNELS))),
  urgency: Type.Optional(lit(URGENCIES)),
  slaState: Type.Optional(lit(['none', 'ok', 'warning', 'breached', 'met'])),
  orgUnitId: Type.Optional(Id),
  assignee: Type.Optional(Type.String({ pattern: '^(me|\\d{1,15})$' })),
  owner: Type.Optional(Type.Literal('me')),
  customerId: Type.Optional(Id),
  servicePointId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  receivedFrom: Type.Optional(Type.String({ format: 'date-time' })),
  receivedTo: Type.Optional(Type.String({ format: 'date-time' })),
  dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
  sort: Type.Optional(lit(['due', 'received', 'priority'])),
  ...Paging,
});

export const DuplicatesQuery = Query({ customerId: Type.Optional(Id), servicePointId: Type.Optional(Id), phone: Type.Optional(Phone) });
export const LocationsQuerySchema = Query({
  source: Type.Optional(lit(['reported', 'service_point'])),
  orderType: Type.Optional(lit(Object.keys(ORDER_TYPES))),
  limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
});
export const LinkBody = Body({ relatedId: Id });
export const MergeBody = Body({ survivorId: Id, note: Text(500) });
export const MatchBody = Body({ customerId: Id, servicePointId: Type.Optional(Id) });
export const NoteBody = Body({ note: Text(2000) });
export const CallbackBody = Body({ result: lit(CALLBACK_RESULTS), reason: Type.Optional(Text(500)), powerRestored: Type.Optional(Type.Boolean()), score: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })) });
export const CallbackQuery = Query({ status: Type.Optional(lit(['pending', 'done'])), ...Paging });
export const IvrBody = Body({ orderNo: Type.String({ pattern: '^\\d{12}$' }), callId: Text(100), score: Type.Integer({ minimum: 1, maximum: 5 }) });
export const CtiQuery = Query({ phone: Phone });

const Clock = Type.Object({
  name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  basis: lit(['natural', 'working_days']),
  minutes: Type.Optional(Int(1, 5_256_000)), // up to ten years
  workingDays: Type.Optional(Int(1, 2600)), // up to ten years of working days
  convention: Type.Optional(lit(['end_of_day', 'same_time'])),
  startOn: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
  stopOn: Type.Object({ states: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })), actions: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })) }, { additionalProperties: false }),
  pauseStates: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
  cancelStates: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
  warnFractions: Type.Optional(Type.Array(Num(0, 1), { maxItems: 10 })),
}, { additionalProperties: false });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PolicyBody = Body({
  code: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' }),
  policySet: Type.String({ minLength: 1, maxLength: 40 }),
  version: Type.Integer({ minimum: 1, maximum: 100000 }),
  match: Type.Object({
    orderType: lit(Object.keys(ORDER_TYPES)),
    subtype: Nullable(Type.String({ maxLength: 40 })),
    channel: Type.Union([lit(Object.keys(CHANNELS)), Type.Null()]),
    customerClass: Type.Union([lit(CUSTOMER_CLASSES), Type.Null()]),
    areaType: Type.Union([lit(AREA_TYPES), Type.Null()]),
  }, { additionalProperties: false }),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Nullable(Type.String({ format: 'date-time' })),
  clocks: Type.Array(Clock, { minItems: 1, maxItems: 10 }),
  title: Type.Optional(Text(200)),
  source: Type.Optional(Text(500)),
});
export const PolicyPatch = Body({
  validTo: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  clocks: Type.Optional(Type.Array(Clock, { minItems: 1, maxItems: 10 })),
  title: Type.Optional(Text(200)),
  source: Type.Optional(Text(500)),
});
export const SettingsBody = Body({ activePolicySet: Type.String({ minLength: 1, maxLength: 40 }) });
export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });
export const CalendarYearBody = Body({
  days: Type.Array(Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), kind: lit(['holiday', 'workday']), name: Type.Optional(Text(60)) }, { additionalProperties: false }), { maxItems: 366 }),
});
export const DeadlineQuery = Query({
  from: Type.String({ format: 'date-time' }),
  workingDays: Type.Integer({ minimum: 1, maximum: 2600 }),
  convention: Type.Optional(lit(['end_of_day', 'same_time'])),
});

/** A change to the service-desk settings: any of the fields, at least one (see desk-settings-rules.ts for the cross-field rules). */
export const DeskSettingsBody = Type.Object({
  duplicateWindowHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  reopenWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  callbackSamplePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  maxBackdateMinutes: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0, maximum: 525_600 }), { maxProperties: 40 })),
  escalationMinutes: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 1440 }), { minItems: 1, maxItems: 10 })),
}, { additionalProperties: false, minProperties: 1 });
