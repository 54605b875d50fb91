/** Connection applications (业扩报装): the workbench, detail, actions per stage, documents, reviews, agreements, the large-customer register, the portal. */
import { call, http, type BodyOf, type QueryOf, type Reply } from './http';

export type AppList = Reply<'/api/connections', 'get'>;
export type AppSummary = AppList['items'][number];
export type LiveClock = NonNullable<AppSummary['clock']>;
export type MissingItem = AppSummary['missing'][number];
export type AppDetail = Reply<'/api/connections/{id}', 'get'>;
export type Reason = AppDetail['reviewReasons'][number];
export type Doc = AppDetail['documents'][number];
export type Span = AppDetail['stages'][number];
export type ClockResult = AppDetail['clocks'][number];
export type Plan = NonNullable<AppDetail['plan']>;
export type NewTransformer = NonNullable<Plan['newTransformer']>;
export type Fee = AppDetail['publishedFees'][number];
export type RegisterEntry = Reply<'/api/connections/large-customers', 'get'>['items'][number];
export type InspectionPage = Reply<'/api/connections/inspections', 'get'>;
export type Inspection = InspectionPage['items'][number];
export type InspectionResult = BodyOf<'/api/connections/inspections/{id}/result', 'post'>;
export type SlaPolicy = Reply<'/api/connections/sla-policies', 'get'>[number];
export type PortalApp = Reply<'/api/portal/connections', 'get'>['items'][number];
export type NewApplication = BodyOf<'/api/connections', 'post'>;
export type PortalApplication = BodyOf<'/api/portal/connections', 'post'>;
export type PlanBody = BodyOf<'/api/connections/{id}/plan', 'put'>;
export type ReviewBody = BodyOf<'/api/connections/{id}/reviews', 'post'>;
export type AgreementBody = BodyOf<'/api/connections/{id}/agreements', 'post'>;
export type AdvanceBody = BodyOf<'/api/connections/{id}/advance', 'post'>;
export type WaitReason = NonNullable<BodyOf<'/api/connections/{id}/customer-wait', 'post'>['reason']>;
export type UploadBody = BodyOf<'/api/connections/{id}/documents', 'post'>;
export type ClosurePage = Reply<'/api/connections/closures', 'get'>;
export type ClosureCase = ClosurePage['items'][number];
export type ClosureStatus = ClosureCase['status'];
export type Dispute = AppDetail['disputes'][number];
export type DisputeBody = BodyOf<'/api/connections/{id}/disputes', 'post'>;
export type PortalDisputeBody = BodyOf<'/api/portal/connections/{id}/disputes', 'post'>;
export type ContractView = Reply<'/api/connections/{id}/contract', 'get'>;
export type ContractOffer = ContractView['offers'][number];
export type ReviewBoard = Reply<'/api/connections/review-board', 'get'>;
export type ReviewBoardItem = ReviewBoard['items'][number];
export type ReviewAwaiting = NonNullable<QueryOf<'/api/connections/review-board', 'get'>['awaiting']>;
const path = (id: number) => ({ params: { path: { id } } });

/** A document's download address (the browser sends the session cookie; the server sets type and file name). */
export function documentUrl(id: number, docId: number, portal = false): string {
  return `${portal ? '/api/portal/connections' : '/api/connections'}/${id}/documents/${docId}/content`;
}

export const connections = {
  list: (query: QueryOf<'/api/connections', 'get'>) => call(http.GET('/api/connections', { params: { query } })),
  detail: (id: number) => call(http.GET('/api/connections/{id}', path(id))),
  create: (body: NewApplication) => call(http.POST('/api/connections', { body })),
  advance: (id: number, to: AdvanceBody['to'], extra: Omit<AdvanceBody, 'to'> = {}) =>
    call(http.POST('/api/connections/{id}/advance', { ...path(id), body: { to, ...extra } })),
  wait: (id: number, action: 'start' | 'end', reason?: BodyOf<'/api/connections/{id}/customer-wait', 'post'>['reason']) =>
    call(http.POST('/api/connections/{id}/customer-wait', { ...path(id), body: { action, reason } })),
  upload: (id: number, body: UploadBody, portal = false) =>
    portal
      ? call(http.POST('/api/portal/connections/{id}/documents', { ...path(id), body }))
      : call(http.POST('/api/connections/{id}/documents', { ...path(id), body })),
  check: (id: number, docId: number) => call(http.POST('/api/connections/{id}/documents/{docId}/check', { params: { path: { id, docId } }, body: {} })),
  missingNotice: (id: number) => call(http.POST('/api/connections/{id}/missing-notice', path(id))),
  plan: (id: number, body: PlanBody) => call(http.PUT('/api/connections/{id}/plan', { ...path(id), body })),
  reviewBoard: (awaiting: ReviewAwaiting) => call(http.GET('/api/connections/review-board', { params: { query: { awaiting } } })),
  review: (id: number, body: ReviewBody) => call(http.POST('/api/connections/{id}/reviews', { ...path(id), body })),
  agreement: (id: number, body: AgreementBody) => call(http.POST('/api/connections/{id}/agreements', { ...path(id), body })),
  cancel: (id: number, reason: string) => call(http.POST('/api/connections/{id}/cancel', { ...path(id), body: { reason } })),
  slaPolicies: () => call(http.GET('/api/connections/sla-policies')),
  slaVersion: (id: number, body: BodyOf<'/api/connections/sla-policies/{id}/versions', 'post'>) =>
    call(http.POST('/api/connections/sla-policies/{id}/versions', { ...path(id), body })),
  policy: () => call(http.GET('/api/connections/policy')),
  register: (query: QueryOf<'/api/connections/large-customers', 'get'>) => call(http.GET('/api/connections/large-customers', { params: { query } })),
  inspections: (query: QueryOf<'/api/connections/inspections', 'get'>) => call(http.GET('/api/connections/inspections', { params: { query } })),
  planInspections: (year: number) => call(http.POST('/api/connections/inspections/plan', { body: { year } })),
  inspectionResult: (id: number, body: InspectionResult) => call(http.POST('/api/connections/inspections/{id}/result', { ...path(id), body })),
  inspectionRectified: (id: number, rectifiedOn: string) =>
    call(http.POST('/api/connections/inspections/{id}/rectified', { ...path(id), body: { rectifiedOn } })),
  portalList: () => call(http.GET('/api/portal/connections')),
  closures: (query: QueryOf<'/api/connections/closures', 'get'>) => call(http.GET('/api/connections/closures', { params: { query } })),
  closureScan: (asOf?: string) => call(http.POST('/api/connections/closures/scan', { body: asOf ? { asOf } : {} })),
  closureNotice: (id: number) => call(http.POST('/api/connections/closures/{id}/notice', path(id))),
  closureApply: (id: number) => call(http.POST('/api/connections/closures/{id}/apply', path(id))),
  closureCancel: (id: number, reason: string) => call(http.POST('/api/connections/closures/{id}/cancel', { ...path(id), body: { reason } })),
  dispute: (id: number, body: DisputeBody) => call(http.POST('/api/connections/{id}/disputes', { ...path(id), body })),
  portalDispute: (id: number, body: PortalDisputeBody, idempotencyKey: string) =>
    call(http.POST('/api/portal/connections/{id}/disputes', { ...path(id), body, headers: { 'Idempotency-Key': idempotencyKey } })),
  portalDetail: (id: number) => call(http.GET('/api/portal/connections/{id}', path(id))),
  portalCreate: (body: PortalApplication) => call(http.POST('/api/portal/connections', { body })),
  contract: (id: number, portal = false) =>
    portal ? call(http.GET('/api/portal/connections/{id}/contract', path(id))) : call(http.GET('/api/connections/{id}/contract', path(id))),
  contractOffer: (id: number) => call(http.POST('/api/connections/{id}/contract/offer', path(id))),
  contractWithdraw: (id: number, reason: string) => call(http.POST('/api/connections/{id}/contract/withdraw', { ...path(id), body: { reason } })),
  contractSign: (id: number, body: BodyOf<'/api/portal/connections/{id}/contract/sign', 'post'>) =>
    call(http.POST('/api/portal/connections/{id}/contract/sign', { ...path(id), body })),
};

/** The contract's PDF address (the browser sends the session cookie). */
export function contractPdfUrl(id: number, portal = false): string {
  return `${portal ? '/api/portal/connections' : '/api/connections'}/${id}/contract.pdf`;
}

/** A File as base64 (without the data: prefix). */
export function fileToBase64(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });
}
