/**
 * SLA policies are data (docs/rules.md §1): versioned, grouped in policy sets ('2011', 'current',
 * a province), matched to an order by type/subtype, channel, customer class and area type.
 * The engine is shared by work orders, repairs and connections, so it knows no order states:
 * every state and action name comes from the policy and from the caller's state machine.
 */
import { Type, type Static } from 'typebox';
import { Id, Int, Nullable, Num, Text } from '../schema.js';

/**
 * The policy shapes are declared once, as schemas (TypeBox → JSON Schema): the types below are
 * derived from them, and the SLA admin API validates and answers with the same declarations.
 */
export const ClockBasisSchema = Type.Enum(['natural', 'working_days'] as const);
export type ClockBasis = Static<typeof ClockBasisSchema>;
/** working-day clocks: 'end_of_day' (default, docs/rules.md §2) or 'same_time' (calendar/work-calendar.ts DeadlineConvention) */
export const DeadlineConventionSchema = Type.Enum(['end_of_day', 'same_time'] as const);

const StateName = Type.String({ maxLength: 40 });

export const ClockDefSchema = Type.Object(
  {
    /** Unique within the policy: 'contact', 'reply', 'arrival', 'restoration', 'completion', … */
    name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    basis: ClockBasisSchema,
    /** natural clocks: the allowance in minutes (up to ten years) */
    minutes: Type.Optional(Int(1, 5_256_000)),
    /** working-day clocks: the allowance in working days (up to ten years of working days) */
    workingDays: Type.Optional(Int(1, 2600)),
    /** working-day clocks: 'end_of_day' (default, docs/rules.md §2) or 'same_time' */
    convention: Type.Optional(DeadlineConventionSchema),
    /** Actions that start the clock (first one wins); absent or empty: the clock starts at receipt. */
    startOn: Type.Optional(Type.Array(StateName, { maxItems: 10 })),
    /** The clock stops with a result (met/breached) when the order reaches one of these states or records one of these actions. */
    stopOn: Type.Object(
      { states: Type.Optional(Type.Array(StateName, { maxItems: 20 })), actions: Type.Optional(Type.Array(StateName, { maxItems: 20 })) },
      { additionalProperties: false },
    ),
    /** Order states in which the clock does not run; the time is added back. */
    pauseStates: Type.Array(StateName, { maxItems: 20 }),
    /** States that end the clock without a result (terminated, merged): state 'stopped'. */
    cancelStates: Type.Optional(Type.Array(StateName, { maxItems: 20 })),
    /** Fractions of the allowance at which a warning goes out; default DEFAULT_WARN_FRACTIONS. */
    warnFractions: Type.Optional(Type.Array(Num(0, 1), { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type ClockDef = Static<typeof ClockDefSchema>;

/** The match fields in the engine's own terms (any vocabulary); a caller narrows them to its own (work orders: workorders/schemas.ts). */
export const PolicyMatchSchema = Type.Object(
  {
    orderType: Type.String({ maxLength: 40 }),
    subtype: Nullable(Type.String({ maxLength: 40 })),
    channel: Nullable(Type.String({ maxLength: 40 })),
    customerClass: Nullable(Type.String({ maxLength: 40 })),
    areaType: Nullable(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type PolicyMatch = Static<typeof PolicyMatchSchema>;

/** A policy's fields; `SlaPolicySchema` adds the id a stored policy has. */
export const SlaPolicyFields = {
  /** Stable name across versions, e.g. 'complaint' or 'repair-urban'. */
  code: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' }),
  policySet: Type.String({ minLength: 1, maxLength: 40 }),
  version: Type.Integer({ minimum: 1, maximum: 100000 }),
  match: PolicyMatchSchema,
  /** ISO instant; the policy applies to orders received at or after it. */
  validFrom: Type.String({ format: 'date-time' }),
  /** ISO instant (exclusive) or null for open-ended. */
  validTo: Nullable(Type.String({ format: 'date-time' })),
  clocks: Type.Array(ClockDefSchema, { minItems: 1, maxItems: 10 }),
  title: Type.Optional(Text(200)),
  /** Where the numbers come from (document number, province rule). */
  source: Type.Optional(Text(500)),
};
export const SlaPolicySchema = Type.Object({ id: Type.Optional(Id), ...SlaPolicyFields });
export type SlaPolicy = Static<typeof SlaPolicySchema>;

export const PolicySetSchema = Type.Object({
  name: Type.String(),
  /** A set may cover only some orders (a province's complaint rule) and fall back to another. */
  fallback: Nullable(Type.String()),
  title: Type.Optional(Type.String()),
});
export type PolicySet = Static<typeof PolicySetSchema>;

/** What the caller's state machine allows, so a policy naming unknown or unreachable states is refused. */
export interface StateVocabulary {
  initialState: string;
  /** Transitions [from, action, to]; an action that keeps the state (a milestone) has from === to. */
  edges: readonly (readonly [string, string, string])[];
}

/** One recorded change of an order: the action taken and the state the order was in afterwards. */
export interface OrderEvent {
  at: Date;
  action: string;
  state: string;
}

export interface ClockHistory {
  receivedAt: Date;
  /** State from receipt until the first event. */
  initialState: string;
  events: readonly OrderEvent[];
  now: Date;
}

export type ClockState = 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'stopped';

export interface ClockThreshold {
  fraction: number;
  at: string;
}

export interface ClockResult {
  name: string;
  basis: ClockBasis;
  /** null only while 'pending' (a clock started by an action that has not happened yet). */
  dueAt: string | null;
  /** Natural milliseconds the clock did not run (pauses, and time spent stopped before a reopen). */
  pausedMs: number;
  state: ClockState;
  startedAt: string | null;
  stoppedAt: string | null;
  /** dueAt − now in natural ms (negative once overdue); null when not running/paused. */
  remainingMs: number | null;
  /** Share of the allowance used so far (working time for working-day clocks). */
  usedFraction: number;
  thresholds: ClockThreshold[];
  /**
   * Working-day clocks only: false when the walk from the start to the due time passes days the
   * calendar has no data for (a year not yet published), so the due time assumes plain
   * Monday–Friday there and may move once the year's arrangement is entered. Absent on natural clocks.
   */
  calendarCovered?: boolean;
  /**
   * Working-day clocks with calendarCovered false only: true when every year passed without data
   * was counted with its statutory holidays (the law's days, placed provisionally: the make-up
   * working days are not published yet), false when such a year was counted Monday–Friday.
   */
  calendarProvisional?: boolean;
}
