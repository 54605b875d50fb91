/** Connection applications (业扩报装): the workbench, detail, actions per stage, documents, reviews, agreements, the large-customer register, the portal. */
import { api, type Query } from './client';

export interface LiveClock { name: string; dueAt: string | null; remainingMs: number | null; state: string; paused: boolean; overdue: boolean; customerMs: number }
export interface MissingItem { kind: string; problem: string; zh: string; en: string }
export interface AppSummary {
  id: number; appNo: string; kind: string; customerClass: string; channel: string; stage: string; status: string; stageOwner: string;
  customerWait: boolean; waitReason: string | null; applicantName: string; address: string; requestedKva: number; orgUnitId: number; policySet: string;
  receivedAt: string; clock: LiveClock | null; missing: MissingItem[];
}
export interface Reason { code: string; zh: string; en: string }
export interface Doc { id: number; kind: string; filename: string; mime: string; sizeBytes: number; sha256: string; validUntil: string | null; uploadedAt: string; checkedBy: string | null; checkedAt: string | null }
export interface Span { stage: string; enteredAt: string; leftAt: string | null; workingDays: number; customerMs: number }
export interface ClockResult { name: string; basis: string; dueAt: string | null; pausedMs: number; state: string; startedAt: string | null; stoppedAt: string | null; remainingMs: number | null; usedFraction: number }
export interface Plan {
  transformerId: number | null; supplyMode: string; newTransformer: NewTransformer | null; warnings: { check: string; zh: string; en: string }[];
  overrides: { check: string; reason: string; by: string }[]; unresolved: { check: string; zh: string; en: string }[]; loadCurrentA: number | null; dedicatedLineEligible: boolean | null;
}
export interface NewTransformer { kva: number; voltageKv: number; type: 'dry' | 'oil'; indoor: boolean; hvRoom: boolean; hvMetering: boolean; ctPrimaryA: number }
export interface Fee { code: string; nameZh: string; nameEn: string; amountFen: number; unit: string; source: string }
export interface AppDetail {
  application: AppSummary & {
    applicantPhone: string; voltageKv: number; existingKva: number; longTermKva: number | null; annualKwh: number; legalEntity: boolean; industry: string; highEnergy: boolean;
    important: boolean; highRisk: boolean; ownGeneration: boolean; dedicatedLine: boolean; customerId: number | null; servicePointId: number | null;
    details: Record<string, unknown>; customerChoices: Record<string, string>; fees: { code: string; quantity: number; amountFen: number }[]; missingNoticeAt: string | null; powerOnAt: string | null;
  };
  flow: string[]; nextStage: string | null; stages: Span[]; clocks: ClockResult[];
  events: { id: number; at: string; action: string; state: string; stage: string; actorName: string | null; note: string | null }[];
  requiredDocuments: string[]; documents: Doc[]; reviewReasons: Reason[];
  reviews: { id: number; level: string; decision: string; participants: string; note: string | null; reviewerName: string | null; at: string }[];
  requiredAgreements: string[]; agreements: { id: number; kind: string; refNo: string; signedOn: string; recordedAt: string }[];
  plan: Plan | null; large: { large: boolean; contractedKva: number; reasons: Reason[]; powerFactor: number | null }; publishedFees: Fee[];
}
export interface RegisterEntry { applicationId: number; customerId: number | null; name: string; contractedKva: number; annualKwh: number; large: boolean; reasons: Reason[]; powerFactor: number | null; computedAt: string }
export interface SlaPolicy { id: number; code: string; policySet: string; version: number; customerClass: string | null; validFrom: string; validTo: string | null; clocks: { name: string; workingDays: number | null }[]; title: string | null; source: string | null }
export interface PortalApp { id: number; appNo: string; kind: string; stage: string; status: string; receivedAt: string; customerWait: boolean; missing: MissingItem[]; stages: Span[]; flow: string[] }

export const connections = {
  list: (q: Query) => api.get<{ items: AppSummary[]; total: number; overdue: number; customerWait: number }>('/api/connections', q),
  detail: (id: number) => api.get<AppDetail>(`/api/connections/${id}`),
  create: (body: unknown) => api.post<{ id: number; appNo: string }>('/api/connections', body),
  advance: (id: number, to: string, extra: Record<string, unknown> = {}) => api.post(`/api/connections/${id}/advance`, { to, ...extra }),
  wait: (id: number, action: 'start' | 'end', reason?: string) => api.post(`/api/connections/${id}/customer-wait`, { action, reason }),
  upload: (id: number, body: { kind: string; filename: string; contentBase64: string; validUntil?: string }, portal = false) => api.post<Doc>(`/api/${portal ? 'portal/' : ''}connections/${id}/documents`, body),
  check: (id: number, docId: number) => api.post<Doc>(`/api/connections/${id}/documents/${docId}/check`, {}),
  missingNotice: (id: number) => api.post<{ items: MissingItem[] }>(`/api/connections/${id}/missing-notice`),
  plan: (id: number, body: unknown) => api.put<Plan>(`/api/connections/${id}/plan`, body),
  review: (id: number, body: unknown) => api.post(`/api/connections/${id}/reviews`, body),
  agreement: (id: number, body: unknown) => api.post(`/api/connections/${id}/agreements`, body),
  cancel: (id: number, reason: string) => api.post(`/api/connections/${id}/cancel`, { reason }),
  slaPolicies: () => api.get<SlaPolicy[]>('/api/connections/sla-policies'),
  slaVersion: (id: number, body: { workingDays: Record<string, number>; source?: string }) => api.post<SlaPolicy>(`/api/connections/sla-policies/${id}/versions`, body),
  policy: () => api.get<{ version: number; data: Record<string, unknown>; createdAt: string }>('/api/connections/policy'),
  register: (q: Query) => api.get<{ items: RegisterEntry[]; total: number }>('/api/connections/large-customers', q),
  portalList: () => api.get<{ items: PortalApp[] }>('/api/portal/connections'),
  portalDetail: (id: number) => api.get<AppDetail>(`/api/portal/connections/${id}`),
  portalCreate: (body: unknown) => api.post<{ id: number; appNo: string }>('/api/portal/connections', body),
};

/** A File as base64 (without the data: prefix). */
export function fileToBase64(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });
}
