/**
 * The payment-gateway contract's signature (docs/payments.md, "Online payment"). Pure.
 *
 * Every message either way is a flat JSON object of strings and integers. Its signature is
 * HMAC-SHA256 with the merchant's shared secret over the canonical string — the fields except `sign`,
 * with empty or absent values left out, sorted by key (byte order), written `key=value` and joined
 * with `&` — as lowercase hex in the field `sign`. Verification compares in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type GatewayMessage = Record<string, string | number | null | undefined>;

export function canonical(msg: GatewayMessage): string {
  return Object.keys(msg)
    .filter((k) => k !== 'sign' && msg[k] !== undefined && msg[k] !== null && msg[k] !== '')
    .sort()
    .map((k) => `${k}=${msg[k]}`)
    .join('&');
}

export function sign(msg: GatewayMessage, secret: string): string {
  return createHmac('sha256', secret).update(canonical(msg), 'utf8').digest('hex');
}

export function signed<T extends GatewayMessage>(msg: T, secret: string): T & { sign: string } {
  return { ...msg, sign: sign(msg, secret) };
}

export function verify(msg: GatewayMessage, secret: string): boolean {
  const given = typeof msg.sign === 'string' ? msg.sign : '';
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(sign(msg, secret), 'hex'));
}
