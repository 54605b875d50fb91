/**
 * computeClocks(policy, calendar, history): every clock of an order, recomputed from scratch from
 * the recorded history, so editing a policy or the calendar never loses a pause.
 *
 * A clock has an allowance ("budget") and consumes it only while it runs:
 *  - natural clocks: budget = minutes; every running millisecond counts.
 *  - working-day clocks: the unpaused deadline follows the calendar convention (docs/rules.md §2);
 *    the budget is the working time from the start of counting to that deadline (N × 24 h for
 *    end_of_day). Only running time on working days counts, so a pause is added back as the
 *    working time it covered: a 4-hour pause on a Monday moves the deadline 4 hours of working
 *    time later; a pause over a weekend or holiday moves nothing (those days never counted), and
 *    a pause on the day of receipt moves nothing under end_of_day (that day is not counted).
 * The due time is the earliest instant at which the budget is used up, assuming the clock runs
 * from now on (while paused: as if resumed now; after a stop: as it stood at the stop).
 */
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { buildTimeline, type Interval } from './clock-timeline.js';
import type { ClockDef, ClockHistory, ClockResult, SlaPolicy } from './policy-types.js';

interface Measure {
  between(from: number, to: number): number;
  advance(from: number, amount: number): number;
}

function measureFor(clock: ClockDef, calendar: WorkCalendar): Measure {
  if (clock.basis === 'natural') return { between: (a, b) => Math.max(0, b - a), advance: (a, amount) => a + Math.max(0, amount) };
  return { between: (a, b) => calendar.workingMs(a, b), advance: (a, amount) => calendar.advanceWorking(a, amount) };
}

/** Where counting starts and how much running time the clock allows. */
function allowance(clock: ClockDef, calendar: WorkCalendar, start: number): { countFrom: number; budget: number } {
  if (clock.basis === 'natural') {
    if (clock.minutes === undefined) throw new RangeError(`clock ${clock.name}: natural clock without minutes`);
    return { countFrom: start, budget: clock.minutes * 60_000 };
  }
  if (clock.workingDays === undefined) throw new RangeError(`clock ${clock.name}: working-day clock without workingDays`);
  const convention = clock.convention ?? 'end_of_day';
  const deadline = calendar.addWorkingDays(new Date(start), clock.workingDays, convention).getTime();
  const countFrom = convention === 'end_of_day' ? calendar.startOfDay(calendar.dayOf(start) + 1) : start;
  return { countFrom, budget: calendar.workingMs(countFrom, deadline) };
}

/** The instant at which `target` of running time has been used: inside a recorded segment, or projected on from `projectFrom`. */
function instantOfUse(segments: Interval[], projectFrom: number, target: number, m: Measure): number {
  let used = 0;
  for (const s of segments) {
    const part = m.between(s.from, s.to);
    if (used + part >= target) return m.advance(s.from, target - used);
    used += part;
  }
  return m.advance(projectFrom, target - used);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Whether a working-day clock's walk from its start to its due time rests on entered years only, or on provisional statutory holidays. */
function calendarBasis(calendar: WorkCalendar, start: number, dueMs: number): Pick<ClockResult, 'calendarCovered' | 'calendarProvisional'> {
  const from = calendar.dayOf(start);
  const to = calendar.dayOf(Math.max(dueMs - 1, start));
  if (calendar.coversDays(from, to)) return { calendarCovered: true };
  return { calendarCovered: false, calendarProvisional: calendar.provisionalBetween(from, to) };
}

export function computeClock(clock: ClockDef, calendar: WorkCalendar, history: ClockHistory): ClockResult {
  const now = history.now.getTime();
  const tl = buildTimeline(clock, history);
  if (tl.start === null) {
    return {
      name: clock.name,
      basis: clock.basis,
      dueAt: null,
      pausedMs: 0,
      state: 'pending',
      startedAt: null,
      stoppedAt: null,
      remainingMs: null,
      usedFraction: 0,
      thresholds: [],
    };
  }
  const m = measureFor(clock, calendar);
  const { countFrom, budget } = allowance(clock, calendar, tl.start);
  const end = tl.end;
  const raw = end.kind === 'running' ? [...tl.active, { from: end.since, to: now }] : tl.active;
  const segments = raw.filter((s) => s.to > countFrom).map((s) => ({ from: Math.max(s.from, countFrom), to: s.to }));
  const stopAt = end.kind === 'stopped' || end.kind === 'cancelled' ? end.at : null;
  const projectFrom = Math.max(countFrom, stopAt ?? now);

  const dueMs = instantOfUse(segments, projectFrom, budget, m);
  const used = segments.reduce((sum, s) => sum + m.between(s.from, s.to), 0);
  let state: ClockResult['state'];
  if (end.kind === 'cancelled') state = 'stopped';
  else if (end.kind === 'stopped') state = end.at <= dueMs ? 'met' : 'breached';
  else if (end.kind === 'paused') state = used >= budget ? 'breached' : 'paused';
  else state = now > dueMs ? 'breached' : 'running';

  const open = end.kind === 'running' || end.kind === 'paused';
  const thresholds = (clock.warnFractions ?? []).map((fraction) => ({
    fraction,
    at: iso(instantOfUse(segments, projectFrom, Math.round(budget * fraction), m))!,
  }));
  return {
    name: clock.name,
    basis: clock.basis,
    dueAt: iso(dueMs),
    pausedMs: tl.pausedMs,
    state,
    startedAt: iso(tl.start),
    stoppedAt: iso(stopAt),
    remainingMs: open ? dueMs - now : null,
    usedFraction: budget > 0 ? Math.min(used / budget, 10) : 1,
    thresholds,
    ...(clock.basis === 'working_days' ? calendarBasis(calendar, tl.start, dueMs) : {}),
  };
}

export function computeClocks(policy: Pick<SlaPolicy, 'clocks'>, calendar: WorkCalendar, history: ClockHistory): ClockResult[] {
  return policy.clocks.map((c) => computeClock(c, calendar, history));
}
