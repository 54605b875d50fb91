/**
 * Adversarial checks of docs/rules.md §8 written from the rule text (docs/rules-review.md).
 * Conventions: an interruption belongs, whole, to the local day (policy UTC offset) it began;
 * sustained means strictly longer than the momentary limit; T_MED needs two non-zero days;
 * a major event day has SAIDI strictly greater than T_MED.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dailyTotals, type InterruptionRecord } from './daily-totals.js';
import { computeIndices } from './indices.js';
import { majorEventDays, medThreshold } from './major-event-days.js';
import { reliabilityReport } from './reliability-report.js';
import { DEFAULT_RELIABILITY_POLICY as P } from './reliability-policy.js';

const local = (s: string) => new Date(`${s}+08:00`);
const rec = (start: string, ms: number | null, causeClass = 'equipment'): InterruptionRecord => ({
  start: local(start),
  end: ms === null ? null : new Date(local(start).getTime() + ms),
  causeClass,
});
const MIN = 60_000;
const period = { start: local('2026-03-01T00:00:00'), end: local('2026-04-01T00:00:00') };

function near(actual: number, expected: number, what: string, tol = 1e-9) {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

test('exactly 5 min is momentary; 5 min + 1 s, and 5 min + 1 ms, are sustained', () => {
  const d = dailyTotals([rec('2026-03-02T10:00:00', 5 * MIN), rec('2026-03-03T10:00:00', 5 * MIN + 1000), rec('2026-03-04T10:00:00', 5 * MIN + 1)], period, P);
  assert.deepEqual([d.get('2026-03-02')!.momentary, d.get('2026-03-02')!.sustained], [1, 0]);
  assert.deepEqual([d.get('2026-03-03')!.momentary, d.get('2026-03-03')!.sustained], [0, 1]);
  near(d.get('2026-03-03')!.customerMinutes, 5 + 1 / 60, '5 min 1 s in minutes');
  assert.deepEqual([d.get('2026-03-04')!.momentary, d.get('2026-03-04')!.sustained], [0, 1]);
  const r = reliabilityReport(d, 10, period, [], P).all;
  assert.equal(r.customerInterruptions, 2);
  near(r.maifi, 1 / 10, 'MAIFI counts the 5-minute one');
});

test('an interruption crossing midnight counts whole on the local day it began, in both UTC and Shanghai terms', () => {
  // 23:30 Shanghai on 03-10 = 15:30 UTC on 03-10; it ends 01:30 on 03-11.
  const d = dailyTotals([rec('2026-03-10T23:30:00', 120 * MIN)], period, P);
  assert.deepEqual([...d.keys()], ['2026-03-10']);
  assert.equal(d.get('2026-03-10')!.customerMinutes, 120);
  // 00:30 Shanghai on 03-11 is 16:30 UTC on 03-10: the Shanghai day decides.
  const e = dailyTotals([rec('2026-03-11T00:30:00', 60 * MIN)], period, P);
  assert.deepEqual([...e.keys()], ['2026-03-11']);
});

test('period boundaries: began before → not in this period; began inside and ends after → counted whole', () => {
  const d = dailyTotals([rec('2026-02-28T23:00:00', 120 * MIN), rec('2026-03-31T23:00:00', 180 * MIN), rec('2026-04-01T00:00:00', 60 * MIN)], period, P);
  assert.deepEqual([...d.keys()], ['2026-03-31']);
  assert.equal(d.get('2026-03-31')!.customerMinutes, 180);
});

test('an ongoing interruption runs to now when the period is not over, to the period end otherwise', () => {
  const open = [rec('2026-03-20T10:00:00', null)];
  assert.equal(dailyTotals(open, period, P).get('2026-03-20')!.customerMinutes, (11 * 24 + 14) * 60, 'to the period end');
  const asOf = local('2026-03-20T12:00:00');
  assert.equal(dailyTotals(open, { ...period, asOf }, P).get('2026-03-20')!.customerMinutes, 120, 'to now');
  const later = local('2026-05-01T00:00:00');
  assert.equal(dailyTotals(open, { ...period, asOf: later }, P).get('2026-03-20')!.customerMinutes, (11 * 24 + 14) * 60);
  // three minutes so far: momentary for now
  const fresh = dailyTotals(open, { ...period, asOf: local('2026-03-20T10:03:00') }, P).get('2026-03-20')!;
  assert.deepEqual([fresh.momentary, fresh.sustained], [1, 0]);
});

test('CAIDI is undefined when SAIFI = 0 (only momentary interruptions); ASAI is 1', () => {
  const d = dailyTotals([rec('2026-03-02T10:00:00', 2 * MIN), rec('2026-03-02T11:00:00', 5 * MIN)], period, P);
  const r = reliabilityReport(d, 50, period, [], P).all;
  assert.equal(r.saifi, 0);
  assert.equal(r.saidiMinutes, 0);
  assert.equal(r.caidiMinutes, null);
  assert.equal(r.asai, 1);
  near(r.maifi, 2 / 50, 'MAIFI');
  assert.equal(r.rs1Percent, 100);
});

test('CAIDI = SAIDI / SAIFI; ASAI and RS-1 use the hours of the period (8784 in leap year 2024, 8760 in 2025)', () => {
  const t = { sustained: 4, customerMinutes: 600, momentary: 0, shortageSustained: 1, shortageMinutes: 60, externalSustained: 1, externalMinutes: 120 };
  const leap = computeIndices(t, 200, (Date.parse('2025-01-01T00:00:00+08:00') - Date.parse('2024-01-01T00:00:00+08:00')) / 3_600_000);
  assert.equal(leap.hours, 8784);
  near(leap.caidiMinutes!, leap.saidiMinutes / leap.saifi, 'CAIDI = SAIDI / SAIFI');
  near(leap.asai, 1 - 600 / 60 / (200 * 8784), 'ASAI leap year');
  near(leap.aihc1Hours, 600 / 60 / 200, 'AIHC-1 in hours per customer');
  near(leap.rs1Percent, (1 - leap.aihc1Hours / 8784) * 100, 'RS-1');
  near(leap.rs2Percent, (1 - (600 - 120) / 60 / 200 / 8784) * 100, 'RS-2 without external causes');
  near(leap.rs3Percent, (1 - (600 - 60) / 60 / 200 / 8784) * 100, 'RS-3 without 限电');
  assert.ok(leap.rs2Percent > leap.rs1Percent && leap.rs3Percent > leap.rs1Percent);
  const plain = computeIndices(t, 200, 8760);
  near(plain.asai, 1 - 600 / 60 / (200 * 8760), 'ASAI 2025');
});

test('N_T = 0 (or not a number) is refused instead of dividing by zero', () => {
  const t = dailyTotals([rec('2026-03-02T10:00:00', 60 * MIN)], period, P).get('2026-03-02')!;
  assert.throws(() => computeIndices(t, 0, 744), RangeError);
  assert.throws(() => computeIndices(t, Number.NaN, 744), RangeError);
  assert.throws(() => reliabilityReport(new Map(), 0, period, [], P), RangeError);
});

test('T_MED: fewer than two non-zero history days gives no threshold and no major event day, sample or population', () => {
  for (const medStdDev of ['sample', 'population'] as const) {
    assert.equal(medThreshold([], { ...P, medStdDev }).tMedMinutes, null, medStdDev);
    assert.equal(medThreshold([0, 0, 0], { ...P, medStdDev }).tMedMinutes, null, medStdDev);
    const one = medThreshold([0, 40, 0], { ...P, medStdDev });
    assert.equal(one.tMedMinutes, null, medStdDev);
    assert.equal(one.daysUsed, 1);
  }
  const d = dailyTotals([rec('2026-03-02T10:00:00', 10_000 * MIN)], period, P);
  assert.deepEqual(reliabilityReport(d, 10, period, [30], { ...P, medStdDev: 'population' }).med.days, []);
});

test('T_MED drops zero days before taking logs, and k and the deviation come from the policy', () => {
  const withZeros = medThreshold([0, 2, 0, 8, 0], P);
  const without = medThreshold([2, 8], P);
  assert.equal(withZeros.daysUsed, 2);
  near(withZeros.tMedMinutes!, without.tMedMinutes!, 'zeros do not change T_MED');
  // ln 2, ln 8: α = 2 ln 2 (= ln 4), sample β = ln 4 / √2, population β = ln 2
  near(without.alpha, Math.log(4), 'α');
  near(without.beta, Math.log(4) / Math.SQRT2, 'β sample');
  near(without.tMedMinutes!, Math.exp(Math.log(4) + (2.5 * Math.log(4)) / Math.SQRT2), 'T_MED sample');
  near(medThreshold([2, 8], { ...P, medStdDev: 'population' }).tMedMinutes!, Math.exp(Math.log(4) + 2.5 * Math.log(2)), 'T_MED population');
  near(medThreshold([2, 8], { ...P, medK: 3 }).tMedMinutes!, Math.exp(Math.log(4) + (3 * Math.log(4)) / Math.SQRT2), 'T_MED with k = 3');
});

test('a day exactly at T_MED is not a major event day (strictly greater), however floats round', () => {
  for (const v of [10, 7.3, 113.011, 0.1, 1e-3, 12345.678]) {
    const th = medThreshold([v, v, v, v], P); // β = 0: T_MED = exp(ln v) ≈ v
    assert.equal(th.beta, 0);
    assert.deepEqual(majorEventDays(new Map([['equal', v]]), th.tMedMinutes), [], `day equal to T_MED ${v}`);
    assert.deepEqual(majorEventDays(new Map([['above', v * 1.000001]]), th.tMedMinutes), ['above'], `day above T_MED ${v}`);
  }
});

test('a storm crossing midnight is a major event on the day it began, and only that day', () => {
  const history = [1, Math.E, Math.E ** 2, Math.E ** 3]; // T_MED ≈ 113.011 min
  // 10 customers × 1200 min = SAIDI 1200 on 03-15 (it runs from 22:00 to 18:00 next day)
  const storm = Array.from({ length: 10 }, () => rec('2026-03-15T22:00:00', 1200 * MIN, 'natural_disaster'));
  const r = reliabilityReport(dailyTotals(storm, period, P), 10, period, history, P);
  assert.deepEqual(r.med.days, ['2026-03-15']);
  assert.equal(r.normal.customerMinutes, 0);
  assert.equal(r.majorEvents.saidiMinutes, 1200);
});
