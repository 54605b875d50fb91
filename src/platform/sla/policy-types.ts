/**
 * SLA policies are data (DOMAIN.md §1): versioned, grouped in policy sets ('2011', 'current',
 * a province), matched to an order by type/subtype, channel, customer class and area type.
 * The engine is shared by work orders, repairs and connections, so it knows no order states:
 * every state and action name comes from the policy and from the caller's state machine.
 */
import type { DeadlineConvention } from '../calendar/work-calendar.js';

export type ClockBasis = 'natural' | 'working_days';

export interface ClockDef {
  /** Unique within the policy: 'contact', 'reply', 'arrival', 'restoration', 'completion', … */
  name: string;
  basis: ClockBasis;
  /** natural clocks: the allowance in minutes */
  minutes?: number;
  /** working-day clocks: the allowance in working days */
  workingDays?: number;
  /** working-day clocks: 'end_of_day' (default, DOMAIN.md §2) or 'same_time' */
  convention?: DeadlineConvention;
  /** Actions that start the clock (first one wins); absent or empty: the clock starts at receipt. */
  startOn?: string[];
  /** The clock stops with a result (met/breached) when the order reaches one of these states or records one of these actions. */
  stopOn: { states?: string[]; actions?: string[] };
  /** Order states in which the clock does not run; the time is added back. */
  pauseStates: string[];
  /** States that end the clock without a result (terminated, merged): state 'stopped'. */
  cancelStates?: string[];
  /** Fractions of the allowance at which a warning goes out; default DEFAULT_WARN_FRACTIONS. */
  warnFractions?: number[];
}

export interface PolicyMatch {
  orderType: string;
  subtype: string | null;
  channel: string | null;
  customerClass: string | null;
  areaType: string | null;
}

export interface SlaPolicy {
  id?: number;
  /** Stable name across versions, e.g. 'complaint' or 'repair-urban'. */
  code: string;
  policySet: string;
  version: number;
  match: PolicyMatch;
  /** ISO instant; the policy applies to orders received at or after it. */
  validFrom: string;
  /** ISO instant (exclusive) or null for open-ended. */
  validTo: string | null;
  clocks: ClockDef[];
  title?: string;
  /** Where the numbers come from (document number, province rule). */
  source?: string;
}

export interface PolicySet {
  name: string;
  /** A set may cover only some orders (a province's complaint rule) and fall back to another. */
  fallback: string | null;
  title?: string;
}

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
