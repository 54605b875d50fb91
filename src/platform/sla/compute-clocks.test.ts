import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClock, computeClocks } from './compute-clocks.js';
import { WorkCalendar } from '../calendar/work-calendar.js';
import { chineseDaysEntries } from '../calendar/chinese-days-source.js';
import { calendar, history, iso, naturalClock, wdClock } from './test-fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

test('published check: a 5-working-day clock received 2025-09-26 is due 2025-10-10 24:00', () => {
  const r = computeClock(wdClock('completion', 5), calendar, history('2025-09-26T10:15', '2025-09-27T08:00'));
  assert.equal(r.dueAt, iso('2025-10-11T00:00'));
  assert.equal(r.state, 'running');
  assert.equal(r.pausedMs, 0);
});

test('7 working days across National Day and two make-up weekend days', () => {
  // 09-28 (Sun, make-up) 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5, 10-11 (Sat, make-up) 6, 10-13 7
  const r = computeClock(wdClock('reply', 7), calendar, history('2025-09-26T16:00', '2025-09-26T16:01'));
  assert.equal(r.dueAt, iso('2025-10-14T00:00'));
});

test('same_time convention: due at the clock time of receipt', () => {
  const r = computeClock(wdClock('reply', 5, { convention: 'same_time' }), calendar, history('2025-09-26T10:15', '2025-09-27T08:00'));
  assert.equal(r.dueAt, iso('2025-10-10T10:15'));
});

test('natural clocks run across midnight and through holidays', () => {
  const r = computeClock(naturalClock('arrival', 45), calendar, history('2025-10-01T23:40', '2025-10-01T23:50'));
  assert.equal(r.dueAt, iso('2025-10-02T00:25'));
  assert.equal(r.remainingMs, 35 * MIN);
  assert.equal(r.state, 'running');
});

test('a natural clock adds the paused time back', () => {
  const h = history('2025-11-03T10:00', '2025-11-03T11:00', [
    ['2025-11-03T10:05', 'dispatch', 'dispatched'],
    ['2025-11-03T10:08', 'start', 'in_progress'],
    ['2025-11-03T10:10', 'pause', 'waiting_customer'],
    ['2025-11-03T10:40', 'resume', 'in_progress'],
  ]);
  const r = computeClock(naturalClock('arrival', 45), calendar, h);
  assert.equal(r.dueAt, iso('2025-11-03T11:15'));
  assert.equal(r.pausedMs, 30 * MIN);
});

test('while paused the due time is shown as if resumed now, and the state is paused', () => {
  const h = history('2025-11-03T10:00', '2025-11-03T10:50', [['2025-11-03T10:10', 'pause', 'waiting_customer']]);
  const r = computeClock(naturalClock('arrival', 45), calendar, h);
  assert.equal(r.state, 'paused');
  assert.equal(r.pausedMs, 40 * MIN);
  assert.equal(r.dueAt, iso('2025-11-03T11:25'));
  // a pause longer than the allowance never breaches by itself
  const later = computeClock(naturalClock('arrival', 45), calendar, { ...h, now: new Date(h.now.getTime() + 5 * HOUR) });
  assert.equal(later.state, 'paused');
});

test('working-day clocks extend by the working time the pause covered', () => {
  // received Mon 2025-11-03; 5 wd → due Tue 11-11 00:00
  const base = computeClock(wdClock('completion', 5), calendar, history('2025-11-03T09:00', '2025-11-03T09:30'));
  assert.equal(base.dueAt, iso('2025-11-11T00:00'));
  const fourHours = history('2025-11-03T09:00', '2025-11-05T09:00', [
    ['2025-11-04T10:00', 'pause', 'waiting_customer'],
    ['2025-11-04T14:00', 'resume', 'in_progress'],
  ]);
  const r = computeClock(wdClock('completion', 5), calendar, fourHours);
  assert.equal(r.dueAt, iso('2025-11-11T04:00'));
  assert.equal(r.pausedMs, 4 * HOUR);
  // a pause from Friday 18:00 to Monday 06:00 covers 6 h + 6 h of working time
  const weekend = history('2025-11-03T09:00', '2025-11-10T07:00', [
    ['2025-11-07T18:00', 'pause', 'waiting_customer'],
    ['2025-11-10T06:00', 'resume', 'in_progress'],
  ]);
  const w = computeClock(wdClock('completion', 5), calendar, weekend);
  assert.equal(w.dueAt, iso('2025-11-11T12:00'));
  assert.equal(w.pausedMs, 60 * HOUR);
});

test('a pause on the day of receipt does not move an end_of_day deadline (that day is not counted)', () => {
  const h = history('2025-11-03T09:00', '2025-11-04T09:00', [
    ['2025-11-03T10:00', 'pause', 'waiting_customer'],
    ['2025-11-03T12:00', 'resume', 'in_progress'],
  ]);
  const r = computeClock(wdClock('completion', 5), calendar, h);
  assert.equal(r.dueAt, iso('2025-11-11T00:00'));
  assert.equal(r.pausedMs, 2 * HOUR);
});

test('a pause across a holiday moves a working-day deadline only by its working part', () => {
  // received 09-26; pause 09-30 12:00 → 10-09 12:00 covers 12 h (09-30) + 12 h (10-09) of working time
  const h = history('2025-09-26T10:00', '2025-10-09T13:00', [
    ['2025-09-30T12:00', 'pause', 'waiting_customer'],
    ['2025-10-09T12:00', 'resume', 'in_progress'],
  ]);
  const r = computeClock(wdClock('completion', 5), calendar, h);
  // 24 h later in working time than 10-11 00:00: 10-11 is a make-up Saturday
  assert.equal(r.dueAt, iso('2025-10-12T00:00'));
});

test('states the policy does not name do not pause the clock', () => {
  const h = history('2025-11-03T10:00', '2025-11-03T10:30', [['2025-11-03T10:10', 'pause', 'waiting_parts']]);
  const r = computeClock(naturalClock('arrival', 45), calendar, h);
  assert.equal(r.state, 'running');
  assert.equal(r.dueAt, iso('2025-11-03T10:45'));
  assert.equal(r.pausedMs, 0);
});

test('the clock stops at the stop state: met in time, breached late, never counting after', () => {
  const ok = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-05T10:00', [
      ['2025-11-03T10:40', 'handle', 'handled'],
      ['2025-11-03T11:00', 'close', 'closed'],
    ]),
  );
  assert.equal(ok.state, 'met');
  assert.equal(ok.stoppedAt, iso('2025-11-03T10:40'));
  assert.equal(ok.remainingMs, null);
  assert.equal(ok.pausedMs, 0);
  const late = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-05T10:00', [['2025-11-03T10:46', 'handle', 'handled']]),
  );
  assert.equal(late.state, 'breached');
  assert.equal(late.dueAt, iso('2025-11-03T10:45'));
  const exact = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-05T10:00', [['2025-11-03T10:45', 'handle', 'handled']]),
  );
  assert.equal(exact.state, 'met');
});

test('an open clock past its due time is breached', () => {
  const r = computeClock(naturalClock('arrival', 45), calendar, history('2025-11-03T10:00', '2025-11-03T10:46'));
  assert.equal(r.state, 'breached');
  assert.equal(r.remainingMs, -1 * MIN);
});

test('a stop action stops only the clock that names it', () => {
  const clocks = [wdClock('contact', 1, { stopOn: { states: ['handled'], actions: ['record_contact'] } }), wdClock('reply', 7)];
  const rs = computeClocks({ clocks }, calendar, history('2025-11-03T10:00', '2025-11-04T10:00', [['2025-11-04T09:00', 'record_contact', 'accepted']]));
  assert.deepEqual(
    rs.map((r) => r.state),
    ['met', 'running'],
  );
  assert.equal(rs[0].stoppedAt, iso('2025-11-04T09:00'));
});

test('a reopened order resumes its clock; the stopped time does not count', () => {
  const h = history('2025-11-03T10:00', '2025-11-03T12:00', [
    ['2025-11-03T10:20', 'handle', 'handled'],
    ['2025-11-03T11:20', 'reopen', 'dispatched'],
  ]);
  const r = computeClock(naturalClock('arrival', 45), calendar, h);
  assert.equal(r.state, 'breached'); // 20 min + 40 min after reopen = 60 > 45
  assert.equal(r.dueAt, iso('2025-11-03T11:45'));
  assert.equal(r.pausedMs, 60 * MIN);
  const stoppedAgain = computeClock(naturalClock('arrival', 45), calendar, {
    ...h,
    events: [...h.events, { at: new Date(Date.parse(iso('2025-11-03T11:30'))), action: 'handle', state: 'handled' }],
  });
  assert.equal(stoppedAgain.state, 'met');
  assert.equal(stoppedAgain.stoppedAt, iso('2025-11-03T11:30'));
});

test('a terminated order stops its clocks without a result', () => {
  const r = computeClock(
    naturalClock('arrival', 45),
    calendar,
    history('2025-11-03T10:00', '2025-11-03T12:00', [['2025-11-03T10:10', 'approve_termination', 'terminated']]),
  );
  assert.equal(r.state, 'stopped');
  assert.equal(r.stoppedAt, iso('2025-11-03T10:10'));
});

test('a clock started by an action is pending until it happens, then runs from it', () => {
  const clock = naturalClock('restoration', 180, { startOn: ['arrive'] });
  const pending = computeClock(clock, calendar, history('2025-11-03T10:00', '2025-11-03T10:30'));
  assert.equal(pending.state, 'pending');
  assert.equal(pending.dueAt, null);
  const started = computeClock(clock, calendar, history('2025-11-03T10:00', '2025-11-03T11:00', [['2025-11-03T10:40', 'arrive', 'in_progress']]));
  assert.equal(started.startedAt, iso('2025-11-03T10:40'));
  assert.equal(started.dueAt, iso('2025-11-03T13:40'));
});

test('events recorded after now are not used (recompute as of a moment)', () => {
  const r = computeClock(naturalClock('arrival', 45), calendar, history('2025-11-03T10:00', '2025-11-03T10:20', [['2025-11-03T10:30', 'handle', 'handled']]));
  assert.equal(r.state, 'running');
});

test('changing the policy recomputes from history without losing the pause', () => {
  const h = history('2025-11-03T09:00', '2025-11-05T09:00', [
    ['2025-11-04T10:00', 'pause', 'waiting_customer'],
    ['2025-11-04T14:00', 'resume', 'in_progress'],
  ]);
  assert.equal(computeClock(wdClock('completion', 5), calendar, h).dueAt, iso('2025-11-11T04:00'));
  const r = computeClock(wdClock('completion', 4), calendar, h);
  assert.equal(r.dueAt, iso('2025-11-10T04:00')); // 4th working day is Fri 11-07; +4 h working time lands Monday 04:00
  assert.equal(r.pausedMs, 4 * HOUR);
});

test('changing the calendar recomputes the deadline', () => {
  const h = history('2025-11-03T09:00', '2025-11-03T10:00');
  const withHoliday = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: [...chineseDaysEntries(), { date: '2025-11-05', kind: 'holiday' }] });
  assert.equal(computeClock(wdClock('completion', 5), withHoliday, h).dueAt, iso('2025-11-12T00:00'));
});

test('warning thresholds are the instants each fraction of the allowance is used', () => {
  const r = computeClock(
    naturalClock('arrival', 40),
    calendar,
    history('2025-11-03T10:00', '2025-11-03T10:25', [
      ['2025-11-03T10:10', 'pause', 'waiting_customer'],
      ['2025-11-03T10:20', 'resume', 'in_progress'],
    ]),
  );
  assert.deepEqual(
    r.thresholds.map((t) => t.at),
    [iso('2025-11-03T10:30'), iso('2025-11-03T10:40'), iso('2025-11-03T10:46')],
  );
  assert.equal(r.usedFraction, 15 / 40);
});
