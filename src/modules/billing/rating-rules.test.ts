import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rate, shareByDays, type RatingInput } from './rating-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { dec } from './decimal.js';
import { DomainError } from '../../platform/errors.js';
import type { RatingAccount, TariffVersion } from './schemas.js';

const tariffs = (province: string) => SEED_TARIFFS.filter((t) => t.province === province);
const resident = (tou: boolean, x: Partial<RatingAccount> = {}): RatingAccount => ({
  customerClass: 'residential',
  pricing: 'single',
  voltage: 'lv',
  capacityKva: 8,
  tou,
  ...x,
});
const month = (m: string) => ({ from: `${m}-01`, to: `${m}-${new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0)).getUTCDate()}` });
const run = (x: Partial<RatingInput> & Pick<RatingInput, 'account' | 'registers'>) =>
  rate({ period: month('2025-11'), versions: SEED_TARIFFS, policy: NATIONAL_POLICY, ...x });
const brief = (r: ReturnType<typeof rate>) => r.lines.map((l) => [l.code, l.quantity, l.price, l.amountFen]);
const sum = (r: ReturnType<typeof rate>) => r.lines.reduce((s, l) => s + l.amountFen, 0);

test('Shanghai: a month crossing 3120 kWh is split on the year to date', () => {
  const r = run({ account: resident(false), registers: { kwh: { total: 300 } }, ytdKwh: 3000, versions: tariffs('shanghai') });
  assert.deepEqual(brief(r), [
    ['energy_tier1', '120', '0.617', 7404],
    ['energy_tier2', '180', '0.667', 12006],
  ]);
  assert.equal(r.totalFen, 19410);
  assert.equal(r.lines[0].tariffCode, 'SH-RES-2012');
  assert.equal(r.lines[0].register, 'kwh.total');
});

test('Shanghai TOU: tiers on peak + valley together, shared by period', () => {
  const r = run({ account: resident(true), registers: { kwh: { peak: 200, valley: 100 } }, ytdKwh: 3000, versions: tariffs('shanghai') });
  assert.deepEqual(brief(r), [
    ['energy_tier1_peak', '80', '0.617', 4936],
    ['energy_tier1_valley', '40', '0.307', 1228],
    ['energy_tier2_peak', '120', '0.677', 8124],
    ['energy_tier2_valley', '60', '0.337', 2022],
  ]);
  assert.equal(r.totalFen, 16310);
});

test('Zhejiang: a month crossing 4800 kWh into the third tier', () => {
  const r = run({ account: resident(false), registers: { kwh: { total: 200 } }, ytdKwh: 4700, versions: tariffs('zhejiang') });
  assert.deepEqual(brief(r), [
    ['energy_tier2', '100', '0.588', 5880],
    ['energy_tier3', '100', '0.838', 8380],
  ]);
});

test('rounding: each line half-up to the fen, the total is the sum of the rounded lines', () => {
  // 0.5 kWh × 0.568 = 28.4 fen → 28; 0.5 × 0.288 = 14.4 → 14; total 42, not round(42.8) = 43
  const r = run({ account: resident(true), registers: { kwh: { peak: 0.5, valley: 0.5 } }, versions: tariffs('zhejiang') });
  assert.deepEqual(
    r.lines.map((l) => l.amountFen),
    [28, 14],
  );
  assert.equal(r.totalFen, 42);
  // an exact half goes up: 5 kWh × 0.617 = 308.5 fen → 309 (not 308, as half-even would)
  assert.equal(run({ account: resident(false), registers: { kwh: { total: 5 } }, versions: tariffs('shanghai') }).totalFen, 309);
  assert.equal(run({ account: resident(false), registers: { kwh: { total: 0.5 } }, versions: tariffs('shanghai') }).totalFen, 31); // 30.85 → 31
  assert.deepEqual(run({ account: resident(false), registers: { kwh: { total: 0 } }, versions: tariffs('shanghai') }), {
    lines: [],
    totalFen: 0,
    warnings: [],
  });
});

test('a customer supplied from 1 July: the year bounds are prorated (3120 → 1573, 4800 → 2420)', () => {
  const r = run({
    period: month('2025-12'),
    account: resident(false, { supplyFrom: '2025-07-01' }),
    registers: { kwh: { total: 100 } },
    ytdKwh: 1500,
    versions: tariffs('shanghai'),
  });
  assert.deepEqual(brief(r), [
    ['energy_tier1', '73', '0.617', 4504],
    ['energy_tier2', '27', '0.667', 1801],
  ]);
});

test('monthly bounds (Sichuan-style, illustrative prices): 260 kWh in August, 180 in January; no year to date', () => {
  const sc: TariffVersion = {
    code: 'SC-RES-X',
    province: 'sichuan',
    customerClass: 'residential',
    pricing: 'single',
    voltage: 'lv',
    validFrom: '2020-01-01',
    validTo: null,
    content: {
      tiers: { basis: 'monthly', bounds: Array.from({ length: 12 }, (_, i) => (i >= 6 && i <= 8 ? [260, 340] : [180, 280])) },
      rates: [{ all: '0.5224' }, { all: '0.6224' }, { all: '0.8224' }],
      funds: [],
    },
  };
  const aug = run({ period: month('2025-08'), account: resident(false), registers: { kwh: { total: 300 } }, ytdKwh: 99_999, versions: [sc] });
  assert.deepEqual(brief(aug), [
    ['energy_tier1', '260', '0.5224', 13582],
    ['energy_tier2', '40', '0.6224', 2490],
  ]);
  const jan = run({ period: month('2025-01'), account: resident(false), registers: { kwh: { total: 300 } }, versions: [sc] });
  assert.deepEqual(brief(jan), [
    ['energy_tier1', '180', '0.5224', 9403],
    ['energy_tier2', '100', '0.6224', 6224],
    ['energy_tier3', '20', '0.8224', 1645],
  ]);
});

test('a residential price change on 16 June: year bounds weigh both versions by days, the month is split by days and tiers count on', () => {
  const zj = SEED_TARIFFS.find((t) => t.code === 'ZJ-RES-2012')!;
  const v1: TariffVersion = { ...zj, code: 'V1', validTo: '2025-06-15' };
  const v2: TariffVersion = {
    ...zj,
    code: 'V2',
    validFrom: '2025-06-16',
    content: { ...zj.content, tiers: { basis: 'annual', bounds: [3120, 4800] }, rates: [{ all: '0.55' }, { all: '0.60' }, { all: '0.85' }] },
  };
  // bound 1 = (2760 × 166 + 3120 × 199) / 365 = 2956.27 → 2956; 150 kWh in each half of June
  const r = run({ period: month('2025-06'), account: resident(false), registers: { kwh: { total: 300 } }, ytdKwh: 2700, versions: [v1, v2] });
  assert.deepEqual(
    r.lines.map((l) => [l.tariffCode, l.code, l.quantity, l.amountFen]),
    [
      ['V1', 'energy_tier1', '150', 8070],
      ['V2', 'energy_tier1', '106', 5830],
      ['V2', 'energy_tier2', '44', 2640],
    ],
  );
  assert.equal(r.totalFen, 16540);
});

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

test('two-part, tariff change on 16 June: quantities split by days, each half rated under its version; power factor 0.80 on the 0.90 standard adds 5 %', () => {
  const r = run({
    period: month('2025-06'),
    account: ci(),
    registers: { kwh: { peak: 40_000, flat: 40_000, valley: 20_000 }, kvarh: 75_000, maxDemandKw: 700 },
    versions: tariffs('zhejiang'),
  });
  assert.deepEqual(
    r.lines.map((l) => [l.tariffCode, l.code, l.quantity, l.price, l.amountFen]),
    [
      ['ZJ-CI2-2024', 'energy_peak', '20000', '0.9', 1_800_000],
      ['ZJ-CI2-2024', 'energy_flat', '20000', '0.58', 1_160_000],
      ['ZJ-CI2-2024', 'energy_valley', '10000', '0.28', 280_000],
      ['ZJ-CI2-2024', 'basic_demand', '800', '40', 1_600_000],
      ['ZJ-CI2-2024', 'fund_major_water', '50000', '0.00196', 9_800],
      ['ZJ-CI2-2024', 'fund_reservoir_migrants', '50000', '0.0062', 31_000],
      ['ZJ-CI2-2024', 'fund_renewable', '50000', '0.019', 95_000],
      ['ZJ-CI2-2025', 'energy_peak', '20000', '0.88', 1_760_000],
      ['ZJ-CI2-2025', 'energy_flat', '20000', '0.56', 1_120_000],
      ['ZJ-CI2-2025', 'energy_valley', '10000', '0.27', 270_000],
      ['ZJ-CI2-2025', 'basic_demand', '800', '38', 1_520_000],
      ['ZJ-CI2-2025', 'fund_major_water', '50000', '0.00196', 9_800],
      ['ZJ-CI2-2025', 'fund_reservoir_migrants', '50000', '0.0062', 31_000],
      ['ZJ-CI2-2025', 'fund_renewable', '50000', '0.019', 95_000],
      ['ZJ-CI2-2025', 'pf_adjustment', '0.8', '5', 475_500], // 5 % of (energy + basic) 95 100.00 ¥
    ],
  );
  assert.equal(r.totalFen, 10_257_100);
  assert.equal(r.totalFen, sum(r));
  assert.equal(r.lines[0].note, '2025-06-01–2025-06-15');
});

test('two-part in July with a pause, demand above 105 % and ≥ 260 kWh/kVA: prorated, excess doubled, 90 % price; no kvarh is a warning', () => {
  const r = run({
    period: month('2025-07'),
    account: ci(),
    versions: tariffs('zhejiang'),
    registers: { kwh: { peak: 100_000, flat: 120_000, valley: 50_000 }, maxDemandKw: 1000 },
    events: [
      { date: '2025-07-11', kind: 'pause' },
      { date: '2025-07-21', kind: 'resume' },
    ],
  });
  assert.deepEqual(
    brief(r).filter((l) => String(l[0]).startsWith('basic')),
    [
      ['basic_demand', '840', '34.2', 1_946_090], // 840 × 34.2 × 21/31 = 19 460.903 ¥
      ['basic_demand_excess', '160', '68.4', 741_368], // 160 × 68.4 × 21/31 = 7 413.677 ¥
    ],
  );
  assert.deepEqual(
    brief(r)
      .filter((l) => String(l[0]).startsWith('energy'))
      .map((l) => l[3]),
    [8_800_000, 6_720_000, 1_350_000],
  );
  assert.deepEqual(
    brief(r)
      .filter((l) => String(l[0]).startsWith('fund'))
      .map((l) => l[3]),
    [52_920, 167_400, 513_000],
  );
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /no kvarh given: no power factor adjustment \(standard 0.90\)/);
  assert.equal(r.totalFen, sum(r));
});

test('single-part C&I of 200 kVA: the 0.85 standard, power factor 0.96 reduces by 1.10 %', () => {
  const r = run({
    period: month('2025-03'),
    account: ci({ pricing: 'single', capacityKva: 200, hvIndustrial: false, basicBasis: undefined, contractDemandKw: undefined }),
    versions: tariffs('zhejiang'),
    registers: { kwh: { peak: 3000, flat: 4000, valley: 3000 }, kvarh: 3000 },
  });
  assert.deepEqual(brief(r), [
    ['energy_peak', '3000', '0.98', 294_000],
    ['energy_flat', '4000', '0.65', 260_000],
    ['energy_valley', '3000', '0.32', 96_000],
    ['fund_major_water', '10000', '0.00196', 1960],
    ['fund_reservoir_migrants', '10000', '0.0062', 6200],
    ['fund_renewable', '10000', '0.019', 19_000],
    ['pf_adjustment', '0.96', '-1.1', -7150],
  ]);
  assert.equal(r.totalFen, 670_010);
});

test('refusals name the input: no tariff on a day, a two-part period across months, a contract below 40 %, TOU without periods', () => {
  const code = (f: () => unknown) => {
    try {
      f();
      return null;
    } catch (e) {
      return e instanceof DomainError ? e.details.map((d) => `${d.field}:${d.rule}`).join(',') : String(e);
    }
  };
  assert.equal(
    code(() =>
      run({
        period: { from: '2023-12-15', to: '2024-01-14' },
        account: ci({ pricing: 'single', capacityKva: 200, basicBasis: undefined }),
        registers: { kwh: { peak: 1, valley: 1 } },
        versions: tariffs('zhejiang'),
      }),
    ),
    'period:no_tariff',
  );
  assert.equal(
    code(() => run({ period: { from: '2025-06-15', to: '2025-07-14' }, account: ci(), registers: { kwh: { peak: 1 } }, versions: tariffs('zhejiang') })),
    'period:one_month',
  );
  assert.equal(
    code(() => run({ account: ci({ contractDemandKw: undefined }), registers: { kwh: { peak: 1 } }, versions: tariffs('zhejiang') })),
    'account.contractDemandKw:required',
  );
  assert.equal(
    code(() => run({ account: resident(true), registers: { kwh: { total: 1 } }, versions: tariffs('zhejiang') })),
    'registers.kwh:tou_registers',
  );
  assert.equal(
    code(() =>
      run({ period: { from: '2025-12-15', to: '2026-01-14' }, account: resident(false), registers: { kwh: { total: 1 } }, versions: tariffs('zhejiang') }),
    ),
    'period:tier_year',
  );
});

test('sharing by days: rounded to 0.01 kWh, the last stretch takes the rest', () => {
  assert.deepEqual(shareByDays(dec(100), [10, 10, 11]).map(String), ['32.26', '32.26', '35.48']);
  assert.deepEqual(shareByDays(dec(1), [1, 2]).map(String), ['0.33', '0.67']);
  assert.deepEqual(shareByDays(dec(7), [30]).map(String), ['7']);
});
