/**
 * Key-driver analysis (docs/satisfaction.md "Key drivers"): which attribute scores move overall
 * satisfaction most. Pure and exact up to one final division.
 *
 * Importance of an attribute = Pearson's correlation r between the attribute score and the overall
 * score over the responses that carry both. Scores on different scales are first mapped to
 * (v − min)/(max − min); to keep the sums exact they are multiplied by the least common multiple of
 * the scale ranges, so every value is an integer and Σx, Σy, Σxy, Σx², Σy² are exact BigInts.
 *   r = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²))
 * Only the square root and the last division are floating point; r is rounded to `driverDecimals`
 * places, half away from zero. No variance on either side → r is null (undefined).
 *
 * Performance of an attribute = its index (score-rules.ts, the policy's method).
 * Quadrant (importance–performance analysis): the cross-hairs are the mean importance and the mean
 * performance of the attributes shown (means of the rounded figures, rounded half up to the same
 * places); at or above a mean counts as high.
 *   high importance, low performance  → `concentrate` (improve first)
 *   high importance, high performance → `keep_up`
 *   low importance,  low performance  → `low_priority`
 *   low importance,  high performance → `possible_overkill`
 */
import { indexFraction, roundHalfUp, type Fact, type SatisfactionPolicy, type Score } from './score-rules.js';

export type Quadrant = 'concentrate' | 'keep_up' | 'low_priority' | 'possible_overkill';

export interface Driver {
  attribute: string;
  n: number;
  /** Pearson r with the overall score; null below the minimum sample or without variance */
  importance: number | null;
  /** the attribute's own index (0–100); null below the minimum sample */
  performance: number | null;
  quadrant: Quadrant | null;
}

export interface DriverAnalysis {
  drivers: Driver[];
  /** the cross-hairs of the quadrant chart; null when no attribute is shown */
  importanceMean: number | null;
  performanceMean: number | null;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/** Pearson's r of paired scores, exactly up to the final √ and division; null without variance or with fewer than 2 pairs. */
export function pearson(pairs: readonly [Score, Score][]): number | null {
  const n = BigInt(pairs.length);
  if (pairs.length < 2) return null;
  let l = 1n;
  for (const [a, b] of pairs) for (const s of [a, b]) l = (l * BigInt(s.max - s.min)) / gcd(l, BigInt(s.max - s.min));
  let sx = 0n,
    sy = 0n,
    sxy = 0n,
    sxx = 0n,
    syy = 0n;
  for (const [a, b] of pairs) {
    const x = (BigInt(a.v - a.min) * l) / BigInt(a.max - a.min);
    const y = (BigInt(b.v - b.min) * l) / BigInt(b.max - b.min);
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  const num = n * sxy - sx * sy;
  const vx = n * sxx - sx * sx;
  const vy = n * syy - sy * sy;
  if (vx === 0n || vy === 0n) return null;
  return Number(num) / Math.sqrt(Number(vx) * Number(vy));
}

/** Round half away from zero to `decimals` places. */
export function roundAway(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -r : r;
}

export function keyDrivers(facts: readonly Fact[], policy: SatisfactionPolicy): DriverAnalysis {
  const byAttr = new Map<string, [Score, Score][]>();
  for (const f of facts)
    for (const [attr, s] of Object.entries(f.attributes)) {
      const list = byAttr.get(attr);
      if (list) list.push([s, f.overall]);
      else byAttr.set(attr, [[s, f.overall]]);
    }
  const drivers: Driver[] = [...byAttr.keys()].sort().map((attribute) => {
    const pairs = byAttr.get(attribute)!;
    const n = pairs.length;
    if (n < policy.minSampleDriver) return { attribute, n, importance: null, performance: null, quadrant: null };
    const r = pearson(pairs);
    const perf = indexFraction(
      pairs.map((p) => p[0]),
      policy,
    )!;
    return {
      attribute,
      n,
      importance: r === null ? null : roundAway(r, policy.driverDecimals),
      performance: roundHalfUp(perf.num, perf.den, policy.decimals),
      quadrant: null,
    };
  });
  const shown = drivers.filter((d) => d.importance !== null && d.performance !== null);
  if (shown.length === 0) return { drivers, importanceMean: null, performanceMean: null };
  // the means of the shown (already rounded) figures, exactly: each as an integer count of its last decimal place
  const mean = (xs: number[], d: number) =>
    roundHalfUp(
      xs.reduce((a, x) => a + BigInt(Math.round(x * 10 ** d)), 0n),
      BigInt(xs.length) * 10n ** BigInt(d),
      d,
    );
  const impMean = mean(
    shown.map((d) => d.importance!),
    policy.driverDecimals,
  );
  const perfMean = mean(
    shown.map((d) => d.performance!),
    policy.decimals,
  );
  for (const d of shown) {
    const hi = d.importance! >= impMean;
    const good = d.performance! >= perfMean;
    d.quadrant = hi ? (good ? 'keep_up' : 'concentrate') : good ? 'possible_overkill' : 'low_priority';
  }
  return { drivers, importanceMean: impMean, performanceMean: perfMean };
}
