/**
 * Webhook endpoints (table webhook_endpoints), owned here next to their delivery (deliver.ts):
 * the admin use cases validate and audit, these functions keep the table's SQL.
 */
import type { Queryable } from '../../db/pool.js';

export async function listWebhookEndpoints(q: Queryable) {
  const { rows } = await q.query('SELECT id, name, url, events, active, created_at FROM webhook_endpoints ORDER BY id');
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    url: r.url as string,
    events: r.events as string[],
    active: r.active as boolean,
    createdAt: r.created_at as Date,
  }));
}

/** The active endpoints and the events each subscribes to ('*' for all): who gets a message for an event. */
export async function activeWebhookSubscriptions(q: Queryable): Promise<{ id: number; events: string[] }[]> {
  const { rows } = await q.query('SELECT id, events FROM webhook_endpoints WHERE active');
  return rows.map((x) => ({ id: x.id, events: x.events }));
}

export async function insertWebhookEndpoint(q: Queryable, e: { name: string; url: string; events: string[]; secret: string }) {
  const { rows } = await q.query('INSERT INTO webhook_endpoints (name, url, events, secret) VALUES ($1, $2, $3, $4) RETURNING id, name, url, events, active', [
    e.name,
    e.url,
    e.events,
    e.secret,
  ]);
  return rows[0] as { id: number; name: string; url: string; events: string[]; active: boolean };
}

/** Deactivates an active endpoint; false when there is no active endpoint with that id. */
export async function deactivateWebhookEndpoint(q: Queryable, id: number): Promise<boolean> {
  const r = await q.query('UPDATE webhook_endpoints SET active = false WHERE id = $1 AND active RETURNING id', [id]);
  return (r.rowCount ?? 0) > 0;
}
