/** Customer channel preferences and quiet hours, and webhook endpoints: validated, audited writes. */
import { randomBytes } from 'node:crypto';
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { badField, notFound } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { forgetSettings } from '../settings/settings.js';
import type { PrefsInput, WebhookInput } from '../schemas.js';

export type { PrefsInput };

export async function setNotificationPrefs(db: Db, p: Principal, customerId: number, input: PrefsInput) {
  if ((input.quietStart === null) !== (input.quietEnd === null)) {
    throw badField(input.quietStart === null ? 'body.quietStart' : 'body.quietEnd', 'pair', '免打扰开始和结束时间须同时填写', 'quiet hours need both start and end');
  }
  const scope = p.role === 'customer' ? '/' : p.orgPath;
  if (p.role === 'customer' && p.customerId !== customerId) throw notFound('Customer', '客户');
  return withTx(db, async (tx) => {
    const c = await tx.query(`SELECT c.id, c.org_unit_id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE c.id = $1 AND o.path LIKE $2 || '%'`, [customerId, scope]);
    if (!c.rows[0]) throw notFound('Customer', '客户');
    const before = (await tx.query('SELECT sms, email, quiet_start, quiet_end FROM notification_prefs WHERE customer_id = $1', [customerId])).rows[0] ?? null;
    await tx.query(
      `INSERT INTO notification_prefs (customer_id, sms, email, quiet_start, quiet_end, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (customer_id) DO UPDATE SET sms = EXCLUDED.sms, email = EXCLUDED.email, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, updated_at = now()`,
      [customerId, input.sms, input.email, input.quietStart, input.quietEnd],
    );
    await recordAudit(tx, actorOf(p), { action: 'customer.notification_prefs', entity: 'customer', entityId: customerId, orgUnitId: c.rows[0].org_unit_id, before, after: input });
    return { customerId, ...input };
  });
}

export async function listWebhooks(db: Db) {
  const { rows } = await db.query('SELECT id, name, url, events, active, created_at FROM webhook_endpoints ORDER BY id');
  return rows.map((r) => ({ id: r.id, name: r.name, url: r.url, events: r.events, active: r.active, createdAt: r.created_at }));
}

/** The secret is shown once, at creation; deliveries are signed with it (docs/sms-gateway.md). */
export async function createWebhook(db: Db, p: Principal, input: WebhookInput) {
  const u = new URL(input.url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw badField('body.url', 'protocol', '只支持 http/https 地址', 'must be an http(s) URL');
  const secret = randomBytes(24).toString('base64url');
  const row = await withTx(db, async (tx) => {
    const r = await tx.query('INSERT INTO webhook_endpoints (name, url, events, secret) VALUES ($1, $2, $3, $4) RETURNING id, name, url, events, active', [input.name, input.url, input.events, secret]);
    await recordAudit(tx, actorOf(p), { action: 'webhook.create', entity: 'webhook_endpoint', entityId: r.rows[0].id, after: { name: input.name, url: input.url, events: input.events } });
    return r.rows[0];
  });
  forgetSettings(db);
  return { ...row, secret };
}

export async function deactivateWebhook(db: Db, p: Principal, id: number) {
  await withTx(db, async (tx) => {
    const r = await tx.query('UPDATE webhook_endpoints SET active = false WHERE id = $1 AND active RETURNING id', [id]);
    if (!r.rowCount) throw notFound('Webhook', '回调地址');
    await recordAudit(tx, actorOf(p), { action: 'webhook.deactivate', entity: 'webhook_endpoint', entityId: id, before: { active: true }, after: { active: false } });
  });
  forgetSettings(db);
  return { id, active: false };
}
