/**
 * Adversarial checks of the SLA clocks against docs/rules.md §2, written from the rule text
 * (docs/rules-review.md): natural clocks ignore the calendar; working-day clocks count from the
 * day after receipt to 24:00 of the Nth working day; pause time is added back (as the working time
 * it covered, for working-day clocks); everything is recomputed from the recorded history.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClock } from './compute-clocks.js';
import { calendar, calendarWith, calendarWithLaw, history, iso, local, naturalClock, wdClock } from './test-fixtures.js';
import type { OrderEvent } from './policy-types.js';
import type { CalendarDayEntry } from '../calendar/work-calendar.js';

const holidays = (...dates: string[]): CalendarDayEntry[] => dates.map((date) => ({ date, kind: 'holiday' }));

const MIN = 60_000;
const HOUR = 60 * MIN;
const pause = (at: string): [string, string, string] => [at, 'pause', 'waiting_customer'];
const resume = (at: string): [string, string, string] => [at, 'resume', 'in_progress'];
const handle = (at: string): [string, string, string] => [at, 'handle', 'handled'];

test('natural clocks ignore the calendar: 24 h from a National Day afternoon is the next afternoon', () => {
  const r = computeClock(naturalClock('completion', 24 * 60), calendar, history('2025-10-01T15:30', '2025-10-01T16:00'));
  assert.equal(r.dueAt, iso('2025-10-02T15:30'));
  assert.equal(r.calendarCovered, undefined, 'natural clocks do not depend on the calendar');
});

test('a natural clock with several pauses adds every one back', () => {
  const h = history('2025-11-03T10:00', '2025-11-03T11:00', [
    pause('2025-11-03T10:10'),
    resume('2025-11-03T10:20'),
    pause('2025-11-03T10:30'),
    resume('2025-11-03T10:50'),
  ]);
  const r = computeClock(naturalClock('arrival', 60), calendar, h);
  assert.equal(r.pausedMs, 30 * MIN);
  assert.equal(r.dueAt, iso('2025-11-03T11:30'));
  assert.equal(r.state, 'running');
  assert.equal(r.usedFraction, 30 / 60);
});

test('a pause spanning the deadline: never breached while paused, the rest of the allowance runs after resume', () => {
  const events = [pause('2025-11-03T10:30'), resume('2025-11-03T12:00')];
  const during = computeClock(naturalClock('arrival', 45), calendar, history('2025-11-03T10:00', '2025-11-03T11:00', events.slice(0, 1)));
  assert.equal(during.state, 'paused');
  assert.equal(during.dueAt, iso('2025-11-03T11:15'), 'shown as if resumed now (11:00) with 15 min left');
  const after = computeClock(naturalClock('arrival', 45), calendar, history('2025-11-03T10:00', '2025-11-03T12:10', events));
  assert.equal(after.state, 'running');
  assert.equal(after.dueAt, iso('2025-11-03T12:15'));
  const late = computeClock(naturalClock('arrival', 45), calendar, history('2025-11-03T10:00', '2025-11-03T12:16', events));
  assert.equal(late.state, 'breached');
});

test('resume at exactly the unpaused deadline: the paused part is still owed', () => {
  const r = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-03T10:45', [pause('2025-11-03T10:30'), resume('2025-11-03T10:45')]),
  );
  assert.equal(r.state, 'running');
  assert.equal(r.dueAt, iso('2025-11-03T11:00'));
  assert.equal(r.remainingMs, 15 * MIN);
  // Working days: received Mon, 1 wd → Tue 24:00; paused Tue 12:00 → resumed Wed 00:00 (the deadline) → 12 h owed.
  const wd = computeClock(
    wdClock('completion', 1),
    calendar,
    history('2025-11-03T09:00', '2025-11-05T00:00', [pause('2025-11-04T12:00'), resume('2025-11-05T00:00')]),
  );
  assert.equal(wd.dueAt, iso('2025-11-05T12:00'));
  assert.equal(wd.state, 'running');
});

test('stop at exactly the due time is met, one millisecond later is breached; a stop while paused is judged on running time', () => {
  const base = history('2025-11-03T10:00', '2025-11-04T10:00', [pause('2025-11-03T10:10'), resume('2025-11-03T10:30')]);
  const stopAt = (ms: number) =>
    computeClock(naturalClock('arrival', 45), calendar, {
      ...base,
      events: [...base.events, { at: new Date(ms), action: 'handle', state: 'handled' } as OrderEvent],
    });
  const due = local('2025-11-03T11:05').getTime();
  assert.equal(stopAt(due).state, 'met');
  assert.equal(stopAt(due).dueAt, iso('2025-11-03T11:05'));
  assert.equal(stopAt(due + 1).state, 'breached');
  // Paused at 10:40 with 30 of 45 minutes used, handled at 14:00 while still paused: met.
  const paused = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-04T10:00', [pause('2025-11-03T10:40'), handle('2025-11-03T14:00')]),
  );
  assert.equal(paused.state, 'met');
  assert.equal(paused.pausedMs, 200 * MIN);
});

test('working-day clock, pause spanning the deadline and a weekend: only working time is added back', () => {
  // Received Wed 11-05, 2 wd → Fri 11-07 24:00. Paused Fri 20:00 (44 of 48 h used) → resumed Sun 11-09 10:00.
  const h = history('2025-11-05T09:00', '2025-11-09T11:00', [pause('2025-11-07T20:00'), resume('2025-11-09T10:00')]);
  const r = computeClock(wdClock('reply', 2), calendar, h);
  assert.equal(r.state, 'running');
  assert.equal(r.dueAt, iso('2025-11-10T04:00'), '4 h owed, counted from Monday 00:00 (Sunday does not work)');
  assert.equal(r.pausedMs, 38 * HOUR);
});

test('a pause over the day of receipt and into the first working day moves the deadline by the working part only', () => {
  // Received Mon 09:00 (day not counted); paused Mon 20:00 → Tue 02:00: 2 h of counted time.
  const r = computeClock(
    wdClock('completion', 1),
    calendar,
    history('2025-11-03T09:00', '2025-11-04T03:00', [pause('2025-11-03T20:00'), resume('2025-11-04T02:00')]),
  );
  assert.equal(r.dueAt, iso('2025-11-05T02:00'));
});

test('received on a holiday, paused during the holiday: nothing moves', () => {
  const h = history('2025-10-02T10:00', '2025-10-09T09:00', [pause('2025-10-03T10:00'), resume('2025-10-07T10:00')]);
  const r = computeClock(wdClock('completion', 1), calendar, h);
  assert.equal(r.dueAt, iso('2025-10-10T00:00')); // first working day after the holiday is 10-09
  assert.equal(r.pausedMs, 4 * 24 * HOUR);
});

test('same_time: a pause on the day of receipt counts (counting starts at receipt)', () => {
  const plain = computeClock(wdClock('completion', 1, { convention: 'same_time' }), calendar, history('2025-11-03T10:00', '2025-11-03T11:00'));
  assert.equal(plain.dueAt, iso('2025-11-04T10:00'));
  const paused = computeClock(
    wdClock('completion', 1, { convention: 'same_time' }),
    calendar,
    history('2025-11-03T10:00', '2025-11-03T15:00', [pause('2025-11-03T12:00'), resume('2025-11-03T14:00')]),
  );
  assert.equal(paused.dueAt, iso('2025-11-04T12:00'));
});

test('5 working days over the published window with a pause: 2025-09-26 + 5 wd + 3 h paused on 09-29', () => {
  const r = computeClock(
    wdClock('completion', 5),
    calendar,
    history('2025-09-26T10:15', '2025-09-29T18:00', [pause('2025-09-29T09:00'), resume('2025-09-29T12:00')]),
  );
  assert.equal(r.dueAt, iso('2025-10-11T03:00'), '10-11 is a make-up Saturday, so the 3 h land there');
});

test('a deadline across the year boundary and Spring Festival', () => {
  // New Year 2026: 01-01..03 off, Sunday 01-04 works. Received Wed 12-31: 01-04 1, 01-05 2, 01-06 3.
  assert.equal(computeClock(wdClock('reply', 3), calendar, history('2025-12-31T23:59:59', '2026-01-01T00:00')).dueAt, iso('2026-01-07T00:00'));
  // Spring Festival 2026: 02-14 (Sat) works, 02-15..23 off. Received Thu 02-12: 02-13 1, 02-14 2, 02-24 3.
  assert.equal(computeClock(wdClock('reply', 3), calendar, history('2026-02-12T10:00', '2026-02-12T11:00')).dueAt, iso('2026-02-25T00:00'));
});

test('working-day clocks say when their due time leans on years the calendar has no data for', () => {
  const inside = computeClock(wdClock('reply', 5), calendar, history('2026-12-01T10:00', '2026-12-01T11:00'));
  assert.equal(inside.calendarCovered, true);
  const beyond = computeClock(wdClock('reply', 5), calendar, history('2026-12-28T10:00', '2026-12-28T11:00'));
  assert.equal(beyond.calendarCovered, false);
  assert.equal(beyond.dueAt, iso('2027-01-05T00:00'), 'still computed (Monday–Friday past the data), never a loop');
  // Due at 24:00 on 12-31 (= 00:00 of an unlisted year) is still covered: the last counted day is 12-31.
  const edge = computeClock(wdClock('reply', 1), calendar, history('2026-12-30T10:00', '2026-12-30T11:00'));
  assert.equal(edge.dueAt, iso('2027-01-01T00:00'));
  assert.equal(edge.calendarCovered, true);
});

test('recompute from history: event order in the input does not matter; events before receipt count from receipt', () => {
  const events: [string, string, string][] = [resume('2025-11-03T10:40'), pause('2025-11-03T10:10')];
  const r = computeClock(naturalClock('arrival', 45), calendar, history('2025-11-03T10:00', '2025-11-03T11:00', events));
  assert.equal(r.dueAt, iso('2025-11-03T11:15'));
  const early = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-03T10:30', [pause('2025-11-03T09:00'), resume('2025-11-03T10:20')]),
  );
  assert.equal(early.pausedMs, 20 * MIN);
  assert.equal(early.dueAt, iso('2025-11-03T11:05'));
});

test('thresholds while paused move with now and never lie in the past of unused allowance', () => {
  const h = history('2025-11-03T10:00', '2025-11-03T12:00', [pause('2025-11-03T10:10')]);
  const r = computeClock(naturalClock('arrival', 40), calendar, h);
  assert.equal(r.state, 'paused');
  // 10 min used: 50 % (20 min) is 10 min of running after now.
  assert.deepEqual(
    r.thresholds.map((t) => t.at),
    [iso('2025-11-03T12:10'), iso('2025-11-03T12:20'), iso('2025-11-03T12:26')],
  );
  assert.equal(r.dueAt, iso('2025-11-03T12:30'));
});

test('late December 2026 into 2027 not entered: 元旦 counts provisionally, the clock says so, and entering 2027 recomputes it from the same history', () => {
  // Received Mon 2026-12-28, 5 working days: 12-29 (1), 12-30 (2), 12-31 (3), [2027-01-01 元旦, provisional], 01-04 (4), 01-05 (5)
  const h = history('2026-12-28T10:00', '2026-12-28T11:00', [pause('2026-12-28T10:30')]);
  const provisional = computeClock(wdClock('reply', 5), calendarWithLaw, h);
  assert.equal(provisional.dueAt, iso('2027-01-06T00:00'));
  assert.equal(provisional.calendarCovered, false);
  assert.equal(provisional.calendarProvisional, true);
  const guessed = computeClock(wdClock('reply', 5), calendar, h);
  assert.equal(guessed.dueAt, iso('2027-01-05T00:00'), 'without the rule 01-01 was counted as a working day');
  assert.equal(guessed.calendarProvisional, false);
  // The 2027 arrangement is entered (a test one: 01-01..03 off and Monday 01-04 a bridging day): same history, new due time.
  const entered = calendarWith([...holidays('2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'), { date: '2027-01-09', kind: 'workday' }]);
  const after = computeClock(wdClock('reply', 5), entered, h);
  assert.equal(after.dueAt, iso('2027-01-07T00:00'));
  assert.equal(after.calendarCovered, true);
  assert.equal(after.calendarProvisional, undefined);
  assert.equal(after.pausedMs, provisional.pausedMs, 'the pause is kept: recomputed from history');
});

test('a clock inside entered years is neither uncovered nor provisional; one past the lunar table is uncovered, not provisional', () => {
  const inside = computeClock(wdClock('reply', 5), calendarWithLaw, history('2026-12-01T10:00', '2026-12-01T11:00'));
  assert.deepEqual([inside.calendarCovered, inside.calendarProvisional], [true, undefined]);
  const far = computeClock(wdClock('reply', 5), calendarWithLaw, history('2100-01-04T10:00', '2100-01-04T11:00'));
  assert.deepEqual([far.calendarCovered, far.calendarProvisional], [false, false]);
});

test('Spring Festival 2027 not entered: 除夕 and 正月初一–初三 count provisionally', () => {
  // Received Wed 2027-02-03, 3 working days: 02-04 (1), [02-05 除夕 … 02-08 初三], 02-09 (2), 02-10 (3)
  const r = computeClock(wdClock('reply', 3), calendarWithLaw, history('2027-02-03T10:00', '2027-02-03T11:00'));
  assert.equal(r.dueAt, iso('2027-02-11T00:00'));
  assert.equal(r.calendarProvisional, true);
});
