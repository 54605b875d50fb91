/**
 * Writing to the outbox: always inside the transaction of the change being announced, so a
 * message exists exactly when the change committed. Delivery is deliver.ts's job.
 */
import type { Queryable } from '../../db/pool.js';

export type OutboxChannel = 'email' | 'sms' | 'webhook';

export interface OutboxMessage {
  event: string;
  channel: OutboxChannel;
  recipient: string;
  subject?: string | null;
  body: string;
  payload?: unknown;
  orderId?: number | null;
  urgent?: boolean;
  /** Not before this instant (quiet hours); default now. */
  notBefore?: Date;
}

/** The outbox columns a message fills, as a JSON-ready object (see OUTBOX_INSERT_FROM_JSON). */
export function outboxRow(m: OutboxMessage): Record<string, unknown> {
  return {
    event: m.event,
    channel: m.channel,
    recipient: m.recipient,
    subject: m.subject ?? null,
    body: m.body,
    payload: m.payload ?? undefined,
    order_id: m.orderId ?? null,
    urgent: m.urgent ?? false,
    next_attempt_at: m.notBefore ?? null,
  };
}

/** An INSERT … SELECT of outbox rows from a jsonb array of outboxRow objects (the parameter `param`), for one-statement writers. */
export const OUTBOX_INSERT_FROM_JSON = (param: string) =>
  `INSERT INTO outbox (event, channel, recipient, subject, body, payload, order_id, urgent, next_attempt_at)
   SELECT event, channel, recipient, subject, body, payload, order_id, urgent, coalesce(next_attempt_at, now())
     FROM jsonb_populate_recordset(NULL::outbox, ${param}::jsonb)`;

/** Writes the messages; returns their outbox ids in the messages' order. */
export async function enqueue(db: Queryable, messages: readonly OutboxMessage[]): Promise<number[]> {
  if (messages.length === 0) return [];
  const cols = ['event', 'channel', 'recipient', 'subject', 'body', 'payload', 'order_id', 'urgent', 'next_attempt_at'];
  const params: unknown[] = [];
  const values = messages.map((m) => {
    const b = params.length;
    params.push(
      m.event,
      m.channel,
      m.recipient,
      m.subject ?? null,
      m.body,
      m.payload === undefined ? null : JSON.stringify(m.payload),
      m.orderId ?? null,
      m.urgent ?? false,
      m.notBefore ?? null,
    );
    return `(${cols.map((c, i) => (c === 'next_attempt_at' ? `coalesce($${b + i + 1}::timestamptz, now())` : `$${b + i + 1}`)).join(',')})`;
  });
  const { rows } = await db.query(`INSERT INTO outbox (${cols.join(',')}) VALUES ${values.join(',')} RETURNING id`, params);
  return rows.map((r) => Number(r.id));
}

/** Delivery status of an order's messages, for the order detail. */
export async function deliveriesOf(db: Queryable, orderId: number) {
  const { rows } = await db.query(
    `SELECT id, event, channel, recipient, status, attempts, last_error, created_at, sent_at, next_attempt_at FROM outbox WHERE order_id = $1 ORDER BY id`,
    [orderId],
  );
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    channel: r.channel,
    recipient: r.channel === 'sms' ? String(r.recipient).replace(/^(\d{3})\d+(\d{4})$/, '$1****$2') : r.recipient,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    nextAttemptAt: r.next_attempt_at,
  }));
}
