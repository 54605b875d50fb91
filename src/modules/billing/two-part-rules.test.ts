import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicChargeLines, billedContract, pricingRule, serviceStretches, validateContract } from './two-part-rules.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { dec, yuanToFen } from './decimal.js';
import type { RatingAccount } from './schemas.js';

const P = NATIONAL_POLICY.twoPart;
const acct = (a: Partial<RatingAccount>): RatingAccount => ({
  customerClass: 'commercial_industrial',
  pricing: 'two_part',
  voltage: '10kv',
  capacityKva: 1000,
  tou: true,
  basicBasis: 'demand',
  contractDemandKw: 800,
  ...a,
});
const fen = (lines: { amount: import('./decimal.js').Dec }[]) => lines.map((l) => yuanToFen(l.amount));

test('single-part up to 100 kVA, choice between, two-part from 315 kVA', () => {
  assert.equal(pricingRule(50, P), 'single_only');
  assert.equal(pricingRule(100, P), 'single_only');
  assert.equal(pricingRule(100.5, P), 'choice');
  assert.equal(pricingRule(314, P), 'choice');
  assert.equal(pricingRule(315, P), 'two_part_only');
  assert.deepEqual(
    validateContract(acct({ capacityKva: 80, pricing: 'two_part' }), P).map((p) => p.rule),
    ['single_only'],
  );
  assert.deepEqual(
    validateContract(acct({ capacityKva: 400, pricing: 'single' }), P).map((p) => p.rule),
    ['two_part_only'],
  );
  assert.deepEqual(validateContract(acct({ capacityKva: 200, pricing: 'single' }), P), []);
  assert.deepEqual(validateContract(acct({ capacityKva: 200, contractDemandKw: 80 }), P), []);
  // residential and agricultural users are single-part whatever their capacity
  assert.deepEqual(validateContract(acct({ customerClass: 'residential', capacityKva: 630, pricing: 'single' }), P), []);
  assert.deepEqual(
    validateContract(acct({ customerClass: 'agricultural', capacityKva: 630, pricing: 'two_part' }), P).map((p) => p.rule),
    ['single_only'],
  );
});

test('a contracted demand below 40 % of the capacity is billed at 40 % (1583号: 按容量总和的40%核定)', () => {
  assert.deepEqual(validateContract(acct({ contractDemandKw: 300 }), P), []); // no longer refused
  assert.deepEqual(
    validateContract(acct({ contractDemandKw: undefined }), P).map((x) => x.rule),
    ['required'],
  );
  assert.deepEqual(
    validateContract(acct({ basicBasis: undefined }), P).map((x) => x.rule),
    ['required'],
  );
  assert.equal(billedContract(dec(399.9), 1000, P).kw.toString(), '400');
  assert.equal(billedContract(dec(399.9), 1000, P).floored, true);
  assert.equal(billedContract(dec(400), 1000, P).floored, false);
  // 1000 kVA, contract 300 kW, actual 350 kW: billed 400 kW × 38 (350 is within 105 % of 400)
  const l = basicChargeLines({ ...base, maxDemandKw: 350, account: acct({ contractDemandKw: 300 }) }, P);
  assert.deepEqual(
    l.map((x) => [x.code, x.quantity.toString()]),
    [['basic_demand', '400']],
  );
  assert.deepEqual(fen(l), [400 * 38_00]);
  assert.match(l[0].note!, /按 billed at 400 kW/);
  // the excess is measured against 105 % of the floored contract: 500 kW actual → 420 × 38 + 80 × 76
  const over = basicChargeLines({ ...base, maxDemandKw: 500, account: acct({ contractDemandKw: 300 }) }, P);
  assert.deepEqual(
    over.map((x) => [x.code, x.quantity.toString(), x.price.toString()]),
    [
      ['basic_demand', '420', '38'],
      ['basic_demand_excess', '80', '76'],
    ],
  );
  // the floor follows the capacity in service: from 16 June 630 kVA → 252 kW; contract 300 kW then stands
  const red = [{ date: '2025-06-16', kind: 'resume' as const, capacityKva: 630 }];
  const split = basicChargeLines({ ...base, maxDemandKw: 250, events: red, account: acct({ contractDemandKw: 300 }) }, P);
  assert.deepEqual(
    split.map((x) => [x.quantity.toString(), x.note!.slice(0, 10)]),
    [
      ['400', '15/30 天 da'],
      ['300', '15/30 天 da'],
    ],
  );
  assert.deepEqual(fen(split), [(400 * 38_00) / 2, (300 * 38_00) / 2]);
});

test('high load factor: not applied when the parameters say the account is not eligible', () => {
  const l = basicChargeLines({ ...base, monthKwh: dec(260_000), account: acct({ highLoadEligible: false }) }, P);
  assert.equal(l[0].price.toString(), '38');
});

const base = { from: '2025-06-01', to: '2025-06-30', capacityPrice: '25', demandPrice: '38', events: [], monthKwh: dec(100_000), maxDemandKw: 700 };

test('capacity basis: kVA × price for a whole month', () => {
  const l = basicChargeLines({ ...base, account: acct({ basicBasis: 'capacity' }) }, P);
  assert.deepEqual(fen(l), [25_000_00]);
});

test('demand basis: within 105 % bills the contract; above, the excess above 105 % pays double', () => {
  assert.deepEqual(fen(basicChargeLines({ ...base, account: acct({}) }, P)), [800 * 38_00]);
  assert.deepEqual(fen(basicChargeLines({ ...base, maxDemandKw: 840, account: acct({}) }, P)), [800 * 38_00]); // exactly 105 %
  // 1000 kW actual on 800 contract: 840 × 38 + 160 × 76
  const l = basicChargeLines({ ...base, maxDemandKw: 1000, account: acct({}) }, P);
  assert.deepEqual(
    l.map((x) => [x.code, x.quantity.toString(), x.price.toString()]),
    [
      ['basic_demand', '840', '38'],
      ['basic_demand_excess', '160', '76'],
    ],
  );
  assert.deepEqual(fen(l), [840 * 38_00, 160 * 76_00]);
});

test('demand basis with ≥ 260 kWh per kVA in the month: 90 % of the demand price', () => {
  const l = basicChargeLines({ ...base, monthKwh: dec(260_000), account: acct({}) }, P);
  assert.equal(l[0].price.toString(), '34.2');
  assert.deepEqual(fen(l), [800 * 34_20]);
  assert.equal(basicChargeLines({ ...base, monthKwh: dec(259_999.9), account: acct({}) }, P)[0].price.toString(), '38');
});

test('pause and capacity reduction prorate by days: basic × days in service / days in month', () => {
  // paused 11–20 June: 20 of 30 days in service
  const ev = [
    { date: '2025-06-11', kind: 'pause' as const },
    { date: '2025-06-21', kind: 'resume' as const },
  ];
  assert.deepEqual(
    serviceStretches('2025-06-01', '2025-06-30', 1000, ev).map((s) => [s.from, s.to, s.days, s.inService]),
    [
      ['2025-06-01', '2025-06-10', 10, true],
      ['2025-06-11', '2025-06-20', 10, false],
      ['2025-06-21', '2025-06-30', 10, true],
    ],
  );
  assert.deepEqual(fen(basicChargeLines({ ...base, events: ev, account: acct({ basicBasis: 'capacity' }) }, P)), [833333, 833333]); // 25000 × 10/30 = 8333.333 each
  assert.deepEqual(fen(basicChargeLines({ ...base, events: ev, account: acct({}) }, P)), [2_026_667]); // 30400 × 20/30 = 20266.667
  // reduced from 1000 to 630 kVA on 16 June
  const red = [{ date: '2025-06-16', kind: 'capacity' as const, capacityKva: 630 }];
  assert.deepEqual(fen(basicChargeLines({ ...base, events: red, account: acct({ basicBasis: 'capacity' }) }, P)), [12_500_00, 7_875_00]);
  // paused before the month and all month: nothing
  assert.deepEqual(basicChargeLines({ ...base, events: [{ date: '2025-05-20', kind: 'pause' }], account: acct({}) }, P), []);
  // 31-day month, one day in service: 800 × 38 / 31 = 980.645… → 98065 fen
  assert.deepEqual(
    fen(basicChargeLines({ ...base, from: '2025-07-01', to: '2025-07-31', events: [{ date: '2025-07-02', kind: 'pause' }], account: acct({}) }, P)),
    [98065],
  );
});
