/**
 * Pure: 销户 of a customer who has used no power for six consecutive months (供电营业规则 1996,
 * Art. 33: 用户连续六个月不用电，也不申请办理暂停用电手续者，供电企业须以销户终止其用电; the large
 * customer rules, 电力大客户服务管理办法 4.11, repeat it) and the temporary-removal limit (Art. 26:
 * 暂拆时间最长不得超过六个月). Every figure is in the policy (`ClosurePolicy`).
 *
 * Evidence is the cumulative kWh register: a meter has used no power from the earliest reading
 * after which its index grew by at most `maxIdleKwh` up to its latest reading. An account is idle
 * from the latest such date over its meters to the earliest latest reading (`through`); the idle
 * span counts whole calendar months (31 Aug + 6 months = 28 Feb, clamped to the month's end).
 * Months without any reading are never assumed idle: the span is only what readings show.
 */
import { addDays, dateIn, maxDate, minDate } from '../../platform/calendar/dates.js';

export interface ClosurePolicy {
  /** 连续六个月不用电 */
  idleMonths: number;
  /** the customer is told and may object within this many calendar days before the closure application (a public notice period; example figure) */
  noticeDays: number;
  /** 暂拆 lasts at most this many months; a longer one no longer protects the account */
  temporaryRemovalMaxMonths: number;
  /** growth of the kWh index still counted as no use (kWh, integer; 0 = none at all) */
  maxIdleKwh: number;
}

export const DEFAULT_CLOSURE_POLICY: ClosurePolicy = { idleMonths: 6, noticeDays: 30, temporaryRemovalMaxMonths: 6, maxIdleKwh: 0 };

/** A local date plus whole calendar months, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const y = +date.slice(0, 4),
    m = +date.slice(5, 7) - 1 + months;
  return dateIn(y + Math.floor(m / 12), (((m % 12) + 12) % 12) + 1, +date.slice(8, 10));
}

/** Whole calendar months from `from` to `to` (the largest n with from + n months ≤ to). */
export function wholeMonths(from: string, to: string): number {
  if (to < from) return 0;
  let n = (+to.slice(0, 4) - +from.slice(0, 4)) * 12 + (+to.slice(5, 7) - +from.slice(5, 7));
  while (n > 0 && addMonths(from, n) > to) n--;
  return Math.max(0, n);
}

/** A register index (decimal text, at most 4 decimals) in ten-thousandths of a kWh, exactly. */
export function indexUnits(value: string): bigint {
  const [i, f = ''] = value.trim().split('.');
  return BigInt(i + f.padEnd(4, '0').slice(0, 4));
}

export interface MeterReadings {
  meterId: number;
  /** readings of one meter in time order */
  readings: { readOn: string; value: string }[];
}

/** The span without consumption at the end of one meter's readings, or null without readings. */
export function idleTail(m: MeterReadings, maxIdleKwh: number): { since: string; through: string } | null {
  const rs = m.readings;
  if (!rs.length) return null;
  const last = rs[rs.length - 1];
  const lastUnits = indexUnits(last.value);
  const limit = BigInt(maxIdleKwh) * 10_000n;
  let since = last.readOn;
  for (let i = rs.length - 2; i >= 0; i--) {
    const used = lastUnits - indexUnits(rs[i].value);
    if (used < 0n || used > limit) break; // consumption (or a register going back: a meter change, not evidence)
    since = rs[i].readOn;
  }
  return { since, through: last.readOn };
}

export type ClosureVerdict = 'propose' | 'in_use' | 'too_short' | 'pause_on_file' | 'temporary_removal';

export interface ClosureFinding {
  verdict: ClosureVerdict;
  since: string | null;
  through: string | null;
  months: number;
  /** set when a temporary removal older than its limit did not protect the account */
  note: string | null;
}

export interface ClosureFacts {
  asOf: string;
  meters: MeterReadings[];
  /** pause / reduction periods on file for the account's service points (endsOn null = open) */
  periods: { kind: string; startsOn: string; endsOn: string | null }[];
  /** dates temporary removals (暂拆) were carried out at the account's service points */
  temporaryRemovals: string[];
}

export function closureFinding(f: ClosureFacts, policy: ClosurePolicy): ClosureFinding {
  const tails = f.meters.map((m) => idleTail(m, policy.maxIdleKwh));
  if (!tails.length || tails.some((t) => t === null)) return { verdict: 'in_use', since: null, through: null, months: 0, note: null };
  const since = tails.reduce((s, t) => maxDate(s, t!.since), tails[0]!.since);
  const through = tails.reduce((s, t) => minDate(s, t!.through), tails[0]!.through);
  if (since >= through) return { verdict: 'in_use', since: null, through: null, months: 0, note: null };
  const months = wholeMonths(since, through);
  const base = { since, through, months, note: null };
  if (months < policy.idleMonths) return { ...base, verdict: 'too_short' };
  // 也不申请办理暂停: a pause or reduction on file over the idle span protects the account
  if (f.periods.some((p) => p.startsOn <= through && (p.endsOn === null || p.endsOn >= since))) return { ...base, verdict: 'pause_on_file' };
  // 暂拆 within its limit keeps the capacity; beyond it, it no longer does
  const removal = f.temporaryRemovals
    .filter((d) => d <= f.asOf)
    .sort()
    .at(-1);
  if (removal !== undefined) {
    const until = addMonths(removal, policy.temporaryRemovalMaxMonths);
    if (f.asOf < until) return { ...base, verdict: 'temporary_removal' };
    return { ...base, verdict: 'propose', note: `temporary_removal_exceeded:${removal}..${until}` };
  }
  return { ...base, verdict: 'propose' };
}

/** The last day the customer may object: the notice day plus the notice period. */
export function noticeUntil(noticeOn: string, policy: ClosurePolicy): string {
  return addDays(noticeOn, policy.noticeDays);
}
