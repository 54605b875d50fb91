import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interimPeriod, laterInterim, monthEndKwh, rateInterim } from './split-reading-rules.js';
import { rateWithSplit, type MeteringSplit } from './metering-split-rules.js';
import { finalLines } from './split-settlement-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { D, dec } from './decimal.js';
import type { RatingAccount, Registers, TariffVersion } from './schemas.js';

const tariffs = (province: string) => SEED_TARIFFS.filter((t) => t.province === province);

/** A small deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  name: string;
  account: RatingAccount;
  cycle: string;
  versions: TariffVersion[];
  /** the month's registers (kWh with at most two decimals) */
  month: Registers;
  ytdKwh: number;
  split?: MeteringSplit;
  splitYtd?: number;
  /**
   * Σ interims' energy and fund lines equal the month's energy and fund lines up to the rounding of each line: true
   * where the interims' kWh add up to the month's cell by cell (tiers without TOU, TOU without tiers; no tariff
   * change, no ratio split rounded per reading)
   */
  cellwise: boolean;
}

const ci = (x: Partial<RatingAccount>): RatingAccount => ({
  customerClass: 'commercial_industrial',
  pricing: 'single',
  voltage: '10kv',
  capacityKva: 200,
  tou: true,
  ...x,
});
const CASES: Case[] = [
  {
    name: 'Zhejiang residential tiers, a month crossing 2760 kWh',
    account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
    cycle: '2026-11',
    versions: tariffs('zhejiang'),
    month: { kwh: { total: 412.37 } },
    ytdKwh: 2600,
    cellwise: true,
  },
  {
    name: 'Shanghai residential TOU with tiers (3120 kWh crossed)',
    account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: true },
    cycle: '2026-11',
    versions: tariffs('shanghai'),
    month: { kwh: { peak: 233.41, valley: 151.07 } },
    ytdKwh: 3000,
    cellwise: false,
  },
  {
    name: 'single-part C&I TOU with funds and power factor (0.85 standard)',
    account: ci({}),
    cycle: '2026-11',
    versions: tariffs('zhejiang'),
    month: { kwh: { critical: 1234.56, peak: 23456.78, flat: 34567.89, valley: 12345.67 }, kvarh: 51234.5 },
    ytdKwh: 0,
    cellwise: true,
  },
  {
    name: 'two-part by demand (105 % rule, 90 % price), TOU, power factor, no tariff change',
    account: ci({ pricing: 'two_part', capacityKva: 1000, hvIndustrial: true, basicBasis: 'demand', contractDemandKw: 800 }),
    cycle: '2025-08',
    versions: tariffs('zhejiang'),
    month: { kwh: { critical: 20_000.5, peak: 100_000.25, flat: 120_000.75, valley: 50_000 }, kvarh: 150_000, maxDemandKw: 1000 },
    ytdKwh: 0,
    cellwise: true,
  },
  {
    name: 'two-part with the tariff change of 16 June 2025 inside the month',
    account: ci({ pricing: 'two_part', capacityKva: 1000, hvIndustrial: true, basicBasis: 'capacity' }),
    cycle: '2025-06',
    versions: tariffs('zhejiang'),
    month: { kwh: { peak: 40_000.11, flat: 40_000.22, valley: 20_000.33 }, kvarh: 75_000 },
    ytdKwh: 0,
    cellwise: false,
  },
  {
    name: 'a shop with 20 % residential lighting (定比), rounded per reading',
    account: ci({ voltage: 'lv', capacityKva: 50 }),
    cycle: '2026-11',
    versions: tariffs('zhejiang'),
    month: { kwh: { peak: 800.55, flat: 612.3, valley: 401.15 } },
    ytdKwh: 15_000,
    split: { kind: 'ratio', customerClass: 'residential', sharePct: '20' },
    splitYtd: 2700,
    cellwise: false,
  },
  {
    name: 'a shop with a fixed 300 kWh residential (定量), used up by the readings in order',
    account: ci({ voltage: 'lv', capacityKva: 50, tou: false }),
    cycle: '2026-11',
    versions: tariffs('zhejiang'),
    month: { kwh: { total: 1804 } },
    ytdKwh: 15_000,
    split: { kind: 'fixed', customerClass: 'residential', kwh: 300 },
    splitYtd: 2500,
    cellwise: false,
  },
];

const hundredths = (x: number) => Math.round(x * 100);
const kwhRegisters = (r: Registers) => Object.entries(r.kwh).filter(([, v]) => v !== undefined) as [string, number][];

test('split reading: Σ interim bills + month-end bill = the single monthly bill, to the fen, for every tariff kind (40 random schedules each)', () => {
  for (const c of CASES) {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(seed * 7919 + c.name.length);
      const n = 1 + Math.floor(rand() * 3);
      const days = [...new Set(Array.from({ length: n }, () => 1 + Math.floor(rand() * 28)))].sort((a, b) => a - b);
      // cumulative shares of the month at each reading day, rising (hundredths of the registers)
      const shares = days.map(() => rand()).sort((a, b) => a - b);
      const cum = shares.map((f) => Object.fromEntries(kwhRegisters(c.month).map(([k, v]) => [k, Math.floor(hundredths(v) * f)])));
      const where = `${c.name}, seed ${seed}, days ${days.join('/')}`;
      const splitYtd = c.splitYtd ?? 0;
      let mtd = new D(0),
        partMtd = new D(0);
      let prevDay: string | null = null;
      const interims: { id: number; interimNo: number; totalFen: number; kwh: string; lines: { code: string; amountFen: number }[] }[] = [];
      days.forEach((d, i) => {
        const kwh: Registers['kwh'] = {};
        for (const [k] of kwhRegisters(c.month)) (kwh as Record<string, number>)[k] = (cum[i][k] - (i ? cum[i - 1][k] : 0)) / 100;
        const day = `${c.cycle}-${String(d).padStart(2, '0')}`;
        const res = rateInterim(
          {
            account: c.account,
            period: interimPeriod(c.cycle, prevDay, day),
            versions: c.versions,
            registers: { kwh },
            ytdKwh: c.ytdKwh - splitYtd,
            mtdKwh: mtd.minus(partMtd).toNumber(),
            policy: NATIONAL_POLICY,
          },
          c.split ? { split: c.split, versions: c.versions, ytdKwh: splitYtd, mtdKwh: partMtd.toNumber(), usedBefore: partMtd.toNumber() } : null,
        );
        const q = Object.values(kwh).reduce((s, v) => s.plus(dec(v!)), new D(0));
        // the basic charge and the power factor adjustment are the month-end bill's
        assert.ok(!res.lines.some((l) => l.code.startsWith('basic') || l.code === 'pf_adjustment'), where);
        interims.push({ id: i + 1, interimNo: i + 1, totalFen: res.totalFen, kwh: q.toString(), lines: res.lines });
        mtd = mtd.plus(q);
        partMtd = partMtd.plus(dec(res.meteringSplit?.splitKwh ?? 0));
        prevDay = day;
      });
      const month = { from: `${c.cycle}-01`, to: `${c.cycle}-${new Date(Date.UTC(+c.cycle.slice(0, 4), +c.cycle.slice(5, 7), 0)).getUTCDate()}` };
      const input = { account: c.account, period: month, versions: c.versions, registers: c.month, ytdKwh: c.ytdKwh - splitYtd, policy: NATIONAL_POLICY };
      const splitIn = c.split ? { split: c.split, versions: c.versions, ytdKwh: splitYtd } : null;
      // the month-end bill: the month rated in full, less the interim bills
      const monthEnd = finalLines(rateWithSplit(input, splitIn).lines, interims);
      const monthEndFen = monthEnd.reduce((s, l) => s + l.amountFen, 0);
      // the single monthly bill of the same month without split reading
      const single = rateWithSplit(input, splitIn);
      assert.equal(interims.reduce((s, b) => s + b.totalFen, 0) + monthEndFen, single.totalFen, where);
      // and the kWh: Σ interim + month-end = the month
      const monthKwh = kwhRegisters(c.month).reduce((s, [, v]) => s.plus(dec(v)), new D(0));
      assert.equal(interims.reduce((s, b) => s.plus(dec(b.kwh)), monthEndKwh(monthKwh, interims)).toString(), monthKwh.toString(), where);
      if (c.cellwise) {
        // the interims, with the rest of the month rated the same way (from the last interim reading to the month's), charged
        // the month's energy and funds up to the rounding of each line (half a fen a line)
        const kinds = (l: { code: string }) => l.code.startsWith('energy') || l.code.startsWith('fund_');
        const monthLines = single.lines.filter(kinds);
        const restKwh: Registers['kwh'] = {};
        for (const [k, v] of kwhRegisters(c.month)) (restKwh as Record<string, number>)[k] = (hundredths(v) - cum[cum.length - 1][k]) / 100;
        const rest = rateInterim(
          {
            account: c.account,
            period: interimPeriod(c.cycle, prevDay, month.to),
            versions: c.versions,
            registers: { kwh: restKwh },
            ytdKwh: c.ytdKwh,
            mtdKwh: mtd.toNumber(),
            policy: NATIONAL_POLICY,
          },
          null,
        );
        const interimLines = [...interims.flatMap((b) => b.lines), ...rest.lines];
        const gap = Math.abs(interimLines.reduce((s, l) => s + l.amountFen, 0) - monthLines.reduce((s, l) => s + l.amountFen, 0));
        assert.ok(gap <= (interimLines.length + monthLines.length) / 2, `${where}: gap ${gap} fen`);
      }
    }
  }
});

test('a worked example: residential tiers read on the 10th and the 20th, the month-end bill settles the month', () => {
  // Zhejiang, 2 600 kWh billed earlier this year; read 100 kWh by the 10th, 250 by the 20th, 400 in the month
  const acc: RatingAccount = { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false };
  const base = { account: acc, versions: tariffs('zhejiang'), ytdKwh: 2600, policy: NATIONAL_POLICY };
  const i1 = rateInterim({ ...base, period: interimPeriod('2026-11', null, '2026-11-10'), registers: { kwh: { total: 100 } } }, null);
  assert.deepEqual(
    i1.lines.map((l) => [l.code, l.quantity, l.amountFen]),
    [['energy_tier1', '100', 5380]],
  );
  // the second reading climbs to the 2760 bound: 60 kWh at 0.538, 90 at 0.588
  const i2 = rateInterim({ ...base, period: interimPeriod('2026-11', '2026-11-10', '2026-11-20'), registers: { kwh: { total: 150 } }, mtdKwh: 100 }, null);
  assert.deepEqual(
    i2.lines.map((l) => [l.code, l.quantity, l.amountFen]),
    [
      ['energy_tier1', '60', 3228],
      ['energy_tier2', '90', 5292],
    ],
  );
  // the month: 160 kWh at 0.538 + 240 at 0.588 = ¥227.20; the month-end bill = 227.20 − 53.80 − 85.20 = ¥88.20
  const monthRes = rateWithSplit({ ...base, period: { from: '2026-11-01', to: '2026-11-30' }, registers: { kwh: { total: 400 } } }, null);
  assert.equal(monthRes.totalFen, 22720);
  const fin = finalLines(monthRes.lines, [
    { id: 1, interimNo: 1, totalFen: i1.totalFen },
    { id: 2, interimNo: 2, totalFen: i2.totalFen },
  ]);
  assert.deepEqual(fin[fin.length - 1].amountFen, -13900);
  assert.equal(
    fin.reduce((s, l) => s + l.amountFen, 0),
    8820,
  );
  assert.equal(monthEndKwh(dec(400), [{ kwh: '100' }, { kwh: '150' }]).toString(), '150');
});

test('interim periods and order', () => {
  assert.deepEqual(interimPeriod('2026-11', null, '2026-11-10'), { from: '2026-11-01', to: '2026-11-10' });
  assert.deepEqual(interimPeriod('2026-11', '2026-11-10', '2026-11-20'), { from: '2026-11-11', to: '2026-11-20' });
  assert.equal(laterInterim([1, 3], 2), 3);
  assert.equal(laterInterim([1], 2), null);
  assert.equal(laterInterim([], 1), null);
});
