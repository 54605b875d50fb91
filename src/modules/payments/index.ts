/**
 * The public face of the payments module (收费), docs/payments.md: counter payments with allocation,
 * late fees and ledger postings, reversals and refunds with approval, receipts, the cashier's close.
 */
export { registerPaymentRoutes } from './routes.js';
export { takeCounterPayment, takePaymentIn, arrearsOf, accountPayments, type PaymentIn } from './payments.js';
export { requestReversal, requestRefund, decideRequest } from './approvals.js';
export { cashierDay, closeCashierDay } from './close.js';
export { PAYMENTS_POLICY } from './policy-data.js';
export type { PaymentOut, Arrears, PaymentsPolicy } from './schemas.js';
export { createOnlineOrder, handleGatewayCallback, queryOnlineOrder, reconcileOpenOrders, gatewaySettings } from './online.js';
export { canonical, sign, signed, verify } from './gateway-rules.js';
export { startOnlineReconciler, type OnlineReconciler } from './reconciler.js';
export { exportBatch, importResults, batchFile, upsertMandate, getBatch, IMPORT_CHUNK_LINES, layoutOf as bankLayoutOf } from './withholding.js';
export { formatFile, parseFile, encode, decode, type BankLayout } from './bank-file-rules.js';
// credit bills (负数账单) and money paid on cancelled bills applied to open debts (bill-credits.ts)
export { accountBillCredits, applyBillCredits, sweepBillCredits, startCreditSweeper } from './bill-credits.js';
export { creditSourcesOf, applyCredit, type CreditSource } from './bill-credit-rules.js';
// the account's ordinary credit (预收) applied to its later bills: billing's release hook (registered in src/http/app.ts)
export { applyCreditOnRelease } from './account-credits.js';
export { receiptEventType } from './receipt-events.js';
// the gateway statement's daily fetch (statement-fetch.ts): the background job and the CLI
export { runStatementFetch, statementFetchJob, listStatementFetches, type FetchRun } from './statement-fetch.js';
export { importStatement } from './statements.js';
// cash deposits (deposits.ts): the demo seed records slips as a clerk would
export { recordDeposit } from './deposits.js';
// the card acquirer's settlement file (card-settlements.ts): the CLI imports it as the API does
export { importCardSettlement } from './card-settlements.js';
