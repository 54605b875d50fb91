import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodAt, sumIntervals, touPriceWarnings, validateCalendar } from './tou-rules.js';
import { NATIONAL_POLICY } from './policy-data.js';
import type { TouCalendar } from './schemas.js';

/** An illustrative calendar: summer (Jul–Aug) with a critical peak, the rest without. */
const CAL: TouCalendar = {
  seasons: [
    {
      name: 'summer',
      months: [7, 8],
      ranges: [
        { from: '00:00', to: '08:00', period: 'valley' },
        { from: '08:00', to: '12:00', period: 'peak' },
        { from: '12:00', to: '14:00', period: 'critical' },
        { from: '14:00', to: '17:00', period: 'peak' },
        { from: '17:00', to: '22:00', period: 'flat' },
        { from: '22:00', to: '24:00', period: 'valley' },
      ],
    },
    {
      name: 'other',
      months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12],
      ranges: [
        { from: '00:00', to: '08:00', period: 'valley' },
        { from: '08:00', to: '22:00', period: 'peak' },
        { from: '22:00', to: '24:00', period: 'valley' },
      ],
    },
  ],
};

test('a valid calendar has no problems; the period of a time follows season and hour, boundaries to the later range', () => {
  assert.deepEqual(validateCalendar(CAL), []);
  assert.equal(periodAt(CAL, '2025-07-15T12:00'), 'critical');
  assert.equal(periodAt(CAL, '2025-07-15T11:45'), 'peak');
  assert.equal(periodAt(CAL, '2025-07-15T13:45'), 'critical');
  assert.equal(periodAt(CAL, '2025-07-15T14:00'), 'peak');
  assert.equal(periodAt(CAL, '2025-03-15T12:00'), 'peak');
  assert.equal(periodAt(CAL, '2025-03-15T23:45'), 'valley');
  assert.equal(periodAt(CAL, '2025-03-15T00:00'), 'valley');
});

test('15-minute intervals of a whole day sum into periods', () => {
  const day = (date: string) =>
    Array.from({ length: 96 }, (_, i) => ({
      start: `${date}T${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
      kwh: 0.25,
    }));
  const s = sumIntervals(CAL, day('2025-07-01'));
  assert.deepEqual(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.toString()])), { critical: '2', peak: '7', flat: '5', valley: '10' });
  const w = sumIntervals(CAL, [...day('2025-01-31'), { start: '2025-02-01T08:00', kwh: '0.1' }]);
  assert.equal(w.peak.toString(), '14.1'); // 14 × 1 + 0.1, exactly (0.25 × 56 + 0.1 in decimal)
  assert.equal(w.critical.toString(), '0');
  assert.throws(() => sumIntervals(CAL, [{ start: '2025-07-01T08:10', kwh: 1 }]), /quarter hour/);
});

test('calendar problems name the gap, the overlap and the month', () => {
  const bad: TouCalendar = {
    seasons: [
      {
        name: 'a',
        months: [1, 2, 3, 4, 5, 6],
        ranges: [
          { from: '00:00', to: '08:00', period: 'valley' },
          { from: '09:00', to: '24:00', period: 'peak' },
        ],
      },
      {
        name: 'b',
        months: [6, 7, 8, 9, 10, 11],
        ranges: [
          { from: '00:00', to: '12:00', period: 'valley' },
          { from: '11:00', to: '23:50', period: 'peak' },
        ],
      },
    ],
  };
  const p = validateCalendar(bad);
  assert.deepEqual(p.map((x) => x.rule).sort(), ['gap', 'gap', 'month_missing', 'month_twice', 'overlap', 'quarter_hour']);
  assert.ok(p.some((x) => x.en === "'a' has no period from 08:00 to 09:00"));
  assert.ok(p.some((x) => x.en === "'b' has overlapping periods at 11:00–12:00"));
  assert.ok(p.some((x) => x.en === 'month 12 is in no season'));
});

test('price checks: critical ≥ peak × 1.2 and peak : valley ≥ the policy ratio are warnings', () => {
  assert.deepEqual(touPriceWarnings({ critical: '1.2', peak: '1.0', valley: '0.33' }, NATIONAL_POLICY.tou, 'x'), []);
  assert.deepEqual(touPriceWarnings({ critical: '1.2', peak: '1.0', flat: '0.6', valley: '0.3333' }, NATIONAL_POLICY.tou, 'x'), []);
  const w = touPriceWarnings({ critical: '1.19', peak: '1.0', valley: '0.5' }, NATIONAL_POLICY.tou, 'x');
  assert.equal(w.length, 2);
  assert.match(w[0], /critical peak 1.19 is below peak 1.0 × 1.2/);
  assert.match(w[1], /peak:valley ratio 2 is below 3:1/);
  // Shanghai residential TOU 0.617 / 0.307: ratio 2.01, below 3 → a warning (1093号's ratio is for industry; residential is informative)
  assert.equal(touPriceWarnings({ peak: '0.617', valley: '0.307' }, NATIONAL_POLICY.tou, 'x').length, 1);
});

test('holidays: a calendar that prices public holidays as valley, or with critical peaks, applied to interval sums', () => {
  const day = (date: string) =>
    Array.from({ length: 96 }, (_, i) => ({
      start: `${date}T${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
      kwh: 0.25,
    }));
  const flat = (s: Record<string, { toString(): string }>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.toString()]));
  const valleyHolidays: TouCalendar = { ...CAL, holidays: { ranges: [{ from: '00:00', to: '24:00', period: 'valley' }] } };
  assert.deepEqual(validateCalendar(valleyHolidays), []);
  // October 2025: the 1st is a holiday of the platform calendar, the 9th is not
  const holidays = new Map([['2025-10-01', '国庆节 National Day']]);
  const month = [...day('2025-10-01'), ...day('2025-10-09')];
  // without holidays: two ordinary days, 14 h peak and 10 h valley each
  assert.deepEqual(flat(sumIntervals(CAL, month, holidays)), { critical: '0', peak: '28', flat: '0', valley: '20' });
  // holidays priced as valley: the 1st is all valley
  assert.deepEqual(flat(sumIntervals(valleyHolidays, month, holidays)), { critical: '0', peak: '14', flat: '0', valley: '34' });
  assert.equal(periodAt(valleyHolidays, '2025-10-01T10:00', holidays), 'valley');
  assert.equal(periodAt(valleyHolidays, '2025-10-01T10:00'), 'peak'); // no holidays given
  // only the holidays named: Spring Festival priced as valley, National Day as any other day
  const springOnly: TouCalendar = { ...valleyHolidays, holidays: { ...valleyHolidays.holidays!, names: ['春节'] } };
  assert.deepEqual(flat(sumIntervals(springOnly, month, holidays)), { critical: '0', peak: '28', flat: '0', valley: '20' });
  assert.equal(periodAt(springOnly, '2026-02-17T10:00', new Map([['2026-02-17', '春节 Spring Festival']])), 'valley');
  // critical peak added on holidays
  const critical: TouCalendar = {
    ...CAL,
    holidays: {
      ranges: [
        { from: '00:00', to: '10:00', period: 'valley' },
        { from: '10:00', to: '12:00', period: 'critical' },
        { from: '12:00', to: '24:00', period: 'flat' },
      ],
    },
  };
  assert.deepEqual(flat(sumIntervals(critical, day('2025-10-01'), holidays)), { critical: '2', peak: '0', flat: '12', valley: '10' });
  // the holiday day is checked like a season's: a gap names the holiday ranges
  const gap: TouCalendar = { ...CAL, holidays: { ranges: [{ from: '00:00', to: '20:00', period: 'valley' }] } };
  assert.deepEqual(
    validateCalendar(gap).map((p) => [p.field, p.rule]),
    [['touCalendar.holidays.ranges', 'gap']],
  );
});
