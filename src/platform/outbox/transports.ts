/**
 * Delivery transports. Each throws DeliveryError; `permanent` failures (the receiver refused the
 * message as such: a 4xx other than 429, an SMTP 5xx) go dead at once, others are retried.
 */
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';

export class DeliveryError extends Error {
  constructor(
    message: string,
    public readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface Deliverable {
  id: number;
  event: string;
  channel: 'email' | 'sms' | 'webhook';
  recipient: string;
  subject: string | null;
  body: string;
  payload: unknown;
  urgent: boolean;
}

export interface WebhookEndpoint {
  id: number;
  url: string;
  secret: string;
}

export interface Transports {
  email?: (m: Deliverable) => Promise<void>;
  sms?: (m: Deliverable) => Promise<void>;
  webhook?: (m: Deliverable, endpoint: WebhookEndpoint) => Promise<void>;
}

export function smtpTransport(smtpUrl: string, from: string): (m: Deliverable) => Promise<void> {
  const transporter = nodemailer.createTransport(smtpUrl);
  return async (m) => {
    try {
      await transporter.sendMail({ from, to: m.recipient, subject: m.subject ?? m.event, text: m.body, headers: { 'X-Griddesk-Message': String(m.id) } });
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      throw new DeliveryError(`smtp: ${(e as Error).message}`, code !== undefined && code >= 500 && code < 600);
    }
  };
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, what: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new DeliveryError(`${what}: ${(e as Error).message}`, false);
  }
  if (res.ok) {
    await res.arrayBuffer().catch(() => {});
    return;
  }
  const text = (await res.text().catch(() => '')).slice(0, 200);
  throw new DeliveryError(`${what}: HTTP ${res.status} ${text}`, res.status >= 400 && res.status < 500 && res.status !== 429);
}

/** The SMS gateway contract is documented in docs/sms-gateway.md. */
export function smsGatewayTransport(url: string, token: string | null, timeoutMs = 5_000): (m: Deliverable) => Promise<void> {
  return (m) =>
    post(
      url,
      JSON.stringify({ id: String(m.id), to: m.recipient, message: m.body, urgent: m.urgent }),
      {
        'idempotency-key': `griddesk-outbox-${m.id}`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      timeoutMs,
      'sms',
    );
}

export function webhookSignature(secret: string, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
}

export function webhookTransport(timeoutMs = 5_000): (m: Deliverable, e: WebhookEndpoint) => Promise<void> {
  return (m, e) => {
    const body = JSON.stringify({ id: m.id, event: m.event, payload: m.payload ?? null });
    return post(
      e.url,
      body,
      { 'x-griddesk-event': m.event, 'x-griddesk-delivery': String(m.id), 'x-griddesk-signature': webhookSignature(e.secret, body) },
      timeoutMs,
      'webhook',
    );
  };
}
