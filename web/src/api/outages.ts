/** Outage API (src/modules/outages: the shapes are declared in schemas.ts): shapes and calls. */
import { api, type Query } from './client';

export interface OutageItem {
  id: number;
  outageNo: string;
  kind: string;
  status: string;
  device: { id: number; kind: string; code: string; name: string; lon: number | null; lat: number | null };
  orgUnitId: number;
  areaType: string;
  pinned: boolean;
  crew: { id: number; name: string } | null;
  etr: string | null;
  startedAt: string;
  confirmedAt: string | null;
  arrivedAt: string | null;
  restoredAt: string | null;
  affectedCustomers: number;
  callCount: number;
  repeatFault: boolean;
  /** The crew's acknowledgement while crew_assigned: awaiting or accepted (null otherwise). */
  acceptance: 'awaiting' | 'accepted' | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  acceptDueAt: string | null;
  acceptOverdue: boolean;
  acceptanceWarnedAt: string | null;
  /** The last assigned crew declined and no crew is assigned yet. */
  declined: boolean;
  lastDecline: OutageDecline | null;
}

export interface OutageDecline {
  crewId: number;
  crewName: string;
  by: string;
  at: string;
  reason: string;
}

export interface OutageDetail extends OutageItem {
  causeClass: string | null;
  causeNote: string | null;
  customerSide: boolean | null;
  mergedIntoId: number | null;
  splitFromId: number | null;
  assignedAt: string | null;
  enRouteAt: string | null;
  restorationConfirmedAt: string | null;
  restorationSource: string | null;
  closedAt: string | null;
  qualityIssues: unknown[];
  partialRestorations: { deviceId: number; restoredAt: string }[];
  customers: { total: number; stillOut: number; important: number; customerMinutes: number };
  calls: { id: number; servicePointId: number | null; transformerId: number | null; orderId: number | null; receivedAt: string; status: string }[];
  declines: OutageDecline[];
  timeline: { at: string; action: string; fromStatus: string | null; toStatus: string | null; actor: string | null; data: unknown }[];
}

export interface CallAnswer {
  callId: number;
  status: string;
  receivedAt: string;
  outage: { id: number; outageNo: string; status: string; etr: string | null; deviceId: number; affectedCustomers: number } | null;
  planned: { id: number; planNo: string; startsAt: string; endsAt: string; reason: string } | null;
}

export interface PublicOutages {
  current: { outageNo: string; status: string; area: string; org: string; lon: number | null; lat: number | null; startedAt: string; etr: string | null; affectedCustomers: number }[];
  planned: { planNo: string; kind: string; status: string; area: string; org: string; startsAt: string; endsAt: string; reason: string; affectedCustomers: number }[];
}

/** One outage touching a caller's service point (src/modules/outages/portal/outages-at.ts). */
export interface OutageAt {
  servicePointId: number;
  outageId: number | null;
  outageNo: string | null;
  plannedId: number | null;
  planNo: string | null;
  kind: 'fault' | 'planned';
  status: string;
  since: string | null;
  etr: string | null;
  startsAt: string | null;
  endsAt: string | null;
  reason: string | null;
}

/** GET /api/cti/lookup: customers with the caller's number (names and phones masked), their open orders, outages at their service points. */
export interface CtiLookup {
  phone: string;
  customers: { id: number; name: string; phone: string | null; orgUnitId: number; servicePoints: { id: number; address: string; customerClass: string; important: boolean; transformerId: number | null }[] }[];
  openOrders: { id: number; orderNo: string; orderType: string; subtype: string | null; status: string; receivedAt: string; nextDueAt: string | null; slaState: string }[];
  outages: OutageAt[];
}

export const cti = {
  lookup: (phone: string) => api.get<CtiLookup>('/api/cti/lookup', { phone }),
};

export const outages = {
  list: (q: Query) => api.get<OutageItem[]>('/api/outages', q),
  detail: (id: number) => api.get<OutageDetail>(`/api/outages/${id}`),
  act: (id: number, action: string, body: Record<string, unknown> = {}) => api.post<OutageDetail>(`/api/outages/${id}/${action}`, body),
  move: (id: number, deviceId: number) => api.post(`/api/outages/${id}/move`, { deviceId }),
  split: (id: number, deviceIds: number[]) => api.post(`/api/outages/${id}/split`, { deviceIds }),
  merge: (outageIds: number[], deviceId?: number) => api.post('/api/outages/merge', { outageIds, ...(deviceId ? { deviceId } : {}) }),
  call: (b: { servicePointId?: number; transformerId?: number; orderId?: number; note?: string }) => api.post<CallAnswer>('/api/outages/calls', b),
  unplaced: (q: Query) => api.get<{ id: number; servicePointId: number | null; orderId: number | null; receivedAt: string; note: string | null; address: string | null }[]>('/api/outages/calls/unplaced', q),
  public: () => api.get<PublicOutages>('/api/public/outages'),
};

export interface Crew {
  id: number;
  name: string;
  orgUnitId: number;
  orgName: string;
  skills: string[];
  status: 'available' | 'busy' | 'off_duty';
  phone: string | null;
  position: { lon: number; lat: number; at: string | null } | null;
  members: { id: number; name: string }[];
  shifts: { start: string; end: string }[];
  outage: { id: number; outageNo: string; status: string; acceptance: 'awaiting' | 'accepted' | null; assignedAt: string | null } | null;
  /** The latest still-open job this crew declined. */
  declined: { outageId: number; outageNo: string; at: string; reason: string } | null;
}

export interface Plan {
  id: number;
  planNo: string;
  kind: 'planned' | 'temporary_maintenance';
  status: 'pending_approval' | 'approved' | 'in_progress' | 'completed' | 'cancelled';
  startsAt: string;
  endsAt: string;
  reason: string;
  orgUnitId: number;
  needsApproval: boolean;
  noticeShortfalls: unknown;
  approvedAt: string | null;
  outageId: number | null;
  affectedCustomers: number;
}

export interface PlanDetail extends Plan {
  devices: { id: number; kind: string; code: string; name: string }[];
  customers: { total: number; important: number; notified: number };
}

export interface Indices {
  customersServed: number;
  hours: number;
  customerInterruptions: number;
  customerMinutes: number;
  momentaryInterruptions: number;
  saifi: number;
  saidiMinutes: number;
  caidiMinutes: number | null;
  asai: number;
  maifi: number;
  aihc1Hours: number;
  rs1Percent: number;
  rs2Percent: number;
  rs3Percent: number;
}

export interface Reliability {
  scope: { feederId?: number; orgUnitId?: number };
  from: string;
  to: string;
  policy: { momentaryMaxMinutes: number; medK: number; medStdDev: string; medHistoryYears: number };
  all: Indices;
  normal: Indices;
  majorEvents: Indices;
  med: { alpha: number; beta: number; tMedMinutes: number | null; daysUsed: number; days: string[] };
  daily: { day: string; saifi: number; saidiMinutes: number; maifi: number; majorEvent: boolean }[];
}

export const crews = {
  list: () => api.get<Crew[]>('/api/crews'),
  create: (b: { name: string; orgUnitId: number; skills: string[]; phone?: string }) => api.post<{ id: number }>('/api/crews', b),
  update: (id: number, b: Partial<Pick<Crew, 'name' | 'skills' | 'status' | 'phone'>>) => api.patch<{ id: number }>(`/api/crews/${id}`, b),
  shift: (id: number, startsAt: string, endsAt: string) => api.post<{ id: number }>(`/api/crews/${id}/shifts`, { startsAt, endsAt }),
  position: (id: number, lon: number, lat: number) => api.post<{ accepted: boolean }>(`/api/crews/${id}/position`, { lon, lat }),
};

export const planned = {
  list: (q: Query) => api.get<Plan[]>('/api/planned-outages', q),
  detail: (id: number) => api.get<PlanDetail>(`/api/planned-outages/${id}`),
  create: (b: { kind: string; startsAt: string; endsAt: string; reason: string; deviceIds: number[] }) => api.post<Plan>('/api/planned-outages', b),
  step: (id: number, step: 'approve' | 'start' | 'complete' | 'cancel') => api.post<Plan>(`/api/planned-outages/${id}/${step}`, {}),
};

export const reliability = {
  get: (q: { from: string; to: string; orgUnitId?: number; feederId?: number }) => api.get<Reliability>('/api/reliability', q),
};

export interface DispatchSuggestions {
  requiredSkills: string[];
  ranked: { crewId: number; name: string; km: number; minutes: number; declined?: boolean }[];
  excluded: { crewId: number; name: string; reason: 'busy' | 'off_duty' | 'off_shift' | 'missing_skill' | 'no_position' | 'stale_position'; detail?: string }[];
}

export interface FaultOrderBody {
  channel: string;
  servicePointId?: number;
  customerId?: number;
  receivedAt?: string;
  urgency?: string;
  callerPhone?: string;
  callerName?: string;
  address?: string;
  title?: string;
  description: string;
  location?: import('./workorders').LocationInput;
}

export const dispatch = {
  suggestions: (outageId: number) => api.get<DispatchSuggestions>(`/api/outages/${outageId}/dispatch-suggestions`),
  /** A fault-repair order taken at the desk, placed on the network as a trouble call in the same request. */
  faultOrder: (b: FaultOrderBody, idempotencyKey: string) =>
    api.post<{ replayed: boolean; order: import('./workorders').Order; duplicates: import('./workorders').OrderRef[]; call: CallAnswer | null }>('/api/outages/fault-orders', b, { 'Idempotency-Key': idempotencyKey }),
};
