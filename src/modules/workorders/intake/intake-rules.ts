/** Pure intake rules: received time per channel, priority, order number, callback sampling, reopen window. */
import { CHANNELS, isSubtypeOf, ORDER_TYPES, type Channel, type Urgency } from '../orders/catalog.js';

export interface Issue {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

/** A received time may not lie in the future (beyond clock skew) nor further back than the channel allows. */
export function checkReceivedAt(channel: Channel, receivedAt: Date, now: Date, maxBackdateMinutes: Record<string, number>, skewMs: number): Issue | null {
  if (receivedAt.getTime() > now.getTime() + skewMs)
    return { field: 'receivedAt', rule: 'future', zh: '受理时间不能晚于当前时间', en: 'must not be in the future' };
  const limit = maxBackdateMinutes[channel];
  if (limit === undefined) return { field: 'channel', rule: 'enum', zh: '未知渠道', en: 'unknown channel' };
  if (now.getTime() - receivedAt.getTime() > limit * 60_000) {
    return {
      field: 'receivedAt',
      rule: 'backdate',
      zh: `${CHANNELS[channel].zh}渠道的受理时间最多可早于当前 ${limit} 分钟`,
      en: `for channel ${channel} may lie at most ${limit} minutes in the past`,
    };
  }
  return null;
}

export function checkType(orderType: string, subtype: string | null): Issue | null {
  if (!(orderType in ORDER_TYPES)) return { field: 'orderType', rule: 'enum', zh: '未知的工单类型', en: 'unknown order type' };
  if (!isSubtypeOf(orderType, subtype)) {
    const allowed = ORDER_TYPES[orderType as keyof typeof ORDER_TYPES].subtypes as readonly string[];
    return allowed.length === 0
      ? { field: 'subtype', rule: 'not_allowed', zh: '该类型没有子类', en: `type ${orderType} has no subtypes` }
      : { field: 'subtype', rule: 'enum', zh: `子类应为 ${allowed.join(', ')} 之一`, en: `must be one of ${allowed.join(', ')}` };
  }
  return null;
}

const URGENCY_RANK: Record<Urgency, number> = { major: 1, urgent: 2, normal: 3 };
/** 1 is the highest. An important customer (重要客户) moves one step up. */
export function priorityOf(urgency: Urgency, important: boolean): number {
  return Math.max(1, URGENCY_RANK[urgency] - (important ? 1 : 0));
}

/** YYMMDD (local day of receipt) + six digits of a global sequence: unique and easy to read aloud. */
export function orderNumber(receivedAt: Date, seq: number, utcOffsetMs: number): string {
  const d = new Date(receivedAt.getTime() + utcOffsetMs);
  const ymd = `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${ymd}${String(seq % 1_000_000).padStart(6, '0')}`;
}

/** Every complaint gets a callback; other handled orders a deterministic sample of `percent`. */
export function needsCallback(orderType: string, orderId: number, percent: number): boolean {
  if (orderType === 'complaint') return true;
  if (orderType === 'praise') return false;
  // Knuth multiplicative hash spreads consecutive ids evenly over 0..99.
  return ((orderId * 2_654_435_761) >>> 0) % 100 < percent;
}

/** A closed order may be reopened by a new call within the window. */
export function withinReopenWindow(closedAt: Date | null, now: Date, windowDays: number): boolean {
  return closedAt !== null && now.getTime() - closedAt.getTime() <= windowDays * 86_400_000;
}
