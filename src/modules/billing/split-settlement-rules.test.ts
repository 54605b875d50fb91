import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rate, type RatingInput } from './rating-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY, SPLIT_SETTLEMENT_POLICY } from './policy-data.js';
import { checkAgreement, finalLines, interimBase, interimDueDate, interimFen, interimLine, trueUpLine } from './split-settlement-rules.js';
import type { RatingAccount } from './schemas.js';

const zj = SEED_TARIFFS.filter((t) => t.province === 'zhejiang');
const sh = SEED_TARIFFS.filter((t) => t.province === 'shanghai');
const month = (m: string) => ({ from: `${m}-01`, to: `${m}-${new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0)).getUTCDate()}` });
const ci = (x: Partial<RatingAccount> = {}): RatingAccount => ({
  customerClass: 'commercial_industrial',
  pricing: 'two_part',
  voltage: '10kv',
  capacityKva: 1000,
  hvIndustrial: true,
  basicBasis: 'demand',
  contractDemandKw: 800,
  tou: true,
  ...x,
});
const sum = (xs: ({ amountFen: number } | { totalFen: number })[]) => xs.reduce((s, l) => s + ('amountFen' in l ? l.amountFen : l.totalFen), 0);

/** The month as split settlement: interim bills on the agreed shares of the base, then the month-end bill with its true-up. */
function split(input: RatingInput, baseFen: number, shares: string[]) {
  const interims = shares.map((p, i) => ({ id: 100 + i, interimNo: i + 1, totalFen: interimLine(i + 1, '2025-06', baseFen, 'previous_month', p).amountFen }));
  const single = rate(input);
  const final = finalLines(single.lines, interims);
  return { single: single.totalFen, interims, final: sum(final), trueUp: final[final.length - 1] };
}

const cases: [string, RatingInput][] = [
  [
    'tiers (Shanghai residential, crossing 3120 kWh)',
    {
      account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
      period: month('2025-11'),
      versions: sh,
      registers: { kwh: { total: 300 } },
      ytdKwh: 3000,
      policy: NATIONAL_POLICY,
    },
  ],
  [
    'TOU with tiers (Shanghai residential TOU)',
    {
      account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: true },
      period: month('2025-11'),
      versions: sh,
      registers: { kwh: { peak: 200, valley: 100 } },
      ytdKwh: 3000,
      policy: NATIONAL_POLICY,
    },
  ],
  [
    'single-part C&I TOU with funds and power factor',
    {
      account: ci({ pricing: 'single', capacityKva: 200, hvIndustrial: false, basicBasis: undefined, contractDemandKw: undefined }),
      period: month('2025-03'),
      versions: zj,
      registers: { kwh: { peak: 3000, flat: 4000, valley: 3000 }, kvarh: 3000 },
      policy: NATIONAL_POLICY,
    },
  ],
  [
    'two-part TOU with a tariff change, basic charge by demand, funds, power factor',
    {
      account: ci(),
      period: month('2025-06'),
      versions: zj,
      registers: { kwh: { peak: 40_000, flat: 40_000, valley: 20_000 }, kvarh: 75_000, maxDemandKw: 700 },
      policy: NATIONAL_POLICY,
    },
  ],
];

test('Σ interim + final = the single monthly bill, to the fen: tiers, TOU, two-part; under- and over-estimates', () => {
  for (const [name, input] of cases) {
    const single = rate(input).totalFen;
    // a base below the month (a positive true-up), one far above it (a negative true-up: a credit), odd shares
    for (const [baseFen, shares] of [
      [Math.round(single * 0.8), ['33.33', '33.33']],
      [single * 3 + 7, ['40', '45']],
      [12_345, ['12.5']],
      [single, ['30', '30', '30']],
    ] as [number, string[]][]) {
      const r = split(input, baseFen, shares);
      assert.equal(sum(r.interims) + r.final, r.single, `${name}, base ${baseFen}, shares ${shares.join('/')}`);
      assert.equal(r.trueUp.code, 'split_trueup');
      assert.equal(r.trueUp.amountFen, -sum(r.interims));
      if (baseFen > single * 2) assert.ok(r.final < 0, `${name}: an over-estimate makes the final bill a credit (${r.final})`);
    }
  }
});

test('a worked example: two-part June 2025, interims of 30 % + 30 % of May ¥120 000.00, the final bill nets them', () => {
  const r = split(cases[3][1], 12_000_000, ['30', '30']);
  assert.equal(r.single, 10_257_100); // docs/billing.md §8: ¥102 571.00
  assert.deepEqual(
    r.interims.map((b) => b.totalFen),
    [3_600_000, 3_600_000],
  );
  assert.equal(r.final, 10_257_100 - 7_200_000); // ¥30 571.00
  // May three times the month: the interims (2 × ¥150 000) exceed June → the final bill is a credit of ¥197 449.18
  const over = split(cases[3][1], 30_771_300, ['48.75', '48.75']);
  assert.deepEqual(
    over.interims.map((b) => b.totalFen),
    [15_001_009, 15_001_009], // 48.75 % × 307 713.00 = 150 010.0875 → 150 010.09
  );
  assert.equal(over.final, -19_744_918);
  assert.equal(over.final + sum(over.interims), 10_257_100);
});

test('rounding of an interim: base × share half-up to the fen once', () => {
  assert.equal(interimFen(101, '50'), 51); // 50.5 fen → 51
  assert.equal(interimFen(1001, '33.33'), 334); // 333.6333 → 334
  assert.equal(interimFen(3, '50'), 2); // 1.5 → 2
  assert.equal(interimFen(1_000_000, '33.33'), 333_300);
  assert.equal(interimFen(12_345, '12.5'), 1543); // 1543.125 → 1543
  const l = interimLine(2, '2026-11', 12_345, 'agreement', '12.5');
  assert.deepEqual([l.code, l.quantity, l.unit, l.price, l.amountFen], ['split_interim', '12.5', '%', '123.45', 1543]);
  assert.match(l.labelZh, /第 2 次分次结算/);
});

test('the true-up: minus the interims exactly; none → no line; due date = issue day + term', () => {
  assert.equal(trueUpLine([]), null);
  const t = trueUpLine([
    { id: 7, interimNo: 2, totalFen: 500 },
    { id: 5, interimNo: 1, totalFen: 401 },
  ])!;
  assert.equal(t.amountFen, -901);
  assert.match(t.labelZh, /第 1、2 次/);
  assert.equal(interimDueDate('2026-11-28', 3), '2026-12-01');
});

test('the base: the previous month when above zero, else the agreed amount, else none', () => {
  assert.deepEqual(interimBase(50_000, 80_000), { baseFen: 50_000, basis: 'previous_month' });
  assert.deepEqual(interimBase(null, 80_000), { baseFen: 80_000, basis: 'agreement' });
  assert.deepEqual(interimBase(-300, 80_000), { baseFen: 80_000, basis: 'agreement' });
  assert.equal(interimBase(null, null), null);
});

test('agreement checks name the field: count, range, order, shares and their total, the term', () => {
  const p = SPLIT_SETTLEMENT_POLICY;
  assert.deepEqual(checkAgreement({ days: [10, 20], sharePct: ['30', '30'], expectedMonthlyFen: null }, p), []);
  const fields = (a: Parameters<typeof checkAgreement>[0]) => checkAgreement(a, p).map((x) => `${x.field}:${x.rule}`);
  assert.deepEqual(fields({ days: [], sharePct: [], expectedMonthlyFen: null }), ['days:count']);
  assert.deepEqual(fields({ days: [5, 10, 15, 20], sharePct: ['10', '10', '10', '10'], expectedMonthlyFen: null }), ['days:count']);
  assert.deepEqual(fields({ days: [20, 10], sharePct: ['30', '30'], expectedMonthlyFen: null }), ['days.1:ascending']);
  assert.deepEqual(fields({ days: [29], sharePct: ['30'], expectedMonthlyFen: null }), ['days.0:range']);
  assert.deepEqual(fields({ days: [10, 20], sharePct: ['30'], expectedMonthlyFen: null }), ['sharePct:count']);
  assert.deepEqual(fields({ days: [10], sharePct: ['0'], expectedMonthlyFen: null }), ['sharePct.0:format']);
  assert.deepEqual(fields({ days: [10], sharePct: ['33.333'], expectedMonthlyFen: null }), ['sharePct.0:format']);
  assert.deepEqual(fields({ days: [10, 20], sharePct: ['60', '40.01'], expectedMonthlyFen: null }), ['sharePct:total']);
  assert.deepEqual(fields({ days: [10], sharePct: ['50'], expectedMonthlyFen: 0 }), ['expectedMonthlyFen:positive']);
  assert.deepEqual(fields({ days: [10], sharePct: ['50'], expectedMonthlyFen: null, paymentDays: 31 }), ['paymentDays:range']);
  const zh = checkAgreement({ days: [29], sharePct: ['30'], expectedMonthlyFen: null }, p)[0];
  assert.match(zh.zh, /1 日至 28 日/);
  assert.match(zh.en, /between day 1 and day 28/);
});
