/** Work-order API (src/modules/workorders/api/routes.ts; the shapes are declared in src/modules/workorders/schemas.ts): shapes and calls. */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

type OrderReply = Reply<'/api/workorders/{id}', 'get'>;
export type Order = OrderReply;
export type QueuePage = Reply<'/api/workorders', 'get'>;
export type QueueItem = QueuePage['items'][number];
/** An SLA clock: an order carries the calendar and start/stop fields too, a queue row does not. */
export type Clock = QueueItem['clocks'][number] & Partial<Order['clocks'][number]>;
export type QueueQuery = QueryOf<'/api/workorders', 'get'>;

/** A spot on the map (WGS-84). `service_point`: the order's service point; `reported`: pinned by the customer or the call-taker. */
export type OrderLocation = NonNullable<Order['location']>;

export type IntakeBody = BodyOf<'/api/workorders', 'post'>;
export type LocationInput = NonNullable<IntakeBody['location']>;

export type OrderDetail = Reply<'/api/workorders/{id}/detail', 'get'>;
export type TimelineEntry = OrderDetail['timeline'][number];
export type Delivery = OrderDetail['deliveries'][number];
export type CallbackRec = OrderDetail['callbacks'][number];
/** An order linked to this one. */
export type OrderLink = OrderDetail['links'][number];
/** Another order as a possible duplicate shows it. */
export type OrderRef = Reply<'/api/workorders/duplicates', 'get'>['items'][number];

export type Catalog = Reply<'/api/workorders/catalog', 'get'>;

export type TransitionBody = BodyOf<'/api/workorders/{id}/transitions', 'post'>;

export type Article = Reply<'/api/knowledge/{id}', 'get'>;

/** The service-desk settings (GET/PUT /api/workorders/settings). */
export type DeskSettings = Reply<'/api/workorders/settings', 'get'>;

export const wo = {
  catalog: () => call(http.GET('/api/workorders/catalog')),
  settings: () => call(http.GET('/api/workorders/settings')),
  queue: (query: QueueQuery) => call(http.GET('/api/workorders', { params: { query } })),
  get: (id: number) => call(http.GET('/api/workorders/{id}', { params: { path: { id } } })),
  detail: (id: number) => call(http.GET('/api/workorders/{id}/detail', { params: { path: { id } } })),
  intake: (body: IntakeBody, idempotencyKey: string) => call(http.POST('/api/workorders', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
  duplicates: (query: QueryOf<'/api/workorders/duplicates', 'get'>) => call(http.GET('/api/workorders/duplicates', { params: { query } })),
  transition: (id: number, body: TransitionBody) => call(http.POST('/api/workorders/{id}/transitions', { params: { path: { id } }, body })),
  note: (id: number, note: string) => call(http.POST('/api/workorders/{id}/notes', { params: { path: { id } }, body: { note } })),
  link: (id: number, relatedId: number) => call(http.POST('/api/workorders/{id}/links', { params: { path: { id } }, body: { relatedId } })),
  merge: (id: number, survivorId: number, note: string) =>
    call(http.POST('/api/workorders/{id}/merge', { params: { path: { id } }, body: { survivorId, note } })),
  match: (id: number, customerId: number, servicePointId?: number) =>
    call(http.PUT('/api/workorders/{id}/customer', { params: { path: { id } }, body: { customerId, ...(servicePointId ? { servicePointId } : {}) } })),
  /** Open orders with a location as GeoJSON points (the dispatcher map). */
  locations: (query: QueryOf<'/api/workorders/locations', 'get'>) => call(http.GET('/api/workorders/locations', { params: { query } })),
};

/** A suggested article for the typed call (GET /api/knowledge/suggest): `terms` are the phrases of the typed text found in the article, longest first. */
export type Suggestion = Reply<'/api/knowledge/suggest', 'get'>['items'][number];

export const kb = {
  /**
   * Ranked search for typed text (the console's suggestions, the knowledge page, the article picker);
   * one request per pause in typing; pass the query's signal so a stale request is cancelled.
   * includeAll: drafts, archived, expired and not yet valid articles too.
   */
  suggest: (q: { text: string; limit?: number; includeAll?: boolean }, signal?: AbortSignal) =>
    call(
      http.GET('/api/knowledge/suggest', { params: { query: { text: q.text, limit: q.limit ?? 5, includeAll: q.includeAll || undefined } }, signal }),
      signal,
    ),
  /** The list by last change (filters, or a one-character substring search). */
  search: (query: QueryOf<'/api/knowledge', 'get'>, signal?: AbortSignal) => call(http.GET('/api/knowledge', { params: { query }, signal }), signal),
  get: (id: number) => call(http.GET('/api/knowledge/{id}', { params: { path: { id } } })),
  create: (body: BodyOf<'/api/knowledge', 'post'>) => call(http.POST('/api/knowledge', { body })),
  update: (id: number, body: BodyOf<'/api/knowledge/{id}', 'patch'>) => call(http.PATCH('/api/knowledge/{id}', { params: { path: { id } }, body })),
};

/** The customer portal (src/modules/workorders/api/routes-portal.ts). */
export const portal = {
  me: () => call(http.GET('/api/me/customer')),
  orders: (query: QueryOf<'/api/portal/workorders', 'get'>) => call(http.GET('/api/portal/workorders', { params: { query } })),
  order: (id: number) => call(http.GET('/api/portal/workorders/{id}', { params: { path: { id } } })),
  submit: (body: BodyOf<'/api/portal/workorders', 'post'>, idempotencyKey: string) =>
    call(http.POST('/api/portal/workorders', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
  /** A fault is placed on the network like a desk call (src/modules/outages/portal-fault-route.ts); a spot without a service point by the nearest transformer. */
  submitFault: (b: Omit<BodyOf<'/api/portal/fault-orders', 'post'>, 'channel'>, idempotencyKey: string) =>
    call(http.POST('/api/portal/fault-orders', { body: { ...b, channel: 'web' }, headers: { 'Idempotency-Key': idempotencyKey } })),
  rate: (id: number, score: number) => call(http.POST('/api/portal/workorders/{id}/rating', { params: { path: { id } }, body: { score } })),
};
