import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dailyTotals, localDay, type InterruptionRecord } from './daily-totals.js';
import { computeIndices } from './indices.js';
import { majorEventDays, medThreshold } from './major-event-days.js';
import { reliabilityReport } from './reliability-report.js';
import { DEFAULT_RELIABILITY_POLICY as P } from './reliability-policy.js';

const local = (s: string) => new Date(`${s}+08:00`);
const many = (n: number, start: string, end: string | null, causeClass: string): InterruptionRecord[] =>
  Array.from({ length: n }, () => ({ start: local(start), end: end === null ? null : local(end), causeClass }));

// 100 customers, 10 days (240 h), worked by hand:
const period = { start: local('2026-01-01T00:00:00'), end: local('2026-01-11T00:00:00') };
const records: InterruptionRecord[] = [
  ...many(10, '2026-01-02T10:00:00', '2026-01-02T11:00:00', 'equipment'), //  10 × 60 = 600 customer-minutes
  ...many(5, '2026-01-03T09:00:00', '2026-01-03T09:30:00', 'supply_shortage'), // 5 × 30 = 150 (限电)
  ...many(20, '2026-01-04T12:00:00', '2026-01-04T12:03:00', 'equipment'), // momentary (3 min)
  ...many(1, '2026-01-04T13:00:00', '2026-01-04T13:05:00', 'equipment'), // momentary (exactly 5 min)
  ...many(2, '2026-01-05T23:00:00', '2026-01-06T01:00:00', 'external'), // 2 × 120 = 240, counted on the 5th
  ...many(1, '2026-01-07T08:00:00', '2026-01-07T08:06:00', 'equipment'), // 6 min, sustained
  ...many(1, '2026-01-10T23:00:00', null, 'equipment'), // still out: runs to the period end, 60 min
  ...many(3, '2025-12-31T23:00:00', '2026-01-01T01:00:00', 'equipment'), // began before the period: not counted
];

test('per-day totals: day of start (local time), momentary at ≤ 5 min, ongoing clipped to the period', () => {
  const days = dailyTotals(records, period, P);
  assert.deepEqual([...days.keys()].sort(), ['2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-07', '2026-01-10']);
  assert.deepEqual(days.get('2026-01-04'), {
    sustained: 0,
    customerMinutes: 0,
    momentary: 21,
    shortageSustained: 0,
    shortageMinutes: 0,
    externalSustained: 0,
    externalMinutes: 0,
  });
  assert.equal(days.get('2026-01-05')!.customerMinutes, 240);
  assert.equal(days.get('2026-01-05')!.externalSustained, 2);
  assert.equal(days.get('2026-01-10')!.customerMinutes, 60);
  assert.equal(localDay(new Date('2026-01-04T16:30:00Z'), 480), '2026-01-05');
});

test('IEEE 1366 and DL/T 836 indices on hand-computed data', () => {
  const report = reliabilityReport(dailyTotals(records, period, P), 100, period, [], P);
  const x = report.all;
  // sustained: 10 + 5 + 2 + 1 + 1 = 19; customer-minutes 600 + 150 + 240 + 6 + 60 = 1056
  assert.equal(x.hours, 240);
  assert.equal(x.customerInterruptions, 19);
  assert.equal(x.customerMinutes, 1056);
  assert.equal(x.saifi, 0.19);
  assert.equal(x.saidiMinutes, 10.56);
  near(x.caidiMinutes!, 1056 / 19, 'CAIDI 55.58 min');
  near(x.asai, 1 - 1056 / 1_440_000, 'ASAI 0.999267');
  assert.equal(x.maifi, 0.21);
  near(x.aihc1Hours, 0.176, 'AIHC-1 = 17.6 h / 100');
  near(x.rs1Percent, 99.92666666666666, 'RS-1');
  near(x.rs3Percent, 99.93708333333333, 'RS-3 without the 150 限电 minutes');
  near(x.rs2Percent, 99.94333333333333, 'RS-2 without the 240 external minutes');
  assert.equal(report.med.tMedMinutes, null, 'no history, no major event days');
});

test('an interruption beginning on the last day counts whole, on the day it began', () => {
  const late = many(1, '2026-01-10T23:00:00', '2026-01-11T02:00:00', 'equipment');
  const d = dailyTotals(late, period, P);
  assert.equal(d.get('2026-01-10')!.customerMinutes, 180);
});

test('the momentary threshold is policy: at 2 minutes the 3- and 5-minute interruptions become sustained', () => {
  const d = dailyTotals(records, period, { ...P, momentaryMaxMinutes: 2 });
  const t = d.get('2026-01-04')!;
  assert.equal(t.momentary, 0);
  assert.equal(t.sustained, 21);
  assert.equal(t.customerMinutes, 65);
});

test('indices refuse an empty population or period; CAIDI is undefined without interruptions', () => {
  const zero = dailyTotals([], period, P);
  const r = reliabilityReport(zero, 10, period, [], P);
  assert.equal(r.all.caidiMinutes, null);
  assert.equal(r.all.asai, 1);
  assert.equal(r.all.rs1Percent, 100);
  assert.throws(() => computeIndices(r.all as never, 0, 24), /customersServed/);
  assert.throws(() => reliabilityReport(zero, 10, { start: period.end, end: period.end }, [], P), /zero hours/);
});

test('T_MED by 2.5β: ln values 0,1,2,3 (zero day dropped), α = 1.5, β = √(5/3) sample or √(5/4) population', () => {
  const history = [1, Math.E, Math.E ** 2, Math.E ** 3, 0];
  const s = medThreshold(history, P);
  near(s.alpha, 1.5, 'α');
  near(s.beta, Math.sqrt(5 / 3), 'β sample');
  near(s.tMedMinutes!, 113.011, 'T_MED sample', 0.001);
  assert.equal(s.daysUsed, 4);
  const p = medThreshold(history, { ...P, medStdDev: 'population' });
  near(p.beta, Math.sqrt(1.25), 'β population');
  near(p.tMedMinutes!, 73.338, 'T_MED population', 0.001);
  assert.equal(medThreshold([5], P).tMedMinutes, null, 'one day cannot give a sample deviation');
  assert.deepEqual(
    majorEventDays(
      new Map([
        ['a', 113.0],
        ['b', 113.02],
        ['c', 500],
      ]),
      s.tMedMinutes,
    ),
    ['b', 'c'],
  );
});

test('a major event day is reported apart and left out of the normal-day indices', () => {
  const history = [1, Math.E, Math.E ** 2, Math.E ** 3];
  const storm = [
    ...records,
    ...many(100, '2026-01-08T02:00:00', '2026-01-08T04:30:00', 'natural_disaster'), // 100 × 150 min: SAIDI 150 > 113.01
  ];
  const r = reliabilityReport(dailyTotals(storm, period, P), 100, period, history, P);
  assert.deepEqual(r.med.days, ['2026-01-08']);
  assert.equal(r.all.customerMinutes, 1056 + 15000);
  assert.equal(r.normal.customerMinutes, 1056);
  assert.equal(r.normal.saifi, 0.19);
  assert.equal(r.majorEvents.saifi, 1);
  assert.equal(r.majorEvents.saidiMinutes, 150);
});

function near(actual: number, expected: number, what: string, tol = 1e-9) {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}
