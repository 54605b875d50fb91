/** Meter reading, bill run and bill routes (docs/billing.md, API). Thin: schema → one use case → reply. */
import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok, oks } from '../../http/schemas.js';
import {
  AcceptBody,
  AccountParams,
  AccountStatementSchema,
  BillPage,
  BillRunSchema,
  BillSchema,
  BillSummarySchema,
  DisputeBody,
  ExceptionQuery,
  ImportBody,
  ImportProgressSchema,
  UploadParams,
  ImportResultSchema,
  ManualReadingBody,
  ReadingRouteBody,
  ReadingRouteSchema,
  ReadingSheetSchema,
  PageQuery,
  PdfFile,
  XlsxFile,
  ReadingExceptionSchema,
  ReadingSchema,
  RebillBody,
  RebillResultSchema,
  RunExceptionSchema,
  RunListQuery,
  RunStartBody,
  BillingSettingsBody,
  BillingSettingsSchema,
  BillPaySchema,
  PortalUsageSchema,
  WhatIfQuery,
  WhatIfSchema,
  RunSkipSchema,
  SplitAgreementBody,
  SplitSettlementSchema,
  InterimReadsQuery,
  InterimReadsSchema,
  InterimIssueBody,
  InterimIssuedSchema,
  DueInterimsBody,
  DueInterimsSchema,
  AccountBillingParamsSchema,
  BillingParamsBody,
  CapacityEventBody,
} from './schemas.js';
import { addCapacityEvent, getBillingParams, setBillingParams } from './billing-params.js';
import { getSplitSettlement, issueDueInterimBills, issueInterimBill, setSplitAgreement } from './split-settlement.js';
import { listInterimReads } from './split-reading.js';
import { acceptReadingException, disputeReading, enterReading, importProgress, importUpload, listReadingExceptions, listReadings } from './readings.js';
import { createReadingRoute, listReadingRoutes, readingSheet } from './reading-books.js';
import {
  accountStatement,
  getBill,
  getRun,
  listRunBills,
  listRunExceptions,
  listRunSkips,
  listRuns,
  myBills,
  rebill,
  releaseRun,
  retryRunExceptions,
  reviewRun,
  startRun,
} from './billruns.js';
import { billPay, billPdf, runPrintFile } from './bill-pdf.js';
import { portalUsage, portalWhatIf } from './portal-usage.js';
import { getBillingSettings, updateBillingSettings } from './billing-settings.js';
import { runWorkbook } from './run-export.js';

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerBillRunRoutes(app: App, { db }: AppContext) {
  const tags = ['billing'];
  app.post(
    '/api/billing/readings/import',
    { bodyLimit: 12 * 1024 * 1024, config: { permission: 'billing.write' }, schema: { tags, body: ImportBody, response: ok(ImportResultSchema, 201) } },
    async (req, reply) => reply.status(201).send(await importUpload(db, principal(req), req.body)),
  );
  app.get(
    '/api/billing/readings/import-progress/:uploadId',
    { config: { permission: 'billing.write' }, schema: { tags, params: UploadParams, response: ok(ImportProgressSchema) } },
    async (req) => importProgress(db, req.params.uploadId),
  );
  app.post(
    '/api/billing/readings',
    { config: { permission: 'billing.write' }, schema: { tags, body: ManualReadingBody, response: ok(ImportResultSchema, 201) } },
    async (req, reply) => reply.status(201).send(await enterReading(db, principal(req), req.body)),
  );
  app.get(
    '/api/billing/accounts/:accountId/readings',
    { config: { permission: 'billing.read' }, schema: { tags, params: AccountParams, response: ok(Type.Array(ReadingSchema)) } },
    async (req) => listReadings(db, principal(req), req.params.accountId),
  );
  app.get(
    '/api/billing/reading-exceptions',
    { config: { permission: 'billing.read' }, schema: { tags, querystring: ExceptionQuery, response: ok(Type.Array(ReadingExceptionSchema)) } },
    async (req) => listReadingExceptions(db, principal(req), req.query),
  );
  app.post(
    '/api/billing/reading-exceptions/:id/accept',
    { config: { permission: 'billing.write' }, schema: { tags, params: IdParams, body: AcceptBody, response: ok(ReadingExceptionSchema) } },
    async (req) => acceptReadingException(db, principal(req), req.params.id, req.body.note),
  );
  app.post(
    '/api/billing/reading-exceptions/:id/dispute',
    { config: { permission: 'billing.write' }, schema: { tags, params: IdParams, body: DisputeBody, response: ok(ReadingExceptionSchema) } },
    async (req) => disputeReading(db, principal(req), req.params.id, req.body.description),
  );
  app.get(
    '/api/billing/reading-routes',
    { config: { permission: 'billing.read' }, schema: { tags, response: ok(Type.Array(ReadingRouteSchema)) } },
    async (req) => listReadingRoutes(db, principal(req)),
  );
  app.post(
    '/api/billing/reading-routes',
    { config: { permission: 'billing.write' }, schema: { tags, body: ReadingRouteBody, response: ok(ReadingRouteSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createReadingRoute(db, principal(req), req.body)),
  );
  app.get(
    '/api/billing/reading-routes/:id/sheet',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, response: ok(ReadingSheetSchema) } },
    async (req) => readingSheet(db, principal(req), req.params.id),
  );

  app.post(
    '/api/billing/runs',
    { config: { permission: 'billing.write' }, schema: { tags, body: RunStartBody, response: ok(BillRunSchema, 201) } },
    async (req, reply) => reply.status(201).send(await startRun(db, principal(req), req.body)),
  );
  app.get(
    '/api/billing/runs',
    { config: { permission: 'billing.read' }, schema: { tags, querystring: RunListQuery, response: ok(Type.Array(BillRunSchema)) } },
    async (req) => listRuns(db, principal(req), req.query.cycle),
  );
  app.get('/api/billing/runs/:id', { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, response: ok(BillRunSchema) } }, async (req) =>
    getRun(db, principal(req), req.params.id),
  );
  app.get(
    '/api/billing/runs/:id/exceptions',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, response: ok(Type.Array(RunExceptionSchema)) } },
    async (req) => listRunExceptions(db, principal(req), req.params.id),
  );
  // the accounts a run left out on purpose (prepaid, §20)
  app.get(
    '/api/billing/runs/:id/skips',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, response: ok(Type.Array(RunSkipSchema)) } },
    async (req) => listRunSkips(db, principal(req), req.params.id),
  );
  // billing parameters (计费参数, §21): versions by validity, and pauses / reductions a run applies
  app.get(
    '/api/billing/accounts/:accountId/parameters',
    { config: { permission: 'billing.read' }, schema: { tags, params: AccountParams, response: ok(AccountBillingParamsSchema) } },
    async (req) => getBillingParams(db, principal(req), req.params.accountId),
  );
  app.put(
    '/api/billing/accounts/:accountId/parameters',
    { config: { permission: 'billing.write' }, schema: { tags, params: AccountParams, body: BillingParamsBody, response: ok(AccountBillingParamsSchema) } },
    async (req) => setBillingParams(db, principal(req), req.params.accountId, req.body),
  );
  app.post(
    '/api/billing/accounts/:accountId/capacity-events',
    {
      config: { permission: 'billing.write' },
      schema: { tags, params: AccountParams, body: CapacityEventBody, response: ok(AccountBillingParamsSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await addCapacityEvent(db, principal(req), req.params.accountId, req.body)),
  );
  // split settlement (分次结算, §19): the account's agreement and its interim bills
  app.get(
    '/api/billing/accounts/:accountId/split-settlement',
    { config: { permission: 'billing.read' }, schema: { tags, params: AccountParams, response: ok(SplitSettlementSchema) } },
    async (req) => getSplitSettlement(db, principal(req), req.params.accountId),
  );
  app.put(
    '/api/billing/accounts/:accountId/split-settlement',
    { config: { permission: 'billing.write' }, schema: { tags, params: AccountParams, body: SplitAgreementBody, response: ok(SplitSettlementSchema) } },
    async (req) => setSplitAgreement(db, principal(req), req.params.accountId, req.body),
  );
  app.post(
    '/api/billing/accounts/:accountId/interim-bills',
    {
      config: { permission: 'billing.write' },
      schema: { tags, params: AccountParams, body: InterimIssueBody, response: oks({ 200: InterimIssuedSchema, 201: InterimIssuedSchema }) },
    },
    async (req, reply) => {
      const r = await issueInterimBill(db, principal(req), req.params.accountId, req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  // split reading (分次抄表, §22): the schedule's reading days of a cycle with their readings and interim bills
  app.get(
    '/api/billing/accounts/:accountId/interim-reads',
    { config: { permission: 'billing.read' }, schema: { tags, params: AccountParams, querystring: InterimReadsQuery, response: ok(InterimReadsSchema) } },
    async (req) => listInterimReads(db, principal(req), req.params.accountId, req.query.cycle),
  );
  app.post(
    '/api/billing/interim-bills/issue-due',
    { config: { permission: 'billing.write' }, schema: { tags, body: DueInterimsBody, response: ok(DueInterimsSchema) } },
    async (req) => issueDueInterimBills(db, principal(req), req.body.on),
  );
  app.get(
    '/api/billing/runs/:id/bills',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, querystring: PageQuery, response: ok(BillPage) } },
    async (req) => listRunBills(db, principal(req), req.params.id, req.query.limit ?? 50, req.query.offset ?? 0),
  );
  app.post(
    '/api/billing/runs/:id/retry',
    { config: { permission: 'billing.write' }, schema: { tags, params: IdParams, response: ok(BillRunSchema) } },
    async (req) => retryRunExceptions(db, principal(req), req.params.id),
  );
  app.post(
    '/api/billing/runs/:id/review',
    { config: { permission: 'billing.approve' }, schema: { tags, params: IdParams, response: ok(BillRunSchema) } },
    async (req) => reviewRun(db, principal(req), req.params.id),
  );
  app.post(
    '/api/billing/runs/:id/release',
    { config: { permission: 'billing.approve' }, schema: { tags, params: IdParams, response: ok(BillRunSchema) } },
    async (req) => releaseRun(db, principal(req), req.params.id),
  );

  app.get('/api/billing/bills/:id', { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, response: ok(BillSchema) } }, async (req) =>
    getBill(db, principal(req), req.params.id),
  );
  app.get(
    '/api/billing/bills/:id/pdf',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, produces: [PDF], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await billPdf(db, principal(req), req.params.id);
      return reply.type(PDF).header('content-disposition', `inline; filename="${name}"`).send(file);
    },
  );
  app.get(
    '/api/billing/runs/:id/print.pdf',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, produces: [PDF], response: ok(PdfFile) } },
    async (req, reply) => {
      const { stream, name } = await runPrintFile(db, principal(req), req.params.id);
      return reply.type(PDF).header('content-disposition', `attachment; filename="${name}"`).send(stream);
    },
  );
  app.get(
    '/api/billing/runs/:id/bills.xlsx',
    { config: { permission: 'billing.read' }, schema: { tags, params: IdParams, produces: [XLSX], response: ok(XlsxFile) } },
    async (req, reply) => {
      const { stream, name } = await runWorkbook(db, principal(req), req.params.id);
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(stream);
    },
  );
  app.post(
    '/api/billing/bills/:id/rebill',
    { config: { permission: 'billing.write' }, schema: { tags, params: IdParams, body: RebillBody, response: ok(RebillResultSchema, 201) } },
    async (req, reply) => reply.status(201).send(await rebill(db, principal(req), req.params.id, req.body.reason)),
  );
  app.get('/api/billing/settings', { config: { permission: 'billing.read' }, schema: { tags, response: ok(BillingSettingsSchema) } }, async () =>
    getBillingSettings(db),
  );
  app.put(
    '/api/billing/settings',
    { config: { permission: 'tariffs.admin' }, schema: { tags, body: BillingSettingsBody, response: ok(BillingSettingsSchema) } },
    async (req) => updateBillingSettings(db, principal(req), req.body),
  );
  app.get(
    '/api/billing/accounts/:accountId/statement',
    { config: { permission: 'billing.read' }, schema: { tags, params: AccountParams, response: ok(AccountStatementSchema) } },
    async (req) => accountStatement(db, principal(req), req.params.accountId),
  );
}

/** The customer portal: my bills and one bill with its lines. */
export function registerPortalBillRoutes(app: App, { db }: AppContext) {
  const tags = ['portal'];
  app.get('/api/portal/bills', { config: { permission: 'self.read' }, schema: { tags, response: ok(Type.Array(BillSummarySchema)) } }, async (req) =>
    myBills(db, principal(req)),
  );
  app.get('/api/portal/bills/:id', { config: { permission: 'self.read' }, schema: { tags, params: IdParams, response: ok(BillSchema) } }, async (req) =>
    getBill(db, principal(req), req.params.id),
  );
  app.get(
    '/api/portal/bills/:id/pdf',
    { config: { permission: 'self.read' }, schema: { tags, params: IdParams, produces: [PDF], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await billPdf(db, principal(req), req.params.id);
      return reply.type(PDF).header('content-disposition', `inline; filename="${name}"`).send(file);
    },
  );
  app.get('/api/portal/bills/:id/pay', { config: { permission: 'self.read' }, schema: { tags, params: IdParams, response: ok(BillPaySchema) } }, async (req) =>
    billPay(db, principal(req), req.params.id),
  );
  app.get('/api/portal/usage', { config: { permission: 'self.read' }, schema: { tags, response: ok(PortalUsageSchema) } }, async (req) =>
    portalUsage(db, principal(req)),
  );
  app.get(
    '/api/portal/usage/what-if',
    { config: { permission: 'self.read' }, schema: { tags, querystring: WhatIfQuery, response: ok(WhatIfSchema) } },
    async (req) => portalWhatIf(db, principal(req), req.query),
  );
}
