/**
 * Delivers due outbox messages: claims a batch with FOR UPDATE SKIP LOCKED (several workers
 * never send one message twice), pushes the claim lease forward so a crashed worker's messages
 * come back, sends, then records sent / failed with backoff / dead.
 */
import type { Db } from '../../db/pool.js';
import { afterFailure, type RetryPolicy } from './backoff.js';
import { DeliveryError, type Deliverable, type Transports, type WebhookEndpoint } from './transports.js';

const LEASE_SECONDS = 300;

export async function loadRetryPolicy(db: Db): Promise<RetryPolicy> {
  const { rows } = await db.query<{ max_attempts: number; backoff_seconds: number[] }>(
    'SELECT max_attempts, backoff_seconds FROM outbox_settings WHERE id = 1',
  );
  return { maxAttempts: rows[0].max_attempts, backoffSeconds: rows[0].backoff_seconds };
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
}

async function sendOne(db: Db, m: Deliverable, transports: Transports): Promise<void> {
  if (m.channel === 'webhook') {
    if (!transports.webhook) throw new DeliveryError('webhook transport not configured', false);
    const { rows } = await db.query<WebhookEndpoint & { active: boolean }>('SELECT id, url, secret, active FROM webhook_endpoints WHERE id = $1', [
      Number(m.recipient),
    ]);
    if (!rows[0] || !rows[0].active) throw new DeliveryError('webhook endpoint missing or inactive', true);
    return transports.webhook(m, rows[0]);
  }
  const t = transports[m.channel];
  if (!t) throw new DeliveryError(`${m.channel} transport not configured`, false);
  return t(m);
}

export async function deliverDue(db: Db, transports: Transports, opts: { batch?: number; retry?: RetryPolicy } = {}): Promise<DeliveryReport> {
  const retry = opts.retry ?? (await loadRetryPolicy(db));
  const { rows } = await db.query<Deliverable & { attempts: number }>(
    `WITH due AS (
       SELECT id FROM outbox WHERE status IN ('pending', 'failed') AND next_attempt_at <= now()
       ORDER BY urgent DESC, next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM due WHERE o.id = due.id
     RETURNING o.id, o.event, o.channel, o.recipient, o.subject, o.body, o.payload, o.urgent, o.attempts`,
    [opts.batch ?? 50, LEASE_SECONDS],
  );
  const report: DeliveryReport = { claimed: rows.length, sent: 0, failed: 0, dead: 0 };
  await Promise.all(
    rows.map(async (m) => {
      try {
        await sendOne(db, m, transports);
        await db.query(`UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [m.id]);
        report.sent++;
      } catch (e) {
        const err = e instanceof DeliveryError ? e : new DeliveryError(String((e as Error).message ?? e), false);
        const next = err.permanent ? ({ status: 'dead' } as const) : afterFailure(m.attempts, retry, new Date());
        if (next.status === 'dead') {
          await db.query(`UPDATE outbox SET status = 'dead', last_error = $2 WHERE id = $1`, [m.id, err.message.slice(0, 500)]);
          report.dead++;
        } else {
          await db.query(`UPDATE outbox SET status = 'failed', last_error = $2, next_attempt_at = $3 WHERE id = $1`, [
            m.id,
            err.message.slice(0, 500),
            next.nextAttemptAt,
          ]);
          report.failed++;
        }
      }
    }),
  );
  return report;
}
