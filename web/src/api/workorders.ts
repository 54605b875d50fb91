/** Work-order API (src/modules/workorders/api/routes.ts; the shapes are declared in src/modules/workorders/schemas.ts): shapes and calls. */
import { api, type Query } from './client';

export interface Clock {
  name: string;
  basis: 'natural' | 'working_days';
  dueAt: string | null;
  pausedMs: number;
  state: 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'stopped';
  startedAt?: string | null;
  stoppedAt?: string | null;
  remainingMs: number | null;
  usedFraction: number;
  /** working-day clocks: false when the due date lies in a year the holiday calendar does not cover yet */
  calendarCovered?: boolean | null;
  /** working-day clocks with calendarCovered false: true when that year's statutory holidays were counted (暂定 provisional, make-up days not yet published) */
  calendarProvisional?: boolean | null;
}

export interface QueueItem {
  id: number;
  orderNo: string;
  orderType: string;
  subtype: string | null;
  channel: string;
  urgency: string;
  priority: number;
  status: string;
  title: string;
  receivedAt: string;
  orgUnitId: number;
  ownerId: number | null;
  assigneeId: number | null;
  callerPhone: string | null;
  important: boolean;
  slaState: string;
  nextDueAt: string | null;
  remainingMs: number | null;
  clocks: Clock[];
}

export interface QueuePage {
  items: QueueItem[];
  hasMore: boolean;
  limit: number;
  offset: number;
}

/** A spot on the map (WGS-84). `service_point`: the order's service point; `reported`: pinned by the customer or the call-taker. */
export interface OrderLocation {
  lon: number;
  lat: number;
  source: 'service_point' | 'reported';
  text: string | null;
}

export interface LocationInput {
  lon: number;
  lat: number;
  text?: string;
}

export interface Order {
  id: number;
  orderNo: string;
  orderType: string;
  subtype: string | null;
  channel: string;
  urgency: string;
  priority: number;
  status: string;
  receivedAt: string;
  createdAt: string;
  updatedAt: string;
  orgUnitId: number;
  acceptingOrgUnitId: number;
  ownerId: number | null;
  assigneeId: number | null;
  customerId: number | null;
  servicePointId: number | null;
  matchedAt: string | null;
  location: OrderLocation | null;
  callerPhone: string | null;
  callerName: string | null;
  address: string | null;
  title: string;
  description: string;
  customerClass: string | null;
  areaType: string;
  important: boolean;
  policySet: string;
  policyId: number | null;
  slaState: string;
  nextDueAt: string | null;
  mergedIntoId: number | null;
  kbArticleId: number | null;
  result: string | null;
  cause: string | null;
  satisfaction: string | null;
  reopenCount: number;
  handledAt: string | null;
  closedAt: string | null;
  version: number;
  allowedActions: string[];
  clocks: Clock[];
}

export interface TimelineEntry {
  id: number;
  at: string;
  actor: { id: number | null; kind: string; name: string | null };
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface OrderRef {
  id: number;
  orderNo: string;
  orderType: string;
  subtype?: string | null;
  status: string;
  receivedAt?: string;
  title?: string;
  orgUnitId?: number;
}

export interface Delivery {
  id: number;
  event: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface CallbackRec {
  id: number;
  status: string;
  reason: string | null;
  createdAt: string;
  result: string | null;
  resultReason: string | null;
  powerRestored: boolean | null;
  doneAt: string | null;
}

export interface OrderDetail {
  order: Order;
  /** the order's customer by name and account number (null for an anonymous caller) */
  customer: { id: number; name: string; accountNo: string | null } | null;
  timeline: TimelineEntry[];
  links: OrderRef[];
  deliveries: Delivery[];
  callbacks: CallbackRec[];
  slaEvents: { key: string; kind: string; clock: string; at: string; dueAt: string | null; data: unknown }[];
}

export interface Catalog {
  orderTypes: { code: string; zh: string; en: string; subtypes: { code: string; zh: string; en: string }[] }[];
  channels: { code: string; zh: string; en: string; staffEntered: boolean }[];
  urgencies: string[];
  states: string[];
  actions: string[];
}

export interface IntakeBody {
  orderType: string;
  subtype?: string | null;
  channel: string;
  receivedAt?: string;
  urgency?: string;
  customerId?: number;
  servicePointId?: number;
  callerPhone?: string;
  callerName?: string;
  address?: string;
  title?: string;
  description: string;
  kbArticleId?: number;
  location?: LocationInput;
}

export interface TransitionBody {
  action: string;
  note?: string;
  reason?: string;
  orgUnitId?: number;
  assigneeId?: number;
  result?: string;
  cause?: string;
  kbArticleId?: number;
}

export interface Article {
  id: number;
  title: string;
  body: string;
  category: string;
  tags: string[];
  status: 'draft' | 'published' | 'archived';
  validFrom: string | null;
  validTo: string | null;
  version: number;
  usedCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The service-desk settings (GET/PUT /api/workorders/settings). */
export interface DeskSettings {
  duplicateWindowHours: number;
  reopenWindowDays: number;
  callbackSamplePercent: number;
  maxBackdateMinutes: Record<string, number>;
  escalationMinutes: number[];
}

export const wo = {
  catalog: () => api.get<Catalog>('/api/workorders/catalog'),
  settings: () => api.get<DeskSettings>('/api/workorders/settings'),
  queue: (q: Query) => api.get<QueuePage>('/api/workorders', q),
  get: (id: number) => api.get<Order>(`/api/workorders/${id}`),
  detail: (id: number) => api.get<OrderDetail>(`/api/workorders/${id}/detail`),
  intake: (b: IntakeBody, idempotencyKey: string) => api.post<{ order: Order; duplicates: OrderRef[] }>('/api/workorders', b, { 'Idempotency-Key': idempotencyKey }),
  duplicates: (q: { customerId?: number; servicePointId?: number; phone?: string }) => api.get<{ items: OrderRef[]; windowHours: number }>('/api/workorders/duplicates', q),
  transition: (id: number, b: TransitionBody) => api.post<Order>(`/api/workorders/${id}/transitions`, b),
  note: (id: number, note: string) => api.post<{ timeline: TimelineEntry[] }>(`/api/workorders/${id}/notes`, { note }),
  link: (id: number, relatedId: number) => api.post(`/api/workorders/${id}/links`, { relatedId }),
  merge: (id: number, survivorId: number, note: string) => api.post(`/api/workorders/${id}/merge`, { survivorId, note }),
  match: (id: number, customerId: number, servicePointId?: number) => api.put<Order>(`/api/workorders/${id}/customer`, { customerId, ...(servicePointId ? { servicePointId } : {}) }),
  /** Open orders with a location as GeoJSON points (the dispatcher map). */
  locations: (q: { source?: 'reported' | 'service_point'; orderType?: string; limit?: number }) =>
    api.get<import('geojson').FeatureCollection & { truncated: boolean }>('/api/workorders/locations', q),
};

/** A suggested article for the typed call (GET /api/knowledge/suggest). */
export interface Suggestion {
  id: number;
  title: string;
  category: string;
  tags: string[];
  /** published unless includeAll was asked */
  status: Article['status'];
  validTo: string | null;
  usedCount: number;
  score: number;
  /** phrases of the typed text found in the article, longest first: mark them in title and snippet */
  terms: string[];
  snippet: string;
}

export const kb = {
  /**
   * Ranked search for typed text (the console's suggestions, the knowledge page, the article picker);
   * one request per pause in typing; pass the query's signal so a stale request is cancelled.
   * includeAll: drafts, archived, expired and not yet valid articles too.
   */
  suggest: (q: { text: string; limit?: number; includeAll?: boolean }, signal?: AbortSignal) =>
    api.get<{ items: Suggestion[] }>('/api/knowledge/suggest', { text: q.text, limit: q.limit ?? 5, includeAll: q.includeAll || undefined }, signal),
  /** The list by last change (filters, or a one-character substring search). */
  search: (q: Query, signal?: AbortSignal) => api.get<{ items: Article[] }>('/api/knowledge', q, signal),
  get: (id: number) => api.get<Article>(`/api/knowledge/${id}`),
  create: (b: Partial<Article>) => api.post<Article>('/api/knowledge', b),
  update: (id: number, b: Partial<Article> & { version: number }) => api.patch<Article>(`/api/knowledge/${id}`, b),
};

/** The customer portal (src/modules/workorders/api/routes-portal.ts). */
export const portal = {
  me: () => api.get<import('./types').Customer360 | { customer: null; accounts: []; servicePoints: [] }>('/api/me/customer'),
  orders: (q: Query) => api.get<QueuePage>('/api/portal/workorders', q),
  order: (id: number) => api.get<{ order: Order; timeline: { at: string; action: string; toState: string | null }[] }>(`/api/portal/workorders/${id}`),
  submit: (b: IntakeBody, idempotencyKey: string) => api.post<{ order: Order }>('/api/portal/workorders', b, { 'Idempotency-Key': idempotencyKey }),
  /** A fault is placed on the network like a desk call (src/modules/outages/portal-fault-route.ts); a spot without a service point by the nearest transformer. */
  submitFault: (b: { servicePointId?: number; description: string; callerPhone?: string; location?: LocationInput }, idempotencyKey: string) =>
    api.post<{ order: Order }>('/api/portal/fault-orders', { ...b, channel: 'web' }, { 'Idempotency-Key': idempotencyKey }),
  rate: (id: number, score: number) => api.post<{ orderId: number; score: number }>(`/api/portal/workorders/${id}/rating`, { score }),
};
