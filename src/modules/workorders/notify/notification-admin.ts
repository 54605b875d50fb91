/** Customer channel preferences and quiet hours, and webhook endpoints: validated, audited writes. */
import { randomBytes } from 'node:crypto';
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { saveNotificationPrefs, storedNotificationPrefs } from '../../../platform/outbox/preferences.js';
import { deactivateWebhookEndpoint, insertWebhookEndpoint, listWebhookEndpoints } from '../../../platform/outbox/webhooks.js';
import { badField, notFound } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { inOrgScope } from '../../orgs/index.js';
import { forgetSettings } from '../settings/settings.js';
import type { PrefsInput, WebhookInput } from '../schemas.js';

export type { PrefsInput };

export async function setNotificationPrefs(db: Db, p: Principal, customerId: number, input: PrefsInput) {
  if ((input.quietStart === null) !== (input.quietEnd === null)) {
    throw badField(
      input.quietStart === null ? 'body.quietStart' : 'body.quietEnd',
      'pair',
      '免打扰开始和结束时间须同时填写',
      'quiet hours need both start and end',
    );
  }
  const scope = p.role === 'customer' ? '/' : p.orgPath;
  if (p.role === 'customer' && p.customerId !== customerId) throw notFound('Customer', '客户');
  return withTx(db, async (tx) => {
    const c = await tx.query(`SELECT c.id, c.org_unit_id FROM pub_customers c WHERE c.id = $1 AND ${inOrgScope('c.org_unit_id', '$2')}`, [customerId, scope]);
    if (!c.rows[0]) throw notFound('Customer', '客户');
    const before = await storedNotificationPrefs(tx, customerId);
    await saveNotificationPrefs(tx, customerId, input);
    await recordAudit(tx, actorOf(p), {
      action: 'customer.notification_prefs',
      entity: 'customer',
      entityId: customerId,
      orgUnitId: c.rows[0].org_unit_id,
      before,
      after: input,
    });
    return { customerId, ...input };
  });
}

export async function listWebhooks(db: Db) {
  return listWebhookEndpoints(db);
}

/** The secret is shown once, at creation; deliveries are signed with it (docs/sms-gateway.md). */
export async function createWebhook(db: Db, p: Principal, input: WebhookInput) {
  const u = new URL(input.url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw badField('body.url', 'protocol', '只支持 http/https 地址', 'must be an http(s) URL');
  const secret = randomBytes(24).toString('base64url');
  const row = await withTx(db, async (tx) => {
    const endpoint = await insertWebhookEndpoint(tx, { ...input, secret });
    await recordAudit(tx, actorOf(p), {
      action: 'webhook.create',
      entity: 'webhook_endpoint',
      entityId: endpoint.id,
      after: { name: input.name, url: input.url, events: input.events },
    });
    return endpoint;
  });
  forgetSettings(db);
  return { ...row, secret };
}

export async function deactivateWebhook(db: Db, p: Principal, id: number) {
  await withTx(db, async (tx) => {
    if (!(await deactivateWebhookEndpoint(tx, id))) throw notFound('Webhook', '回调地址');
    await recordAudit(tx, actorOf(p), {
      action: 'webhook.deactivate',
      entity: 'webhook_endpoint',
      entityId: id,
      before: { active: true },
      after: { active: false },
    });
  });
  forgetSettings(db);
  return { id, active: false };
}
