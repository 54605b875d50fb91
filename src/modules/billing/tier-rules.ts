/**
 * Residential tiered pricing (阶梯电价): pure.
 *
 * Tier bounds are upper limits in kWh, inclusive: with bounds [3120, 4800] the first 3120 kWh of the
 * tier year are tier 1, kWh 3120–4800 tier 2, the rest tier 3. A period's consumption is placed on
 * top of the kWh already billed in the tier year (year to date), so a month that crosses a bound is
 * split between the tiers. Monthly bounds (Sichuan's seasonal first tier) split one month's
 * consumption on that month's bounds, without a year-to-date.
 *
 * Partial years: the year's bound is Σ over the days the customer was supplied in the tier year of
 * (the bound of the version in force that day) / days in the tier year, rounded half-up to whole kWh
 * once, i.e. bound × days in force / days in year for a single version. A customer supplied from
 * 1 July of a 365-day year gets round(3120 × 184 / 365) = round(1572.82) = 1573 kWh.
 *
 * TOU within tiers: tiers count on all periods together (Zhejiang's rule, applied to every tiered TOU
 * tariff); each tier's kWh is shared among the periods in proportion to the periods' kWh, each share
 * rounded half-up to 0.01 kWh except the last period, which takes the rest; the last tier takes what
 * the earlier tiers left of each period, so both every tier's and every period's kWh add up exactly.
 */
import { D, dec, type Dec } from './decimal.js';
import { daysIncl, maxDate, overlap } from '../../platform/calendar/dates.js';
import type { Period, TierThresholds } from './schemas.js';

/** The bounds that apply in a month (1–12) for monthly thresholds, or the annual bounds. */
export function boundsOf(t: TierThresholds, month: number): number[] {
  return t.basis === 'annual' ? t.bounds : t.bounds[month - 1];
}

export interface BoundsInForce {
  validFrom: string;
  validTo: string | null;
  bounds: number[];
}

/**
 * The annual bounds for a tier year, prorated by days supplied and by the versions in force.
 * Throws when a supplied day of the year has no version, or versions disagree on the number of tiers.
 */
export function proratedAnnualBounds(year: { from: string; to: string }, supplyFrom: string | undefined, versions: BoundsInForce[]): Dec[] {
  // a bill run asks the same question for thousands of accounts: the answer is remembered (pure, immutable Decimals)
  const key = `${year.from}|${year.to}|${supplyFrom ?? ''}|${versions.map((v) => `${v.validFrom}|${v.validTo}|${v.bounds.join(',')}`).join(';')}`;
  const hit = boundsMemo.get(key);
  if (hit) return hit;
  const out = proratedAnnualBoundsOnce(year, supplyFrom, versions);
  if (boundsMemo.size > 1000) boundsMemo.clear();
  boundsMemo.set(key, out);
  return out;
}
const boundsMemo = new Map<string, Dec[]>();

function proratedAnnualBoundsOnce(year: { from: string; to: string }, supplyFrom: string | undefined, versions: BoundsInForce[]): Dec[] {
  const start = supplyFrom ? maxDate(year.from, supplyFrom) : year.from;
  const daysInYear = daysIncl(year.from, year.to);
  const n = versions[0]?.bounds.length;
  if (!n) throw new RangeError('no tier bounds in force');
  let covered = 0;
  const sums: Dec[] = Array.from({ length: n }, () => new D(0));
  for (const v of versions) {
    if (v.bounds.length !== n) throw new RangeError('versions in one tier year disagree on the number of tiers');
    const o = overlap({ from: start, to: year.to }, { from: v.validFrom, to: v.validTo });
    if (!o) continue;
    const days = daysIncl(o.from, o.to);
    covered += days;
    v.bounds.forEach((b, i) => (sums[i] = sums[i].plus(dec(b).times(days))));
  }
  const supplied = daysIncl(start, year.to);
  if (covered !== supplied) throw new RangeError(`tier versions cover ${covered} of the ${supplied} days supplied in the tier year`);
  return sums.map((s) => s.div(daysInYear).toDecimalPlaces(0, D.ROUND_HALF_UP));
}

/** Splits `qty` kWh, billed on top of `before` kWh of the year, into tiers (one entry per tier = bounds + 1). */
export function splitByTiers(before: Dec, qty: Dec, bounds: Dec[]): Dec[] {
  const out: Dec[] = [];
  let lower = new D(0);
  const end = before.plus(qty);
  for (const upper of [...bounds, null]) {
    const lo = D.max(lower, before);
    const hi = upper === null ? end : D.min(upper, end);
    out.push(D.max(hi.minus(lo), 0));
    if (upper !== null) lower = upper;
  }
  return out;
}

/**
 * Shares each tier's kWh among TOU periods in proportion to the periods' kWh (see the file comment).
 * Returns cells[tier][period index]; periods in the order given.
 */
export function sharePeriods(tierQty: Dec[], periods: [Period, Dec][]): Dec[][] {
  const total = periods.reduce((s, [, q]) => s.plus(q), new D(0));
  const taken = periods.map(() => new D(0));
  return tierQty.map((t, k) => {
    const last = k === tierQty.length - 1;
    if (last) return periods.map(([, q], i) => q.minus(taken[i]));
    let rest = t;
    return periods.map(([, q], i) => {
      const cell = i === periods.length - 1 ? rest : total.isZero() ? new D(0) : t.times(q).div(total).toDecimalPlaces(2, D.ROUND_HALF_UP);
      rest = rest.minus(cell);
      taken[i] = taken[i].plus(cell);
      return cell;
    });
  });
}
