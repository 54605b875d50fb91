/**
 * The payment-gateway adapter: griddesk's side of the documented contract (docs/payments.md,
 * "Online payment"), over HTTP with JSON. Requests and replies are signed (gateway-rules.ts); a reply
 * with a bad signature is refused. Idempotent at the gateway: an order number or refund number sent
 * twice answers the first result.
 */
import { DomainError } from '../../platform/errors.js';
import { signed, verify, type GatewayMessage } from './gateway-rules.js';

export interface GatewaySettings {
  url: string;
  merchantId: string;
  secret: string;
  notifyUrl: string;
}

export interface GatewayOrder {
  orderNo: string;
  status: 'created' | 'paid' | 'failed' | 'closed';
  gatewayOrderId: string;
  payUrl?: string;
  gatewayTxnId?: string;
  amountFen: number;
}

const unavailable = (why: string) =>
  new DomainError('unavailable', 'GATEWAY_UNAVAILABLE', `支付网关不可用：${why}`, `the payment gateway is unavailable: ${why}`);

async function exchange(s: GatewaySettings, method: 'GET' | 'POST', path: string, body: GatewayMessage | null): Promise<Record<string, string | number>> {
  let res: Response;
  try {
    res = await fetch(`${s.url.replace(/\/$/, '')}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(signed(body, s.secret)) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw unavailable((e as Error).message);
  }
  const reply = (await res.json().catch(() => null)) as Record<string, string | number> | null;
  if (!reply || typeof reply !== 'object') throw unavailable(`HTTP ${res.status}, no JSON reply`);
  if (!verify(reply, s.secret)) throw unavailable('reply signature does not verify');
  if (!res.ok) throw unavailable(`HTTP ${res.status} ${String(reply.code ?? '')} ${String(reply.message ?? '')}`);
  return reply;
}

const toOrder = (r: Record<string, string | number>): GatewayOrder => ({
  orderNo: String(r.orderNo),
  status: String(r.status) as GatewayOrder['status'],
  gatewayOrderId: String(r.gatewayOrderId),
  payUrl: r.payUrl === undefined ? undefined : String(r.payUrl),
  gatewayTxnId: r.gatewayTxnId === undefined ? undefined : String(r.gatewayTxnId),
  amountFen: Number(r.amountFen),
});

/** Where the gateway sends the payer's browser after paying: the portal's result page of the order, on the notify URL's origin. */
export function returnUrlOf(s: GatewaySettings, orderNo: string): string {
  return `${new URL(s.notifyUrl).origin}/portal/payments/result?orderNo=${encodeURIComponent(orderNo)}`;
}

export async function createGatewayOrder(s: GatewaySettings, o: { orderNo: string; amountFen: number; subject: string }): Promise<GatewayOrder> {
  const nonce = crypto.randomUUID();
  return toOrder(
    await exchange(s, 'POST', '/orders', {
      merchantId: s.merchantId,
      orderNo: o.orderNo,
      amountFen: o.amountFen,
      subject: o.subject,
      notifyUrl: s.notifyUrl,
      returnUrl: returnUrlOf(s, o.orderNo),
      timestamp: Date.now(),
      nonce,
    }),
  );
}

/** For lost callbacks: the order as the gateway knows it. The query is a signed POST so the secret never travels in a URL. */
export async function queryGatewayOrder(s: GatewaySettings, orderNo: string): Promise<GatewayOrder> {
  return toOrder(await exchange(s, 'POST', '/orders/query', { merchantId: s.merchantId, orderNo, timestamp: Date.now(), nonce: crypto.randomUUID() }));
}

export async function refundGatewayOrder(
  s: GatewaySettings,
  r: { orderNo: string; refundNo: string; amountFen: number },
): Promise<{ refundNo: string; status: string }> {
  const reply = await exchange(s, 'POST', '/refunds', { merchantId: s.merchantId, ...r, timestamp: Date.now(), nonce: crypto.randomUUID() });
  return { refundNo: String(reply.refundNo), status: String(reply.status) };
}

export interface GatewayStatement {
  date: string;
  lines: number;
  grossFen: number;
  refundFen: number;
  feeFen: number;
  netFen: number;
  sha256: string;
  /** the statement file (layout in statement-rules.ts and docs/payments.md) */
  content: string;
}

/** The gateway's settlement statement of a day (Beijing calendar day): a signed POST, the file in the signed reply. */
export async function downloadStatement(s: GatewaySettings, date: string): Promise<GatewayStatement> {
  const r = await exchange(s, 'POST', '/statements', { merchantId: s.merchantId, date, timestamp: Date.now(), nonce: crypto.randomUUID() });
  const int = (k: string) => {
    const v = Number(r[k]);
    if (!Number.isSafeInteger(v)) throw unavailable(`statement field ${k} is not an integer`);
    return v;
  };
  if (String(r.date) !== date) throw unavailable(`statement of ${String(r.date)} returned for ${date}`);
  return {
    date,
    lines: int('lines'),
    grossFen: int('grossFen'),
    refundFen: int('refundFen'),
    feeFen: int('feeFen'),
    netFen: int('netFen'),
    sha256: String(r.sha256 ?? ''),
    content: String(r.content ?? ''),
  };
}
