import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateWithSplit, splitQuantity, splitRegisters, splitYtdInputs, type MeteringSplit } from './metering-split-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { dec } from './decimal.js';
import { DomainError } from '../../platform/errors.js';
import type { RatingAccount } from './schemas.js';

const zj = SEED_TARIFFS.filter((t) => t.province === 'zhejiang');
const shop = (x: Partial<RatingAccount> = {}): RatingAccount => ({
  customerClass: 'commercial_industrial',
  pricing: 'single',
  voltage: 'lv',
  capacityKva: 50,
  tou: true,
  ...x,
});
const ratio = (pct: string, cls: RatingAccount['customerClass'] = 'residential'): MeteringSplit => ({ kind: 'ratio', customerClass: cls, sharePct: pct });
const fixed = (kwh: number, cls: RatingAccount['customerClass'] = 'residential'): MeteringSplit => ({ kind: 'fixed', customerClass: cls, kwh });
const nov = { from: '2026-11-01', to: '2026-11-30' };
const brief = (lines: { code: string; quantity: string; price: string; amountFen: number }[]) => lines.map((l) => [l.code, l.quantity, l.price, l.amountFen]);

test('split quantity: a ratio rounds half-up to whole kWh, a fixed quantity is capped at the consumption', () => {
  const q = (t: string, s: MeteringSplit, before?: string) => {
    const r = splitQuantity(dec(t), s, before === undefined ? undefined : dec(before));
    return [r.kwh.toString(), r.capped];
  };
  assert.deepEqual(q('1500', ratio('20')), ['300', false]);
  assert.deepEqual(q('1234.5', ratio('20')), ['247', false]); // 246.9 → 247
  assert.deepEqual(q('1004', ratio('12.5')), ['126', false]); // 125.5 → 126 (half-up, not half-even)
  assert.deepEqual(q('1003', ratio('12.5')), ['125', false]); // 125.375 → 125
  assert.deepEqual(q('0.6', ratio('100')), ['0.6', true]); // a whole kWh above the consumption: capped
  assert.deepEqual(q('1500', fixed(300)), ['300', false]);
  assert.deepEqual(q('250', fixed(300)), ['250', true]); // the fixed quantity is more than was used: all of it, no more
  assert.deepEqual(q('0', fixed(300)), ['0', true]);
  // on interim readings the month's fixed quantity is used up in order
  assert.deepEqual(q('250', fixed(300), '200'), ['100', false]);
  assert.deepEqual(q('250', fixed(300), '300'), ['0', false]);
});

test('TOU registers are split in proportion (0.01 kWh, the last period takes the rest); the main class keeps the rest of each period', () => {
  const r = splitRegisters({ kwh: { peak: 100.5, flat: 200.25, valley: 99.25 }, kvarh: 50 }, true, false, ratio('20'));
  assert.equal(r.splitKwh.toString(), '80');
  assert.equal(r.mainKwh.toString(), '320');
  // 80 × 100.5 / 400 = 20.1; 80 × 200.25 / 400 = 40.05; valley 80 − 60.15 = 19.85
  assert.deepEqual(
    Object.entries(r.splitByPeriod!).map(([p, q]) => [p, q!.toString()]),
    [
      ['peak', '20.1'],
      ['flat', '40.05'],
      ['valley', '19.85'],
    ],
  );
  assert.deepEqual(r.main, { kwh: { peak: 80.4, flat: 160.2, valley: 79.4 }, kvarh: 50 });
  // the residential part is not billed by TOU: its total
  assert.deepEqual(r.part, { kwh: { total: 80 } });
  // a class billed by TOU keeps the periods
  const ci = splitRegisters({ kwh: { peak: 100.5, flat: 200.25, valley: 99.25 } }, true, true, ratio('20', 'agricultural'));
  assert.deepEqual(ci.part, { kwh: { peak: 20.1, flat: 40.05, valley: 19.85 } });
});

test('a shop with 20 % residential lighting (定比): each class under its own tariff, every split line naming the rule', () => {
  const r = rateWithSplit(
    { account: shop(), period: nov, versions: zj, registers: { kwh: { peak: 600, flat: 500, valley: 400 } }, policy: NATIONAL_POLICY },
    { split: ratio('20'), versions: zj, ytdKwh: 0 },
  );
  // 1500 kWh × 20 % = 300 kWh residential; by period 120 / 100 / 80, so the shop keeps 480 / 400 / 320
  assert.deepEqual(brief(r.lines), [
    ['energy_peak', '480', '1.01', 48480],
    ['energy_flat', '400', '0.67', 26800],
    ['energy_valley', '320', '0.33', 10560],
    ['fund_major_water', '1200', '0.00196', 235], // 2.352 → 2.35
    ['fund_reservoir_migrants', '1200', '0.0062', 744],
    ['fund_renewable', '1200', '0.019', 2280],
    ['energy_tier1_split', '300', '0.538', 16140],
  ]);
  assert.equal(r.totalFen, 105239);
  const part = r.lines[6];
  assert.equal(part.tariffCode, 'ZJ-RES-2012');
  assert.match(part.rule, /metering_split ratio/);
  assert.match(part.labelZh, /居民生活·定比/);
  assert.match(part.note!, /定比 20% × 1500 kWh = 300 kWh/);
  assert.match(r.lines[0].note!, /主类 main class 1200 kWh/);
  assert.deepEqual(r.meteringSplit && [r.meteringSplit.splitKwh, r.meteringSplit.mainKwh, r.meteringSplit.capped], ['300', '1200', false]);
});

test('a fixed quantity (定量) above the consumption takes all of it; tiers of the split class count on its own year to date', () => {
  const r = rateWithSplit(
    { account: shop({ tou: false }), period: nov, versions: zj, registers: { kwh: { total: 250 } }, policy: NATIONAL_POLICY },
    { split: fixed(300), versions: zj, ytdKwh: 2700 },
  );
  // all 250 kWh residential: 60 kWh to the 2760 bound at 0.538, 190 kWh at 0.588; the shop has none
  assert.deepEqual(brief(r.lines), [
    ['energy_tier1_split', '60', '0.538', 3228],
    ['energy_tier2_split', '190', '0.588', 11172],
  ]);
  assert.equal(r.totalFen, 14400);
  assert.match(r.lines[0].note!, /定量 300 kWh\/月，超过本期电量，按 250 kWh/);
  assert.equal(r.meteringSplit!.capped, true);
  // 1500 kWh: 300 residential, the shop's 1200 at the flat single price with funds
  const big = rateWithSplit(
    { account: shop({ tou: false }), period: nov, versions: zj, registers: { kwh: { total: 1500 } }, policy: NATIONAL_POLICY },
    { split: fixed(300), versions: zj, ytdKwh: 0 },
  );
  assert.deepEqual(brief(big.lines), [
    ['energy', '1200', '0.67', 80400],
    ['fund_major_water', '1200', '0.00196', 235],
    ['fund_reservoir_migrants', '1200', '0.0062', 744],
    ['fund_renewable', '1200', '0.019', 2280],
    ['energy_tier1_split', '300', '0.538', 16140],
  ]);
});

test('year to date with a split: the main class counts the account’s less the split’s own; without a split the account’s as is', () => {
  // 3 000 kWh billed this year, 2 700 of them under the split's residential class: the shop's tiers see 300, the split's 2 700
  const withSplit = splitYtdInputs(3000, fixed(300), zj, '2700');
  assert.deepEqual([withSplit.ytdKwh, withSplit.split!.ytdKwh, withSplit.split!.split], [300, 2700, fixed(300)]);
  assert.equal(withSplit.split!.versions, zj);
  // decimal text subtracted exactly (0.3 − 0.1 is not 0.19999… here)
  assert.equal(splitYtdInputs(0.3, ratio('20'), zj, '0.1').ytdKwh, 0.2);
  assert.deepEqual(splitYtdInputs(3000, null, zj, '2700'), { ytdKwh: 3000, split: null });
  // the run's example above: 2 700 kWh residential earlier, 250 kWh this month, all split → tiers 60 + 190
  const r = rateWithSplit(
    { account: shop({ tou: false }), period: nov, versions: zj, registers: { kwh: { total: 250 } }, policy: NATIONAL_POLICY, ytdKwh: withSplit.ytdKwh },
    withSplit.split,
  );
  assert.equal(r.totalFen, 14400);
});

test('power factor: cos φ from the whole meter, the adjustment on the main class only', () => {
  // 200 kVA commercial: standard 0.85. 10 000 kWh with 4 843 kvarh → cos φ 0.90 → −0.5 %; on the shop's 9 000 kWh
  // alone it would be 0.88 (−0.3 %)
  const r = rateWithSplit(
    {
      account: shop({ capacityKva: 200 }),
      period: nov,
      versions: zj,
      registers: { kwh: { peak: 6000, flat: 3000, valley: 1000 }, kvarh: 4843 },
      policy: NATIONAL_POLICY,
    },
    { split: ratio('10'), versions: zj, ytdKwh: 0 },
  );
  assert.deepEqual(brief(r.lines), [
    ['energy_peak', '5400', '1.01', 545400],
    ['energy_flat', '2700', '0.67', 180900],
    ['energy_valley', '900', '0.33', 29700],
    ['fund_major_water', '9000', '0.00196', 1764],
    ['fund_reservoir_migrants', '9000', '0.0062', 5580],
    ['fund_renewable', '9000', '0.019', 17100],
    ['pf_adjustment', '0.9', '-0.5', -3780], // −0.5 % × ¥7 560.00 (energy of the shop)
    ['energy_tier1_split', '1000', '0.538', 53800],
  ]);
  assert.equal(r.totalFen, 830464);
});

test('a split is refused naming its class: the account’s own class, or a class without a tariff at the account’s voltage', () => {
  const at = (account: RatingAccount, s: MeteringSplit) => () =>
    rateWithSplit(
      { account, period: nov, versions: zj, registers: { kwh: { peak: 10, valley: 10 } }, policy: NATIONAL_POLICY },
      { split: s, versions: zj, ytdKwh: 0 },
    );
  assert.throws(
    at(shop(), ratio('20', 'commercial_industrial')),
    (e: unknown) => e instanceof DomainError && e.details[0].field === 'meteringSplit.customerClass',
  );
  assert.throws(at(shop({ voltage: '10kv' }), ratio('20')), (e: unknown) => e instanceof DomainError && /no tariff for the metering split/.test(e.en));
  // no split: the plain rating
  const plain = rateWithSplit({ account: shop(), period: nov, versions: zj, registers: { kwh: { peak: 10 } }, policy: NATIONAL_POLICY }, null);
  assert.equal(plain.meteringSplit, null);
  assert.equal(plain.lines[0].code, 'energy_peak');
});
