/**
 * The metering split (定比定量, docs/billing.md §23): pure, no I/O.
 *
 * Where one meter measures the consumption of two use classes and separate meters cannot be installed, a fixed
 * ratio (定比) or a fixed monthly quantity (定量) of the meter's kWh is billed under the other class — 供电营业规则
 * (1996) 第七十条: 在用户受电点内难以按电价类别分别装设用电计量装置时，可装设总的用电计量装置，然后按其不同电价类别的用电
 * 设备容量的比例或实际可能的用电量，确定不同电价类别用电量的比例或定量进行分算，分别计价; for large customers
 * 电力大客户服务管理办法 4.8 (特殊情况的可考虑采用定量定比方案给予定价).
 *
 * griddesk's rounding (stated, tested):
 * - ratio: the split class's kWh = the meter's kWh × share %, rounded half-up to a **whole kWh**; never more
 *   than the meter's kWh; the main class takes the rest (meter − split), so the two add up exactly;
 * - fixed: the agreed whole kWh a month, **capped** at the meter's kWh (the main class then has none); on interim
 *   readings (§22) the month's fixed quantity is used up in order (what earlier interims split is deducted);
 * - by TOU period: the split class's kWh is shared among the periods in proportion to the periods' kWh, each share
 *   rounded half-up to 0.01 kWh, the last period taking the rest — the same rule as tiers over periods (§1:
 *   `sharePeriods`, the split class being the first "tier" and the main class the last); the main class keeps,
 *   period by period, what the split class did not take, so every period adds up exactly.
 * - the split class is rated single-part under its own tariff (its class, the account's voltage; TOU when the
 *   account is TOU and the class is not residential, as a run's profile would make it), its tiers counting on its
 *   own year to date; the basic charge and the power factor adjustment stay with the main class, cos φ from the
 *   meter's whole kWh and kvarh (the meter measures both), the adjustment on the main class's basic and energy lines.
 */
import { D, dec, qtyText, type Dec } from './decimal.js';
import { badField } from '../../platform/errors.js';
import { rate, type RatingInput } from './rating-rules.js';
import { sharePeriods } from './tier-rules.js';
import { PERIODS, type BillLine, type Period, type RatingAccount, type RatingResult, type Registers, type TariffVersion } from './schemas.js';

export interface MeteringSplit {
  kind: 'ratio' | 'fixed';
  customerClass: RatingAccount['customerClass'];
  sharePct?: string;
  kwh?: number;
}

const CLASS_ZH: Record<string, string> = { residential: '居民生活', commercial_industrial: '工商业', agricultural: '农业生产' };
const CLASS_EN: Record<string, string> = { residential: 'residential', commercial_industrial: 'commercial & industrial', agricultural: 'agricultural' };

/** The split class's kWh of `total`: ratio rounded half-up to whole kWh, fixed capped; `usedBefore` = fixed kWh split earlier this month. */
export function splitQuantity(total: Dec, s: MeteringSplit, usedBefore: Dec = new D(0)): { kwh: Dec; capped: boolean } {
  if (s.kind === 'ratio') {
    const q = total
      .times(dec(s.sharePct ?? '0'))
      .div(100)
      .toDecimalPlaces(0, D.ROUND_HALF_UP);
    return q.gt(total) ? { kwh: total, capped: true } : { kwh: q, capped: false };
  }
  const left = D.max(dec(s.kwh ?? 0).minus(usedBefore), 0);
  return left.gt(total) ? { kwh: total, capped: true } : { kwh: left, capped: false };
}

export interface SplitRegisters {
  /** the split class's kWh and the main class's */
  splitKwh: Dec;
  mainKwh: Dec;
  capped: boolean;
  /** the split class's kWh by period (TOU accounts), or null */
  splitByPeriod: Partial<Record<Period, Dec>> | null;
  main: Registers;
  part: Registers;
}

/** Cuts the registers: the split class's part and the main class's (kvarh and maximum demand stay with the main class). */
export function splitRegisters(registers: Registers, tou: boolean, partTou: boolean, s: MeteringSplit, usedBefore?: Dec): SplitRegisters {
  const periods = PERIODS.filter((p) => registers.kwh[p] !== undefined).map((p) => [p, dec(registers.kwh[p]!)] as [Period, Dec]);
  const byPeriod = tou && periods.length > 0;
  const total = byPeriod ? periods.reduce((a, [, q]) => a.plus(q), new D(0)) : dec(registers.kwh.total ?? 0);
  const { kwh: splitKwh, capped } = splitQuantity(total, s, usedBefore);
  const mainKwh = total.minus(splitKwh);
  const rest: Omit<Registers, 'kwh'> = {
    ...(registers.kvarh !== undefined ? { kvarh: registers.kvarh } : {}),
    ...(registers.maxDemandKw !== undefined ? { maxDemandKw: registers.maxDemandKw } : {}),
  };
  if (!byPeriod) {
    return {
      splitKwh,
      mainKwh,
      capped,
      splitByPeriod: null,
      main: { kwh: { total: mainKwh.toNumber() }, ...rest },
      part: { kwh: { total: splitKwh.toNumber() } },
    };
  }
  const [splitCells, mainCells] = sharePeriods([splitKwh, mainKwh], periods);
  const splitByPeriod: Partial<Record<Period, Dec>> = {};
  const mainKwhBy: Registers['kwh'] = {};
  const partKwhBy: Registers['kwh'] = {};
  periods.forEach(([p], i) => {
    splitByPeriod[p] = splitCells[i];
    mainKwhBy[p] = mainCells[i].toNumber();
    partKwhBy[p] = splitCells[i].toNumber();
  });
  return {
    splitKwh,
    mainKwh,
    capped,
    splitByPeriod,
    main: { kwh: mainKwhBy, ...rest },
    part: { kwh: partTou ? partKwhBy : { total: splitKwh.toNumber() } },
  };
}

/** How the split is named on its lines and in the bill's inputs. */
export function describeSplit(s: MeteringSplit, total: Dec, q: { splitKwh: Dec; capped: boolean }): { zh: string; en: string } {
  const cls = `${CLASS_ZH[s.customerClass] ?? s.customerClass} ${CLASS_EN[s.customerClass] ?? s.customerClass}`;
  if (s.kind === 'ratio')
    return {
      zh: `定比 ${s.sharePct}% × ${qtyText(total)} kWh = ${qtyText(q.splitKwh)} kWh（取整 kWh）→ ${cls}`,
      en: `ratio split ${s.sharePct} % × ${qtyText(total)} kWh = ${qtyText(q.splitKwh)} kWh (whole kWh) → ${cls}`,
    };
  return {
    zh: `定量 ${s.kwh} kWh/月${q.capped ? `，超过本期电量，按 ${qtyText(q.splitKwh)} kWh` : `，本期 ${qtyText(q.splitKwh)} kWh`} → ${cls}`,
    en: `fixed split ${s.kwh} kWh a month${q.capped ? `, above the consumption: ${qtyText(q.splitKwh)} kWh` : `, this period ${qtyText(q.splitKwh)} kWh`} → ${cls}`,
  };
}

/** The rating account of the split class: single-part, the account's voltage and capacity; TOU as a run's profile would make it. */
export function partAccount(account: RatingAccount, s: MeteringSplit): RatingAccount {
  return {
    customerClass: s.customerClass,
    pricing: 'single',
    voltage: account.voltage,
    capacityKva: account.capacityKva,
    tou: account.tou && s.customerClass !== 'residential',
    ...(account.supplyFrom ? { supplyFrom: account.supplyFrom } : {}),
  };
}

export interface SplitRatingInput {
  split: MeteringSplit;
  /** tariff versions of the split class's key (class, single-part, the account's voltage) */
  versions: TariffVersion[];
  /** the split class's kWh billed earlier in the tier year (and on this month's earlier interim readings: mtdKwh) */
  ytdKwh: number;
  mtdKwh?: number;
  /** a fixed split: its kWh already taken this month by earlier interim readings */
  usedBefore?: number;
}

export interface SplitRatingResult extends RatingResult {
  /** what was split, for the bill's stored inputs (null: no split) */
  meteringSplit: {
    kind: string;
    customerClass: string;
    sharePct?: string;
    kwh?: number;
    splitKwh: string;
    mainKwh: string;
    capped: boolean;
    rule: string;
  } | null;
}

/**
 * The year-to-date inputs of an account's rating with its metering split (§23), as the run and the simulator pass them:
 * the split class's tiers count on its own year to date (`partYtd`, the split kWh billed earlier in the tier year) and the
 * main class's on the account's less that. Without a split: the account's year to date and no split input.
 */
export function splitYtdInputs(
  accountYtdKwh: number,
  split: MeteringSplit | null,
  versions: TariffVersion[],
  partYtd: string,
): { ytdKwh: number; split: SplitRatingInput | null } {
  if (!split) return { ytdKwh: accountYtdKwh, split: null };
  return { ytdKwh: dec(accountYtdKwh).minus(dec(partYtd)).toNumber(), split: { split, versions, ytdKwh: Number(partYtd) } };
}

/**
 * Rates an account with a metering split: the main class on its kWh less the split (basic charge, power factor
 * adjustment on the meter's cos φ), the split class on its kWh under its own tariff, every line of it naming the
 * split rule. Without a split it is `rate`.
 */
export function rateWithSplit(input: RatingInput, sp: SplitRatingInput | null): SplitRatingResult {
  if (!sp) return { ...rate(input), meteringSplit: null };
  const s = sp.split;
  if (s.customerClass === input.account.customerClass)
    throw badField('meteringSplit.customerClass', 'same_class', '定比定量须分算到另一用电类别', 'a metering split goes to another customer class');
  const pa = partAccount(input.account, s);
  const versions = sp.versions.filter((v) => v.customerClass === pa.customerClass && v.pricing === pa.pricing && v.voltage === pa.voltage);
  if (!versions.length)
    throw badField(
      'meteringSplit.customerClass',
      'no_tariff',
      `定比定量分算的 ${s.customerClass} / single / ${pa.voltage} 没有电价`,
      `no tariff for the metering split's ${s.customerClass} / single / ${pa.voltage}`,
    );
  const q = splitRegisters(input.registers, input.account.tou, pa.tou, s, sp.usedBefore === undefined ? undefined : dec(sp.usedBefore));
  const meterKwh = q.splitKwh.plus(q.mainKwh);
  const d = describeSplit(s, meterKwh, q);
  const main = rate({ ...input, registers: q.main, meterKwh: meterKwh.toNumber() });
  const lines: BillLine[] = main.lines.map((l) =>
    l.code === 'pf_adjustment' ? l : { ...l, note: [l.note, `主类 main class ${qtyText(q.mainKwh)} kWh（${d.zh}）`].filter(Boolean).join('；') },
  );
  const warnings = [...main.warnings];
  if (!q.splitKwh.isZero()) {
    const part = rate({
      account: pa,
      period: input.period,
      versions,
      registers: q.part,
      ytdKwh: sp.ytdKwh,
      ...(sp.mtdKwh ? { mtdKwh: sp.mtdKwh } : {}),
      ...(input.tierYear ? { tierYear: input.tierYear } : {}),
      policy: input.policy,
      parts: { basic: false, powerFactor: false },
      ...(input.explain?.params ? { explain: { params: input.explain.params } } : {}),
    });
    for (const l of part.lines)
      lines.push({
        ...l,
        code: `${l.code}_split`,
        rule: `${l.rule}; metering_split ${s.kind} (定比定量，供电营业规则第七十条)`,
        labelZh: `[${CLASS_ZH[s.customerClass] ?? s.customerClass}·${s.kind === 'ratio' ? '定比' : '定量'}] ${l.labelZh}`,
        labelEn: `[${CLASS_EN[s.customerClass] ?? s.customerClass}, ${s.kind} split] ${l.labelEn}`,
        note: [l.note, d.zh].filter(Boolean).join('；'),
      });
    warnings.push(...part.warnings);
  }
  return {
    lines,
    totalFen: lines.reduce((a, l) => a + l.amountFen, 0),
    warnings,
    meteringSplit: {
      kind: s.kind,
      customerClass: s.customerClass,
      ...(s.sharePct !== undefined ? { sharePct: s.sharePct } : {}),
      ...(s.kwh !== undefined ? { kwh: s.kwh } : {}),
      splitKwh: q.splitKwh.toString(),
      mainKwh: q.mainKwh.toString(),
      capped: q.capped,
      rule: `${d.zh} / ${d.en}`,
    },
  };
}
