/**
 * The analytics module's contract: every request and response shape, declared once. The services'
 * types derive from these (Static<typeof …>); the routes validate and serialise with them.
 */
import { Type, type Static } from 'typebox';
import { Body, Id, Int, LocalDate, Nullable, Num, Paging, Query, Text } from '../../platform/schema.js';
import { OUTCOMES } from './calls-rules.js';
import { SL_CONVENTIONS } from './kpi-rules.js';

/** The largest file accepted in a request body (the CLI has no limit): 20 MiB of text. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** A date range of a report: at most this many days. */
export const MAX_RANGE_DAYS = 93;

const Time = Type.String({ format: 'date-time' });
const Rate = Nullable(Type.Number());
const IntervalMinutes = Type.Union([Type.Literal(15), Type.Literal(30), Type.Literal(60)]);
export const FormatSchema = Type.Enum(['queue_log', 'csv']);
export const OutcomeSchema = Type.Enum(OUTCOMES);
export const SlConventionSchema = Type.Enum(SL_CONVENTIONS);

// ---- policy ----
export const KpiPolicySchema = Type.Object(
  {
    intervalMinutes: IntervalMinutes,
    serviceLevelS: Int(1, 3600),
    shortAbandonS: Int(0, 600),
    slConvention: SlConventionSchema,
    overflowAs: Type.Enum(['excluded', 'abandoned']),
    wrapUpS: Nullable(Int(0, 3600)),
    tzOffsetMinutes: Int(-720, 840),
  },
  { additionalProperties: false },
);
export const StaffingPolicySchema = Type.Object(
  {
    targetS: Int(0, 3600),
    targetSl: Num(0.01, 0.999),
    maxOccupancy: Num(0.1, 1),
    shrinkage: Num(0, 0.9),
    forecastWeeks: Int(1, 12),
    defaultAhtS: Int(1, 7200),
  },
  { additionalProperties: false },
);
export const SettingsSchema = Type.Object({ kpi: KpiPolicySchema, staffing: StaffingPolicySchema }, { additionalProperties: false });
export type AnalyticsSettings = Static<typeof SettingsSchema>;
export type StaffingPolicy = Static<typeof StaffingPolicySchema>;
export const SettingsBody = Body({ kpi: KpiPolicySchema, staffing: StaffingPolicySchema });

// ---- imports ----
export const ImportUploadBody = Body({
  fileName: Text(200),
  format: Type.Optional(FormatSchema),
  text: Type.String({ minLength: 1, maxLength: MAX_UPLOAD_BYTES, description: '文件内容 / the file text (queue_log or CSV), at most 20 MiB' }),
});
export type ImportUpload = Static<typeof ImportUploadBody>;
export const ProblemSchema = Type.Object({ line: Type.Integer(), reason: Type.String(), detail: Type.String() });
export const ImportSummarySchema = Type.Object({
  id: Id,
  format: FormatSchema,
  source: Type.String(),
  fileName: Type.String(),
  checksum: Nullable(Type.String()),
  sizeBytes: Type.Integer(),
  status: Type.String(),
  lines: Type.Integer(),
  events: Type.Integer(),
  calls: Type.Integer(),
  duplicateCalls: Type.Integer(),
  spans: Type.Integer(),
  problems: Type.Integer(),
  problemsByReason: Type.Record(Type.String(), Type.Integer()),
  firstAt: Nullable(Time),
  lastAt: Nullable(Time),
  orgUnitId: Id,
  importedByName: Nullable(Type.String()),
  startedAt: Time,
  finishedAt: Nullable(Time),
  followOffset: Nullable(Type.Integer()),
});
export type ImportSummary = Static<typeof ImportSummarySchema>;
export const ImportDetailSchema = Type.Object({ ...ImportSummarySchema.properties, problemList: Type.Array(ProblemSchema), problemsShown: Type.Integer() });
export type ImportDetail = Static<typeof ImportDetailSchema>;
export const ImportListQuery = Query({ ...Paging });
export type ImportList = Static<typeof ImportListQuery>;

// ---- KPIs ----
const KpiProps = {
  offered: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  shortAbandons: Type.Integer(),
  overflow: Type.Integer(),
  rejected: Type.Integer(),
  answeredWithinT: Type.Integer(),
  abandonedWithinT: Type.Integer(),
  abandonRate: Rate,
  abandonRateAdjusted: Rate,
  asaS: Rate,
  avgQueueS: Rate,
  serviceLevel: Rate,
  slConvention: SlConventionSchema,
  sl: Type.Object({ abandonsIgnored: Rate, abandonsAgainst: Rate, abandonsFor: Rate }),
  ringsBeforeAnswer: Rate,
  abandonedWhileRinging: Type.Integer(),
  ahtS: Rate,
  talkS: Type.Number(),
  availableS: Type.Number(),
  pausedS: Type.Number(),
  occupancy: Rate,
};
export const KpisSchema = Type.Object(KpiProps);
export const KpiQuery = Query({
  from: LocalDate(),
  to: LocalDate(),
  interval: Type.Optional(IntervalMinutes),
  queue: Type.Optional(Text(80)),
  slConvention: Type.Optional(SlConventionSchema),
});
export type KpiRequest = Static<typeof KpiQuery>;
export const KpiReportSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  policy: KpiPolicySchema,
  total: KpisSchema,
  intervals: Type.Array(Type.Object({ start: Time, ...KpiProps })),
  queues: Type.Array(Type.Object({ key: Type.String(), ...KpiProps })),
  agents: Type.Array(Type.Object({ key: Type.String(), ...KpiProps })),
  heatmap: Type.Array(Type.Object({ weekday: Type.Integer(), slot: Type.Integer(), offered: Type.Integer(), abandoned: Type.Integer(), rate: Rate })),
});
export type KpiReport = Static<typeof KpiReportSchema>;

// ---- calls ----
export const CallsQuery = Query({
  from: LocalDate(),
  to: LocalDate(),
  outcome: Type.Optional(OutcomeSchema),
  agent: Type.Optional(Text(80)),
  queue: Type.Optional(Text(80)),
  /** one call by its CTI call id (the order page's link to its call) */
  ctiCallId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:@-]+$' })),
  ...Paging,
});
export type CallsRequest = Static<typeof CallsQuery>;
export const CallSchema = Type.Object({
  ctiCallId: Type.String(),
  queue: Type.String(),
  enterAt: Time,
  callerId: Nullable(Type.String()),
  outcome: OutcomeSchema,
  waitS: Type.Integer(),
  answeredAt: Nullable(Time),
  agent: Nullable(Type.String()),
  ringS: Nullable(Type.Integer()),
  talkS: Nullable(Type.Integer()),
  endAt: Time,
  rings: Type.Integer(),
  abandonedWhileRinging: Type.Boolean(),
  /** orders linked by POST /api/analytics/call-links, and orders created from this call (their stored CTI call id) */
  workOrderIds: Type.Array(Id),
  /** the orders created from this call at intake (screen-pop), in the reader's scope */
  orders: Type.Array(Type.Object({ id: Id, orderNo: Type.String() })),
});
export type CallView = Static<typeof CallSchema>;
export const CallPage = Type.Object({ items: Type.Array(CallSchema), total: Type.Integer() });
export const CallLinkBody = Body({ ctiCallId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:@-]+$' }), workOrderId: Id });
export type CallLinkInput = Static<typeof CallLinkBody>;
export const CallLinkSchema = Type.Object({ ctiCallId: Type.String(), workOrderId: Id, linkedAt: Time, created: Type.Boolean() });

// ---- staffing ----
export const ErlangQuery = Query({
  calls: Num(0, 100_000),
  intervalMinutes: Int(1, 1440),
  ahtS: Num(1, 36_000),
  targetS: Int(0, 3600),
  targetSl: Num(0.01, 0.999),
  maxOccupancy: Num(0.1, 1),
  shrinkage: Num(0, 0.9),
});
export type ErlangRequest = Static<typeof ErlangQuery>;
const ErlangPoint = {
  agents: Type.Integer(),
  trafficErlangs: Type.Number(),
  pWait: Type.Number(),
  asaS: Nullable(Type.Number()),
  serviceLevel: Type.Number(),
  occupancy: Type.Number(),
};
export const ErlangResultSchema = Type.Object({
  ...ErlangPoint,
  scheduled: Type.Integer(),
  unreachable: Type.Boolean(),
  curve: Type.Array(Type.Object(ErlangPoint)),
});
export const ForecastQuery = Query({ date: LocalDate(), queue: Type.Optional(Text(80)), weeks: Type.Optional(Int(1, 12)) });
export type ForecastRequest = Static<typeof ForecastQuery>;
export const ForecastSchema = Type.Object({
  date: Type.String(),
  intervalMinutes: Type.Integer(),
  weeks: Type.Integer(),
  staffing: StaffingPolicySchema,
  intervals: Type.Array(
    Type.Object({
      start: Time,
      /** weeks of history the forecast averages (fewer than asked when the stored calls begin later) */
      weeksSeen: Type.Integer(),
      forecastCalls: Type.Number(),
      forecastAhtS: Type.Number(),
      requiredAgents: Type.Integer(),
      scheduledAgents: Type.Integer(),
      actualOffered: Type.Integer(),
      actualAgents: Type.Number(),
      actualServiceLevel: Rate,
    }),
  ),
});
export type Forecast = Static<typeof ForecastSchema>;
