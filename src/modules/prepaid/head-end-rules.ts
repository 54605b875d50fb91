/**
 * The meter head-end contract's signature (docs/prepaid.md, "Head-end contract"). Pure.
 *
 * Every message either way is a flat JSON object of strings and integers. Its signature is
 * HMAC-SHA256 with the shared secret over the canonical string — every field except `sign`, empty or
 * absent values left out, sorted by key (byte order), written `key=value`, joined with `&` — as
 * lowercase hex in the field `sign`. Verification compares in constant time. A message older or newer
 * than `maxSkewMs` (its `timestamp`, milliseconds since the epoch) is refused too, so a captured
 * message cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HeadEndMessage = Record<string, string | number | null | undefined>;

export function canonicalOf(msg: HeadEndMessage): string {
  return Object.keys(msg)
    .filter((k) => k !== 'sign' && msg[k] !== undefined && msg[k] !== null && msg[k] !== '')
    .sort()
    .map((k) => `${k}=${msg[k]}`)
    .join('&');
}

export function signOf(msg: HeadEndMessage, secret: string): string {
  return createHmac('sha256', secret).update(canonicalOf(msg), 'utf8').digest('hex');
}

export function withSign<T extends HeadEndMessage>(msg: T, secret: string): T & { sign: string } {
  return { ...msg, sign: signOf(msg, secret) };
}

export function verifySign(msg: HeadEndMessage, secret: string, now = Date.now(), maxSkewMs = 5 * 60_000): boolean {
  const given = typeof msg.sign === 'string' ? msg.sign : '';
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(signOf(msg, secret), 'hex'))) return false;
  const ts = Number(msg.timestamp);
  return Number.isFinite(ts) && Math.abs(now - ts) <= maxSkewMs;
}

export const HEAD_END_STATUSES = ['accepted', 'executed', 'failed'] as const;
export type HeadEndStatus = (typeof HEAD_END_STATUSES)[number];
