/**
 * Prepaid fee control rules (docs/prepaid.md, "Rules"). Pure: every figure comes from the policy or
 * the price plan passed in.
 *
 * - The daily charge: the day's kWh split over the annual tiers from the year-to-date kWh before the
 *   day, each part times its tier price (yuan/kWh), summed exactly, then rounded **once** half-up to
 *   whole fen (the daily pass does the same in SQL: numeric round, half away from zero, positive).
 * - The balance's state: below zero, below the customer's threshold (low), or ok.
 * - Notices: one low-balance notice per time the balance falls below the threshold, one below-zero
 *   notice per time it falls below zero; a top-up above the line ends the episode.
 * - Quiet hours: a non-urgent notice created inside the window waits for its end (the outbox's rule).
 * - Disconnect: only below zero, supply on, no open order, a below-zero notice on file released at
 *   least `disconnectAfterNoticeHours` ago, and executed inside the disconnect window.
 * - Reconnect: supply off and the balance back at or above `reconnectMinBalanceFen`.
 * - Back-off for a head-end that keeps failing: sends retried after exponentially growing waits, and
 *   a new disconnect order after a failed one only after an exponentially growing pause.
 */
import { Decimal } from 'decimal.js';
import { releaseTime, type QuietWindow } from '../../platform/outbox/quiet-hours.js';
import type { Backoff, PrepaidPolicy, PricePlan } from './schemas.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;

export interface TierPart {
  tier: number;
  kwh: string;
  priceYuan: string;
  amountYuan: string;
}
export interface DailyCharge {
  chargeFen: number;
  parts: TierPart[];
  ytdAfterKwh: string;
}

/** The charge for `kwh` consumed on a day when `ytdBeforeKwh` had already been used this year. */
export function dailyCharge(plan: Pick<PricePlan, 'boundsKwh' | 'pricesYuan'>, ytdBeforeKwh: string, kwh: string): DailyCharge {
  const before = new D(ytdBeforeKwh);
  const q = new D(kwh);
  if (q.isNegative() || before.isNegative()) throw new RangeError('kWh must not be negative');
  if (plan.pricesYuan.length !== plan.boundsKwh.length + 1) throw new RangeError('a plan has one price more than it has bounds');
  const after = before.plus(q);
  const parts: TierPart[] = [];
  let total: Dec = new D(0);
  for (let i = 0; i < plan.pricesYuan.length; i++) {
    const lo = i === 0 ? new D(0) : new D(plan.boundsKwh[i - 1]);
    const hi = i < plan.boundsKwh.length ? new D(plan.boundsKwh[i]) : null;
    const from = D.max(before, lo);
    const to = hi === null ? after : D.min(after, hi);
    const inTier = D.max(to.minus(from), 0);
    if (inTier.isZero()) continue;
    const amount = inTier.times(plan.pricesYuan[i]);
    total = total.plus(amount);
    parts.push({ tier: i + 1, kwh: inTier.toString(), priceYuan: plan.pricesYuan[i], amountYuan: amount.toString() });
  }
  return { chargeFen: total.times(100).toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber(), parts, ytdAfterKwh: after.toString() };
}

export type BalanceState = 'ok' | 'low' | 'below_zero';
export function balanceState(balanceFen: number, thresholdFen: number): BalanceState {
  if (balanceFen < 0) return 'below_zero';
  return balanceFen < thresholdFen ? 'low' : 'ok';
}

/** Which notice is due now, given the episodes already notified (a notice id on file for the current episode). */
export function noticeDue(balanceFen: number, thresholdFen: number, lowNotified: boolean, zeroNotified: boolean): 'low' | 'zero' | null {
  const s = balanceState(balanceFen, thresholdFen);
  if (s === 'below_zero') return zeroNotified ? null : 'zero';
  if (s === 'low') return lowNotified ? null : 'low';
  return null;
}

/** After a change of balance: which notice episodes end (the balance is back above their line). */
export function episodesAfter(balanceFen: number, thresholdFen: number): { keepLow: boolean; keepZero: boolean } {
  return { keepLow: balanceFen < thresholdFen, keepZero: balanceFen < 0 };
}

/** When a notice created at `at` may go out: the customer's own quiet hours, else the policy's. */
export function noticeSendAfter(at: Date, policy: PrepaidPolicy, customerWindow: QuietWindow | null): Date {
  const w = customerWindow && customerWindow.start && customerWindow.end ? customerWindow : policy.quietHours;
  return releaseTime(at, w, false, policy.utcOffsetMinutes * 60_000);
}

const minutesOf = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new RangeError(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** The earliest instant at or after `at` inside the local window [start, end) (the disconnect window). */
export function nextInWindow(at: Date, window: { start: string; end: string }, utcOffsetMinutes: number): Date {
  const s = minutesOf(window.start);
  const e = minutesOf(window.end);
  if (s === e) return at;
  const off = utcOffsetMinutes * 60_000;
  const local = at.getTime() + off;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const minute = (local - dayStart) / 60_000;
  const inside = s < e ? minute >= s && minute < e : minute >= s || minute < e;
  if (inside) return at;
  let next = dayStart + s * 60_000;
  if (next <= local) next += 86_400_000;
  return new Date(next - off);
}

export interface DisconnectFacts {
  balanceFen: number;
  supply: 'on' | 'off';
  openCommand: boolean;
  /** the below-zero notice of the current episode, if one is on file */
  notice: { id: number; sendAfter: Date } | null;
  now: Date;
}
export type DisconnectDecision =
  | { order: true; noticeId: number; notBefore: Date }
  | { order: false; reason: 'not_below_zero' | 'supply_off' | 'order_open' | 'no_notice' | 'notice_too_recent'; earliest?: Date };

export function disconnectDecision(f: DisconnectFacts, policy: PrepaidPolicy): DisconnectDecision {
  if (f.balanceFen >= 0) return { order: false, reason: 'not_below_zero' };
  if (f.supply === 'off') return { order: false, reason: 'supply_off' };
  if (f.openCommand) return { order: false, reason: 'order_open' };
  if (!f.notice) return { order: false, reason: 'no_notice' };
  const earliest = new Date(f.notice.sendAfter.getTime() + policy.disconnectAfterNoticeHours * 3_600_000);
  if (earliest.getTime() > f.now.getTime()) return { order: false, reason: 'notice_too_recent', earliest };
  return { order: true, noticeId: f.notice.id, notBefore: nextInWindow(f.now, policy.disconnectWindow, policy.utcOffsetMinutes) };
}

export function reconnectDue(balanceFen: number, supply: 'on' | 'off', openCommand: boolean, policy: PrepaidPolicy): boolean {
  return supply === 'off' && !openCommand && balanceFen >= policy.reconnectMinBalanceFen;
}

/** A threshold the customer or staff sets: within the policy's bounds. Returns the problem, or null. */
export function thresholdProblem(thresholdFen: number, policy: PrepaidPolicy): { zh: string; en: string } | null {
  if (!Number.isSafeInteger(thresholdFen) || thresholdFen < policy.minThresholdFen || thresholdFen > policy.maxThresholdFen)
    return {
      zh: `预警阈值须在 ${policy.minThresholdFen / 100} 至 ${policy.maxThresholdFen / 100} 元之间`,
      en: `the threshold must be between ¥${policy.minThresholdFen / 100} and ¥${policy.maxThresholdFen / 100}`,
    };
  return null;
}

/**
 * The n-th wait of an exponential back-off (n ≥ 1), in whole minutes: firstMinutes × factor^(n − 1),
 * at most maxMinutes. Integer arithmetic only; the product stops growing once it reaches the cap.
 */
export function backoffMinutes(n: number, b: Backoff): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('the back-off counts from the first wait (n ≥ 1)');
  let m = b.firstMinutes;
  for (let i = 1; i < n && m < b.maxMinutes; i++) m *= b.factor;
  return Math.min(m, b.maxMinutes);
}

/**
 * When a send that got no answer is tried again, after `attempts` attempts: the attempts-th wait of
 * the back-off from `retryAfterMinutes` (× `retryBackoffFactor` each time, at most `retryMaxMinutes`);
 * null once `maxAttempts` are used up (the order is failed).
 */
export function retryPlan(attempts: number, now: Date, policy: PrepaidPolicy): { retryAt: Date | null } {
  if (attempts >= policy.maxAttempts) return { retryAt: null };
  const wait = backoffMinutes(attempts, { firstMinutes: policy.retryAfterMinutes, factor: policy.retryBackoffFactor, maxMinutes: policy.retryMaxMinutes });
  return { retryAt: new Date(now.getTime() + wait * 60_000) };
}

/**
 * After failed disconnect orders for the current below-zero notice: the earliest time the next one may
 * be made — the `failedInARow`-th wait of `reorderBackoff` after the last failure; null when none failed.
 * (The set-based form is in commands.ts `orderDisconnectsIn`; the API test checks they agree.)
 */
export function reorderNotBefore(failedInARow: number, lastFailedAt: Date | null, policy: PrepaidPolicy): Date | null {
  if (failedInARow < 1 || !lastFailedAt) return null;
  return new Date(lastFailedAt.getTime() + backoffMinutes(failedInARow, policy.reorderBackoff) * 60_000);
}
