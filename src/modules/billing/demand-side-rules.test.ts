import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftToValley, touWhatIf } from './demand-side-rules.js';
import { rate, type RatingInput } from './rating-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { DomainError } from '../../platform/errors.js';

const tariffs = (province: string) => SEED_TARIFFS.filter((t) => t.province === province);
const nov = { from: '2025-11-01', to: '2025-11-30' };
const shanghaiTou = (kwh: RatingInput['registers']['kwh'], ytdKwh = 3000): RatingInput => ({
  account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: true },
  period: nov,
  versions: tariffs('shanghai'),
  registers: { kwh },
  ytdKwh,
  policy: NATIONAL_POLICY,
});

test('worked example (Shanghai residential TOU, published prices): half the peak moved to valley saves ¥32.80 of ¥163.10', () => {
  // as billed (docs/billing.md §1): 3000 kWh before, 200 peak + 100 valley → ¥163.10
  const w = touWhatIf(shanghaiTou({ peak: 200, valley: 100 }), 50);
  assert.equal(w.beforeFen, 16310);
  // moved: 100 peak + 200 valley. Tier 1 (120 kWh) = 40 peak × 0.617 + 80 valley × 0.307 = 24.68 + 24.56;
  // tier 2 (180 kWh) = 60 peak × 0.677 + 120 valley × 0.337 = 40.62 + 40.44 → ¥130.30
  assert.equal(w.afterFen, 13030);
  assert.equal(w.savingFen, 3280);
  assert.equal(w.movedKwh, 100);
  assert.deepEqual(w.after, { critical: 0, peak: 100, flat: 0, valley: 200 });
  assert.deepEqual(w.tariffCodes, ['SH-RES-2012']);
});

test('the moved kWh are rounded half-up to 0.01 kWh once, and the total kWh is unchanged', () => {
  // 33 % of 10.05 = 3.3165 → 3.32; 33 % of 0.15 = 0.0495 → 0.05
  const s = shiftToValley({ critical: 0.15, peak: 10.05, flat: 7, valley: 1 }, 33, ['critical', 'peak']);
  assert.deepEqual(s.after, { critical: 0.1, peak: 6.73, flat: 7, valley: 4.37 });
  assert.equal(s.movedKwh, 3.37);
  const sum = (k: Record<string, number>) => Object.values(k).reduce((a, b) => a + Math.round(b * 100), 0);
  assert.equal(sum(s.after), sum(s.before));
  // an exact half: 50 % of 0.01 = 0.005 → 0.01 (half-up), the whole period moves
  assert.deepEqual(shiftToValley({ peak: 0.01, valley: 0 }, 50, ['peak']).after, { critical: 0, peak: 0, flat: 0, valley: 0.01 });
  // 100 % empties the peak; the flat period never moves
  assert.deepEqual(shiftToValley({ peak: 5, flat: 3, valley: 2 }, 100, ['peak']).after, { critical: 0, peak: 0, flat: 3, valley: 7 });
});

test('edges: a share out of 0–100 or a move out of the valley is refused naming the field; a non-TOU account is refused naming accountId', () => {
  assert.throws(
    () => shiftToValley({ peak: 1 }, 101, ['peak']),
    (e: DomainError) => e.details[0].field === 'sharePct',
  );
  assert.throws(
    () => shiftToValley({ peak: 1 }, 12.5, ['peak']),
    (e: DomainError) => e.details[0].field === 'sharePct',
  );
  assert.throws(
    () => shiftToValley({ peak: 1 }, 10, ['valley']),
    (e: DomainError) => e.details[0].field === 'from',
  );
  const flat = { ...shanghaiTou({ total: 300 }), account: { ...shanghaiTou({}).account, tou: false } };
  assert.throws(
    () => touWhatIf(flat, 20),
    (e: DomainError) => e.details[0].field === 'accountId' && /time of use/.test(e.en),
  );
});

test('Zhejiang C&I two-part TOU (illustrative prices): critical and peak moved; the saving equals the two ratings’ difference, funds and power factor included', () => {
  const input: RatingInput = {
    account: {
      customerClass: 'commercial_industrial',
      pricing: 'two_part',
      voltage: '10kv',
      capacityKva: 630,
      basicBasis: 'capacity',
      hvIndustrial: true,
      tou: true,
    },
    period: { from: '2025-12-01', to: '2025-12-31' },
    versions: tariffs('zhejiang'),
    registers: { kwh: { critical: 8000, peak: 30000, flat: 40000, valley: 22000 }, kvarh: 45000 },
    policy: NATIONAL_POLICY,
  };
  const w = touWhatIf(input, 20);
  const moved = rate({ ...input, registers: { ...input.registers, kwh: { critical: 6400, peak: 24000, flat: 40000, valley: 29600 } } });
  assert.equal(w.afterFen, moved.totalFen);
  assert.equal(w.beforeFen, rate(input).totalFen);
  assert.equal(w.movedKwh, 7600);
  assert.ok(w.savingFen > 0, `${w.savingFen}`);
  // only peak: less is moved, less is saved
  const peakOnly = touWhatIf(input, 20, false);
  assert.equal(peakOnly.movedKwh, 6000);
  assert.ok(peakOnly.savingFen < w.savingFen);
  // nothing moved, nothing saved
  assert.equal(touWhatIf(input, 0).savingFen, 0);
});

test('a shop with a 20 % residential metering split (§23): both ratings split as the run does; the split’s 300 kWh stay residential', () => {
  const zj = tariffs('zhejiang');
  const shop: RatingInput = {
    account: { customerClass: 'commercial_industrial', pricing: 'single', voltage: 'lv', capacityKva: 50, tou: true },
    period: { from: '2026-11-01', to: '2026-11-30' },
    versions: zj,
    registers: { kwh: { peak: 600, flat: 500, valley: 400 } },
    policy: NATIONAL_POLICY,
  };
  const w = touWhatIf(shop, 50, true, { split: { kind: 'ratio', customerClass: 'residential', sharePct: '20' }, versions: zj, ytdKwh: 0 });
  // as billed: ¥1 052.39 (the §23 worked example); 300 peak kWh moved: 300 / 500 / 700, the split's 300 kWh shared 60 / 100 / 140,
  // the shop's 240 × 1.01 + 400 × 0.67 + 560 × 0.33 = ¥695.20 instead of ¥858.40; funds and the residential ¥161.40 unchanged
  assert.deepEqual([w.movedKwh, w.beforeFen, w.afterFen, w.savingFen], [300, 105239, 105239 - 16320, 16320]);
  // without the split the same registers are all the shop's: a different bill
  assert.notEqual(touWhatIf(shop, 50).beforeFen, 105239);
});
