/**
 * Major event days by the 2.5β method (IEEE 1366): from up to five years of daily SAIDI, drop
 * the zero days, take natural logs; α = mean, β = standard deviation; T_MED = exp(α + k·β).
 * A day whose SAIDI exceeds T_MED is a major event day, reported separately.
 */
import type { ReliabilityPolicy } from './reliability-policy.js';

export interface MedThreshold {
  alpha: number;
  beta: number;
  /** Minutes of SAIDI in one day; null when history is too short to estimate β. */
  tMedMinutes: number | null;
  daysUsed: number;
}

export function medThreshold(dailySaidiMinutes: Iterable<number>, policy: Pick<ReliabilityPolicy, 'medK' | 'medStdDev'>): MedThreshold {
  const logs: number[] = [];
  for (const v of dailySaidiMinutes) if (v > 0) logs.push(Math.log(v));
  const n = logs.length;
  const divisor = policy.medStdDev === 'sample' ? n - 1 : n;
  if (n === 0 || divisor <= 0) return { alpha: n === 1 ? logs[0] : NaN, beta: NaN, tMedMinutes: null, daysUsed: n };
  const alpha = logs.reduce((a, b) => a + b, 0) / n;
  const beta = Math.sqrt(logs.reduce((a, x) => a + (x - alpha) ** 2, 0) / divisor);
  return { alpha, beta, tMedMinutes: Math.exp(alpha + policy.medK * beta), daysUsed: n };
}

/** The days (keys) whose SAIDI is above the threshold. */
export function majorEventDays(days: Map<string, number>, tMedMinutes: number | null): string[] {
  if (tMedMinutes === null) return [];
  return [...days].filter(([, saidi]) => saidi > tMedMinutes).map(([d]) => d).sort();
}
