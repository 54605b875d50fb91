/**
 * The outages module's contract: every request and response shape of its routes (outages, calls,
 * fault orders, regrouping, dispatch suggestions, planned outages, repeat faults, policies, the CTI
 * screen-pop and the portal's fault report), declared once. Use-case inputs derive from the request
 * schemas (Static<typeof …>); the routes validate and serialise with them, so a response carries
 * exactly the fields named here (the console reads them: web/src/api/outages.ts).
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Body, DateTime, Id, Instant, IdParams, Int, Lat, Lon, Nullable, Paging, Query, Text } from '../../platform/schema.js';
import { CtiLookupSchema as DeskCtiLookupSchema, DuplicateOrderSchema, IdempotencyHeaders, IntakeBody, OrderSchema } from '../workorders/index.js';
import { CallerApplicationSchema } from '../connections/index.js';
import { ACTIVE_STATUSES, OUTAGE_STATUSES } from './lifecycle/lifecycle-rules.js';
import { PLAN_STATUSES, PLANNED_KINDS } from './planned/planned-notice-rules.js';
import { POLICY_NAMES } from './admin/policy-checks.js';

export { IdParams };

/** An instant in a request body. */
const When = DateTime();

// ── shared pieces ───────────────────────────────────────────────────────────────────────────────

export const OutageStatusSchema = Type.Enum(OUTAGE_STATUSES);
export const PlanStatusSchema = Type.Enum(PLAN_STATUSES);
export const PlannedKindSchema = Type.Enum(PLANNED_KINDS);
/** The stored states of a trouble call (migrations 300, 301). */
export const CallStatusSchema = Type.Enum(['pending', 'grouped', 'unplaced', 'planned', 'cancelled', 'resolved', 'expired']);
export const LonLatSchema = Type.Object({ lon: Lon(), lat: Lat() });

// ── trouble calls and fault orders ──────────────────────────────────────────────────────────────

export const CallBody = Body({
  servicePointId: Type.Optional(Id),
  transformerId: Type.Optional(Id),
  orderId: Type.Optional(Id),
  at: Type.Optional(When),
  note: Type.Optional(Text(500, 0)),
});
export type CallInput = Static<typeof CallBody>;

/** What a caller is told: the outage (or planned outage) their call is linked to, its status and ETR. */
export const CallAnswerSchema = Type.Object({
  callId: Id,
  status: CallStatusSchema,
  receivedAt: Instant(),
  outage: Nullable(
    Type.Object({ id: Id, outageNo: Type.String(), status: OutageStatusSchema, etr: Nullable(Instant()), deviceId: Id, affectedCustomers: Type.Integer() }),
  ),
  planned: Nullable(Type.Object({ id: Id, planNo: Type.String(), startsAt: Instant(), endsAt: Instant(), reason: Type.String() })),
});
export type CallAnswer = Static<typeof CallAnswerSchema>;

/** The work-order intake's field schemas: a fault order is taken with the same limits as any order. */
const intake = IntakeBody.properties;
export const FaultOrderBody = Body({
  channel: intake.channel,
  servicePointId: intake.servicePointId,
  customerId: intake.customerId,
  receivedAt: intake.receivedAt,
  urgency: intake.urgency,
  callerPhone: intake.callerPhone,
  callerName: intake.callerName,
  address: intake.address,
  title: intake.title,
  description: intake.description,
  location: intake.location,
});
export type FaultOrderInput = Static<typeof FaultOrderBody>;
export const FaultOrderHeaders = IdempotencyHeaders;

/** The customer's fault report from the portal: a service point of theirs, or a spot on the map, or both. */
export const PortalFaultBody = Body({
  servicePointId: intake.servicePointId,
  channel: Type.Optional(Type.Enum(['web', 'mobile'])),
  description: intake.description,
  callerPhone: intake.callerPhone,
  location: intake.location,
});
export type PortalFaultInput = Static<typeof PortalFaultBody>;

/** The work order a fault order became and the open orders like it: the work-order intake's answer (the console shows its clocks and type). */
export const FaultOrderOrderSchema = OrderSchema;
export const FaultOrderResult = Type.Object({
  replayed: Type.Boolean(),
  order: FaultOrderOrderSchema,
  duplicates: Type.Array(DuplicateOrderSchema),
  call: Nullable(CallAnswerSchema),
});
export const PortalFaultResult = Type.Object({ order: FaultOrderOrderSchema, call: Nullable(CallAnswerSchema) });

export const UnplacedQuery = Query(Paging);
export type UnplacedFilter = Static<typeof UnplacedQuery>;
export const UnplacedCallSchema = Type.Object({
  id: Id,
  servicePointId: Nullable(Id),
  orderId: Nullable(Id),
  receivedAt: Instant(),
  note: Nullable(Type.String()),
  address: Nullable(Type.String()),
  /** where a fault reported without a service point was seen (no transformer near enough) */
  spot: Nullable(LonLatSchema),
});
export type UnplacedCall = Static<typeof UnplacedCallSchema>;

export const PlaceCallBody = Body({ transformerId: Id });

// ── outages: list, detail, lifecycle, regrouping ────────────────────────────────────────────────

export const OutageListQuery = Query({ status: Type.Optional(Type.Enum(['active', 'all', ...OUTAGE_STATUSES])), ...Paging });
export type OutageFilter = Static<typeof OutageListQuery>;

export const OutageDeclineSchema = Type.Object({ crewId: Id, crewName: Type.String(), by: Type.String(), at: Instant(), reason: Type.String() });

export const OutageItemSchema = Type.Object({
  id: Id,
  outageNo: Type.String(),
  kind: Type.Enum(['fault', 'planned']),
  status: OutageStatusSchema,
  device: Type.Object({ id: Id, kind: Type.String(), code: Type.String(), name: Type.String(), lon: Nullable(Type.Number()), lat: Nullable(Type.Number()) }),
  orgUnitId: Id,
  areaType: Type.String(),
  pinned: Type.Boolean(),
  crew: Nullable(Type.Object({ id: Id, name: Type.String() })),
  etr: Nullable(Instant()),
  startedAt: Instant(),
  confirmedAt: Nullable(Instant()),
  arrivedAt: Nullable(Instant()),
  restoredAt: Nullable(Instant()),
  affectedCustomers: Type.Integer(),
  callCount: Type.Integer(),
  repeatFault: Type.Boolean(),
  etrDueAt: Nullable(Instant()),
  etrOverdue: Type.Boolean(),
  acceptance: Nullable(Type.Enum(['awaiting', 'accepted'])),
  acceptedAt: Nullable(Instant()),
  acceptedBy: Nullable(Type.String()),
  acceptDueAt: Nullable(Instant()),
  acceptOverdue: Type.Boolean(),
  acceptanceWarnedAt: Nullable(Instant()),
  declined: Type.Boolean(),
  lastDecline: Nullable(OutageDeclineSchema),
});
export type OutageItem = Static<typeof OutageItemSchema>;

export const QualityIssueSchema = Type.Object({ field: Type.String(), rule: Type.String(), zh: Type.String(), en: Type.String() });

export const OutageDetailSchema = Type.Object({
  ...OutageItemSchema.properties,
  causeClass: Nullable(Type.String()),
  causeNote: Nullable(Type.String()),
  customerSide: Type.Boolean(),
  mergedIntoId: Nullable(Id),
  splitFromId: Nullable(Id),
  assignedAt: Nullable(Instant()),
  enRouteAt: Nullable(Instant()),
  restorationConfirmedAt: Nullable(Instant()),
  restorationSource: Nullable(Type.Enum(['callback', 'meter'])),
  closedAt: Nullable(Instant()),
  qualityIssues: Type.Array(QualityIssueSchema),
  partialRestorations: Type.Array(Type.Object({ deviceId: Id, restoredAt: Instant() })),
  customers: Type.Object({ total: Type.Integer(), stillOut: Type.Integer(), important: Type.Integer(), customerMinutes: Type.Number() }),
  calls: Type.Array(
    Type.Object({ id: Id, servicePointId: Nullable(Id), transformerId: Nullable(Id), orderId: Nullable(Id), receivedAt: Instant(), status: CallStatusSchema }),
  ),
  declines: Type.Array(OutageDeclineSchema),
  // data: what each step recorded (its parameters, the grouping's devices, a warning's crew): open-ended jsonb by action
  timeline: Type.Array(
    Type.Object({
      at: Instant(),
      action: Type.String(),
      fromStatus: Nullable(Type.String()),
      toStatus: Nullable(Type.String()),
      actor: Nullable(Type.String()),
      data: Type.Unknown(),
    }),
  ),
});
export type OutageDetail = Static<typeof OutageDetailSchema>;

/** The body of each lifecycle step, POST /api/outages/:id/<step>; every step may give the time it happened (`at`). */
const step = <T extends Record<string, TSchema>>(props: T) => Body({ ...props, at: Type.Optional(When) });
export const STEP_BODIES = {
  confirm: step({ etr: Type.Optional(When) }),
  etr: step({ etr: When }),
  assign: step({ crewId: Id }),
  accept: step({}),
  decline: step({ reason: Text(500) }),
  depart: step({}),
  arrive: step({}),
  restore: step({
    deviceId: Type.Optional(Id),
    causeClass: Type.Optional(Text(40)),
    causeNote: Type.Optional(Text(500, 0)),
    customerSide: Type.Optional(Type.Boolean()),
  }),
  'confirm-restoration': step({ source: Type.Enum(['callback', 'meter']) }),
  close: step({}),
  cancel: step({}),
};
export type StepName = keyof typeof STEP_BODIES;
/** Any step's body (the union of their fields, all optional). */
export type StepBody = {
  at?: string;
  etr?: string;
  crewId?: number;
  reason?: string;
  deviceId?: number;
  causeClass?: string;
  causeNote?: string;
  customerSide?: boolean;
  source?: 'callback' | 'meter';
};

export const MoveBody = Body({ deviceId: Id });
export const SplitBody = Body({ deviceIds: Type.Array(Id, { minItems: 2, maxItems: 100 }) });
export const MergeBody = Body({ outageIds: Type.Array(Id, { minItems: 2, maxItems: 100 }), deviceId: Type.Optional(Id) });
export const RegroupResult = Type.Object({ outageIds: Type.Array(Id) });

/** Crews ranked for an outage's device (nearest available first; a crew that declined this job last), and those left out with the reason. */
export const DispatchSuggestionsSchema = Type.Object({
  requiredSkills: Type.Array(Type.String()),
  ranked: Type.Array(Type.Object({ crewId: Id, name: Type.String(), km: Type.Number(), minutes: Type.Number(), declined: Type.Optional(Type.Literal(true)) })),
  excluded: Type.Array(
    Type.Object({
      crewId: Id,
      name: Type.String(),
      reason: Type.Enum(['busy', 'off_duty', 'off_shift', 'missing_skill', 'no_position', 'stale_position']),
      detail: Type.Optional(Type.String()),
    }),
  ),
});
export type DispatchSuggestions = Static<typeof DispatchSuggestionsSchema>;

/** The portal's public outage page: no customer data, only where, since when, until when. */
export const PublicOutagesSchema = Type.Object({
  current: Type.Array(
    Type.Object({
      outageNo: Type.String(),
      status: Type.Enum(ACTIVE_STATUSES),
      area: Type.String(),
      org: Type.String(),
      lon: Nullable(Type.Number()),
      lat: Nullable(Type.Number()),
      startedAt: Instant(),
      etr: Nullable(Instant()),
      affectedCustomers: Type.Integer(),
    }),
  ),
  planned: Type.Array(
    Type.Object({
      planNo: Type.String(),
      kind: PlannedKindSchema,
      status: PlanStatusSchema,
      area: Nullable(Type.String()),
      org: Type.String(),
      startsAt: Instant(),
      endsAt: Instant(),
      reason: Type.String(),
      affectedCustomers: Type.Integer(),
    }),
  ),
});
export type PublicOutages = Static<typeof PublicOutagesSchema>;

// ── outages at service points (CTI screen-pop, customer page) ───────────────────────────────────

export const OutageAtSchema = Type.Object({
  servicePointId: Id,
  outageId: Nullable(Id),
  outageNo: Nullable(Type.String()),
  plannedId: Nullable(Id),
  planNo: Nullable(Type.String()),
  kind: Type.Enum(['fault', 'planned']),
  status: Type.String(),
  since: Nullable(Instant()),
  etr: Nullable(Instant()),
  startsAt: Nullable(Instant()),
  endsAt: Nullable(Instant()),
  reason: Nullable(Type.String()),
});
export type OutageAt = Static<typeof OutageAtSchema>;

/** GET /api/cti/lookup: the work-order module's lookup (customers masked, open orders) and the outages at their service points. */
/** The service desk's screen-pop (work orders' own shape, without its service-point list) with the outages at the caller's places. */
const { servicePointIds: _servicePointIds, ...deskLookup } = DeskCtiLookupSchema.properties;
/** …and the caller's connection applications (业扩报装: open, or finished in the last 30 days) from the connections module's face. */
export const CtiLookupSchema = Type.Object({ ...deskLookup, outages: Type.Array(OutageAtSchema), connections: Type.Array(CallerApplicationSchema) });
export type CtiLookup = Static<typeof CtiLookupSchema>;

// ── planned outages ─────────────────────────────────────────────────────────────────────────────

export const PlanBody = Body({
  kind: PlannedKindSchema,
  startsAt: When,
  endsAt: When,
  reason: Text(200),
  deviceIds: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }),
});
export type PlanRequest = Static<typeof PlanBody>;
export const PlanListQuery = Query({ status: Type.Optional(PlanStatusSchema), ...Paging });
export type PlanFilter = Static<typeof PlanListQuery>;

export const NoticeShortfallSchema = Type.Object({
  audience: Type.Enum(['important', 'ordinary']),
  requiredMinutes: Type.Integer(),
  actualMinutes: Type.Number(),
});
export const PlanSchema = Type.Object({
  id: Id,
  planNo: Type.String(),
  kind: PlannedKindSchema,
  status: PlanStatusSchema,
  startsAt: Instant(),
  endsAt: Instant(),
  reason: Type.String(),
  orgUnitId: Id,
  needsApproval: Type.Boolean(),
  noticeShortfalls: Type.Array(NoticeShortfallSchema),
  approvedAt: Nullable(Instant()),
  outageId: Nullable(Id),
  affectedCustomers: Type.Integer(),
});
export type Plan = Static<typeof PlanSchema>;
export const PlanDetailSchema = Type.Object({
  ...PlanSchema.properties,
  devices: Type.Array(Type.Object({ id: Id, kind: Type.String(), code: Type.String(), name: Type.String() })),
  customers: Type.Object({ total: Type.Integer(), important: Type.Integer(), notified: Type.Integer() }),
});
export type PlanDetail = Static<typeof PlanDetailSchema>;

// ── supervision and administration ──────────────────────────────────────────────────────────────

export const RepeatFaultQuery = Query({ open: Type.Optional(Type.Boolean()), ...Paging });
export type RepeatFaultFilter = Static<typeof RepeatFaultQuery>;
export const RepeatFaultFlagSchema = Type.Object({
  id: Id,
  keyKind: Type.Enum(['device', 'service_point']),
  keyId: Id,
  label: Nullable(Type.String()),
  outageId: Nullable(Id),
  faultsInWindow: Type.Integer(),
  windowDays: Type.Integer(),
  flaggedAt: Instant(),
  acknowledgedAt: Nullable(Instant()),
});
export type RepeatFaultFlag = Static<typeof RepeatFaultFlagSchema>;
export const AcknowledgedSchema = Type.Object({ id: Id, acknowledged: Type.Literal(true) });

export const PolicyParams = Type.Object({ name: Type.Enum(POLICY_NAMES) }, { additionalProperties: false });
// data: a policy document, checked by name in policy-checks.ts (so each problem names its field)
export const PolicyBody = Body({ data: Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true })), validFrom: Type.Optional(When) });
export type PolicyRequest = Static<typeof PolicyBody>;
export const PolicySchema = Type.Object({
  name: Type.Enum(POLICY_NAMES),
  version: Int(1, 1_000_000),
  validFrom: Instant(),
  // data: the policy document in force, its keys by policy name (see src/modules/outages/README.md)
  data: Type.Unknown(),
  source: Nullable(Type.String()),
});
export type PolicyView = Static<typeof PolicySchema>;
export const PolicySavedSchema = Type.Object({ name: Type.Enum(POLICY_NAMES), version: Int(1, 1_000_000) });
