import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalendarError, WorkCalendar, WORKING_DAY_WINDOW, type CalendarDayEntry } from './work-calendar.js';
import { chineseDaysEntries } from './chinese-days-source.js';
import { formatIsoDate, parseIsoDate } from './local-day.js';

const cal = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: chineseDaysEntries() });
const at = (local: string) => new Date(`${local}+08:00`);

test('published check: 5 working days from 2025-09-26 end on 2025-10-10 (24:00 Asia/Shanghai)', () => {
  const due = cal.addWorkingDays(at('2025-09-26T10:15:00'), 5);
  assert.equal(due.toISOString(), at('2025-10-11T00:00:00').toISOString());
  assert.equal(formatIsoDate(cal.nthWorkingDayAfter(parseIsoDate('2025-09-26')!, 5)), '2025-10-10');
});

test('same_time convention keeps the clock time of receipt on the Nth working day', () => {
  const due = cal.addWorkingDays(at('2025-09-26T10:15:00'), 5, 'same_time');
  assert.equal(due.toISOString(), at('2025-10-10T10:15:00').toISOString());
});

test('a weekend make-up working day (调休) counts, the holiday week does not', () => {
  assert.equal(cal.isWorkingDate('2025-09-28'), true); // Sunday, make-up day
  assert.equal(cal.isWorkingDate('2025-10-06'), false); // Monday, Mid-Autumn
  assert.equal(cal.addWorkingDays(at('2025-09-26T09:00:00'), 1).toISOString(), at('2025-09-29T00:00:00').toISOString());
  assert.equal(cal.addWorkingDays(at('2025-09-30T09:00:00'), 1).toISOString(), at('2025-10-10T00:00:00').toISOString());
  assert.equal(cal.addWorkingDays(at('2025-10-03T09:00:00'), 2).toISOString(), at('2025-10-11T00:00:00').toISOString());
  assert.equal(cal.isWorkingDate('2025-10-11'), true); // Saturday, make-up day
  assert.equal(cal.addWorkingDays(at('2025-10-03T09:00:00'), 3).toISOString(), at('2025-10-12T00:00:00').toISOString());
});

test('the day of receipt is the local (Asia/Shanghai) day, not the UTC day', () => {
  // 2025-09-26T16:30Z is Saturday 00:30 in Shanghai: the next working day is the make-up Sunday.
  assert.equal(cal.addWorkingDays(new Date('2025-09-26T16:30:00Z'), 1).toISOString(), at('2025-09-29T00:00:00').toISOString());
  // 2025-09-26T15:59Z is still Friday 23:59 in Shanghai.
  assert.equal(cal.addWorkingDays(new Date('2025-09-26T15:59:00Z'), 1).toISOString(), at('2025-09-29T00:00:00').toISOString());
  assert.equal(cal.addWorkingDays(at('2025-09-27T10:00:00'), 1).toISOString(), at('2025-09-29T00:00:00').toISOString());
});

test('spring festival 2025: make-up Sunday 01-26 works, 01-28..02-04 off, 02-08 Saturday works', () => {
  assert.equal(cal.isWorkingDate('2025-01-26'), true);
  for (const d of ['2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04']) assert.equal(cal.isWorkingDate(d), false, d);
  assert.equal(cal.isWorkingDate('2025-02-08'), true);
  // Received Friday 01-24: 01-26 (1), 01-27 (2), 02-05 (3), 02-06 (4), 02-07 (5), 02-08 (6)
  assert.equal(cal.addWorkingDays(at('2025-01-24T12:00:00'), 6).toISOString(), at('2025-02-09T00:00:00').toISOString());
});

test('seed data from chinese-days covers 2004 to 2026', () => {
  const entries = chineseDaysEntries();
  assert.equal(entries[0].date.slice(0, 4), '2004');
  assert.equal(entries[entries.length - 1].date.slice(0, 4), '2026');
  assert.ok(entries.some((e) => e.date === '2026-01-04' && e.kind === 'workday'));
  assert.ok(entries.find((e) => e.date === '2025-10-01')!.name!.includes('国庆'));
});

test('outside the listed years Monday–Friday are working days', () => {
  assert.equal(cal.coversDay(parseIsoDate('2030-01-01')!), false);
  assert.equal(cal.isWorkingDate('2030-01-01'), true); // a Tuesday, no data yet
  assert.equal(cal.isWorkingDate('2030-01-05'), false); // Saturday
});

test('working time counts only working days, 24 h each', () => {
  const fri = at('2025-09-26T12:00:00').getTime();
  const mon = at('2025-09-29T12:00:00').getTime();
  // Fri 12:00–24:00, Sat off, Sun make-up 24 h, Mon 00:00–12:00
  assert.equal(cal.workingMs(fri, mon), (12 + 24 + 12) * 3_600_000);
  assert.equal(cal.workingMs(mon, fri), 0);
  assert.equal(cal.workingMs(at('2025-10-01T00:00:00').getTime(), at('2025-10-09T00:00:00').getTime()), 0);
});

test('advanceWorking skips non-working days and stops at the earliest instant', () => {
  const tue = at('2025-09-30T20:00:00').getTime();
  assert.equal(new Date(cal.advanceWorking(tue, 4 * 3_600_000)).toISOString(), at('2025-10-01T00:00:00').toISOString());
  assert.equal(new Date(cal.advanceWorking(tue, 5 * 3_600_000)).toISOString(), at('2025-10-09T01:00:00').toISOString());
  assert.equal(cal.advanceWorking(tue, 0), tue);
});

test('a day listed twice is refused naming the entry', () => {
  const days: CalendarDayEntry[] = [
    { date: '2025-10-01', kind: 'holiday' },
    { date: '2025-10-01', kind: 'workday' },
  ];
  assert.throws(
    () => WorkCalendar.create({ timezone: 'Asia/Shanghai', days }),
    (e: unknown) => e instanceof CalendarError && e.field === 'days[1].date' && e.rule === 'duplicate',
  );
});

test('an impossible date and an unknown zone are refused', () => {
  assert.throws(
    () => WorkCalendar.create({ timezone: 'Asia/Shanghai', days: [{ date: '2025-02-30', kind: 'holiday' }] }),
    (e: unknown) => e instanceof CalendarError && e.rule === 'date',
  );
  assert.throws(
    () => WorkCalendar.create({ timezone: 'Europe/Berlin', days: [] }),
    (e: unknown) => e instanceof CalendarError && e.field === 'timezone',
  );
});

function holidayRun(from: string, days: number): CalendarDayEntry[] {
  const start = parseIsoDate(from)!;
  return Array.from({ length: days }, (_, i) => ({ date: formatIsoDate(start + i), kind: 'holiday' as const }));
}

test('a calendar with 366 days in a row without a working day is refused; 365 is accepted', () => {
  // 2027-01-05 is a Tuesday after a working Monday; the run ends on a Wednesday.
  assert.throws(
    () => WorkCalendar.create({ timezone: 'Asia/Shanghai', days: holidayRun('2027-01-05', WORKING_DAY_WINDOW) }),
    (e: unknown) => e instanceof CalendarError && e.rule === 'no_working_day',
  );
  const long = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: holidayRun('2027-01-05', WORKING_DAY_WINDOW - 1) });
  assert.equal(formatIsoDate(long.nthWorkingDayAfter(parseIsoDate('2027-01-04')!, 1)), '2028-01-05');
  // A weekend before the run counts too: 2 + 364 days in a row is refused.
  assert.throws(
    () => WorkCalendar.create({ timezone: 'Asia/Shanghai', days: holidayRun('2027-01-04', WORKING_DAY_WINDOW - 2) }),
    (e: unknown) => e instanceof CalendarError && e.rule === 'no_working_day',
  );
});

test('working-day counts out of range are refused instead of walking forever', () => {
  assert.throws(() => cal.addWorkingDays(new Date(), 0), RangeError);
  assert.throws(() => cal.addWorkingDays(new Date(), 1.5), RangeError);
  assert.throws(() => cal.addWorkingDays(new Date(), 1_000_000), RangeError);
});

test('an empty calendar is plain Monday to Friday', () => {
  const plain = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: [] });
  assert.equal(plain.addWorkingDays(at('2025-10-03T09:00:00'), 1).toISOString(), at('2025-10-07T00:00:00').toISOString());
});

test("the per-year flags a walk reads give the rule's answer for every day, in any order of asking", async () => {
  const { statutoryProvisionalRule } = await import('./calendar-store.js');
  const entries = chineseDaysEntries();
  const provisional = WorkCalendar.create({ timezone: 'Asia/Shanghai', days: entries }, { provisional: statutoryProvisionalRule });
  const first = parseIsoDate('2000-01-01')!;
  const last = parseIsoDate('2040-12-31')!;
  // the rule written out: listed days, weekends, and for years not listed the provisional statutory holidays
  const listed = new Map(entries.map((e) => [parseIsoDate(e.date)!, e.kind]));
  const listedYears = new Set(entries.map((e) => e.date.slice(0, 4)));
  const provisionalOff = new Map<string, Set<string>>();
  const byRule = (day: number, withProvisional: boolean) => {
    const kind = listed.get(day);
    if (kind) return kind === 'workday';
    const w = new Date(day * 86_400_000).getUTCDay();
    if (w === 0 || w === 6) return false;
    const iso = formatIsoDate(day);
    const year = iso.slice(0, 4);
    if (!withProvisional || listedYears.has(year)) return true;
    if (!provisionalOff.has(year)) provisionalOff.set(year, new Set(statutoryProvisionalRule(Number(year)) ?? []));
    return !provisionalOff.get(year)!.has(iso);
  };
  // backwards, then forwards, then jumping between years: the cached year is switched each time
  for (const [c, withProvisional] of [
    [cal, false],
    [provisional, true],
  ] as const) {
    for (let d = last; d >= first; d--) assert.equal(c.isWorkingDay(d), byRule(d, withProvisional), formatIsoDate(d));
    for (let d = first; d <= last; d++) assert.equal(c.isWorkingDay(d), byRule(d, withProvisional), formatIsoDate(d));
    for (let k = 0; k < 5_000; k++) {
      const d = first + ((k * 7919) % (last - first));
      assert.equal(c.isWorkingDay(d), byRule(d, withProvisional), formatIsoDate(d));
    }
  }
  // a provisional year does have days off on weekdays (so the test above compares something)
  const y2040 = [...Array(366).keys()].map((i) => parseIsoDate('2040-01-01')! + i).filter((d) => !byRule(d, true) && byRule(d, false));
  assert.ok(y2040.length >= 5, `provisional weekday holidays in 2040: ${y2040.length}`);
});
