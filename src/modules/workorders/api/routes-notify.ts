/** HTTP for customer notification preferences (staff and portal) and webhook endpoints (integration admins). */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { Body, IdParams, Text } from '../../../http/schemas.js';
import { createWebhook, deactivateWebhook, listWebhooks, setNotificationPrefs, type PrefsInput } from '../notify/notification-admin.js';

const TimeOfDay = Type.Union([Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), Type.Null()]);
const PrefsBody = Body({ sms: Type.Boolean(), email: Type.Boolean(), quietStart: TimeOfDay, quietEnd: TimeOfDay });
const EVENT = Type.String({ pattern: '^(\\*|[a-z_]+\\.[a-z_]+)$', maxLength: 60 });

export function registerNotifyRoutes(app: FastifyInstance, { db }: AppContext) {
  app.put('/api/customers/:id/notification-prefs', { config: { permission: 'customers.write' }, schema: { tags: ['notifications'], params: IdParams, body: PrefsBody } }, async (req) =>
    setNotificationPrefs(db, principal(req), (req.params as { id: number }).id, req.body as PrefsInput));
  app.put('/api/portal/notification-prefs', { config: { permission: 'portal.submit' }, schema: { tags: ['portal'], body: PrefsBody } }, async (req) => {
    const p = principal(req);
    return setNotificationPrefs(db, p, p.customerId ?? -1, req.body as PrefsInput);
  });
  app.get('/api/webhooks', { config: { permission: 'tokens.write' }, schema: { tags: ['notifications'] } }, async () => ({ items: await listWebhooks(db) }));
  app.post('/api/webhooks', {
    config: { permission: 'tokens.write' },
    schema: { tags: ['notifications'], body: Body({ name: Text(64), url: Type.String({ format: 'uri', maxLength: 500 }), events: Type.Array(EVENT, { minItems: 1, maxItems: 30, uniqueItems: true }) }) },
  }, async (req, reply) => reply.status(201).send(await createWebhook(db, principal(req), req.body as { name: string; url: string; events: string[] })));
  app.delete('/api/webhooks/:id', { config: { permission: 'tokens.write' }, schema: { tags: ['notifications'], params: IdParams } }, async (req) =>
    deactivateWebhook(db, principal(req), (req.params as { id: number }).id));
}
