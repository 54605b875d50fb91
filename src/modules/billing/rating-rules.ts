/**
 * The rating function (电费计算): pure. From the tariff versions in force, the account, the period's
 * registers, the kWh billed earlier in the tier year and dated pause / capacity events, it produces
 * bill lines, each naming its register and quantity, tariff version, rule and unit price, with an amount
 * in integer fen; the bill total is the sum of the lines.
 *
 * Rounding: every line is computed exactly (decimal) and rounded half-up to the fen once; the total is
 * the sum of the rounded lines, never a rounding of the exact sum. The power factor adjustment is a
 * percentage of the sum of the rounded basic and energy lines, itself rounded half-up to the fen.
 *
 * A tariff change inside the period splits it at the effective date: every register's quantity is
 * shared among the stretches by days (quantity × days of the stretch / days of the period, rounded
 * half-up to 0.01 kWh; the last stretch takes the rest so the shares add up exactly), and each stretch
 * is rated under its own version, tiers counting on from the earlier stretch.
 */
import { D, dec, priceDec, qtyText, yuanToFen, type Dec } from './decimal.js';
import { daysIncl, monthOf, overlap } from '../../platform/calendar/dates.js';
import { badField, badFields } from '../../platform/errors.js';
import type { RawLine } from './line.js';
import { pfAdjustmentPct, pfStandardFor, powerFactor } from './power-factor-rules.js';
import { boundsOf, proratedAnnualBounds, sharePeriods, splitByTiers } from './tier-rules.js';
import { basicChargeLines, validateContract } from './two-part-rules.js';
import {
  PERIODS,
  type BillLine,
  type BillingPolicy,
  type Period,
  type RatingAccount,
  type RatingResult,
  type Registers,
  type ServiceEvent,
  type TariffVersion,
} from './schemas.js';

export interface RatingInput {
  account: RatingAccount;
  /** inclusive dates; within one tier year, and within one calendar month for two-part accounts */
  period: { from: string; to: string };
  /** the versions of the account's tariff: at least those in force over the period and, for annual tiers, over the tier year */
  versions: TariffVersion[];
  registers: Registers;
  /** kWh billed earlier in the tier year */
  ytdKwh?: number;
  /** the household's tier year; the calendar year of the period by default */
  tierYear?: { from: string; to: string };
  events?: ServiceEvent[];
  policy: BillingPolicy;
  /**
   * What the lines used besides the tariff, to be named on them (a bill is re-explained from what is
   * stored): `params` (the billing parameter version) is appended to every line's note, `events` (the
   * pause / reduction events) to the basic-charge lines' notes.
   */
  explain?: { params?: string; events?: string };
  /**
   * kWh of this month already billed on interim meter readings (分次抄表, §22) before this period: the period's
   * kWh is placed on top of it for the tiers (annual: on top of ytdKwh + this; monthly bounds: on top of this).
   */
  mtdKwh?: number;
  /**
   * Which monthly charges this rating includes (default both): an interim bill on an interim reading leaves the
   * basic charge and the power factor adjustment to the month-end bill (§22); the part of a metering split billed
   * under another class (§23) is single-part and carries no adjustment of its own.
   */
  parts?: { basic: boolean; powerFactor: boolean };
  /**
   * The meter's kWh when only part of it is rated here (a metering split, §23): cos φ and the high-load test of the
   * demand price (kWh per kVA) are the meter's, not the part's. The registers' total by default.
   */
  meterKwh?: number;
}

const PERIOD_ZH: Record<Period, string> = { critical: '尖峰', peak: '高峰', flat: '平段', valley: '低谷' };
const PERIOD_EN: Record<Period, string> = { critical: 'critical peak', peak: 'peak', flat: 'flat', valley: 'valley' };

interface Stretch {
  version: TariffVersion;
  from: string;
  to: string;
  days: number;
}

/** The versions in force over the period, day after day; refuses a day with none. */
export function stretchesOf(period: { from: string; to: string }, versions: TariffVersion[]): Stretch[] {
  const out = versions
    .map((v) => ({ v, o: overlap({ from: period.from, to: period.to }, { from: v.validFrom, to: v.validTo }) }))
    .filter((x) => x.o !== null)
    .sort((a, b) => (a.o!.from < b.o!.from ? -1 : 1))
    .map(({ v, o }) => ({ version: v, from: o!.from, to: o!.to, days: daysIncl(o!.from, o!.to) }));
  const covered = out.reduce((n, s) => n + s.days, 0);
  if (covered !== daysIncl(period.from, period.to))
    throw badField(
      'period',
      'no_tariff',
      `${period.from} 至 ${period.to} 有日期没有（或有多个）有效电价版本`,
      `some day from ${period.from} to ${period.to} has no tariff version in force (or more than one)`,
    );
  return out;
}

/** Shares a quantity among stretches by days: rounded half-up to 0.01, the last takes the rest. */
export function shareByDays(qty: Dec, days: number[]): Dec[] {
  const total = days.reduce((a, b) => a + b, 0);
  let rest = qty;
  return days.map((d, i) => {
    const q = i === days.length - 1 ? rest : qty.times(d).div(total).toDecimalPlaces(2, D.ROUND_HALF_UP);
    rest = rest.minus(q);
    return q;
  });
}

export function rate(input: RatingInput): RatingResult {
  const { account, period, registers, policy } = input;
  const warnings: string[] = [];
  if (period.to < period.from) throw badField('period.to', 'order', '结束日早于开始日', 'the period ends before it starts');
  const contract = validateContract(account, policy.twoPart);
  if (contract.length) throw badFields('VALIDATION_FAILED', contract[0].zh, contract[0].en, contract);
  if (account.pricing === 'two_part' && period.from.slice(0, 7) !== period.to.slice(0, 7))
    throw badField('period', 'one_month', '两部制按自然月计算', 'a two-part account is rated one calendar month at a time');
  const stretches = stretchesOf(
    period,
    input.versions.filter((v) => v.customerClass === account.customerClass && v.pricing === account.pricing && v.voltage === account.voltage),
  );

  // the period's quantities, by TOU period or in total
  const byPeriod = PERIODS.filter((p) => registers.kwh[p] !== undefined).map((p) => [p, dec(registers.kwh[p]!)] as [Period, Dec]);
  if (account.tou && byPeriod.length === 0) throw badField('registers.kwh', 'tou_registers', '分时计费须有各时段电量', 'a TOU account needs kWh by period');
  const total = account.tou || registers.kwh.total === undefined ? byPeriod.reduce((s, [, q]) => s.plus(q), new D(0)) : dec(registers.kwh.total);
  if (!account.tou && registers.kwh.total === undefined && byPeriod.length === 0) throw badField('registers.kwh', 'required', '缺少电量', 'no kWh given');
  const meterTotal = input.meterKwh === undefined ? total : dec(input.meterKwh);
  const days = stretches.map((s) => s.days);
  const totalShares = shareByDays(total, days);
  const periodShares = byPeriod.map(([p, q]) => [p, shareByDays(q, days)] as const);

  // annual tier bounds for the tier year
  const tierYear = input.tierYear ?? { from: `${period.from.slice(0, 4)}-01-01`, to: `${period.from.slice(0, 4)}-12-31` };
  if (period.from < tierYear.from || period.to > tierYear.to)
    throw badField(
      'period',
      'tier_year',
      `计费期须在阶梯年度 ${tierYear.from} 至 ${tierYear.to} 之内`,
      `the period must lie within the tier year ${tierYear.from} to ${tierYear.to}`,
    );
  let annualBounds: Dec[] | null = null;
  if (stretches.some((s) => s.version.content.tiers?.basis === 'annual')) {
    const yearVersions = input.versions.filter(
      (v) => v.content.tiers?.basis === 'annual' && v.customerClass === account.customerClass && v.pricing === account.pricing && v.voltage === account.voltage,
    );
    try {
      annualBounds = proratedAnnualBounds(
        tierYear,
        account.supplyFrom,
        yearVersions.map((v) => ({ validFrom: v.validFrom, validTo: v.validTo, bounds: (v.content.tiers as { bounds: number[] }).bounds })),
      );
    } catch (e) {
      throw badField(
        'period',
        'tier_year_tariff',
        `阶梯年度的电价版本不完整：${(e as Error).message}`,
        `the tier year's tariff versions are incomplete: ${(e as Error).message}`,
      );
    }
  }

  const raw: { line: RawLine; tariffCode: string; kind: 'energy' | 'basic' | 'fund' | 'pf' }[] = [];
  const mtd = dec(input.mtdKwh ?? 0);
  let ytd = dec(input.ytdKwh ?? 0).plus(mtd);
  const parts = input.parts ?? { basic: true, powerFactor: true };
  stretches.forEach((s, si) => {
    const c = s.version.content;
    const code = s.version.code;
    const note = stretches.length > 1 ? `${s.from}–${s.to}` : undefined;
    const segTotal = totalShares[si];
    const segPeriods = periodShares.map(([p, shares]) => [p, shares[si]] as [Period, Dec]);
    const rates = account.tou ? c.touRates : c.rates;
    if (!rates) throw badField('account.tou', 'no_tou_tariff', `电价 ${code} 没有分时价格`, `tariff ${code} has no TOU prices`);
    const price = (k: number, p: Period | 'all'): Dec => {
      const x = rates[k]?.[p];
      if (x === undefined)
        throw badField(
          'registers.kwh',
          'no_price',
          `电价 ${code} 第 ${k + 1} 档没有${p === 'all' ? '' : PERIOD_ZH[p]}价格`,
          `tariff ${code} has no ${p === 'all' ? '' : PERIOD_EN[p] + ' '}price for tier ${k + 1}`,
        );
      return priceDec(x);
    };
    const energy = (k: number, p: Period | 'all', q: Dec, tiered: boolean) => {
      if (q.isZero()) return;
      const pr = price(k, p);
      const tierZh = tiered ? `第${k + 1}档` : '',
        tierEn = tiered ? `tier ${k + 1}` : '';
      raw.push({
        tariffCode: code,
        kind: 'energy',
        line: {
          code: p === 'all' ? (tiered ? `energy_tier${k + 1}` : 'energy') : tiered ? `energy_tier${k + 1}_${p}` : `energy_${p}`,
          rule: tiered ? 'tier (阶梯电价)' : p === 'all' ? 'energy (电度电价)' : 'tou (发改价格〔2021〕1093号)',
          labelZh: ['电度电费', tierZh, p === 'all' ? '' : PERIOD_ZH[p]].filter(Boolean).join(' '),
          labelEn: ['Energy', tierEn, p === 'all' ? '' : PERIOD_EN[p]].filter(Boolean).join(', '),
          register: p === 'all' ? 'kwh.total' : `kwh.${p}`,
          quantity: q,
          unit: 'kWh',
          price: pr,
          amount: q.times(pr),
          note,
        },
      });
    };
    if (c.tiers) {
      const bounds = c.tiers.basis === 'annual' ? annualBounds! : boundsOf(c.tiers, monthOf(s.from)).map((b) => dec(b));
      const tierQty = splitByTiers(c.tiers.basis === 'annual' ? ytd : mtd, segTotal, bounds);
      if (account.tou) sharePeriods(tierQty, segPeriods).forEach((cells, k) => cells.forEach((q, i) => energy(k, segPeriods[i][0], q, true)));
      else tierQty.forEach((q, k) => energy(k, 'all', q, true));
    } else if (account.tou) segPeriods.forEach(([p, q]) => energy(0, p, q, false));
    else energy(0, 'all', segTotal, false);
    ytd = ytd.plus(segTotal);

    if (account.pricing === 'two_part' && parts.basic) {
      if (!c.basic) throw badField('account.pricing', 'no_basic_price', `电价 ${code} 没有基本电价`, `tariff ${code} has no basic charge prices`);
      for (const l of basicChargeLines(
        {
          account,
          from: s.from,
          to: s.to,
          capacityPrice: c.basic.capacityPrice,
          demandPrice: c.basic.demandPrice,
          events: input.events ?? [],
          monthKwh: meterTotal,
          maxDemandKw: registers.maxDemandKw,
          explain: input.explain?.events,
        },
        policy.twoPart,
      ))
        raw.push({ tariffCode: code, kind: 'basic', line: l });
    }
    for (const f of c.funds) {
      if (segTotal.isZero()) continue;
      const fp = priceDec(f.price);
      raw.push({
        tariffCode: code,
        kind: 'fund',
        line: {
          code: `fund_${f.code}`,
          rule: 'fund (政府性基金及附加)',
          labelZh: f.nameZh,
          labelEn: f.nameEn,
          register: 'kwh.total',
          quantity: segTotal,
          unit: 'kWh',
          price: fp,
          amount: segTotal.times(fp),
          note,
        },
      });
    }
  });

  const params = input.explain?.params;
  if (params) for (const r of raw) r.line.note = r.line.note ? `${r.line.note}；${params}` : params;
  const lines: BillLine[] = raw.map(({ line, tariffCode }) => toLine(line, tariffCode));
  // power factor adjustment on basic + energy charges (rounded lines)
  const std = parts.powerFactor ? pfStandardFor(policy, account) : null;
  if (std) {
    if (registers.kvarh === undefined)
      warnings.push(`未提供无功电量，未计算功率因数调整电费（标准 ${std.standard}） / no kvarh given: no power factor adjustment (standard ${std.standard})`);
    else {
      const pf = powerFactor(meterTotal, registers.kvarh);
      if (pf) {
        const pct = pfAdjustmentPct(std, pf);
        const baseFen = raw.reduce((sum, r, i) => (r.kind === 'energy' || r.kind === 'basic' ? sum + lines[i].amountFen : sum), 0);
        const amount = new D(baseFen).div(100).times(pct).div(100);
        lines.push(
          toLine(
            {
              code: 'pf_adjustment',
              rule: `power_factor ${std.standard} ((83)水电财字第215号)`,
              labelZh: '功率因数调整电费',
              labelEn: 'Power factor adjustment',
              register: 'kvarh',
              quantity: pf,
              unit: 'cos φ',
              price: pct,
              amount,
              note: `标准 standard ${std.standard}；${pct.gte(0) ? '+' : ''}${pct}% × (基本 + 电度 basic + energy) ¥${new D(baseFen).div(100).toFixed(2)}${params ? `；${params}` : ''}`,
            },
            stretches[stretches.length - 1].version.code,
          ),
        );
      }
    }
  }
  return { lines, totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0), warnings };
}

function toLine(l: RawLine, tariffCode: string): BillLine {
  return {
    code: l.code,
    rule: l.rule,
    labelZh: l.labelZh,
    labelEn: l.labelEn,
    tariffCode,
    register: l.register,
    quantity: qtyText(l.quantity),
    unit: l.unit,
    price: l.price.toString(),
    amountFen: yuanToFen(l.amount),
    ...(l.note ? { note: l.note } : {}),
  };
}
