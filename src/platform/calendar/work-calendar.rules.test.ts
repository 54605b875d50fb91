/**
 * Adversarial checks of docs/rules.md §2 written from the rule text (docs/rules-review.md):
 * the day of receipt is not counted; N working days end at 24:00 Asia/Shanghai of the Nth working
 * day after it (or at the same clock time, as a policy option); make-up days (调休) work; the local
 * Shanghai day decides, never the UTC date; walks are bounded and say when the data runs out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalendarError, MAX_WORKING_DAYS, WorkCalendar, WORKING_DAY_WINDOW, type CalendarDayEntry } from './work-calendar.js';
import { chineseDaysEntries } from './chinese-days-source.js';
import { buildCalendar } from './calendar-store.js';
import { formatIsoDate, parseIsoDate } from './local-day.js';

const cal = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: chineseDaysEntries() });
const at = (local: string) => new Date(`${local}+08:00`);
const due = (received: string | Date, n: number, convention?: 'end_of_day' | 'same_time') =>
  cal.addWorkingDays(typeof received === 'string' ? at(received) : received, n, convention).toISOString();
const midnightAfter = (localDate: string) => {
  const d = parseIsoDate(localDate)!;
  return at(`${formatIsoDate(d + 1)}T00:00:00`).toISOString();
};
const nth = (localDate: string, n: number) => formatIsoDate(cal.nthWorkingDayAfter(parseIsoDate(localDate)!, n));

test('published check, any clock time of 2025-09-26: 5 working days end 2025-10-10 24:00', () => {
  for (const t of ['00:00:00', '08:30:00', '23:59:59']) assert.equal(due(`2025-09-26T${t}`, 5), midnightAfter('2025-10-10'), t);
  assert.equal(nth('2025-09-26', 5), '2025-10-10');
});

test('receipt on a statutory holiday: the holiday is not counted, counting starts at the next working day', () => {
  assert.equal(due('2025-10-01T10:00:00', 1), midnightAfter('2025-10-09')); // National Day → first working day 10-09
  assert.equal(due('2025-10-08T23:00:00', 1), midnightAfter('2025-10-09')); // last holiday of the run
  assert.equal(due('2025-10-08T23:00:00', 2), midnightAfter('2025-10-10'));
  assert.equal(due('2025-01-28T09:00:00', 1), midnightAfter('2025-02-05')); // Spring Festival eve 2025
});

test('receipt on a plain weekend day counts from Monday', () => {
  assert.equal(due('2025-11-08T10:00:00', 1), midnightAfter('2025-11-10')); // Saturday
  assert.equal(due('2025-11-09T10:00:00', 1), midnightAfter('2025-11-10')); // Sunday
  assert.equal(due('2025-11-09T10:00:00', 5), midnightAfter('2025-11-14'));
});

test('receipt on a make-up working day (调休): that day is the day of receipt and is not counted', () => {
  assert.equal(cal.isWorkingDate('2025-09-28'), true); // Sunday, works
  assert.equal(due('2025-09-28T10:00:00', 1), midnightAfter('2025-09-29'));
  assert.equal(cal.isWorkingDate('2025-10-11'), true); // Saturday, works
  assert.equal(due('2025-10-11T10:00:00', 1), midnightAfter('2025-10-13'));
  // A make-up Saturday is counted when it falls inside the run: Fri 10-10 + 1 → Sat 10-11.
  assert.equal(due('2025-10-10T10:00:00', 1), midnightAfter('2025-10-11'));
});

test('23:59:59 and 00:00:00 Shanghai: the local day decides, not the UTC date', () => {
  // Friday 23:59:59 Shanghai is Friday 15:59:59 UTC: receipt day Friday.
  assert.equal(due(new Date('2025-11-07T15:59:59Z'), 1), midnightAfter('2025-11-10'));
  // Saturday 00:00:00 Shanghai is still Friday in UTC: receipt day Saturday, result the same Monday.
  assert.equal(due(new Date('2025-11-07T16:00:00Z'), 1), midnightAfter('2025-11-10'));
  // Monday 00:00:00 Shanghai is Sunday 16:00 UTC: Monday is the day of receipt, so Tuesday is day 1.
  assert.equal(due(new Date('2025-11-09T16:00:00Z'), 1), midnightAfter('2025-11-11'));
  // Sunday 23:59:59.999 Shanghai: still Sunday, so Monday is day 1.
  assert.equal(due(new Date('2025-11-09T15:59:59.999Z'), 1), midnightAfter('2025-11-10'));
  // 24:00 of the deadline day is 16:00 UTC of that day.
  assert.equal(due('2025-11-10T09:00:00', 1), '2025-11-11T16:00:00.000Z');
});

test('N = 1 is the next working day; N = 0 (and negatives, fractions) are refused, not guessed', () => {
  assert.equal(due('2025-11-10T09:00:00', 1), midnightAfter('2025-11-11'));
  assert.equal(due('2025-11-10T09:00:00', 1, 'same_time'), at('2025-11-11T09:00:00').toISOString());
  for (const n of [0, -1, 0.5, Number.NaN]) {
    assert.throws(() => cal.addWorkingDays(at('2025-11-10T09:00:00'), n), RangeError, String(n));
    assert.throws(() => cal.nthWorkingDayAfter(parseIsoDate('2025-11-10')!, n), RangeError, String(n));
  }
  assert.throws(() => cal.addWorkingDays(at('2025-11-10T09:00:00'), MAX_WORKING_DAYS + 1), RangeError);
});

test('Spring Festival 2026: make-up Saturdays 02-14 and 02-28 work, 02-15..02-23 are off', () => {
  assert.equal(nth('2026-02-13', 1), '2026-02-14');
  assert.equal(nth('2026-02-13', 2), '2026-02-24');
  assert.equal(nth('2026-02-14', 1), '2026-02-24'); // received on the make-up day
  assert.equal(nth('2026-02-16', 1), '2026-02-24'); // received inside the holiday
  // 02-24 1, 25 2, 26 3, 27 4, 28 (Sat, make-up) 5
  assert.equal(due('2026-02-23T18:00:00', 5), midnightAfter('2026-02-28'));
  assert.equal(due('2026-02-23T18:00:00', 6), midnightAfter('2026-03-02'));
});

test('National Day 2024: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12 work', () => {
  assert.equal(nth('2024-09-27', 1), '2024-09-29');
  assert.equal(nth('2024-09-29', 2), '2024-10-08');
  // 10-08 1, 09 2, 10 3, 11 4, 12 (Sat) 5
  assert.equal(due('2024-09-30T16:00:00', 5), midnightAfter('2024-10-12'));
});

test('year boundary: New Year 2026 (01-01..01-03 off, Sunday 01-04 works)', () => {
  assert.equal(due('2025-12-31T23:59:59', 1), midnightAfter('2026-01-04'));
  assert.equal(due('2025-12-31T23:59:59', 2), midnightAfter('2026-01-05'));
  assert.equal(due('2025-12-31T23:59:59', 1, 'same_time'), at('2026-01-04T23:59:59').toISOString());
  // received 2026-01-01 00:00 Shanghai = 2025-12-31 16:00 UTC: a holiday, counting starts 01-04
  assert.equal(due(new Date('2025-12-31T16:00:00Z'), 1), midnightAfter('2026-01-04'));
});

test('same_time: the clock time of receipt on the Nth working day, also when received on a day off', () => {
  assert.equal(due('2025-11-08T10:15:30', 1, 'same_time'), at('2025-11-10T10:15:30').toISOString()); // Saturday
  assert.equal(due('2025-10-01T00:00:00', 1, 'same_time'), at('2025-10-09T00:00:00').toISOString()); // holiday, midnight
  assert.equal(due('2025-09-26T23:59:59', 5, 'same_time'), at('2025-10-10T23:59:59').toISOString());
});

test('the calendar says which years it knows: whole listed years, nothing after the last one', () => {
  const day = (s: string) => parseIsoDate(s)!;
  assert.equal(cal.coveredThrough(), '2026-12-31');
  assert.equal(cal.coversDay(day('2026-12-31')), true, 'the 2026 arrangement is known in full even after its last entry (10-10)');
  assert.equal(cal.coversDay(day('2027-01-01')), false);
  assert.equal(cal.coversDay(day('2004-01-01')), true);
  assert.equal(cal.coversDay(day('2003-12-31')), false);
  assert.equal(cal.coversDays(day('2026-12-30'), day('2027-01-05')), false);
  const empty = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: [] });
  assert.equal(empty.coveredThrough(), null);
  assert.equal(empty.coversDay(day('2025-10-01')), false);
});

test('past the end of the data the walk still ends (Monday–Friday) instead of looping', () => {
  // 2026-12-31 Thu 1, 2027-01-01 Fri 2 (no 2027 data: a weekday guess), 01-04 3, 01-05 4, 01-06 5
  assert.equal(due('2026-12-30T10:00:00', 5), midnightAfter('2027-01-06'));
  // A long walk far beyond the data terminates.
  assert.equal(nth('2026-12-30', MAX_WORKING_DAYS).slice(0, 2), '20');
});

function holidayRun(from: string, days: number): CalendarDayEntry[] {
  const start = parseIsoDate(from)!;
  return Array.from({ length: days }, (_, i) => ({ date: formatIsoDate(start + i), kind: 'holiday' as const }));
}

test('a calendar whose working days run out is refused with a named error, never walked forever', () => {
  const tooLong = () => WorkCalendar.create({ timezone: 'Asia/Shanghai', days: holidayRun('2027-01-05', WORKING_DAY_WINDOW + 30) });
  assert.throws(tooLong, (e: unknown) => e instanceof CalendarError && e.rule === 'no_working_day' && /2027-01-05/.test(e.message));
  // 365 days off in a row is allowed, and a deadline across it lands on the first working day after.
  const long = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: holidayRun('2027-01-05', WORKING_DAY_WINDOW - 1) });
  assert.equal(long.addWorkingDays(at('2027-01-04T12:00:00'), 1).toISOString(), at('2028-01-06T00:00:00').toISOString());
});

test('working time and advance agree with the deadline: N × 24 h of working time under end_of_day', () => {
  for (const [received, n] of [
    ['2025-09-26T10:15:00', 5],
    ['2025-12-31T23:59:59', 3],
    ['2026-02-13T00:00:00', 6],
    ['2025-10-01T12:00:00', 1],
  ] as const) {
    const t = at(received).getTime();
    const dueMs = cal.addWorkingDays(new Date(t), n).getTime();
    const countFrom = cal.startOfDay(cal.dayOf(t) + 1);
    assert.equal(cal.workingMs(countFrom, dueMs), n * 86_400_000, received);
    assert.equal(cal.advanceWorking(countFrom, n * 86_400_000), dueMs, received);
  }
});

test('working time on a Shanghai working day runs 16:00 UTC to 16:00 UTC', () => {
  // Monday 2025-11-10 in Shanghai is 2025-11-09T16:00Z .. 2025-11-10T16:00Z; Sunday before is off.
  assert.equal(cal.workingMs(Date.parse('2025-11-09T12:00:00Z'), Date.parse('2025-11-09T18:00:00Z')), 2 * 3_600_000);
  // Friday 2025-11-07 ends at 16:00Z; Saturday is off.
  assert.equal(cal.workingMs(Date.parse('2025-11-07T15:00:00Z'), Date.parse('2025-11-07T17:00:00Z')), 3_600_000);
  assert.equal(cal.workingMs(Date.parse('2025-11-10T15:00:00Z'), Date.parse('2025-11-10T17:00:00Z')), 2 * 3_600_000);
});

// --- A year without its arrangement: the statutory holidays count provisionally (docs/calendar.md) ---

const withLaw = buildCalendar('Asia/Shanghai', chineseDaysEntries());
/** A 2027 arrangement as an administrator might enter it (a test arrangement, not the published one). */
const ARRANGEMENT_2027: CalendarDayEntry[] = [
  ...holidayRun('2027-01-01', 3),
  ...holidayRun('2027-02-05', 7), // 除夕 to 正月初六
  { date: '2027-02-20', kind: 'workday' }, // Saturday make-up day (调休)
];

test("a year not entered counts the law's statutory holidays, provisionally; weekends stay off and entered years win", () => {
  const day = (s: string) => parseIsoDate(s)!;
  assert.equal(withLaw.coversDay(day('2027-01-01')), false, 'still not covered: the arrangement is not entered');
  assert.equal(withLaw.isWorkingDate('2027-01-01'), false, 'Friday, 元旦');
  for (const d of ['2027-02-05', '2027-02-08', '2027-04-05', '2027-05-01', '2027-06-09', '2027-09-15', '2027-10-01'])
    assert.equal(withLaw.isWorkingDate(d), false, d);
  for (const d of ['2027-01-04', '2027-02-04', '2027-02-09']) assert.equal(withLaw.isWorkingDate(d), true, `${d}: no bridging day is guessed`);
  for (const d of ['2027-01-02', '2027-02-20']) assert.equal(withLaw.isWorkingDate(d), false, `${d}: a Saturday, no make-up day is guessed`);
  assert.equal(withLaw.isWorkingDate('2026-01-04'), true, 'an entered make-up Sunday still works');
  assert.equal(withLaw.isWorkingDate('2026-02-20'), false, 'an entered bridging day is still off');
  // 2026-12-30 + 5: 12-31 (1), [01-01 元旦], 01-04 (2), 01-05 (3), 01-06 (4), 01-07 (5); Monday–Friday alone said 01-06
  assert.equal(withLaw.addWorkingDays(at('2026-12-30T10:00:00'), 5).toISOString(), midnightAfter('2027-01-07'));
  assert.equal(due('2026-12-30T10:00:00', 5), midnightAfter('2027-01-06'), 'a calendar without the rule keeps Monday–Friday');
  assert.equal(withLaw.provisionalBetween(day('2026-12-30'), day('2027-01-07')), true);
  assert.equal(withLaw.provisionalBetween(day('2026-12-01'), day('2026-12-31')), false, 'inside entered years');
  assert.equal(cal.provisionalBetween(day('2026-12-30'), day('2027-01-07')), false, 'without the rule: a Monday–Friday guess');
  assert.equal(withLaw.provisionalHolidays(2027)!.length, 13);
  assert.equal(withLaw.provisionalHolidays(2026), null, 'an entered year has no provisional days');
});

test("entering the year's arrangement replaces the provisional days: make-up and bridging days now count", () => {
  const entered = buildCalendar('Asia/Shanghai', [...chineseDaysEntries(), ...ARRANGEMENT_2027]);
  const day = (s: string) => parseIsoDate(s)!;
  assert.equal(entered.coversDay(day('2027-06-09')), true);
  assert.equal(entered.provisionalBetween(day('2026-12-30'), day('2027-12-31')), false);
  assert.equal(entered.isWorkingDate('2027-02-09'), false, 'bridging day of the arrangement');
  assert.equal(entered.isWorkingDate('2027-02-20'), true, 'make-up Saturday');
  assert.equal(entered.isWorkingDate('2027-06-09'), true, 'the entered arrangement is the whole truth for its year (this test one omits 端午)');
  // Received Wed 2027-02-03, 3 working days. Provisional: 02-04 (1), [02-05..08], 02-09 (2), 02-10 (3).
  assert.equal(withLaw.addWorkingDays(at('2027-02-03T10:00:00'), 3).toISOString(), midnightAfter('2027-02-10'));
  // Entered: 02-04 (1), [02-05..11], 02-12 (2), 02-15 (3).
  assert.equal(entered.addWorkingDays(at('2027-02-03T10:00:00'), 3).toISOString(), midnightAfter('2027-02-15'));
});

test('years the rule cannot place stay Monday–Friday and say so; the provisional days never break the walk bounds', () => {
  const day = (s: string) => parseIsoDate(s)!;
  const noLaw = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: chineseDaysEntries() }, { provisional: () => null });
  assert.equal(noLaw.isWorkingDate('2027-01-01'), true);
  assert.equal(noLaw.provisionalBetween(day('2026-12-30'), day('2027-01-07')), false);
  assert.equal(withLaw.provisionalBetween(day('2099-12-01'), day('2100-01-10')), false, '2100 is past the lunar table');
  assert.equal(withLaw.nthWorkingDayAfter(day('2026-12-30'), MAX_WORKING_DAYS) > day('2036-01-01'), true);
});

test('a year skipped between entered years is not covered either: it counts provisionally, not as a known year without holidays', () => {
  const day = (s: string) => parseIsoDate(s)!;
  const gap = buildCalendar('Asia/Shanghai', [...chineseDaysEntries(), { date: '2028-01-01', kind: 'holiday', name: '元旦' }]);
  assert.equal(gap.coversDay(day('2027-06-01')), false);
  assert.equal(gap.coversDay(day('2028-06-01')), true);
  assert.equal(gap.coveredThrough(), '2028-12-31');
  assert.equal(gap.isWorkingDate('2027-01-01'), false, '元旦 2027, provisional');
  assert.equal(gap.coversDays(day('2026-12-30'), day('2028-01-05')), false, 'the walk passes 2027');
  assert.equal(gap.provisionalBetween(day('2026-12-30'), day('2028-01-05')), true);
  assert.deepEqual(gap.provisionalHolidays(2028), null, '2028 is entered');
});
