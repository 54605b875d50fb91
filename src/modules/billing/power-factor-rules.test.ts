import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pfAdjustmentPct, pfStandardFor, powerFactor } from './power-factor-rules.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { D } from './decimal.js';

const table = (std: string) => NATIONAL_POLICY.pfTables.find((t) => t.standard === std)!;
const pct = (std: string, pf: string) => pfAdjustmentPct(table(std), new D(pf)).toString();

/**
 * The tables written out again from the text of 215号, independently of the data: walking one
 * hundredth at a time, in integer hundredths of a percent, with the published anchor values.
 */
function expectedHundredthsOfPct(std: 90 | 85 | 80, pf: number): number {
  if (pf >= std) {
    // reductions, listed as the document lists them
    const reductions: Record<number, Record<number, number>> = {
      90: { 90: 0, 91: -15, 92: -30, 93: -45, 94: -60, 95: -75 },
      85: { 85: 0, 86: -10, 87: -20, 88: -30, 89: -40, 90: -50, 91: -65, 92: -80, 93: -95, 94: -110 },
      80: { 80: 0, 81: -10, 82: -20, 83: -30, 84: -40, 85: -50, 86: -60, 87: -70, 88: -80, 89: -90, 90: -100, 91: -115, 92: -130 },
    };
    const row = reductions[std];
    const last = Math.max(...Object.keys(row).map(Number));
    return row[Math.min(pf, last)];
  }
  // increases: +0.5 % per hundredth for 20 hundredths, then +1 % for 5, then +2 % below
  let v = 0;
  for (let x = std - 1; x >= pf; x--) {
    const below = std - x; // 1, 2, 3 …
    v += below <= 20 ? 50 : below <= 25 ? 100 : 200;
  }
  return v;
}

test('published check: power factor 0.60 on the 0.90 standard adds 25 %', () => {
  assert.equal(pct('0.90', '0.60'), '25');
});

test('every power factor from 0.50 to 1.00 on the 0.90, 0.85 and 0.80 standards matches the table derived from the text', () => {
  for (const std of [90, 85, 80] as const) {
    for (let pf = 50; pf <= 100; pf++) {
      const got = pfAdjustmentPct(table(`0.${std}`), new D(pf).div(100));
      const want = new D(expectedHundredthsOfPct(std, pf)).div(100);
      assert.ok(got.eq(want), `standard 0.${std}, pf ${pf / 100}: got ${got}, want ${want}`);
    }
  }
});

test('anchor values of each standard', () => {
  assert.equal(pct('0.90', '0.70'), '10');
  assert.equal(pct('0.90', '0.65'), '15');
  assert.equal(pct('0.90', '0.64'), '17');
  assert.equal(pct('0.90', '0.95'), '-0.75');
  assert.equal(pct('0.90', '1'), '-0.75');
  assert.equal(pct('0.85', '0.65'), '10');
  assert.equal(pct('0.85', '0.60'), '15');
  assert.equal(pct('0.85', '0.59'), '17');
  assert.equal(pct('0.85', '0.90'), '-0.5');
  assert.equal(pct('0.85', '0.91'), '-0.65');
  assert.equal(pct('0.85', '0.94'), '-1.1');
  assert.equal(pct('0.85', '1'), '-1.1');
  assert.equal(pct('0.80', '0.60'), '10');
  assert.equal(pct('0.80', '0.55'), '15');
  assert.equal(pct('0.80', '0.50'), '25');
  assert.equal(pct('0.80', '0.90'), '-1');
  assert.equal(pct('0.80', '0.92'), '-1.3');
  assert.equal(pct('0.80', '1'), '-1.3');
  assert.equal(pct('0.90', '0.89'), '0.5');
  assert.equal(pct('0.90', '0.90'), '0');
});

test('cos φ from kWh and kvarh, rounded half-up to two decimals', () => {
  assert.equal(powerFactor(3, 4)!.toString(), '0.6');
  assert.equal(powerFactor(100, 0)!.toString(), '1');
  assert.equal(powerFactor(0, 100)!.toString(), '0');
  assert.equal(powerFactor(0, 0), null);
  assert.equal(powerFactor(1000, 484.3)!.toString(), '0.9'); // 0.90000…: tan φ 0.4843 → cos 0.90001
  assert.throws(() => powerFactor(-1, 0));
});

/** Independent exact rounding with BigInt: the largest k with 40000·P² ≥ (2k−1)²·(P²+Q²) (P, Q in thousandths). */
function exactRounded(pMilli: bigint, qMilli: bigint): number {
  const p2 = pMilli * pMilli,
    s = p2 + qMilli * qMilli;
  let k = 0;
  for (let c = 1; c <= 100; c++) if (40000n * p2 >= BigInt((2 * c - 1) ** 2) * s) k = c;
  return k;
}

test('rounding at the .xx5 boundaries is exact, with decimal inputs', () => {
  // pairs placed just either side of 0.925, 0.895, 0.845, 0.795, 0.645: tan φ = √(1 − c²)/c nudged by ±1e-7
  let checked = 0;
  for (const c of [0.925, 0.895, 0.845, 0.795, 0.645, 0.905, 0.915]) {
    for (const nudge of [-3e-6, -1e-6, 1e-6, 3e-6]) {
      const p = 123456.789;
      const q = Number((((p * Math.sqrt(1 - c * c)) / c) * (1 + nudge)).toFixed(3));
      const got = powerFactor(p, q)!.times(100).toNumber();
      assert.equal(got, exactRounded(BigInt(Math.round(p * 1000)), BigInt(Math.round(q * 1000))), `P ${p} Q ${q}`);
      checked++;
    }
  }
  for (let i = 1; i < 400; i++) {
    const p = i * 37.125,
      q = ((i * 7919) % 5003) + 0.5;
    const got = powerFactor(p, q)!.times(100).toNumber();
    assert.equal(got, exactRounded(BigInt(Math.round(p * 1000)), BigInt(Math.round(q * 1000))));
  }
  assert.equal(checked, 28);
});

test('which standard applies: 0.90 HV industrial above 160 kVA, 0.85 other commercial/industrial from 100 kVA, 0.80 agricultural from 100 kVA', () => {
  const std = (customerClass: 'residential' | 'commercial_industrial' | 'agricultural', capacityKva: number, hvIndustrial = false) =>
    pfStandardFor(NATIONAL_POLICY, { customerClass, capacityKva, hvIndustrial })?.standard ?? null;
  assert.equal(std('commercial_industrial', 200, true), '0.90');
  assert.equal(std('commercial_industrial', 160, true), '0.85');
  assert.equal(std('commercial_industrial', 160.5, true), '0.90');
  assert.equal(std('commercial_industrial', 200, false), '0.85');
  assert.equal(std('commercial_industrial', 100, false), '0.85');
  assert.equal(std('commercial_industrial', 99, false), null);
  assert.equal(std('agricultural', 100), '0.80');
  assert.equal(std('agricultural', 50), null);
  assert.equal(std('residential', 1000), null);
});
