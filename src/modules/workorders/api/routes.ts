/** HTTP for work orders: intake, queue, detail, lifecycle, links/merges, customer match. Thin: validate → use case → respond. */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok, oks } from '../../../http/schemas.js';
import { catalogView } from '../orders/catalog.js';
import { intakeOrder } from '../intake/intake.js';
import { listQueue } from '../queue/queue.js';
import { addNote, getOrder, getOrderDetail, matchCustomer } from '../orders/order-detail.js';
import { transitionOrderView } from '../lifecycle/transitions.js';
import { duplicatesFor, linkOrders, mergeOrder } from '../intake/duplicates.js';
import { openOrderLocations } from '../queue/order-locations.js';
import {
  CatalogSchema,
  DuplicatesAnswer,
  DuplicatesQuery,
  IdempotencyHeaders,
  IntakeBody,
  IntakeResultSchema,
  LinkAnswer,
  LinkBody,
  LocationsQuerySchema,
  MatchBody,
  MergeAnswer,
  MergeBody,
  NoteBody,
  OrderDetailSchema,
  OrderLocationsSchema,
  OrderSchema,
  QueuePageSchema,
  QueueQuerySchema,
  TimelineAnswer,
  TransitionBodySchema,
} from '../schemas.js';

const tags = ['workorders'];

export function registerWorkorderRoutes(app: App, { db }: AppContext) {
  // The catalog is a list of codes and names, no personal data: any signed-in user reads it, the
  // portal's customers too (their subtype choices), so no copy of it lives in the web app.
  app.get('/api/workorders/catalog', { config: { authenticated: true }, schema: { tags, response: ok(CatalogSchema) } }, async () => catalogView());

  app.post(
    '/api/workorders',
    {
      config: { permission: 'workorders.create' },
      schema: { tags, body: IntakeBody, headers: IdempotencyHeaders, response: oks({ 200: IntakeResultSchema, 201: IntakeResultSchema }) },
    },
    async (req, reply) => {
      const r = await intakeOrder(db, principal(req), req.body, req.headers['idempotency-key'] ?? null);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(r.replayed ? 200 : 201).send({ order: r.order, duplicates: r.duplicates });
    },
  );

  app.get(
    '/api/workorders',
    { config: { permission: 'workorders.read' }, schema: { tags, querystring: QueueQuerySchema, response: ok(QueuePageSchema) } },
    async (req) => listQueue(db, principal(req), req.query),
  );

  app.get(
    '/api/workorders/duplicates',
    { config: { permission: 'workorders.read' }, schema: { tags, querystring: DuplicatesQuery, response: ok(DuplicatesAnswer) } },
    async (req) => duplicatesFor(db, principal(req), req.query),
  );

  app.get(
    '/api/workorders/locations',
    {
      config: { permission: 'workorders.read' },
      schema: {
        tags,
        description:
          'Open orders with a location as GeoJSON points (source=reported: spots customers pinned or callers described); truncated=true when more exist.',
        querystring: LocationsQuerySchema,
        response: ok(OrderLocationsSchema),
      },
    },
    async (req) => openOrderLocations(db, principal(req), req.query),
  );

  app.get('/api/workorders/:id', { config: { permission: 'workorders.read' }, schema: { tags, params: IdParams, response: ok(OrderSchema) } }, async (req) =>
    getOrder(db, principal(req), req.params.id),
  );

  app.get(
    '/api/workorders/:id/detail',
    { config: { permission: 'workorders.read' }, schema: { tags, params: IdParams, response: ok(OrderDetailSchema) } },
    async (req) => getOrderDetail(db, principal(req), req.params.id),
  );

  app.post(
    '/api/workorders/:id/transitions',
    { config: { permission: 'workorders.read' }, schema: { tags, params: IdParams, body: TransitionBodySchema, response: ok(OrderSchema) } },
    async (req) => transitionOrderView(db, principal(req), req.params.id, req.body),
  );

  app.post(
    '/api/workorders/:id/notes',
    { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: NoteBody, response: ok(TimelineAnswer) } },
    async (req) => ({ timeline: await addNote(db, principal(req), req.params.id, req.body.note) }),
  );

  app.post(
    '/api/workorders/:id/links',
    { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: LinkBody, response: ok(LinkAnswer, 201) } },
    async (req, reply) => reply.status(201).send(await linkOrders(db, principal(req), req.params.id, req.body.relatedId)),
  );

  app.post(
    '/api/workorders/:id/merge',
    { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: MergeBody, response: ok(MergeAnswer) } },
    async (req) => {
      const r = await mergeOrder(db, principal(req), req.params.id, req.body.survivorId, req.body.note);
      return { mergedId: r.merged.id, status: r.merged.status, survivorId: r.survivorId };
    },
  );

  app.put(
    '/api/workorders/:id/customer',
    { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: MatchBody, response: ok(OrderSchema) } },
    async (req) => matchCustomer(db, principal(req), req.params.id, req.body.customerId, req.body.servicePointId ?? null),
  );
}
