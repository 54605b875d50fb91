/** Outage API (src/modules/outages: the shapes are declared in schemas.ts): shapes and calls. */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

export type OutageItem = Reply<'/api/outages', 'get'>[number];
export type OutageDetail = Reply<'/api/outages/{id}', 'get'>;
export type OutageDecline = OutageDetail['declines'][number];

/** The steps of an outage, each a route of its own: POST /api/outages/{id}/<action>. */
export type OutageAction = 'confirm' | 'assign' | 'accept' | 'decline' | 'depart' | 'arrive' | 'etr' | 'restore' | 'confirm-restoration' | 'close' | 'cancel';
type ActionPath = `/api/outages/{id}/${OutageAction}`;
/** What any step may carry (each route takes its own part of it and refuses the rest). */
export type OutageActionBody = Partial<
  BodyOf<'/api/outages/{id}/assign', 'post'> &
    BodyOf<'/api/outages/{id}/confirm', 'post'> &
    BodyOf<'/api/outages/{id}/decline', 'post'> &
    BodyOf<'/api/outages/{id}/restore', 'post'> &
    BodyOf<'/api/outages/{id}/confirm-restoration', 'post'>
>;

export type CallAnswer = Reply<'/api/outages/calls', 'post'>;
export type PublicOutages = Reply<'/api/public/outages', 'get'>;

/** GET /api/cti/lookup: customers with the caller's number (names and phones masked), their open orders, outages at their service points. */
export type CtiLookup = Reply<'/api/cti/lookup', 'get'>;
/** One outage touching a caller's service point (src/modules/outages/portal/outages-at.ts). */
export type OutageAt = CtiLookup['outages'][number];

export const cti = {
  lookup: (phone: string) => call(http.GET('/api/cti/lookup', { params: { query: { phone } } })),
};

export const outages = {
  list: (query: QueryOf<'/api/outages', 'get'>) => call(http.GET('/api/outages', { params: { query } })),
  detail: (id: number) => call(http.GET('/api/outages/{id}', { params: { path: { id } } })),
  /** One step; the action's route checks the body (a dynamic path, so its type is the union of the steps' bodies). */
  act: (id: number, action: OutageAction, body: OutageActionBody = {}) =>
    call(http.POST(`/api/outages/{id}/${action}` as ActionPath as '/api/outages/{id}/restore', { params: { path: { id } }, body })),
  move: (id: number, deviceId: number) => call(http.POST('/api/outages/{id}/move', { params: { path: { id } }, body: { deviceId } })),
  split: (id: number, deviceIds: number[]) => call(http.POST('/api/outages/{id}/split', { params: { path: { id } }, body: { deviceIds } })),
  merge: (outageIds: number[], deviceId?: number) => call(http.POST('/api/outages/merge', { body: { outageIds, ...(deviceId ? { deviceId } : {}) } })),
  call: (body: BodyOf<'/api/outages/calls', 'post'>) => call(http.POST('/api/outages/calls', { body })),
  unplaced: (query: QueryOf<'/api/outages/calls/unplaced', 'get'>) => call(http.GET('/api/outages/calls/unplaced', { params: { query } })),
  public: () => call(http.GET('/api/public/outages')),
};

export type Crew = Reply<'/api/crews', 'get'>[number];

export type Plan = Reply<'/api/planned-outages', 'get'>[number];
export type PlanDetail = Reply<'/api/planned-outages/{id}', 'get'>;

export type Reliability = Reply<'/api/reliability', 'get'>;
export type Indices = Reliability['all'];

export const crews = {
  list: () => call(http.GET('/api/crews')),
  create: (body: BodyOf<'/api/crews', 'post'>) => call(http.POST('/api/crews', { body })),
  update: (id: number, body: BodyOf<'/api/crews/{id}', 'patch'>) => call(http.PATCH('/api/crews/{id}', { params: { path: { id } }, body })),
  shift: (id: number, startsAt: string, endsAt: string) => call(http.POST('/api/crews/{id}/shifts', { params: { path: { id } }, body: { startsAt, endsAt } })),
  position: (id: number, lon: number, lat: number) => call(http.POST('/api/crews/{id}/position', { params: { path: { id } }, body: { lon, lat } })),
};

type PlanStep = 'approve' | 'start' | 'complete' | 'cancel';
export const planned = {
  list: (query: QueryOf<'/api/planned-outages', 'get'>) => call(http.GET('/api/planned-outages', { params: { query } })),
  detail: (id: number) => call(http.GET('/api/planned-outages/{id}', { params: { path: { id } } })),
  create: (body: BodyOf<'/api/planned-outages', 'post'>) => call(http.POST('/api/planned-outages', { body })),
  /** One step of a plan (each a route without a body: POST /api/planned-outages/{id}/<step>). */
  step: (id: number, step: PlanStep) =>
    call(
      http.POST(`/api/planned-outages/{id}/${step}` as `/api/planned-outages/{id}/${PlanStep}` as '/api/planned-outages/{id}/approve', {
        params: { path: { id } },
      }),
    ),
};

export const reliability = {
  get: (query: QueryOf<'/api/reliability', 'get'>) => call(http.GET('/api/reliability', { params: { query } })),
};

export type DispatchSuggestions = Reply<'/api/outages/{id}/dispatch-suggestions', 'get'>;

export type FaultOrderBody = BodyOf<'/api/outages/fault-orders', 'post'>;

export const dispatch = {
  suggestions: (id: number) => call(http.GET('/api/outages/{id}/dispatch-suggestions', { params: { path: { id } } })),
  /** A fault-repair order taken at the desk, placed on the network as a trouble call in the same request. */
  faultOrder: (body: FaultOrderBody, idempotencyKey: string) =>
    call(http.POST('/api/outages/fault-orders', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
};
