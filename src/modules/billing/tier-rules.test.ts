import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundsOf, proratedAnnualBounds, sharePeriods, splitByTiers } from './tier-rules.js';
import { D, dec } from './decimal.js';

const s = (xs: { toString(): string }[]) => xs.map(String);
const SH = [3120, 4800].map((b) => dec(b));
const ZJ = [2760, 4800].map((b) => dec(b));

test('Shanghai: a month inside tier 1, across 3120, across both bounds, and entirely in tier 3', () => {
  assert.deepEqual(s(splitByTiers(dec(1000), dec(200), SH)), ['200', '0', '0']);
  assert.deepEqual(s(splitByTiers(dec(3000), dec(300), SH)), ['120', '180', '0']);
  assert.deepEqual(s(splitByTiers(dec(3000), dec(2000), SH)), ['120', '1680', '200']);
  assert.deepEqual(s(splitByTiers(dec(5000), dec(321.5), SH)), ['0', '0', '321.5']);
});

test('exactly on a bound: the bound kWh is the last of the lower tier', () => {
  assert.deepEqual(s(splitByTiers(dec(3020), dec(100), SH)), ['100', '0', '0']);
  assert.deepEqual(s(splitByTiers(dec(3120), dec(1), SH)), ['0', '1', '0']);
  // Zhejiang: ≤ 2760 tier 1, 2761–4800 tier 2, ≥ 4801 tier 3
  assert.deepEqual(s(splitByTiers(dec(2700), dec(2101), ZJ)), ['60', '2040', '1']);
  assert.deepEqual(s(splitByTiers(dec(0), dec(0), ZJ)), ['0', '0', '0']);
});

test('the year: twelve months of 300 kWh in Shanghai fall 3120 / 480 / 0', () => {
  let ytd = dec(0);
  const sums = [new D(0), new D(0), new D(0)];
  for (let m = 0; m < 12; m++) {
    splitByTiers(ytd, dec(300), SH).forEach((q, i) => (sums[i] = sums[i].plus(q)));
    ytd = ytd.plus(300);
  }
  assert.deepEqual(s(sums), ['3120', '480', '0']);
});

test('partial year: bound × days in force / days in year, rounded half-up to whole kWh', () => {
  const year = { from: '2025-01-01', to: '2025-12-31' };
  const v = [{ validFrom: '2020-01-01', validTo: null, bounds: [3120, 4800] }];
  assert.deepEqual(s(proratedAnnualBounds(year, undefined, v)), ['3120', '4800']);
  // supplied from 1 July: 184 days; 3120 × 184 / 365 = 1572.82 → 1573; 4800 × 184 / 365 = 2419.73 → 2420
  assert.deepEqual(s(proratedAnnualBounds(year, '2025-07-01', v)), ['1573', '2420']);
  // one day supplied: 3285 / 365 = 9 exactly; 1277.5 / 365 = 3.5 exactly, a half, which rounds up to 4
  assert.deepEqual(s(proratedAnnualBounds(year, '2025-12-31', [{ validFrom: '2020-01-01', validTo: null, bounds: [3285, 365 * 3 + 182.5] }])), ['9', '4']);
  // supplied before the year: no proration
  assert.deepEqual(s(proratedAnnualBounds(year, '2019-05-05', v)), ['3120', '4800']);
});

test('a mid-year change of bounds: each version weighs by its days', () => {
  const year = { from: '2024-01-01', to: '2024-12-31' }; // 366 days
  const v = [
    { validFrom: '2020-01-01', validTo: '2024-06-30', bounds: [2760, 4800] }, // 182 days
    { validFrom: '2024-07-01', validTo: null, bounds: [3120, 4800] }, // 184 days
  ];
  // (2760 × 182 + 3120 × 184) / 366 = (502320 + 574080) / 366 = 2940.98 → 2941
  assert.deepEqual(s(proratedAnnualBounds(year, undefined, v)), ['2941', '4800']);
  assert.throws(() => proratedAnnualBounds(year, undefined, [v[1]]), /cover 184 of the 366 days/);
  assert.throws(() => proratedAnnualBounds(year, undefined, [v[0], { ...v[1], bounds: [1] }]), /number of tiers/);
});

test('monthly bounds: Sichuan tier 1 of 260 kWh in July–September, 180 otherwise', () => {
  const t = { basis: 'monthly' as const, bounds: Array.from({ length: 12 }, (_, i) => (i >= 6 && i <= 8 ? [260, 340] : [180, 280])) };
  assert.deepEqual(boundsOf(t, 8), [260, 340]);
  assert.deepEqual(boundsOf(t, 12), [180, 280]);
  assert.deepEqual(
    s(
      splitByTiers(
        dec(0),
        dec(300),
        boundsOf(t, 8).map((b) => dec(b)),
      ),
    ),
    ['260', '40', '0'],
  );
  assert.deepEqual(
    s(
      splitByTiers(
        dec(0),
        dec(300),
        boundsOf(t, 1).map((b) => dec(b)),
      ),
    ),
    ['180', '100', '20'],
  );
});

test('TOU within tiers: tiers count on peak + valley together, shared by the periods in proportion', () => {
  // Zhejiang: 2700 kWh before, month of 300 peak + 100 valley = 400 → tier 1 60, tier 2 340
  const tiers = splitByTiers(dec(2700), dec(400), ZJ);
  const cells = sharePeriods(tiers, [
    ['peak', dec(300)],
    ['valley', dec(100)],
  ]);
  assert.deepEqual(cells.map(s), [
    ['45', '15'],
    ['255', '85'],
    ['0', '0'],
  ]);
  // a share that needs rounding: 100 kWh tier 1 of 333 peak / 667 valley → 33.3 / 66.7; rest to tier 2
  const c2 = sharePeriods(
    [dec(100), dec(900)],
    [
      ['peak', dec(333)],
      ['valley', dec(667)],
    ],
  );
  assert.deepEqual(c2.map(s), [
    ['33.3', '66.7'],
    ['299.7', '600.3'],
  ]);
  const c3 = sharePeriods(
    [dec(1), dec(2)],
    [
      ['peak', dec(1)],
      ['flat', dec(1)],
      ['valley', dec(1)],
    ],
  );
  assert.deepEqual(c3.map(s), [
    ['0.33', '0.33', '0.34'],
    ['0.67', '0.67', '0.66'],
  ]);
  // every period and every tier adds up
  for (const [i, total] of [1, 1, 1].entries()) assert.equal(c3[0][i].plus(c3[1][i]).toNumber(), total);
  assert.deepEqual(
    sharePeriods(
      [dec(0), dec(0)],
      [
        ['peak', dec(0)],
        ['valley', dec(0)],
      ],
    ).map(s),
    [
      ['0', '0'],
      ['0', '0'],
    ],
  );
});
