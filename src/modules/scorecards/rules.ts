/**
 * Scoring rules of the benchmarking scorecards (pure; docs/scorecards.md "Scoring", docs/rules.md
 * §11). Every figure — weights, floors, targets, the time zone — comes from the scheme passed in.
 *
 * Arithmetic is exact: values are fractions of integers (numerator × scale / denominator) in
 * decimal.js with 40 significant digits; nothing goes through a binary float. Rounding, once and
 * half-up (half away from zero): an indicator's displayed value to 4 decimals, its points to 2
 * decimals; the points are computed from the exact value, not the displayed one. A unit's points
 * are the sum of its indicators' rounded points (so the printed lines add up to the printed
 * total); its score is points / points possible × 100, rounded to 2 decimals.
 */
import { Decimal } from 'decimal.js';
import { INDICATOR_DEFS, INDICATORS, PER_10K, type Direction, type Indicator } from './indicators.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export const VALUE_DP = 4;
export const POINTS_DP = 2;

export const METHODS = ['linear', 'rank'] as const;
export type Method = (typeof METHODS)[number];

export interface SchemeIndicator {
  indicator: Indicator;
  /** points for this indicator at best (decimal text) */
  weight: string;
  method: Method;
  /** linear: the value that scores 0 and the value that scores the full weight (decimal text) */
  floor?: string;
  target?: string;
}

export interface SchemeData {
  utcOffsetMinutes: number;
  indicators: SchemeIndicator[];
}

export interface Problem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

const isDecimal = (s: unknown): s is string => typeof s === 'string' && /^-?\d{1,12}(\.\d{1,12})?$/.test(s);

/** Checks a scheme's data; answers the problems found (empty: valid), each naming the field. */
export function checkScheme(data: SchemeData): Problem[] {
  const out: Problem[] = [];
  if (!Number.isInteger(data.utcOffsetMinutes) || Math.abs(data.utcOffsetMinutes) > 14 * 60)
    out.push({ field: 'utcOffsetMinutes', rule: 'range', zh: '时区偏移须为 −840 至 840 分钟', en: 'utcOffsetMinutes must be between −840 and 840' });
  if (data.indicators.length === 0) out.push({ field: 'indicators', rule: 'required', zh: '至少一个指标', en: 'at least one indicator' });
  const seen = new Set<string>();
  data.indicators.forEach((x, i) => {
    const f = `indicators[${i}]`;
    if (!(INDICATORS as readonly string[]).includes(x.indicator)) out.push({ field: `${f}.indicator`, rule: 'enum', zh: '未知指标', en: 'unknown indicator' });
    else if (seen.has(x.indicator)) out.push({ field: `${f}.indicator`, rule: 'unique', zh: '指标重复', en: 'indicator listed twice' });
    seen.add(x.indicator);
    if (!isDecimal(x.weight) || !new D(x.weight).gt(0))
      out.push({ field: `${f}.weight`, rule: 'positive', zh: '权重须为正数', en: 'weight must be a positive number' });
    if (x.method === 'linear') {
      if (!isDecimal(x.floor)) out.push({ field: `${f}.floor`, rule: 'required', zh: '线性评分须有下限值', en: 'linear scoring needs a floor' });
      if (!isDecimal(x.target)) out.push({ field: `${f}.target`, rule: 'required', zh: '线性评分须有目标值', en: 'linear scoring needs a target' });
      const def = INDICATOR_DEFS[x.indicator];
      if (def && isDecimal(x.floor) && isDecimal(x.target)) {
        const fl = new D(x.floor);
        const tg = new D(x.target);
        const ok = def.direction === 'higher' ? tg.gt(fl) : tg.lt(fl);
        if (!ok)
          out.push({
            field: `${f}.target`,
            rule: 'direction',
            zh: def.direction === 'higher' ? '越高越好的指标，目标值须高于下限值' : '越低越好的指标，目标值须低于下限值',
            en: def.direction === 'higher' ? 'higher-is-better: target must be above floor' : 'lower-is-better: target must be below floor',
          });
      }
    } else if (x.method !== 'rank') out.push({ field: `${f}.method`, rule: 'enum', zh: '评分方法须为 linear 或 rank', en: 'method must be linear or rank' });
  });
  return out;
}

/** The exact value of a measured indicator, or null when the denominator is zero (no data). */
export function exactValue(indicator: Indicator, numerator: number | string, denominator: number | string): Dec | null {
  const den = new D(denominator);
  if (den.isZero()) return null;
  const scale = INDICATOR_DEFS[indicator].unit === 'per10k' ? PER_10K : 1;
  return new D(numerator).times(scale).div(den);
}

/** Linear points: 0 at the floor, the full weight at the target, straight between, capped at both ends. Works for both directions. */
export function linearPoints(value: Dec, floor: string, target: string, weight: string): Dec {
  const f = new D(floor);
  const t = new D(target);
  let share = value.minus(f).div(t.minus(f));
  if (share.lt(0)) share = new D(0);
  if (share.gt(1)) share = new D(1);
  return share.times(weight);
}

/**
 * Competition ranks ("1224": equal values share the better rank) of values, best first by the
 * direction. Null values are not ranked (null rank).
 */
export function ranks(values: (Dec | null)[], direction: Direction): (number | null)[] {
  const present = values.map((v, i) => ({ v, i })).filter((x): x is { v: Dec; i: number } => x.v !== null);
  const better = (a: Dec, b: Dec) => (direction === 'higher' ? a.gt(b) : a.lt(b));
  const out: (number | null)[] = values.map(() => null);
  for (const x of present) out[x.i] = 1 + present.filter((y) => better(y.v, x.v)).length;
  return out;
}

/** Rank points: the full weight for the best, 0 for the last, straight between by rank: weight × (n − rank) / (n − 1); one ranked unit gets the full weight. */
export function rankPoints(rank: number, ranked: number, weight: string): Dec {
  if (ranked <= 1) return new D(weight);
  return new D(weight).times(ranked - rank).div(ranked - 1);
}

export interface Measured {
  numerator: number | string;
  denominator: number | string;
  /** why there is no figure (missing data), if any */
  missing?: string | null;
}

export interface LineResult {
  indicator: Indicator;
  numerator: string;
  denominator: string;
  value: string | null;
  points: string | null;
  weight: string;
  status: 'scored' | 'missing';
  missing: string | null;
}

export interface UnitResult {
  unitId: number;
  lines: LineResult[];
  points: string;
  maxPoints: string;
  score: string | null;
  rank: number | null;
}

const fixed = (x: Dec, dp: number) => x.toDecimalPlaces(dp, D.ROUND_HALF_UP).toFixed(dp);

/**
 * Scores every unit of a run: `measured.get(unitId).get(indicator)` is the unit's figure. An
 * indicator with no denominator is 'missing' (no value, no points, its weight left out of the
 * unit's points possible) with the reason, never zero. Units are ranked by score, best first
 * (competition ranks); a unit with no scored indicator is not ranked.
 */
export function scoreUnits(scheme: SchemeData, unitIds: number[], measured: Map<number, Map<Indicator, Measured>>): UnitResult[] {
  // exact values first: rank scoring compares units
  const values = new Map<Indicator, (Dec | null)[]>();
  for (const si of scheme.indicators)
    values.set(
      si.indicator,
      unitIds.map((u) => {
        const m = measured.get(u)?.get(si.indicator);
        return m && !m.missing ? exactValue(si.indicator, m.numerator, m.denominator) : null;
      }),
    );
  const byIndicatorRank = new Map<Indicator, (number | null)[]>();
  for (const si of scheme.indicators)
    if (si.method === 'rank') byIndicatorRank.set(si.indicator, ranks(values.get(si.indicator)!, INDICATOR_DEFS[si.indicator].direction));

  const results: UnitResult[] = unitIds.map((unitId, ui) => {
    let points = new D(0);
    let max = new D(0);
    const lines = scheme.indicators.map((si): LineResult => {
      const m = measured.get(unitId)?.get(si.indicator);
      const v = values.get(si.indicator)![ui];
      const base = { indicator: si.indicator, numerator: String(m?.numerator ?? 0), denominator: String(m?.denominator ?? 0), weight: si.weight };
      if (v === null) {
        const why = m?.missing ?? (m ? 'no_denominator' : 'no_data');
        return { ...base, value: null, points: null, status: 'missing', missing: why };
      }
      let p: Dec;
      if (si.method === 'linear') p = linearPoints(v, si.floor!, si.target!, si.weight);
      else {
        const r = byIndicatorRank.get(si.indicator)!;
        p = rankPoints(r[ui]!, r.filter((x) => x !== null).length, si.weight);
      }
      const shown = new D(fixed(p, POINTS_DP));
      points = points.plus(shown);
      max = max.plus(si.weight);
      return { ...base, value: fixed(v, VALUE_DP), points: shown.toFixed(POINTS_DP), status: 'scored', missing: null };
    });
    const score = max.isZero() ? null : fixed(points.div(max).times(100), POINTS_DP);
    return { unitId, lines, points: points.toFixed(POINTS_DP), maxPoints: max.toFixed(POINTS_DP), score, rank: null };
  });
  const r = ranks(
    results.map((x) => (x.score === null ? null : new D(x.score))),
    'higher',
  );
  results.forEach((x, i) => (x.rank = r[i]));
  return results;
}

export interface Period {
  period: string;
  kind: 'month' | 'quarter';
  from: Date;
  to: Date;
  /** first day (local) as YYYY-MM-DD, and the first day after */
  firstDay: string;
  nextDay: string;
}

/** A period '2026-11' (month) or '2026-Q4' (quarter) in local time at `utcOffsetMinutes`; null if not one. */
export function parsePeriod(text: string, utcOffsetMinutes: number): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  const q = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!m && !q) return null;
  const year = Number((m ?? q)![1]);
  const month0 = m ? Number(m[2]) - 1 : (Number(q![2]) - 1) * 3;
  if (month0 < 0 || month0 > 11 || year < 2000 || year > 2100) return null;
  const months = m ? 1 : 3;
  const off = utcOffsetMinutes * 60_000;
  const start = Date.UTC(year, month0, 1);
  const end = Date.UTC(year, month0 + months, 1);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { period: text, kind: m ? 'month' : 'quarter', from: new Date(start - off), to: new Date(end - off), firstDay: day(start), nextDay: day(end) };
}

/** The months (first days, YYYY-MM-DD) a period covers. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  const [y, m] = p.firstDay.split('-').map(Number);
  for (let i = 0; i < (p.kind === 'month' ? 1 : 3); i++) out.push(new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 10));
  return out;
}
