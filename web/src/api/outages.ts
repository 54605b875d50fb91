/** Outage API (src/modules/outages/routes.ts): shapes and calls. */
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
