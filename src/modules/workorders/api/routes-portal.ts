/** Customer portal: submit (fault, complaint, consultation …), follow one's own orders, rate the service. */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok, oks } from '../../../http/schemas.js';
import { intakeOrder } from '../intake/intake.js';
import { listQueue } from '../queue/queue.js';
import { getPortalOrder } from '../orders/order-detail.js';
import { ratePortalOrder } from '../callbacks/callbacks.js';
import {
  IdempotencyHeaders,
  IntakeBody,
  PortalIntakeResultSchema,
  PortalOrderSchema,
  PortalQueueQuery,
  QueuePageSchema,
  RatingAnswer,
  RatingBody,
} from '../schemas.js';

const tags = ['portal'];

export function registerPortalRoutes(app: App, { db }: AppContext) {
  app.post(
    '/api/portal/workorders',
    {
      config: { permission: 'portal.submit' },
      schema: { tags, body: IntakeBody, headers: IdempotencyHeaders, response: oks({ 200: PortalIntakeResultSchema, 201: PortalIntakeResultSchema }) },
    },
    async (req, reply) => {
      const r = await intakeOrder(db, principal(req), req.body, req.headers['idempotency-key'] ?? null);
      return reply.status(r.replayed ? 200 : 201).send({ order: r.order });
    },
  );
  app.get(
    '/api/portal/workorders',
    { config: { permission: 'self.read' }, schema: { tags, querystring: PortalQueueQuery, response: ok(QueuePageSchema) } },
    async (req) => listQueue(db, principal(req), { view: 'all', sort: 'received', limit: req.query.limit, offset: req.query.offset }),
  );
  app.get(
    '/api/portal/workorders/:id',
    { config: { permission: 'self.read' }, schema: { tags, params: IdParams, response: ok(PortalOrderSchema) } },
    async (req) => getPortalOrder(db, principal(req), req.params.id),
  );
  app.post(
    '/api/portal/workorders/:id/rating',
    { config: { permission: 'portal.submit' }, schema: { tags, params: IdParams, body: RatingBody, response: ok(RatingAnswer, 201) } },
    async (req, reply) => reply.status(201).send(await ratePortalOrder(db, principal(req), req.params.id, req.body.score)),
  );
}
