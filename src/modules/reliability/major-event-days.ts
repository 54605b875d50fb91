/**
 * Major event days by the 2.5β method (IEEE 1366): from up to five years of daily SAIDI, drop
 * the zero days, take natural logs; α = mean, β = standard deviation; T_MED = exp(α + k·β).
 * A day whose SAIDI exceeds T_MED is a major event day, reported separately.
 * Days are local days of the policy's UTC offset, and an interruption belongs (whole) to the day
 * it began (see daily-totals.ts), so a storm crossing midnight adds all its minutes to its first day.
 */
import type { ReliabilityPolicy } from './reliability-policy.js';

export interface MedThreshold {
  alpha: number;
  beta: number;
  /** Minutes of SAIDI in one day; null when history is too short to estimate β. */
  tMedMinutes: number | null;
  daysUsed: number;
}

/** A standard deviation needs at least two values (a statistical fact, not a policy figure). */
export const MIN_MED_DAYS = 2;

/**
 * Relative tolerance for "SAIDI > T_MED": exp(ln x) and sums of customer-minutes carry float
 * rounding of ~1e-16, so a day whose SAIDI equals T_MED (e.g. every history day alike, β = 0)
 * must not become a major event day by one unit in the last place.
 */
export const MED_COMPARE_RELATIVE_EPSILON = 1e-9;

export function medThreshold(dailySaidiMinutes: Iterable<number>, policy: Pick<ReliabilityPolicy, 'medK' | 'medStdDev'>): MedThreshold {
  const logs: number[] = [];
  for (const v of dailySaidiMinutes) if (v > 0) logs.push(Math.log(v));
  const n = logs.length;
  const divisor = policy.medStdDev === 'sample' ? n - 1 : n;
  // Fewer than MIN_MED_DAYS non-zero days: no spread to estimate, so no threshold and no major
  // event day — for the population deviation too (one day would give β = 0 and make any day
  // above it a major event).
  if (n < MIN_MED_DAYS) return { alpha: n === 1 ? logs[0] : NaN, beta: NaN, tMedMinutes: null, daysUsed: n };
  const alpha = logs.reduce((a, b) => a + b, 0) / n;
  const beta = Math.sqrt(logs.reduce((a, x) => a + (x - alpha) ** 2, 0) / divisor);
  return { alpha, beta, tMedMinutes: Math.exp(alpha + policy.medK * beta), daysUsed: n };
}

/** The days (keys) whose SAIDI is strictly above the threshold (a day equal to T_MED is not a major event day). */
export function majorEventDays(days: Map<string, number>, tMedMinutes: number | null): string[] {
  if (tMedMinutes === null) return [];
  const above = tMedMinutes * (1 + MED_COMPARE_RELATIVE_EPSILON);
  return [...days]
    .filter(([, saidi]) => saidi > above)
    .map(([d]) => d)
    .sort();
}
