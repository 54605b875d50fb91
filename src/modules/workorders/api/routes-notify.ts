/** HTTP for customer notification preferences (staff and portal) and webhook endpoints (integration admins). */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok } from '../../../http/schemas.js';
import { createWebhook, deactivateWebhook, listWebhooks, setNotificationPrefs } from '../notify/notification-admin.js';
import { PrefsAnswer, PrefsBody, WebhookBody, WebhookCreatedSchema, WebhookDeactivatedSchema, WebhookListSchema } from '../schemas.js';

export function registerNotifyRoutes(app: App, { db }: AppContext) {
  app.put(
    '/api/customers/:id/notification-prefs',
    { config: { permission: 'customers.write' }, schema: { tags: ['notifications'], params: IdParams, body: PrefsBody, response: ok(PrefsAnswer) } },
    async (req) => setNotificationPrefs(db, principal(req), req.params.id, req.body),
  );
  app.put(
    '/api/portal/notification-prefs',
    { config: { permission: 'portal.submit' }, schema: { tags: ['portal'], body: PrefsBody, response: ok(PrefsAnswer) } },
    async (req) => {
      const p = principal(req);
      return setNotificationPrefs(db, p, p.customerId ?? -1, req.body);
    },
  );
  app.get('/api/webhooks', { config: { permission: 'tokens.write' }, schema: { tags: ['notifications'], response: ok(WebhookListSchema) } }, async () => ({
    items: await listWebhooks(db),
  }));
  app.post(
    '/api/webhooks',
    { config: { permission: 'tokens.write' }, schema: { tags: ['notifications'], body: WebhookBody, response: ok(WebhookCreatedSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createWebhook(db, principal(req), req.body)),
  );
  app.delete(
    '/api/webhooks/:id',
    { config: { permission: 'tokens.write' }, schema: { tags: ['notifications'], params: IdParams, response: ok(WebhookDeactivatedSchema) } },
    async (req) => deactivateWebhook(db, principal(req), req.params.id),
  );
}
