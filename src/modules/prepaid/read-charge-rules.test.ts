/** Charges from meter reads (docs/prepaid.md, "Charges from meter reads"): order, baseline, multiplier, rounding, rollover, holds, meter change. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateReading } from '../billing/index.js';
import { NATIONAL_POLICY } from '../billing/policy-data.js';
import { chargesFromReads, type KwhRead, type PrevRead } from './read-charge-rules.js';

const rule = (r: Parameters<typeof validateReading>[0]) => validateReading(r, NATIONAL_POLICY.reading);
const at = (s: string) => new Date(`${s}T10:00:00+08:00`);
const read = (meterId: number, day: string, value: string, more: Partial<KwhRead> = {}): KwhRead => ({
  meterId,
  readAt: at(day),
  value,
  meterChanged: false,
  held: false,
  ...more,
});
const prev = (entries: [number, string, string][]) => new Map<number, PrevRead>(entries.map(([m, d, v]) => [m, { readAt: at(d), value: v }]));
const mult = (entries: [number, string][]) => new Map(entries);

test('reads: taken in read-time order from the read before them, times the multiplier', () => {
  const r = chargesFromReads([read(1, '2026-11-30', '1200'), read(1, '2026-10-31', '1100.5')], prev([[1, '2026-09-30', '1000']]), mult([[1, '2.00']]), 6, rule);
  assert.deepEqual(
    r.taken.map((t) => [t.prevValue, t.value, t.kwh, t.outcome]),
    [
      ['1000', '1100.5', '201', 'charged'],
      ['1100.5', '1200', '199', 'charged'],
    ],
  );
  assert.equal(r.kwh, '400');
  assert.equal(r.waiting, 0);
});

test('reads: a meter with no read before is a baseline (nothing charged); the next read is charged from it', () => {
  const r = chargesFromReads([read(1, '2026-10-31', '500'), read(1, '2026-11-30', '520')], new Map(), mult([[1, '1']]), 6, rule);
  assert.deepEqual(
    r.taken.map((t) => [t.kwh, t.outcome]),
    [
      ['0', 'baseline'],
      ['20', 'charged'],
    ],
  );
});

test('reads: each read is rounded once, half up, to 0.001 kWh before the day is summed', () => {
  // 0.0005 × 1 = 0.0005 → 0.001; 0.0004 × 1 → 0; 0.0003 × 2.5 = 0.00075 → 0.001 (three reads, two meters)
  const r = chargesFromReads(
    [read(1, '2026-11-01', '10.0005'), read(1, '2026-11-02', '10.0009'), read(2, '2026-11-01', '7.0003')],
    prev([
      [1, '2026-10-01', '10'],
      [2, '2026-10-01', '7'],
    ]),
    mult([
      [1, '1'],
      [2, '2.5'],
    ]),
    6,
    rule,
  );
  assert.deepEqual(
    r.taken.map((t) => t.kwh),
    ['0.001', '0', '0.001'],
  );
  assert.equal(r.kwh, '0.002');
});

test('reads: a rollover of a 6-digit register is an advance; a read below the last that is no rollover charges nothing and is the new baseline', () => {
  const roll = chargesFromReads([read(1, '2026-11-30', '15')], prev([[1, '2026-10-31', '999990']]), mult([[1, '1']]), 6, rule);
  assert.deepEqual(
    roll.taken.map((t) => [t.kwh, t.outcome]),
    [['25', 'charged']],
  );
  const back = chargesFromReads(
    [read(1, '2026-11-30', '400000'), read(1, '2026-12-31', '400010')],
    prev([[1, '2026-10-31', '800000']]),
    mult([[1, '1']]),
    6,
    rule,
  );
  assert.deepEqual(
    back.taken.map((t) => [t.prevValue, t.kwh, t.outcome]),
    [
      ['800000', '0', 'not_chargeable'],
      ['400000', '10', 'charged'],
    ],
  );
});

test('reads: a held read waits with the later reads of its meter; other meters go on', () => {
  const r = chargesFromReads(
    [read(1, '2026-11-15', '1150', { held: true }), read(1, '2026-11-30', '1200'), read(2, '2026-11-30', '60')],
    prev([
      [1, '2026-10-31', '1100'],
      [2, '2026-10-31', '50'],
    ]),
    mult([
      [1, '1'],
      [2, '1'],
    ]),
    6,
    rule,
  );
  assert.equal(r.waiting, 2);
  assert.deepEqual(
    r.taken.map((t) => [t.meterId, t.kwh]),
    [[2, '10']],
  );
});

test('reads: a meter without a known multiplier waits; a new meter (meter change) counts from zero', () => {
  const unknown = chargesFromReads([read(9, '2026-11-30', '10')], prev([[9, '2026-10-31', '5']]), new Map(), 6, rule);
  assert.deepEqual([unknown.taken.length, unknown.waiting], [0, 1]);
  const changed = chargesFromReads([read(3, '2026-11-30', '12.5', { meterChanged: true })], new Map(), mult([[3, '1']]), 6, rule);
  assert.deepEqual(
    changed.taken.map((t) => [t.kwh, t.outcome]),
    [['12.5', 'charged']],
  );
});
