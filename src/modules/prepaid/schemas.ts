/**
 * The prepaid module's contract (docs/prepaid.md): prepaid accounts and their balances, daily usage,
 * top-ups, notices, disconnect / reconnect orders to the meter head-end and the policy, declared once.
 * Money is integer fen; quantities are kWh as decimal strings.
 */
import { Type, type Static } from 'typebox';
import { ClockDefSchema } from '../../platform/sla/policy-types.js';
import { Body, Fen, Id, Instant, Int, LocalDate, Nullable, Query, Text } from '../../platform/schema.js';

/** An exponential back-off in whole minutes: the n-th wait is firstMinutes × factor^(n − 1), at most maxMinutes. */
export const BackoffSchema = Type.Object({
  firstMinutes: Type.Integer({ minimum: 1 }),
  factor: Type.Integer({ minimum: 1 }),
  maxMinutes: Type.Integer({ minimum: 1 }),
});
export type Backoff = Static<typeof BackoffSchema>;
export const QuietWindowSchema = Type.Object({ start: Type.String(), end: Type.String() });
export const PrepaidPolicySchema = Type.Object({
  defaultThresholdFen: Type.Integer(),
  minThresholdFen: Type.Integer(),
  maxThresholdFen: Type.Integer(),
  /** a disconnect only this long after the below-zero notice was released to the customer */
  disconnectAfterNoticeHours: Type.Number(),
  /** local hours in which a disconnect may be executed (no disconnect at night) */
  disconnectWindow: QuietWindowSchema,
  /** default quiet hours of non-urgent notices (a customer's own preference wins) */
  quietHours: QuietWindowSchema,
  /** the reconnection clock on the SLA engine (a natural clock, 1440 minutes by default) */
  reconnectClock: ClockDefSchema,
  reconnectMinBalanceFen: Type.Integer(),
  /** the first retry of a send that got no answer; each next waits `retryBackoffFactor` times longer, at most `retryMaxMinutes` */
  retryAfterMinutes: Type.Integer({ minimum: 1 }),
  retryBackoffFactor: Type.Integer({ minimum: 1 }),
  retryMaxMinutes: Type.Integer({ minimum: 1 }),
  maxAttempts: Type.Integer(),
  /** after a failed disconnect order, the wait before the next one for the same below-zero notice (n-th failure: first × factor^(n − 1), at most max) */
  reorderBackoff: BackoffSchema,
  pollAfterMinutes: Type.Integer(),
  utcOffsetMinutes: Type.Integer(),
});
export type PrepaidPolicy = Static<typeof PrepaidPolicySchema>;

export const PricePlanSchema = Type.Object({
  code: Type.String(),
  customerClass: Type.String(),
  /** annual tier bounds in kWh, as decimal strings */
  boundsKwh: Type.Array(Type.String()),
  /** yuan per kWh per tier, as decimal strings */
  pricesYuan: Type.Array(Type.String()),
});
export type PricePlan = Static<typeof PricePlanSchema>;
export const PricePlanListSchema = Type.Array(PricePlanSchema);

export const SUPPLY = ['on', 'off'] as const;
/** where an account's kWh come from: AMI daily totals posted to /api/prepaid/usage, or billing's meter reads */
export const USAGE_SOURCES = ['daily_totals', 'meter_reads'] as const;
/** decimals of a prepaid day's kWh (the columns are numeric(12,3)): a read's kWh is rounded half up to them */
export const KWH_DECIMALS = 3;
export const COMMAND_KINDS = ['disconnect', 'reconnect'] as const;
export const COMMAND_STATUSES = ['queued', 'sent', 'executed', 'failed', 'cancelled'] as const;

export const ClockSchema = Type.Object({
  state: Type.String(),
  dueAt: Nullable(Type.String()),
  remainingMs: Nullable(Type.Number()),
  usedFraction: Type.Number(),
});

export const CommandSchema = Type.Object({
  id: Id,
  commandNo: Type.String(),
  accountId: Id,
  accountNo: Type.String(),
  kind: Type.Enum(COMMAND_KINDS),
  status: Type.Enum(COMMAND_STATUSES),
  noticeId: Nullable(Id),
  balanceFen: Fen(),
  requestedAt: Instant(),
  notBefore: Instant(),
  sentAt: Nullable(Instant()),
  executedAt: Nullable(Instant()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  /** reconnect orders: the reconnection clock (SLA engine) */
  clock: Nullable(ClockSchema),
});
export type CommandOut = Static<typeof CommandSchema>;

export const PrepaidAccountSchema = Type.Object({
  accountId: Id,
  accountNo: Type.String(),
  orgUnitId: Id,
  customerClass: Type.String(),
  meterNo: Type.String(),
  planCode: Type.String(),
  balanceFen: Fen(),
  thresholdFen: Fen(),
  supply: Type.Enum(SUPPLY),
  usageSource: Type.Enum(USAGE_SOURCES),
  lastChargedOn: Nullable(Type.String()),
  ytdKwh: Type.String(),
  state: Type.Enum(['ok', 'low', 'below_zero']),
});
export type PrepaidAccountOut = Static<typeof PrepaidAccountSchema>;

export const DayUsageSchema = Type.Object({
  day: Type.String(),
  kwh: Type.String(),
  chargeFen: Nullable(Fen()),
  /** an AMI daily total, or the meter reads charged that day */
  source: Type.Enum(['daily_total', 'meter_reads']),
});
export const TopupSchema = Type.Object({
  id: Id,
  accountId: Id,
  channel: Type.String(),
  reference: Type.String(),
  amountFen: Fen(),
  paymentId: Nullable(Id),
  balanceAfterFen: Fen(),
  createdAt: Instant(),
  replayed: Type.Optional(Type.Boolean()),
});
export type TopupOut = Static<typeof TopupSchema>;
export const NoticeSchema = Type.Object({
  id: Id,
  kind: Type.Enum(['low', 'zero']),
  balanceFen: Fen(),
  channels: Type.Array(Type.String()),
  sendAfter: Instant(),
  createdAt: Instant(),
});

export const ReadChargeSchema = Type.Object({
  meterId: Id,
  readAt: Instant(),
  prevReadAt: Nullable(Instant()),
  prevValue: Nullable(Type.String()),
  value: Type.String(),
  multiplier: Type.String(),
  kwh: Type.String(),
  outcome: Type.Enum(['charged', 'baseline', 'not_chargeable']),
  day: Type.String(),
});

export const AccountDetailSchema = Type.Object({
  account: PrepaidAccountSchema,
  usage: Type.Array(DayUsageSchema),
  topups: Type.Array(TopupSchema),
  notices: Type.Array(NoticeSchema),
  commands: Type.Array(CommandSchema),
  /** meter_reads accounts: the reads taken, newest first */
  reads: Type.Array(ReadChargeSchema),
});
export type AccountDetail = Static<typeof AccountDetailSchema>;

export const DashboardSchema = Type.Object({
  accounts: Type.Integer(),
  totalBalanceFen: Fen(),
  belowThreshold: Type.Integer(),
  belowZero: Type.Integer(),
  disconnected: Type.Integer(),
  lastPass: Nullable(Type.Object({ id: Id, day: Type.String(), charged: Type.Integer(), chargeFen: Fen(), finishedAt: Nullable(Instant()) })),
  headEnd: Type.Object({ configured: Type.Boolean(), queued: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() }),
  low: Type.Array(PrepaidAccountSchema),
  commands: Type.Array(CommandSchema),
});
export type Dashboard = Static<typeof DashboardSchema>;

export const AccountListQuery = Query({
  state: Type.Optional(Type.Enum(['all', 'low', 'below_zero', 'off'])),
  limit: Type.Optional(Int(1, 200)),
  offset: Type.Optional(Int(0, 1_000_000)),
});
export const AccountListSchema = Type.Object({ items: Type.Array(PrepaidAccountSchema), total: Type.Integer() });
export const AccountParams = Type.Object({ accountId: Id }, { additionalProperties: false });

export const EnrollBody = Body({
  /** the account, by id or by its number (户号, as the console's form types it): exactly one of the two */
  accountId: Type.Optional(Id),
  accountNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  planCode: Text(40),
  thresholdFen: Type.Optional(Fen({ minimum: 0 })),
  openingBalanceFen: Type.Optional(Fen({ minimum: 0, maximum: 100_000_000 })),
  /** default daily_totals; meter_reads: charged from billing's kWh index reads (docs/prepaid.md) */
  usageSource: Type.Optional(Type.Enum(USAGE_SOURCES)),
});
export type EnrollIn = Static<typeof EnrollBody>;

export const ThresholdBody = Body({ thresholdFen: Fen({ minimum: 0 }) });

export const TopupBody = Body({
  amountFen: Fen({ minimum: 1, maximum: 100_000_000 }),
  /** the payment channel's transaction reference: a repeat answers the first top-up */
  reference: Type.String({ pattern: '^[0-9A-Za-z_.:-]{4,64}$' }),
});

export const UsageBody = Body({
  days: Type.Array(
    Type.Object(
      {
        accountId: Id,
        day: LocalDate(),
        kwh: Type.String({ pattern: '^[0-9]{1,6}(\\.[0-9]{1,3})?$', description: 'kWh, up to 3 decimals' }),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 10_000 },
  ),
});
export type UsageIn = Static<typeof UsageBody>;
export const UsageResultSchema = Type.Object({ stored: Type.Integer(), repeated: Type.Integer() });

export const PassBody = Body({ day: LocalDate() });
export const PassResultSchema = Type.Object({
  runId: Id,
  day: Type.String(),
  charged: Type.Integer(),
  chargeFen: Fen(),
  lowNotices: Type.Integer(),
  zeroNotices: Type.Integer(),
  ledgerEvents: Type.Integer(),
  /** meter reads taken by this run (accounts charged from meter reads), and reads still waiting (held by a reading exception) */
  meterReads: Type.Object({ taken: Type.Integer(), accounts: Type.Integer(), waiting: Type.Integer() }),
  seconds: Type.Number(),
  /** seconds by step: charging (price, store, balances), ledger events, notices with their outbox messages */
  phases: Type.Object({ charge: Type.Number(), ledger: Type.Number(), notices: Type.Number() }),
});
export type PassResult = Static<typeof PassResultSchema>;

export const WorkResultSchema = Type.Object({ ordered: Type.Integer(), sent: Type.Integer(), polled: Type.Integer(), failed: Type.Integer() });
export type WorkResult = Static<typeof WorkResultSchema>;

/** The head-end's callback (docs/prepaid.md, "Head-end contract"): a flat signed message. */
export const HeadEndCallbackBody = Body({
  commandNo: Type.String({ maxLength: 64 }),
  status: Type.String({ maxLength: 20 }),
  executedAt: Type.Optional(Type.String({ maxLength: 40 })),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
  timestamp: Int(0, 9_999_999_999_999),
  nonce: Type.String({ maxLength: 64 }),
  sign: Type.String({ maxLength: 128 }),
});
export type HeadEndCallback = Static<typeof HeadEndCallbackBody>;
export const CallbackReplySchema = Type.Object({ commandNo: Type.String(), status: Type.String(), replayed: Type.Boolean() });
