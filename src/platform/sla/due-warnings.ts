/**
 * Which SLA warnings and results are due now, given those already recorded, so each fires once.
 * Pure: the caller records every returned key (fired or superseded) in the same transaction as
 * the notification it sends, so a retry or a second app instance finds it sent.
 */
import type { ClockResult } from './policy-types.js';

export interface DueWarning {
  /** Unique per order: `${clock}:w:${fraction}` or `${clock}:breach`. */
  key: string;
  clock: string;
  kind: 'warning' | 'breach';
  fraction: number | null;
  at: string;
  /**
   * True when a later threshold of the same clock is due at the same time (the scan came late,
   * or the clock jumped): record it as sent but notify only the latest, not three mails at once.
   */
  superseded: boolean;
}

export const warningKey = (clock: string, fraction: number) => `${clock}:w:${fraction}`;
export const breachKey = (clock: string) => `${clock}:breach`;

export function dueWarnings(clocks: readonly ClockResult[], alreadySent: ReadonlySet<string>, now: Date): DueWarning[] {
  const t = now.getTime();
  const out: DueWarning[] = [];
  for (const c of clocks) {
    const open = c.state === 'running' || c.state === 'paused' || (c.state === 'breached' && c.stoppedAt === null);
    if (!open) continue;
    const due: DueWarning[] = [];
    for (const th of [...c.thresholds].sort((a, b) => a.fraction - b.fraction)) {
      const key = warningKey(c.name, th.fraction);
      if (Date.parse(th.at) <= t && !alreadySent.has(key))
        due.push({ key, clock: c.name, kind: 'warning', fraction: th.fraction, at: th.at, superseded: false });
    }
    if (c.state === 'breached' && !alreadySent.has(breachKey(c.name))) {
      due.push({ key: breachKey(c.name), clock: c.name, kind: 'breach', fraction: null, at: c.dueAt!, superseded: false });
    }
    due.forEach((w, i) => out.push({ ...w, superseded: i < due.length - 1 }));
  }
  return out;
}

export interface DueOutcome {
  /** Unique per order and stop: a reopened order that stops again gets a new outcome. */
  key: string;
  clock: string;
  outcome: 'met' | 'missed';
  dueAt: string;
  stoppedAt: string;
}

/** Met/missed results of clocks that have stopped, not yet written to the append-only SLA events. */
export function dueOutcomes(clocks: readonly ClockResult[], alreadyRecorded: ReadonlySet<string>): DueOutcome[] {
  const out: DueOutcome[] = [];
  for (const c of clocks) {
    if (c.stoppedAt === null || c.dueAt === null || (c.state !== 'met' && c.state !== 'breached')) continue;
    const outcome = c.state === 'met' ? 'met' : 'missed';
    const key = `${c.name}:${outcome}:${c.stoppedAt}`;
    if (!alreadyRecorded.has(key)) out.push({ key, clock: c.name, outcome, dueAt: c.dueAt, stoppedAt: c.stoppedAt });
  }
  return out;
}

/** The next instant a warning or breach of an open, running clock falls due and is not yet sent (null: nothing to watch). */
export function nextCheckAt(clocks: readonly ClockResult[], alreadySent: ReadonlySet<string>): Date | null {
  let next: number | null = null;
  const consider = (iso: string | null) => {
    if (iso === null) return;
    const t = Date.parse(iso);
    if (next === null || t < next) next = t;
  };
  for (const c of clocks) {
    if (c.state !== 'running' && !(c.state === 'breached' && c.stoppedAt === null)) continue; // paused clocks move; resume recomputes
    for (const th of c.thresholds) if (!alreadySent.has(warningKey(c.name, th.fraction))) consider(th.at);
    if (!alreadySent.has(breachKey(c.name))) consider(c.dueAt);
  }
  return next === null ? null : new Date(next);
}
