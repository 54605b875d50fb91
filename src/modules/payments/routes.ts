/** Payments routes (docs/payments.md, API). Thin: schema → one use case → reply. */
import { Type } from 'typebox';
import type { Db } from '../../db/pool.js';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import type { Principal } from '../identity/index.js';
import { IdParams, ok } from '../../http/schemas.js';
import { decided, decisionRoute } from '../../http/decisions.js';
import {
  AccountParams,
  AccountSchema,
  AccountSearchQuery,
  ArrearsSchema,
  BillCreditList,
  CashierDaySchema,
  CloseBody,
  CloseSchema,
  CounterPaymentBody,
  DayQuery,
  PaymentList,
  PaymentRequestSchema,
  PaymentSchema,
  PdfFile,
  CallbackReplySchema,
  GatewayCallbackBody,
  OnlineOrderBody,
  OnlineOrderSchema,
  OrderNoParams,
  PortalPayInfoSchema,
  OnlineOrderQuery,
  BankSchema,
  BatchBody,
  BatchSchema,
  SettlementBody,
  SettlementSchema,
  FileBytes,
  ImportBody,
  ImportSchema,
  MandateBody,
  MandateSchema,
  QuarantineSchema,
  ReasonBody,
  RefundBody,
  RequestQuery,
  DepositBody,
  DepositSchema,
  DepositCloseSchema,
  StatementBody,
  StatementSchema,
  StatementLineSchema,
  StatementFetchSchema,
  ExceptionQuery,
  ResolveBody,
  AcquirerSchema,
  CardSettlementBody,
  CardSettlementSchema,
  CardSettlementLineSchema,
  CardQuarantineQuery,
  ClearanceBody,
  ClearanceSchema,
  ClearanceQuery,
} from './schemas.js';
import { decideClearance, listClearances, requestClearance } from './gateway-clearances.js';
import { cardSettlementLines, importCardSettlementUpload, listAcquirers, listCardSettlements } from './card-settlements.js';
import { decideDeposit, listDeposits, recordDeposit, undepositedCloses } from './deposits.js';
import { listStatementFetches } from './statement-fetch.js';
import { importStatement, listStatements, resolveException, statementExceptions, statementLines } from './statements.js';
import { accountPayments, arrearsOf, findAccounts, getPayment, myPayments, takeCounterPayment } from './payments.js';
import { decideRequest, listRequests, requestRefund, requestReversal } from './approvals.js';
import { cashierDay, closeCashierDay } from './close.js';
import { accountBillCredits, applyBillCredits } from './bill-credits.js';
import { receiptPdf } from './receipt.js';
import { settleBatch } from './settlement.js';
import { batchFile, exportBatch, getBatch, importResultsUpload, listBanks, listBatches, listQuarantine, upsertMandate } from './withholding.js';
import {
  createOnlineOrder,
  gatewaySettings,
  getMyOrder,
  handleGatewayCallback,
  listOnlineOrders,
  portalPayInfo,
  queryMyOrder,
  queryOnlineOrder,
} from './online.js';

const PDF = 'application/pdf';

export function registerPaymentRoutes(app: App, { db, config }: AppContext) {
  const tags = ['payments'];
  /** A reversal or refund request decided; an approved refund of an online payment goes back through the gateway (its settings). */
  const decideRefundOrReversal = (db: Db, p: Principal, id: number, approved: boolean, note?: string) =>
    decideRequest(db, p, id, approved, note, approved ? gatewaySettings(config) : undefined);
  app.get(
    '/api/payments/accounts',
    { config: { permission: 'payments.read' }, schema: { tags, querystring: AccountSearchQuery, response: ok(Type.Array(AccountSchema)) } },
    async (req) => findAccounts(db, principal(req), req.query.q),
  );
  app.get(
    '/api/payments/accounts/:accountId/arrears',
    { config: { permission: 'payments.read' }, schema: { tags, params: AccountParams, response: ok(ArrearsSchema) } },
    async (req) => arrearsOf(db, principal(req), req.params.accountId),
  );
  app.get(
    '/api/payments/accounts/:accountId/bill-credits',
    { config: { permission: 'payments.read' }, schema: { tags, params: AccountParams, response: ok(BillCreditList) } },
    async (req) => accountBillCredits(db, principal(req), req.params.accountId),
  );
  app.post(
    '/api/payments/accounts/:accountId/bill-credits/apply',
    { config: { permission: 'payments.collect' }, schema: { tags, params: AccountParams, response: ok(BillCreditList) } },
    async (req) => applyBillCredits(db, principal(req), req.params.accountId),
  );
  app.get(
    '/api/payments/accounts/:accountId/payments',
    { config: { permission: 'payments.read' }, schema: { tags, params: AccountParams, response: ok(PaymentList) } },
    async (req) => accountPayments(db, principal(req), req.params.accountId),
  );
  app.post(
    '/api/payments/counter',
    { config: { permission: 'payments.collect' }, schema: { tags, body: CounterPaymentBody, response: ok(PaymentSchema, 201) } },
    async (req, reply) => reply.status(201).send(await takeCounterPayment(db, principal(req), req.body)),
  );
  app.get('/api/payments/:id', { config: { permission: 'payments.read' }, schema: { tags, params: IdParams, response: ok(PaymentSchema) } }, async (req) =>
    getPayment(db, principal(req), req.params.id),
  );
  app.get(
    '/api/payments/:id/receipt.pdf',
    { config: { permission: 'payments.read' }, schema: { tags, params: IdParams, produces: [PDF], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await receiptPdf(db, principal(req), req.params.id);
      return reply.type(PDF).header('content-disposition', `inline; filename="${name}"`).send(file);
    },
  );
  app.post(
    '/api/payments/:id/reversal-requests',
    { config: { permission: 'payments.collect' }, schema: { tags, params: IdParams, body: ReasonBody, response: ok(PaymentRequestSchema, 201) } },
    async (req, reply) => reply.status(201).send(await requestReversal(db, principal(req), req.params.id, req.body.reason)),
  );
  app.post(
    '/api/payments/accounts/:accountId/refund-requests',
    { config: { permission: 'payments.collect' }, schema: { tags, params: AccountParams, body: RefundBody, response: ok(PaymentRequestSchema, 201) } },
    async (req, reply) => reply.status(201).send(await requestRefund(db, principal(req), req.params.accountId, req.body)),
  );
  app.get(
    '/api/payments/requests',
    { config: { permission: 'payments.read' }, schema: { tags, querystring: RequestQuery, response: ok(Type.Array(PaymentRequestSchema)) } },
    async (req) => listRequests(db, principal(req), req.query.status),
  );
  app.post('/api/payments/requests/:id/approve', decisionRoute(tags, 'payments.approve', PaymentRequestSchema), decided(db, decideRefundOrReversal, true));
  app.post('/api/payments/requests/:id/reject', decisionRoute(tags, 'payments.approve', PaymentRequestSchema), decided(db, decideRefundOrReversal, false));
  app.get(
    '/api/payments/cashier/day',
    { config: { permission: 'payments.collect' }, schema: { tags, querystring: DayQuery, response: ok(CashierDaySchema) } },
    async (req) => cashierDay(db, principal(req), req.query.day),
  );
  app.post(
    '/api/payments/cashier/close',
    { config: { permission: 'payments.collect' }, schema: { tags, body: CloseBody, response: ok(CloseSchema, 201) } },
    async (req, reply) => reply.status(201).send(await closeCashierDay(db, principal(req), req.body)),
  );
  app.get('/api/portal/payments', { config: { permission: 'self.read' }, schema: { tags, response: ok(PaymentList) } }, async (req) =>
    myPayments(db, principal(req)),
  );
  // online payment through the gateway (docs/payments.md, "Online payment")
  app.post(
    '/api/portal/payments/orders',
    { config: { permission: 'portal.submit' }, schema: { tags, body: OnlineOrderBody, response: ok(OnlineOrderSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createOnlineOrder(db, principal(req), config, req.body)),
  );
  app.get('/api/portal/payments/orders', { config: { permission: 'self.read' }, schema: { tags, response: ok(Type.Array(OnlineOrderSchema)) } }, async (req) =>
    listOnlineOrders(db, principal(req)),
  );
  app.get('/api/portal/payments/online', { config: { permission: 'self.read' }, schema: { tags, response: ok(PortalPayInfoSchema) } }, async (req) =>
    portalPayInfo(db, principal(req), config),
  );
  app.get(
    '/api/portal/payments/orders/:orderNo',
    { config: { permission: 'self.read' }, schema: { tags, params: OrderNoParams, response: ok(OnlineOrderSchema) } },
    async (req) => getMyOrder(db, principal(req), req.params.orderNo),
  );
  app.post(
    '/api/portal/payments/orders/:orderNo/query',
    { config: { permission: 'portal.submit' }, schema: { tags, params: OrderNoParams, response: ok(OnlineOrderSchema) } },
    async (req) => queryMyOrder(db, principal(req), config, req.params.orderNo),
  );
  app.post(
    '/api/payments/online/orders',
    { config: { permission: 'payments.collect' }, schema: { tags, body: OnlineOrderBody, response: ok(OnlineOrderSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createOnlineOrder(db, principal(req), config, req.body)),
  );
  app.get(
    '/api/payments/online/orders',
    { config: { permission: 'payments.read' }, schema: { tags, querystring: OnlineOrderQuery, response: ok(Type.Array(OnlineOrderSchema)) } },
    async (req) => listOnlineOrders(db, principal(req), req.query.accountId),
  );
  app.post(
    '/api/payments/online/orders/:orderNo/query',
    { config: { permission: 'payments.collect' }, schema: { tags, params: OrderNoParams, response: ok(OnlineOrderSchema) } },
    async (req) => queryOnlineOrder(db, principal(req), config, req.params.orderNo),
  );
  app.post(
    '/api/payments/gateway/callback',
    { config: { public: true }, schema: { tags, body: GatewayCallbackBody, response: ok(CallbackReplySchema) } },
    async (req) => handleGatewayCallback(db, config, req.body),
  );
  // bank withholding (代扣, docs/payments.md "Bank withholding")
  app.get('/api/payments/withholding/banks', { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(BankSchema)) } }, async () =>
    listBanks(db),
  );
  app.post(
    '/api/payments/withholding/mandates',
    { config: { permission: 'payments.collect' }, schema: { tags, body: MandateBody, response: ok(MandateSchema) } },
    async (req) => upsertMandate(db, principal(req), req.body),
  );
  app.post(
    '/api/payments/withholding/batches',
    { config: { permission: 'payments.collect' }, schema: { tags, body: BatchBody, response: ok(BatchSchema, 201) } },
    async (req, reply) => reply.status(201).send(await exportBatch(db, principal(req), req.body.bankCode)),
  );
  app.get(
    '/api/payments/withholding/batches',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(BatchSchema)) } },
    async (req) => listBatches(db, principal(req)),
  );
  app.get(
    '/api/payments/withholding/batches/:id',
    { config: { permission: 'payments.read' }, schema: { tags, params: IdParams, response: ok(BatchSchema) } },
    async (req) => getBatch(db, principal(req), req.params.id),
  );
  app.post(
    '/api/payments/withholding/batches/:id/settlement',
    { config: { permission: 'payments.collect' }, schema: { tags, params: IdParams, body: SettlementBody, response: ok(SettlementSchema) } },
    async (req) => settleBatch(db, principal(req), req.params.id, req.body),
  );
  app.get(
    '/api/payments/withholding/batches/:id/file',
    { config: { permission: 'payments.collect' }, schema: { tags, params: IdParams, produces: ['application/octet-stream'], response: ok(FileBytes) } },
    async (req, reply) => {
      const { file, name } = await batchFile(db, principal(req), req.params.id);
      return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
  app.post(
    '/api/payments/withholding/imports',
    { bodyLimit: 64 * 1024 * 1024, config: { permission: 'payments.collect' }, schema: { tags, body: ImportBody, response: ok(ImportSchema, 201) } },
    async (req, reply) => reply.status(201).send(await importResultsUpload(db, principal(req), req.body)),
  );
  app.get(
    '/api/payments/withholding/quarantine',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(QuarantineSchema)) } },
    async (req) => listQuarantine(db, principal(req)),
  );
  // the card acquirer's settlement files (银行卡收单结算, docs/payments.md "Card acquirer settlement")
  app.get(
    '/api/payments/card-settlements/acquirers',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(AcquirerSchema)) } },
    async () => listAcquirers(db),
  );
  app.post(
    '/api/payments/card-settlements',
    {
      bodyLimit: 24 * 1024 * 1024,
      config: { permission: 'payments.collect' },
      schema: { tags, body: CardSettlementBody, response: ok(CardSettlementSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await importCardSettlementUpload(db, principal(req), req.body)),
  );
  app.get(
    '/api/payments/card-settlements',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(CardSettlementSchema)) } },
    async (req) => listCardSettlements(db, principal(req)),
  );
  app.get(
    '/api/payments/card-settlements/:id/lines',
    { config: { permission: 'payments.read' }, schema: { tags, params: IdParams, response: ok(Type.Array(CardSettlementLineSchema)) } },
    async (req) => cardSettlementLines(db, principal(req), { importId: req.params.id, all: true }),
  );
  app.get(
    '/api/payments/card-settlements/quarantine',
    { config: { permission: 'payments.read' }, schema: { tags, querystring: CardQuarantineQuery, response: ok(Type.Array(CardSettlementLineSchema)) } },
    async (req) => cardSettlementLines(db, principal(req), { importId: req.query.importId }),
  );
  // deposit of counter cash (现金解款)
  app.get('/api/payments/cash-deposits', { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(DepositSchema)) } }, async (req) =>
    listDeposits(db, principal(req)),
  );
  app.get(
    '/api/payments/cash-deposits/closes',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(DepositCloseSchema)) } },
    async (req) => undepositedCloses(db, principal(req)),
  );
  app.post(
    '/api/payments/cash-deposits',
    { config: { permission: 'payments.collect' }, schema: { tags, body: DepositBody, response: ok(DepositSchema, 201) } },
    async (req, reply) => reply.status(201).send(await recordDeposit(db, principal(req), req.body)),
  );
  app.post('/api/payments/cash-deposits/:id/approve', decisionRoute(tags, 'payments.approve', DepositSchema), decided(db, decideDeposit, true));
  app.post('/api/payments/cash-deposits/:id/reject', decisionRoute(tags, 'payments.approve', DepositSchema), decided(db, decideDeposit, false));
  // the gateway's daily statement (对账单)
  app.post(
    '/api/payments/gateway/statements',
    { config: { permission: 'payments.collect' }, schema: { tags, body: StatementBody, response: ok(StatementSchema, 201) } },
    async (req, reply) => reply.status(201).send(await importStatement(db, principal(req), config, req.body.date)),
  );
  app.get(
    '/api/payments/gateway/statements',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(StatementSchema)) } },
    async () => listStatements(db),
  );
  app.get(
    '/api/payments/gateway/statements/:id/lines',
    { config: { permission: 'payments.read' }, schema: { tags, params: IdParams, response: ok(Type.Array(StatementLineSchema)) } },
    async (req) => statementLines(db, principal(req), req.params.id),
  );
  app.get(
    '/api/payments/gateway/statement-fetches',
    { config: { permission: 'payments.read' }, schema: { tags, response: ok(Type.Array(StatementFetchSchema)) } },
    async () => listStatementFetches(db),
  );
  app.get(
    '/api/payments/gateway/exceptions',
    { config: { permission: 'payments.read' }, schema: { tags, querystring: ExceptionQuery, response: ok(Type.Array(StatementLineSchema)) } },
    async (req) => statementExceptions(db, principal(req), req.query.open ?? true),
  );
  app.post(
    '/api/payments/gateway/exceptions/:id/resolve',
    { config: { permission: 'payments.collect' }, schema: { tags, params: IdParams, body: ResolveBody, response: ok(StatementLineSchema) } },
    async (req) => resolveException(db, principal(req), req.params.id, req.body.resolution),
  );
  // an exception's balance cleared (refund the payer, recover from the gateway, write off), four eyes
  app.post(
    '/api/payments/gateway/exceptions/:id/clearances',
    { config: { permission: 'payments.collect' }, schema: { tags, params: IdParams, body: ClearanceBody, response: ok(ClearanceSchema, 201) } },
    async (req, reply) => reply.status(201).send(await requestClearance(db, principal(req), req.params.id, req.body)),
  );
  app.get(
    '/api/payments/gateway/clearances',
    { config: { permission: 'payments.read' }, schema: { tags, querystring: ClearanceQuery, response: ok(Type.Array(ClearanceSchema)) } },
    async (req) => listClearances(db, principal(req), req.query.status),
  );
  app.post('/api/payments/gateway/clearances/:id/approve', decisionRoute(tags, 'payments.approve', ClearanceSchema), decided(db, decideClearance, true));
  app.post('/api/payments/gateway/clearances/:id/reject', decisionRoute(tags, 'payments.approve', ClearanceSchema), decided(db, decideClearance, false));
}
