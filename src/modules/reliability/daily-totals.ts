/**
 * Per-customer interruption records → per-day totals, the one aggregate every index is computed
 * from (in SQL for large sets, or here for small ones; both give the same DayTotals).
 * An interruption belongs to the day it began (local time), as IEEE 1366 assigns events to days,
 * and counts with its whole duration, also the part after midnight or after the period's end (IEEE
 * 1366 accrues a multi-day interruption to the day it began); only interruptions beginning in
 * the period count (one that began before is left to the period it began in). An ongoing one (no
 * end yet) runs to the period's end or to `asOf` (now), whichever is earlier, and is classed
 * momentary or sustained by that duration so far.
 * Sustained means strictly longer than `momentaryMaxMinutes`: exactly 5 min is momentary,
 * 5 min and 1 s (or 1 ms) is sustained; durations are exact, never rounded.
 */
import type { ReliabilityPolicy } from './reliability-policy.js';

export interface InterruptionRecord {
  start: Date;
  end: Date | null;
  causeClass: string;
}

export interface DayTotals {
  /** Sustained customer interruptions (Σ Nᵢ) and their customer-minutes (Σ rᵢ Nᵢ). */
  sustained: number;
  customerMinutes: number;
  /** Momentary customer interruptions. */
  momentary: number;
  shortageSustained: number;
  shortageMinutes: number;
  externalSustained: number;
  externalMinutes: number;
}

export const emptyTotals = (): DayTotals => ({
  sustained: 0,
  customerMinutes: 0,
  momentary: 0,
  shortageSustained: 0,
  shortageMinutes: 0,
  externalSustained: 0,
  externalMinutes: 0,
});

export function addTotals(a: DayTotals, b: DayTotals): DayTotals {
  return {
    sustained: a.sustained + b.sustained,
    customerMinutes: a.customerMinutes + b.customerMinutes,
    momentary: a.momentary + b.momentary,
    shortageSustained: a.shortageSustained + b.shortageSustained,
    shortageMinutes: a.shortageMinutes + b.shortageMinutes,
    externalSustained: a.externalSustained + b.externalSustained,
    externalMinutes: a.externalMinutes + b.externalMinutes,
  };
}

/** The local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function dailyTotals(
  records: Iterable<InterruptionRecord>,
  period: { start: Date; end: Date; asOf?: Date },
  policy: ReliabilityPolicy,
): Map<string, DayTotals> {
  const shortage = new Set(policy.supplyShortageCauses);
  const external = new Set(policy.externalCauses);
  const from = period.start.getTime();
  const to = period.end.getTime();
  const openUntil = period.asOf === undefined ? to : Math.min(to, period.asOf.getTime());
  const out = new Map<string, DayTotals>();
  for (const r of records) {
    const s = r.start.getTime();
    if (s < from || s >= to) continue;
    const e = r.end === null ? openUntil : r.end.getTime();
    const minutes = Math.max(0, e - s) / 60_000;
    const day = localDay(r.start, policy.utcOffsetMinutes);
    let t = out.get(day);
    if (!t) out.set(day, (t = emptyTotals()));
    if (minutes <= policy.momentaryMaxMinutes) {
      t.momentary += 1;
      continue;
    }
    t.sustained += 1;
    t.customerMinutes += minutes;
    if (shortage.has(r.causeClass)) {
      t.shortageSustained += 1;
      t.shortageMinutes += minutes;
    }
    if (external.has(r.causeClass)) {
      t.externalSustained += 1;
      t.externalMinutes += minutes;
    }
  }
  return out;
}
