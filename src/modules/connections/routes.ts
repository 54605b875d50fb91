import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import {
  AdvanceBody,
  AgreementBody,
  ApplicationCreateBody,
  ApplicationDetail,
  CapacityCheckBody,
  CapacityVerdict,
  Created,
  CustomerWaitBody,
  DocParams,
  DocumentCheckBody,
  DocumentSchema,
  DocumentUploadBody,
  MissingNotice,
  ReviewBoardPage,
  ReviewBoardQuery,
  PlanBody,
  PlanSchema,
  PolicyDoc,
  PolicyPutBody,
  PortalApplicationBody,
  PortalList,
  RegisterPage,
  InspectionListQuery,
  InspectionPage,
  InspectionPlanBody,
  InspectionPlanned,
  InspectionResultBody,
  InspectionSchema,
  RectifiedBody,
  RegisterQuery,
  ReviewBody,
  StageMoved,
  WaitState,
  WorkbenchPage,
  WorkbenchQuery,
  CancelBody,
  SlaVersionBody,
  ConnectionSlaPolicy,
  ClosureCancelBody,
  DisputeBody,
  PortalDisputeBody,
  DisputeSchema,
  DocumentFile,
  DOCUMENT_MIME_TYPES,
  ClosureCaseSchema,
  ClosureListQuery,
  ClosurePage,
  ClosureScanBody,
  ClosureScanResult,
  ContractOfferSchema,
  ContractSignBody,
  ContractView,
  ContractWithdrawBody,
} from './schemas.js';
import { PdfFile } from '../../platform/schema.js';
import { contractOf, offerContract, signContract, withdrawContract } from './contract-signing.js';
import { contractPdf } from './contract-pdf.js';
import { raiseDispute } from './disputes.js';
import { raisePortalDispute } from './portal-disputes.js';
import { IdempotencyHeaders } from '../workorders/index.js';
import { applyClosure, cancelClosure, listClosures, scanClosures, sendClosureNotice } from './closures.js';
import { cancelApplication } from './cancel.js';
import { listConnectionSlaPolicies, newConnectionSlaVersion } from './sla-admin.js';
import { createApplication, createPortalApplication } from './create-application.js';
import { listWorkbench } from './workbench.js';
import { applicationDetail } from './detail.js';
import { reviewBoard } from './review-board.js';
import { advanceStage } from './advance-stage.js';
import { recordCustomerWait } from './customer-wait.js';
import { checkDocument, documentContent, listDocuments, uploadDocument } from './documents.js';
import { sendMissingNotice } from './missing-notice.js';
import { recordPlan } from './supply-plan.js';
import { recordReview } from './reviews.js';
import { recordAgreement } from './agreements.js';
import { listRegister } from './register-large.js';
import { listInspections, planInspections, recordInspectionResult, recordRectified } from './inspections.js';
import { validateCapacityRequest } from './capacity.js';
import { readPolicy, savePolicy } from './policy-admin.js';
import { myApplications } from './portal.js';
import { fileStoreOf } from '../../platform/file-store/index.js';

const tags = ['connections'];
const Review = Type.Object({
  id: Type.Integer(),
  level: Type.String(),
  decision: Type.String(),
  participants: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  reviewerName: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});
const Agreement = Type.Object({ id: Type.Integer(), kind: Type.String(), refNo: Type.String(), signedOn: Type.String(), recordedAt: Type.String() });

export function registerConnectionRoutes(app: App, { db, config }: AppContext) {
  const store = fileStoreOf(config);
  app.post(
    '/api/connections',
    { config: { permission: 'connections.write' }, schema: { tags, body: ApplicationCreateBody, response: ok(Created, 201) } },
    async (req, reply) => reply.status(201).send(await createApplication(db, principal(req), req.body)),
  );
  app.get(
    '/api/connections',
    { config: { permission: 'connections.read' }, schema: { tags, querystring: WorkbenchQuery, response: ok(WorkbenchPage) } },
    async (req) => listWorkbench(db, principal(req), req.query),
  );
  app.get(
    '/api/connections/review-board',
    { config: { permission: 'connections.read' }, schema: { tags, querystring: ReviewBoardQuery, response: ok(ReviewBoardPage) } },
    async (req) => reviewBoard(db, principal(req), req.query),
  );
  app.get(
    '/api/connections/inspections',
    { config: { permission: 'connections.read' }, schema: { tags, querystring: InspectionListQuery, response: ok(InspectionPage) } },
    async (req) => listInspections(db, principal(req), req.query),
  );
  app.post(
    '/api/connections/inspections/plan',
    { config: { permission: 'connections.write' }, schema: { tags, body: InspectionPlanBody, response: ok(InspectionPlanned) } },
    async (req) => planInspections(db, principal(req), req.body),
  );
  app.post(
    '/api/connections/inspections/:id/result',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: InspectionResultBody, response: ok(InspectionSchema) } },
    async (req) => recordInspectionResult(db, principal(req), req.params.id, req.body),
  );
  app.post(
    '/api/connections/inspections/:id/rectified',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: RectifiedBody, response: ok(InspectionSchema) } },
    async (req) => recordRectified(db, principal(req), req.params.id, req.body),
  );
  // 销户 after six months without consumption
  app.get(
    '/api/connections/closures',
    { config: { permission: 'connections.read' }, schema: { tags, querystring: ClosureListQuery, response: ok(ClosurePage) } },
    async (req) => listClosures(db, principal(req), req.query),
  );
  app.post(
    '/api/connections/closures/scan',
    { config: { permission: 'connections.write' }, schema: { tags, body: ClosureScanBody, response: ok(ClosureScanResult) } },
    async (req) => scanClosures(db, principal(req), req.body),
  );
  app.post(
    '/api/connections/closures/:id/notice',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, response: ok(ClosureCaseSchema) } },
    async (req) => sendClosureNotice(db, principal(req), req.params.id),
  );
  app.post(
    '/api/connections/closures/:id/apply',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, response: ok(ClosureCaseSchema, 201) } },
    async (req, reply) => reply.status(201).send(await applyClosure(db, principal(req), req.params.id)),
  );
  app.post(
    '/api/connections/closures/:id/cancel',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: ClosureCancelBody, response: ok(ClosureCaseSchema) } },
    async (req) => cancelClosure(db, principal(req), req.params.id, req.body),
  );
  app.get(
    '/api/connections/large-customers',
    { config: { permission: 'connections.read' }, schema: { tags, querystring: RegisterQuery, response: ok(RegisterPage) } },
    async (req) => listRegister(db, principal(req), req.query),
  );
  app.post(
    '/api/connections/capacity-requests/validate',
    { config: { permission: 'connections.read' }, schema: { tags, body: CapacityCheckBody, response: ok(CapacityVerdict) } },
    async (req) => validateCapacityRequest(db, principal(req), req.body),
  );
  app.get('/api/connections/policy', { config: { permission: 'connections.read' }, schema: { tags, response: ok(PolicyDoc) } }, async () => readPolicy(db));
  app.put(
    '/api/connections/policy',
    { config: { permission: 'connections.admin' }, schema: { tags, body: PolicyPutBody, response: ok(PolicyDoc) } },
    async (req) => savePolicy(db, principal(req), req.body),
  );
  app.get(
    '/api/connections/sla-policies',
    { config: { permission: 'connections.read' }, schema: { tags, response: ok(Type.Array(ConnectionSlaPolicy)) } },
    async () => listConnectionSlaPolicies(db),
  );
  app.post(
    '/api/connections/sla-policies/:id/versions',
    { config: { permission: 'connections.admin' }, schema: { tags, params: IdParams, body: SlaVersionBody, response: ok(ConnectionSlaPolicy, 201) } },
    async (req, reply) => reply.status(201).send(await newConnectionSlaVersion(db, principal(req), req.params.id, req.body)),
  );
  app.post(
    '/api/connections/:id/cancel',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: CancelBody, response: ok(StageMoved) } },
    async (req) => cancelApplication(db, principal(req), req.params.id, req.body),
  );
  app.get(
    '/api/connections/:id',
    { config: { permission: 'connections.read' }, schema: { tags, params: IdParams, response: ok(ApplicationDetail) } },
    async (req) => applicationDetail(db, principal(req), req.params.id),
  );
  app.post(
    '/api/connections/:id/advance',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: AdvanceBody, response: ok(StageMoved) } },
    async (req) => advanceStage(db, principal(req), req.params.id, req.body),
  );
  app.post(
    '/api/connections/:id/customer-wait',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: CustomerWaitBody, response: ok(WaitState) } },
    async (req) => recordCustomerWait(db, principal(req), req.params.id, req.body),
  );
  app.get(
    '/api/connections/:id/documents',
    { config: { permission: 'connections.read' }, schema: { tags, params: IdParams, response: ok(Type.Array(DocumentSchema)) } },
    async (req) => listDocuments(db, principal(req), req.params.id),
  );
  app.post(
    '/api/connections/:id/documents',
    {
      config: { permission: 'connections.write' },
      bodyLimit: 16 * 1024 * 1024,
      schema: { tags, params: IdParams, body: DocumentUploadBody, response: ok(DocumentSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await uploadDocument(db, store, principal(req), req.params.id, req.body)),
  );
  app.get(
    '/api/connections/:id/documents/:docId/content',
    { config: { permission: 'connections.read' }, schema: { tags, params: DocParams, produces: DOCUMENT_MIME_TYPES, response: ok(DocumentFile) } },
    async (req, reply) => {
      const f = await documentContent(db, store, principal(req), req.params.id, req.params.docId);
      return reply.type(f.mime).header('content-disposition', f.disposition).header('x-content-type-options', 'nosniff').send(f.bytes);
    },
  );
  app.post(
    '/api/connections/:id/documents/:docId/check',
    { config: { permission: 'connections.write' }, schema: { tags, params: DocParams, body: DocumentCheckBody, response: ok(DocumentSchema) } },
    async (req) => checkDocument(db, principal(req), req.params.id, req.params.docId, req.body),
  );
  app.post(
    '/api/connections/:id/missing-notice',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, response: ok(MissingNotice) } },
    async (req) => sendMissingNotice(db, principal(req), req.params.id),
  );
  app.put(
    '/api/connections/:id/plan',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: PlanBody, response: ok(PlanSchema) } },
    async (req) => recordPlan(db, principal(req), req.params.id, req.body),
  );
  app.post(
    '/api/connections/:id/disputes',
    {
      config: { permission: 'connections.write' },
      schema: { tags, params: IdParams, headers: IdempotencyHeaders, body: DisputeBody, response: ok(DisputeSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await raiseDispute(db, principal(req), req.params.id, req.body, req.headers['idempotency-key'] ?? null)),
  );
  app.post(
    '/api/connections/:id/reviews',
    { config: { permission: 'connections.approve' }, schema: { tags, params: IdParams, body: ReviewBody, response: ok(Review, 201) } },
    async (req, reply) => reply.status(201).send(await recordReview(db, principal(req), req.params.id, req.body)),
  );
  app.post(
    '/api/connections/:id/agreements',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: AgreementBody, response: ok(Agreement, 201) } },
    async (req, reply) => reply.status(201).send(await recordAgreement(db, principal(req), req.params.id, req.body)),
  );

  // 网上签约: the supply contract offered for signing on the portal
  app.get(
    '/api/connections/:id/contract',
    { config: { permission: 'connections.read' }, schema: { tags, params: IdParams, response: ok(ContractView) } },
    async (req) => contractOf(db, principal(req), req.params.id),
  );
  app.post(
    '/api/connections/:id/contract/offer',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, response: ok(ContractOfferSchema, 201) } },
    async (req, reply) => reply.status(201).send(await offerContract(db, principal(req), req.params.id)),
  );
  app.post(
    '/api/connections/:id/contract/withdraw',
    { config: { permission: 'connections.write' }, schema: { tags, params: IdParams, body: ContractWithdrawBody, response: ok(ContractOfferSchema) } },
    async (req) => withdrawContract(db, principal(req), req.params.id, req.body),
  );
  app.get(
    '/api/connections/:id/contract.pdf',
    { config: { permission: 'connections.read' }, schema: { tags, params: IdParams, produces: ['application/pdf'], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await contractPdf(db, principal(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).send(file);
    },
  );

  // customer portal: apply, follow my applications, upload documents
  app.post(
    '/api/portal/connections',
    { config: { permission: 'portal.submit' }, schema: { tags: ['portal'], body: PortalApplicationBody, response: ok(Created, 201) } },
    async (req, reply) => reply.status(201).send(await createPortalApplication(db, principal(req), req.body)),
  );
  app.get('/api/portal/connections', { config: { permission: 'self.read' }, schema: { tags: ['portal'], response: ok(PortalList) } }, async (req) =>
    myApplications(db, principal(req)),
  );
  app.get(
    '/api/portal/connections/:id',
    { config: { permission: 'self.read' }, schema: { tags: ['portal'], params: IdParams, response: ok(ApplicationDetail) } },
    async (req) => applicationDetail(db, principal(req), req.params.id),
  );
  app.post(
    '/api/portal/connections/:id/disputes',
    {
      config: { permission: 'portal.submit' },
      schema: { tags: ['portal'], params: IdParams, headers: IdempotencyHeaders, body: PortalDisputeBody, response: ok(DisputeSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await raisePortalDispute(db, principal(req), req.params.id, req.body, req.headers['idempotency-key'] ?? null)),
  );
  app.get(
    '/api/portal/connections/:id/documents/:docId/content',
    { config: { permission: 'self.read' }, schema: { tags: ['portal'], params: DocParams, produces: DOCUMENT_MIME_TYPES, response: ok(DocumentFile) } },
    async (req, reply) => {
      const f = await documentContent(db, store, principal(req), req.params.id, req.params.docId);
      return reply.type(f.mime).header('content-disposition', f.disposition).header('x-content-type-options', 'nosniff').send(f.bytes);
    },
  );
  app.post(
    '/api/portal/connections/:id/documents',
    {
      config: { permission: 'portal.submit' },
      bodyLimit: 16 * 1024 * 1024,
      schema: { tags: ['portal'], params: IdParams, body: DocumentUploadBody, response: ok(DocumentSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await uploadDocument(db, store, principal(req), req.params.id, req.body)),
  );

  app.get(
    '/api/portal/connections/:id/contract',
    { config: { permission: 'self.read' }, schema: { tags: ['portal'], params: IdParams, response: ok(ContractView) } },
    async (req) => contractOf(db, principal(req), req.params.id),
  );
  app.get(
    '/api/portal/connections/:id/contract.pdf',
    { config: { permission: 'self.read' }, schema: { tags: ['portal'], params: IdParams, produces: ['application/pdf'], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await contractPdf(db, principal(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).send(file);
    },
  );
  app.post(
    '/api/portal/connections/:id/contract/sign',
    { config: { permission: 'portal.submit' }, schema: { tags: ['portal'], params: IdParams, body: ContractSignBody, response: ok(ContractOfferSchema) } },
    async (req) => signContract(db, principal(req), req.params.id, req.body),
  );
}
