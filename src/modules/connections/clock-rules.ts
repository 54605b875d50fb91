/**
 * Pure: an application's clocks from its SLA policy and recorded events (the shared engine,
 * computeClocks, with the calendar), the one clock the workbench shows, and the stage timeline:
 * when each stage was entered and left, the working time it took and the customer's time in it.
 */
import { computeClocks } from '../../platform/sla/compute-clocks.js';
import type { WorkCalendar } from '../../platform/calendar/work-calendar.js';
import type { ClockResult, OrderEvent, SlaPolicy } from '../../platform/sla/policy-types.js';
import { clockApplies, CUSTOMER_WAIT, type Stage } from './stage-rules.js';

export const INITIAL_STATE = 'acceptance';

export interface LiveClock {
  name: string;
  dueAt: string | null;
  remainingMs: number | null;
  state: ClockResult['state'];
  paused: boolean;
  overdue: boolean;
  /** natural ms the customer's time has paused it */
  customerMs: number;
}

export function applicationClocks(
  policy: SlaPolicy | null,
  flow: readonly Stage[],
  calendar: WorkCalendar,
  receivedAt: Date,
  events: readonly OrderEvent[],
  now: Date,
): ClockResult[] {
  if (!policy) return [];
  const clocks = policy.clocks.filter((c) => clockApplies(flow, c));
  return computeClocks({ clocks }, calendar, { receivedAt, initialState: INITIAL_STATE, events, now });
}

/** The clock that matters now: an open one (running, paused, or breached and not stopped), earliest due first; else the last result. */
export function liveClock(clocks: readonly ClockResult[]): LiveClock | null {
  const open = clocks.filter((c) => c.state === 'running' || c.state === 'paused' || (c.state === 'breached' && c.stoppedAt === null));
  const pick = open.length ? open.reduce((a, b) => (Date.parse(a.dueAt!) <= Date.parse(b.dueAt!) ? a : b)) : clocks.filter((c) => c.state !== 'pending').at(-1);
  if (!pick) return null;
  return {
    name: pick.name,
    dueAt: pick.dueAt,
    remainingMs: pick.remainingMs,
    state: pick.state,
    paused: pick.state === 'paused',
    overdue: pick.state === 'breached',
    customerMs: pick.pausedMs,
  };
}

export interface StageSpan {
  stage: string;
  enteredAt: string;
  leftAt: string | null;
  /** working days used (grid company's time, customer pauses taken out) */
  workingDays: number;
  /** natural ms the customer's time took inside the stage */
  customerMs: number;
}

/** Stage spans from the event history: `done:X` leaves X for the event's state; customer pauses are counted per stage. */
export function stageSpans(receivedAt: Date, events: readonly (OrderEvent & { stage: string })[], now: Date, calendar: WorkCalendar): StageSpan[] {
  const spans: StageSpan[] = [];
  let cur = { stage: INITIAL_STATE, from: receivedAt.getTime(), customerMs: 0, workMs: 0 };
  let running = cur.from;
  let waitingSince: number | null = null;
  const close = (at: number) => {
    if (waitingSince === null) cur.workMs += calendar.workingMs(running, at);
    else cur.customerMs += at - waitingSince;
  };
  for (const e of events) {
    const at = e.at.getTime();
    if (e.state === CUSTOMER_WAIT && waitingSince === null) {
      close(at);
      waitingSince = at;
      continue;
    }
    if (e.action === 'customer_resume' && waitingSince !== null) {
      cur.customerMs += at - waitingSince;
      waitingSince = null;
      running = at;
      continue;
    }
    if (e.action.startsWith('done:') || e.action === 'cancel') {
      close(at);
      if (waitingSince !== null) waitingSince = at;
      spans.push({
        stage: cur.stage,
        enteredAt: new Date(cur.from).toISOString(),
        leftAt: new Date(at).toISOString(),
        workingDays: round2(cur.workMs / 86_400_000),
        customerMs: cur.customerMs,
      });
      cur = { stage: e.stage, from: at, customerMs: 0, workMs: 0 };
      running = at;
    }
  }
  const last = events.at(-1);
  const ended = last && (last.state === 'archived' || last.state === 'cancelled');
  if (!ended) {
    close(now.getTime());
    spans.push({
      stage: cur.stage,
      enteredAt: new Date(cur.from).toISOString(),
      leftAt: null,
      workingDays: round2(cur.workMs / 86_400_000),
      customerMs: cur.customerMs,
    });
  }
  return spans;
}
const round2 = (x: number) => Math.round(x * 100) / 100;
