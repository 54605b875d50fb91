/**
 * One period's reliability: all days, major event days apart, and the rest ("normal" days),
 * from per-day totals and the daily-SAIDI history that sets T_MED.
 */
import { addTotals, emptyTotals, type DayTotals } from './daily-totals.js';
import { computeIndices, type ReliabilityIndices } from './indices.js';
import { majorEventDays, medThreshold, type MedThreshold } from './major-event-days.js';
import type { ReliabilityPolicy } from './reliability-policy.js';

export interface ReliabilityReport {
  all: ReliabilityIndices;
  normal: ReliabilityIndices;
  majorEvents: ReliabilityIndices;
  med: MedThreshold & { days: string[] };
}

export function reliabilityReport(
  days: Map<string, DayTotals>,
  customersServed: number,
  period: { start: Date; end: Date },
  historyDailySaidi: Iterable<number>,
  policy: ReliabilityPolicy,
): ReliabilityReport {
  const hours = (period.end.getTime() - period.start.getTime()) / 3_600_000;
  const threshold = medThreshold(historyDailySaidi, policy);
  const saidiByDay = new Map([...days].map(([d, t]) => [d, t.customerMinutes / customersServed]));
  const medDays = majorEventDays(saidiByDay, threshold.tMedMinutes);
  const isMed = new Set(medDays);
  let all = emptyTotals();
  let med = emptyTotals();
  for (const [d, t] of days) {
    all = addTotals(all, t);
    if (isMed.has(d)) med = addTotals(med, t);
  }
  const normal = subtract(all, med);
  return {
    all: computeIndices(all, customersServed, hours),
    normal: computeIndices(normal, customersServed, hours),
    majorEvents: computeIndices(med, customersServed, hours),
    med: { ...threshold, days: medDays },
  };
}

function subtract(a: DayTotals, b: DayTotals): DayTotals {
  return addTotals(a, Object.fromEntries(Object.entries(b).map(([k, v]) => [k, -v])) as unknown as DayTotals);
}
