/** Shared by the SLA engine tests: the seeded calendar and small helpers for local times. */
import { WorkCalendar, type CalendarDayEntry } from '../calendar/work-calendar.js';
import { chineseDaysEntries } from '../calendar/chinese-days-source.js';
import { buildCalendar } from '../calendar/calendar-store.js';
import type { ClockDef, ClockHistory, OrderEvent } from './policy-types.js';

/** The seeded days alone: years without data count Monday–Friday. */
export const calendar = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: chineseDaysEntries() });
/** As griddesk counts: the seeded days, and the law's statutory holidays provisionally for years without data. */
export const calendarWithLaw = buildCalendar('Asia/Shanghai', chineseDaysEntries());
/** The seeded days plus more entered ones (a year's arrangement), as griddesk counts. */
export const calendarWith = (more: CalendarDayEntry[]) => buildCalendar('Asia/Shanghai', [...chineseDaysEntries(), ...more]);

/** Local Asia/Shanghai time 'YYYY-MM-DDTHH:MM' → Date. */
export const local = (s: string) => new Date(`${s.length === 16 ? s + ':00' : s}+08:00`);
export const iso = (s: string) => local(s).toISOString();

export function history(receivedAt: string, now: string, events: [string, string, string][] = []): ClockHistory {
  const list: OrderEvent[] = events.map(([at, action, state]) => ({ at: local(at), action, state }));
  return { receivedAt: local(receivedAt), initialState: 'accepted', events: list, now: local(now) };
}

export const DONE = ['handled', 'callback', 'closed'];
export function naturalClock(name: string, minutes: number, extra: Partial<ClockDef> = {}): ClockDef {
  return {
    name,
    basis: 'natural',
    minutes,
    stopOn: { states: DONE },
    pauseStates: ['waiting_customer'],
    cancelStates: ['terminated', 'merged'],
    warnFractions: [0.5, 0.75, 0.9],
    ...extra,
  };
}
export function wdClock(name: string, workingDays: number, extra: Partial<ClockDef> = {}): ClockDef {
  return {
    name,
    basis: 'working_days',
    workingDays,
    stopOn: { states: DONE },
    pauseStates: ['waiting_customer'],
    cancelStates: ['terminated', 'merged'],
    warnFractions: [0.5, 0.75, 0.9],
    ...extra,
  };
}
