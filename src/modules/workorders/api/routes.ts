/** HTTP for work orders: intake, queue, detail, lifecycle, links/merges, customer match. Thin: validate → service → respond. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams } from '../../../http/schemas.js';
import { CHANNELS, ORDER_TYPES, SUBTYPE_NAMES, URGENCIES } from '../orders/catalog.js';
import { ORDER_ACTIONS, ORDER_STATES } from '../lifecycle/lifecycle-rules.js';
import { intakeOrder, type IntakeInput } from '../intake/intake.js';
import { listQueue, type QueueQuery } from '../queue/queue.js';
import { addNote, getOrder, getOrderDetail, matchCustomer } from '../orders/order-detail.js';
import { transitionOrder, type TransitionBody } from '../lifecycle/transitions.js';
import { findDuplicates, linkOrders, mergeOrder } from '../intake/duplicates.js';
import { getSettings } from '../settings/settings.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { loadEvents } from '../orders/order-store.js';
import { liveClocks, orderView } from '../orders/order-view.js';
import { openOrderLocations, type LocationsQuery } from '../queue/order-locations.js';
import { DuplicatesQuery, IdempotencyHeaders, IntakeBody, LocationsQuerySchema, LinkBody, MatchBody, MergeBody, NoteBody, QueueQuerySchema, TransitionBodySchema } from './schemas.js';

const tags = ['workorders'];
type WithId = { id: number };

export function registerWorkorderRoutes(app: FastifyInstance, { db }: AppContext) {
  // The catalog is a list of codes and names, no personal data: any signed-in user reads it, the
  // portal's customers too (their subtype choices), so no copy of it lives in the web app.
  app.get('/api/workorders/catalog', { config: { authenticated: true }, schema: { tags } }, async () => ({
    orderTypes: Object.entries(ORDER_TYPES).map(([code, t]) => ({ code, zh: t.zh, en: t.en, subtypes: t.subtypes.map((s) => ({ code: s, ...SUBTYPE_NAMES[s] })) })),
    channels: Object.entries(CHANNELS).map(([code, c]) => ({ code, ...c })),
    urgencies: URGENCIES, states: ORDER_STATES, actions: ORDER_ACTIONS,
  }));

  app.post('/api/workorders', { config: { permission: 'workorders.create' }, schema: { tags, body: IntakeBody, headers: IdempotencyHeaders } }, async (req, reply) => {
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const r = await intakeOrder(db, principal(req), req.body as IntakeInput, key);
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(r.replayed ? 200 : 201).send({ order: r.order, duplicates: r.duplicates });
  });

  app.get('/api/workorders', { config: { permission: 'workorders.read' }, schema: { tags, querystring: QueueQuerySchema } }, async (req) => listQueue(db, principal(req), req.query as QueueQuery));

  app.get('/api/workorders/duplicates', { config: { permission: 'workorders.read' }, schema: { tags, querystring: DuplicatesQuery } }, async (req) => {
    const q = req.query as { customerId?: number; servicePointId?: number; phone?: string };
    const s = await getSettings(db);
    return { items: await findDuplicates(db, principal(req), { ...q, windowHours: s.duplicateWindowHours }), windowHours: s.duplicateWindowHours };
  });

  app.get('/api/workorders/locations', {
    config: { permission: 'workorders.read' },
    schema: { tags, description: 'Open orders with a location as GeoJSON points (source=reported: spots customers pinned or callers described); truncated=true when more exist.', querystring: LocationsQuerySchema },
  }, async (req) => openOrderLocations(db, principal(req), req.query as LocationsQuery));

  app.get('/api/workorders/:id', { config: { permission: 'workorders.read' }, schema: { tags, params: IdParams } }, async (req) => getOrder(db, principal(req), (req.params as WithId).id));

  app.get('/api/workorders/:id/detail', { config: { permission: 'workorders.read' }, schema: { tags, params: IdParams } }, async (req) => getOrderDetail(db, principal(req), (req.params as WithId).id));

  app.post('/api/workorders/:id/transitions', { config: { permission: 'workorders.read' }, schema: { tags, params: IdParams, body: TransitionBodySchema } }, async (req) => {
    const p = principal(req);
    const row = await transitionOrder(db, p, (req.params as WithId).id, req.body as TransitionBody);
    const ctx = await getSlaContext(db);
    return orderView(row, liveClocks(ctx, row, await loadEvents(db, row.id)), p);
  });

  app.post('/api/workorders/:id/notes', { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: NoteBody } }, async (req) =>
    ({ timeline: await addNote(db, principal(req), (req.params as WithId).id, (req.body as { note: string }).note) }));

  app.post('/api/workorders/:id/links', { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: LinkBody } }, async (req, reply) =>
    reply.status(201).send(await linkOrders(db, principal(req), (req.params as WithId).id, (req.body as { relatedId: number }).relatedId)));

  app.post('/api/workorders/:id/merge', { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: MergeBody } }, async (req) => {
    const p = principal(req);
    const b = req.body as { survivorId: number; note: string };
    const r = await mergeOrder(db, p, (req.params as WithId).id, b.survivorId, b.note);
    return { mergedId: r.merged.id, status: r.merged.status, survivorId: r.survivorId };
  });

  app.put('/api/workorders/:id/customer', { config: { permission: 'workorders.handle' }, schema: { tags, params: IdParams, body: MatchBody } }, async (req) => {
    const b = req.body as { customerId: number; servicePointId?: number };
    return matchCustomer(db, principal(req), (req.params as WithId).id, b.customerId, b.servicePointId ?? null);
  });
}
