/** Scoring rules on worked examples (docs/scorecards.md "Scoring"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScheme, D, exactValue, linearPoints, monthsOf, parsePeriod, rankPoints, ranks, scoreUnits, type Measured, type SchemeData } from './rules.js';
import type { Indicator } from './indicators.js';

test('linear points: 0 at the floor, full weight at the target, capped, both directions', () => {
  // arrival 95 % between floor 90 % and target 100 %, weight 12 → half the weight: 6
  assert.equal(linearPoints(new D('0.95'), '0.90', '1', '12').toFixed(2), '6.00');
  assert.equal(linearPoints(new D('0.85'), '0.90', '1', '12').toFixed(2), '0.00', 'below the floor: 0, not negative');
  assert.equal(linearPoints(new D('1'), '0.90', '1', '12').toFixed(2), '12.00');
  // lower-is-better: overdue rate 1 % between floor 5 % and target 0 %, weight 10 → 4/5 of 10 = 8
  assert.equal(linearPoints(new D('0.01'), '0.05', '0', '10').toFixed(2), '8.00');
  assert.equal(linearPoints(new D('0.07'), '0.05', '0', '10').toFixed(2), '0.00');
  assert.equal(linearPoints(new D('0'), '0.05', '0', '10').toFixed(2), '10.00', 'at or beyond the target: capped at the weight');
});

test('exact values: fractions of integers, per 10,000 scaled, no denominator is no value', () => {
  assert.equal(exactValue('repair_arrival', 2, 3)!.toFixed(10), '0.6666666667');
  assert.equal(exactValue('complaints_per_10k', 3, 12000)!.toString(), '2.5');
  assert.equal(exactValue('repair_arrival', 0, 0), null);
  // 1/3 is not 0.3333 in the points: 2/3 on floor 0, target 1, weight 3 gives exactly 2.00
  assert.equal(linearPoints(exactValue('repair_arrival', 2, 3)!, '0', '1', '3').toFixed(2), '2.00');
});

test('ranks: competition ranks, ties share the better rank, nulls unranked; rank points', () => {
  const v = (xs: (string | null)[]) => xs.map((x) => (x === null ? null : new D(x)));
  assert.deepEqual(ranks(v(['0.9', '0.95', '0.9', null]), 'higher'), [2, 1, 2, null]);
  assert.deepEqual(ranks(v(['0.01', '0.03', '0.02']), 'lower'), [1, 3, 2]);
  assert.equal(rankPoints(1, 3, '5').toFixed(2), '5.00');
  assert.equal(rankPoints(2, 3, '5').toFixed(2), '2.50');
  assert.equal(rankPoints(3, 3, '5').toFixed(2), '0.00');
  assert.equal(rankPoints(1, 1, '5').toFixed(2), '5.00', 'alone: full weight');
});

test('worked example: three stations, a missing indicator is said and left out of the points possible', () => {
  const scheme: SchemeData = {
    utcOffsetMinutes: 480,
    indicators: [
      { indicator: 'repair_arrival', weight: '12', method: 'linear', floor: '0.90', target: '1' },
      { indicator: 'installation_overdue', weight: '10', method: 'linear', floor: '0.05', target: '0' },
      { indicator: 'window_score', weight: '5', method: 'rank' },
    ],
  };
  const m = (x: Partial<Record<Indicator, Measured>>) => new Map(Object.entries(x) as [Indicator, Measured][]);
  const measured = new Map([
    // A: arrival 19/20 = 95 % → 6.00; overdue 1/100 = 1 % → 8.00; window 90/100 best → 5.00; 19.00 of 27 → 70.37
    [
      1,
      m({
        repair_arrival: { numerator: 19, denominator: 20 },
        installation_overdue: { numerator: 1, denominator: 100 },
        window_score: { numerator: 90, denominator: 100 },
      }),
    ],
    // B: arrival 1/1 → 12.00; no installations (0/0): missing; window 80/100 last → 0.00; 12.00 of 17 → 70.59
    [
      2,
      m({
        repair_arrival: { numerator: 1, denominator: 1 },
        installation_overdue: { numerator: 0, denominator: 0 },
        window_score: { numerator: 80, denominator: 100 },
      }),
    ],
    // C: arrival 2/3 → 0.00; overdue 0/10 → 10.00; window 85/100 middle → 2.50; 12.50 of 27 → 46.30
    [
      3,
      m({
        repair_arrival: { numerator: 2, denominator: 3 },
        installation_overdue: { numerator: 0, denominator: 10 },
        window_score: { numerator: 85, denominator: 100 },
      }),
    ],
  ]);
  const r = scoreUnits(scheme, [1, 2, 3], measured);
  assert.deepEqual(
    r.map((u) => [u.unitId, u.points, u.maxPoints, u.score, u.rank]),
    [
      [1, '19.00', '27.00', '70.37', 2],
      [2, '12.00', '17.00', '70.59', 1],
      [3, '12.50', '27.00', '46.30', 3],
    ],
  );
  const b = r[1].lines.find((l) => l.indicator === 'installation_overdue')!;
  assert.deepEqual([b.status, b.value, b.points, b.missing], ['missing', null, null, 'no_denominator']);
  assert.equal(r[0].lines[0].value, '0.9500');
  assert.equal(r[2].lines[0].value, '0.6667', 'displayed to 4 decimals, half-up');
});

test('a unit with no data at all is not ranked; ties share a rank', () => {
  const scheme: SchemeData = {
    utcOffsetMinutes: 480,
    indicators: [{ indicator: 'service_level', weight: '8', method: 'linear', floor: '0.60', target: '0.80' }],
  };
  const one = (n: number, d: number) => new Map<Indicator, Measured>([['service_level', { numerator: n, denominator: d }]]);
  const r = scoreUnits(
    scheme,
    [1, 2, 3],
    new Map([
      [1, one(7, 10)],
      [2, one(70, 100)],
      [3, new Map()],
    ]),
  );
  assert.deepEqual(
    r.map((u) => [u.score, u.rank]),
    [
      ['50.00', 1],
      ['50.00', 1],
      [null, null],
    ],
  );
  assert.equal(r[2].lines[0].missing, 'no_data');
});

test('rounding: points half-up to 2 decimals, the total is the sum of the printed points', () => {
  const scheme: SchemeData = {
    utcOffsetMinutes: 480,
    indicators: [
      { indicator: 'repair_arrival', weight: '1', method: 'linear', floor: '0', target: '1' },
      { indicator: 'repair_restoration', weight: '1', method: 'linear', floor: '0', target: '1' },
    ],
  };
  // 0.125 → 0.13 (half up) each: printed 0.13 + 0.13 = 0.26 (the exact sum 0.25 would print 0.25)
  const x = new Map<Indicator, Measured>([
    ['repair_arrival', { numerator: 1, denominator: 8 }],
    ['repair_restoration', { numerator: 1, denominator: 8 }],
  ]);
  const [u] = scoreUnits(scheme, [1], new Map([[1, x]]));
  assert.deepEqual(
    u.lines.map((l) => l.points),
    ['0.13', '0.13'],
  );
  assert.equal(u.points, '0.26');
  assert.equal(u.score, '13.00');
});

test('scheme check names the field and the rule', () => {
  const bad = checkScheme({
    utcOffsetMinutes: 480,
    indicators: [
      { indicator: 'installation_overdue', weight: '10', method: 'linear', floor: '0', target: '0.05' },
      { indicator: 'installation_overdue', weight: '0', method: 'rank' },
      { indicator: 'nope' as Indicator, weight: '1', method: 'linear' },
    ],
  });
  assert.deepEqual(
    bad.map((p) => `${p.field}:${p.rule}`),
    [
      'indicators[0].target:direction',
      'indicators[1].indicator:unique',
      'indicators[1].weight:positive',
      'indicators[2].indicator:enum',
      'indicators[2].floor:required',
      'indicators[2].target:required',
    ],
  );
  assert.deepEqual(checkScheme({ utcOffsetMinutes: 480, indicators: [{ indicator: 'window_score', weight: '5', method: 'rank' }] }), []);
});

test('periods in local time (UTC+8): months and quarters', () => {
  const p = parsePeriod('2026-11', 480)!;
  assert.equal(p.from.toISOString(), '2026-10-31T16:00:00.000Z');
  assert.equal(p.to.toISOString(), '2026-11-30T16:00:00.000Z');
  const q = parsePeriod('2026-Q4', 480)!;
  assert.equal(q.kind, 'quarter');
  assert.equal(q.to.toISOString(), '2026-12-31T16:00:00.000Z');
  assert.deepEqual(monthsOf(q), ['2026-10-01', '2026-11-01', '2026-12-01']);
  assert.equal(parsePeriod('2026-13', 480), null);
  assert.equal(parsePeriod('2026-Q5', 480), null);
  assert.equal(parsePeriod('26-11', 480), null);
});
