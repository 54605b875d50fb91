/**
 * Rebuilds when one clock ran from the order's recorded history (as Zammad rebuilds pauses from
 * ticket history), so a changed policy or calendar can always be recomputed without losing pauses.
 */
import type { ClockDef, ClockHistory } from './policy-types.js';

export interface Interval {
  from: number;
  to: number;
}

export type TimelineEnd =
  | { kind: 'pending' }
  | { kind: 'running'; since: number } // running from `since` up to now
  | { kind: 'paused'; since: number } // in a pause (or reopenable stop) state since `since`
  | { kind: 'stopped'; at: number } // reached a stop state or stop action: met/breached
  | { kind: 'cancelled'; at: number }; // reached a cancel state: no result

export interface ClockTimeline {
  start: number | null;
  /** Closed intervals in which the clock ran, in time order (the open running part is in `end`). */
  active: Interval[];
  /** Natural ms the clock did not run between start and its end (or now). */
  pausedMs: number;
  end: TimelineEnd;
}

const has = (list: readonly string[] | undefined, v: string) => list !== undefined && list.includes(v);

export function buildTimeline(clock: ClockDef, history: ClockHistory): ClockTimeline {
  const now = history.now.getTime();
  const received = history.receivedAt.getTime();
  const events = history.events
    .map((e, i) => ({ at: Math.max(e.at.getTime(), received), action: e.action, state: e.state, i }))
    .filter((e) => e.at <= now)
    .sort((a, b) => a.at - b.at || a.i - b.i);

  let state = history.initialState;
  let k = 0;
  let start: number | null = null;
  if (!clock.startOn || clock.startOn.length === 0) {
    start = received;
  } else {
    for (; k < events.length; k++) {
      state = events[k].state;
      if (has(clock.startOn, events[k].action)) {
        start = events[k].at;
        k++;
        break;
      }
    }
  }
  if (start === null) return { start: null, active: [], pausedMs: 0, end: { kind: 'pending' } };

  const stopStates = clock.stopOn.states ?? [];
  const inactive = (s: string) => has(clock.pauseStates, s) || stopStates.includes(s);
  const active: Interval[] = [];
  let pausedMs = 0;
  let since = start;
  let running = !inactive(state);
  // While the order sits in stop states the clock is stopped; if it is reopened, that time was a pause.
  let stopRun: { since: number; pausedBefore: number } | null = stopStates.includes(state) ? { since: start, pausedBefore: 0 } : null;
  if (has(clock.cancelStates, state)) return { start, active, pausedMs, end: { kind: 'cancelled', at: start } };

  for (; k < events.length; k++) {
    const e = events[k];
    if (running && e.at > since) active.push({ from: since, to: e.at });
    if (!running) pausedMs += e.at - since;
    since = e.at;
    if (has(clock.stopOn.actions, e.action)) return { start, active, pausedMs, end: { kind: 'stopped', at: e.at } };
    if (has(clock.cancelStates, e.state)) return { start, active, pausedMs, end: { kind: 'cancelled', at: e.at } };
    state = e.state;
    running = !inactive(state);
    if (!stopStates.includes(state)) stopRun = null;
    else if (stopRun === null) stopRun = { since: e.at, pausedBefore: pausedMs };
  }
  if (stopRun !== null) return { start, active, pausedMs: stopRun.pausedBefore, end: { kind: 'stopped', at: stopRun.since } };
  if (running) return { start, active, pausedMs, end: { kind: 'running', since } };
  return { start, active, pausedMs: pausedMs + (now - since), end: { kind: 'paused', since } };
}
