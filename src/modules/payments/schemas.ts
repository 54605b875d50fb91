/**
 * The payments contract (收费, docs/payments.md): every request and response shape once.
 * Money is integer fen; dates are Beijing calendar days (YYYY-MM-DD).
 */
import { Type, type Static } from 'typebox';
import { AllocationPolicySchema, LateFeePolicySchema, LateFeeResultSchema } from '../collection/index.js';
import { BinaryFile, Body, Fen, Id, Instant, Int, LocalDate, Nullable, Query, Text } from '../../platform/schema.js';

export const CounterMethod = Type.Enum(['cash', 'card', 'transfer']);
export type CounterMethodT = Static<typeof CounterMethod>;

export const PaymentsPolicySchema = Type.Object(
  {
    /** Days after release a bill may be paid without a late fee (the due date = release day + dueDays). */
    dueDays: Type.Integer({ minimum: 0, maximum: 365 }),
    /** A payment more than this above the debt needs `confirmOverpay`. */
    overpayConfirmFen: Fen({ minimum: 0 }),
    counterMethods: Type.Array(CounterMethod),
    lateFee: LateFeePolicySchema,
    allocation: AllocationPolicySchema,
    /** 坏账收回: money left after the open debts recovers written-off debts before it becomes credit */
    recoverWrittenOff: Type.Boolean(),
    /** 预收冲抵: the account's ordinary credit is applied to its bills as they are released and by the sweep */
    applyCreditToBills: Type.Boolean(),
    source: Text(400),
  },
  { additionalProperties: false },
);
export type PaymentsPolicy = Static<typeof PaymentsPolicySchema>;

export const AccountSchema = Type.Object({
  accountId: Id,
  accountNo: Type.String(),
  customerName: Type.String(),
  orgUnitId: Id,
  status: Type.String(),
  customerClass: Type.String(),
});
export type AccountOut = Static<typeof AccountSchema>;
export const AccountSearchQuery = Query({ q: Text(40) });

/** One open bill with what is owed on it today. */
export const ArrearsLineSchema = Type.Object({
  billId: Id,
  cycle: Type.String(),
  dueDate: LocalDate(),
  totalFen: Fen(),
  principalPaidFen: Fen(),
  principalOwedFen: Fen(),
  /** late fee charged before (at earlier payments) and not yet paid */
  feeOwedFen: Fen(),
  /** the fee that would be charged if paid today, explained (days × rate × amount) */
  lateFee: LateFeeResultSchema,
  /** principal + fee owed + fee due now */
  owedNowFen: Fen(),
});
export type ArrearsLine = Static<typeof ArrearsLineSchema>;

export const ArrearsSchema = Type.Object({
  account: AccountSchema,
  asOf: LocalDate(),
  lines: Type.Array(ArrearsLineSchema),
  principalOwedFen: Fen(),
  lateFeeOwedFen: Fen(),
  totalOwedFen: Fen(),
  /** prepaid balance (预收): overpayments not yet refunded (pending refunds held back) */
  creditFen: Fen(),
  /** credit − total owed: negative means arrears */
  balanceFen: Fen(),
  feeOrder: Type.String(),
  /** written off as bad debts and not recovered yet (坏账, 账销案存): not owed, but a payment's remainder recovers it first */
  recoverableFen: Fen(),
  /** credit bills and money paid on cancelled bills not applied yet (applied at the next payment or by the apply action) */
  pendingCreditFen: Fen(),
});
export type Arrears = Static<typeof ArrearsSchema>;

export const CounterPaymentBody = Body({
  accountId: Id,
  amountFen: Fen({ minimum: 1 }),
  method: CounterMethod,
  /** the client's reference for this payment (a repeated request with it pays once) */
  reference: Type.String({ minLength: 4, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' }),
  confirmOverpay: Type.Optional(Type.Boolean()),
});
export type CounterPayment = Static<typeof CounterPaymentBody>;

export const AllocationOutSchema = Type.Object({ billId: Id, cycle: Type.String(), kind: Type.Enum(['principal', 'late_fee']), amountFen: Fen() });
export const FeeChargeSchema = Type.Object({ billId: Id, amountFen: Fen(), lateFee: LateFeeResultSchema });

export const PaymentSchema = Type.Object({
  id: Id,
  receiptNo: Type.String(),
  accountId: Id,
  accountNo: Type.String(),
  channel: Type.String(),
  method: Type.String(),
  reference: Type.String(),
  amountFen: Fen(),
  principalFen: Fen(),
  lateFeeFen: Fen(),
  creditFen: Fen(),
  feeChargedFen: Fen(),
  paidOn: LocalDate(),
  paidAt: Instant(),
  cashierId: Nullable(Id),
  cashierName: Nullable(Type.String()),
  status: Type.Enum(['posted', 'reversed']),
  closed: Type.Boolean(),
  allocations: Type.Array(AllocationOutSchema),
  feeCharges: Type.Array(FeeChargeSchema),
  /** what the payment recovered of written-off bills (坏账收回), per bill; included in the allocations */
  recoveries: Type.Array(Type.Object({ writeOffId: Id, billId: Id, principalFen: Fen(), lateFeeFen: Fen() })),
  /** true when this answers a repeated request (the first result, nothing paid again) */
  replayed: Type.Boolean(),
});
export type PaymentOut = Static<typeof PaymentSchema>;

/** A credit bill (or a cancelled bill with money paid on it) and how its credit was used (bill-credits.ts). */
export const BillCreditSchema = Type.Object({
  billId: Id,
  cycle: Type.String(),
  source: Type.Enum(['credit_bill', 'cancelled_bill']),
  creditFen: Fen(),
  /** pending: not applied yet; applied: by the payment of channel credit named; reversed: its credit bill was cancelled since */
  status: Type.Enum(['pending', 'applied', 'reversed']),
  paymentId: Nullable(Id),
  receiptNo: Nullable(Type.String()),
  appliedOn: Nullable(LocalDate()),
  /** the debts it settled, oldest first (principal and late fee lines, as a payment's) */
  allocations: Type.Array(AllocationOutSchema),
  /** late fee due on the settled bills charged when it was applied (as at a payment) */
  feeChargedFen: Fen(),
  /** the rest, kept as the account's credit (预收) */
  keptAsCreditFen: Fen(),
});
export type BillCreditOut = Static<typeof BillCreditSchema>;
export const BillCreditList = Type.Array(BillCreditSchema);
export const PaymentList = Type.Array(PaymentSchema);

export const AccountParams = Type.Object({ accountId: Id }, { additionalProperties: false });
export const ReasonBody = Body({ reason: Text(500) });
export const RefundBody = Body({ amountFen: Fen({ minimum: 1 }), reason: Text(500), paymentId: Type.Optional(Id) });
export const RequestQuery = Query({ status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'])) });

export const PaymentRequestSchema = Type.Object({
  id: Id,
  kind: Type.Enum(['reversal', 'refund']),
  accountId: Id,
  paymentId: Nullable(Id),
  amountFen: Fen(),
  reason: Type.String(),
  status: Type.Enum(['pending', 'approved', 'rejected']),
  requestedBy: Id,
  requestedAt: Instant(),
  decidedBy: Nullable(Id),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
  /** a refund sent back through the gateway: its refund number and status there */
  gatewayRefundNo: Nullable(Type.String()),
});
export type PaymentRequestOut = Static<typeof PaymentRequestSchema>;

/** Cashier's day (日结). */
export const MethodTotals = Type.Object(
  { cash: Fen({ minimum: 0 }), card: Fen({ minimum: 0 }), transfer: Fen({ minimum: 0 }) },
  { additionalProperties: false },
);
export type MethodTotalsT = Static<typeof MethodTotals>;
export const DayQuery = Query({ day: Type.Optional(LocalDate()) });
export const CloseBody = Body({ day: LocalDate(), declared: MethodTotals, note: Type.Optional(Text(500)) });
export type CloseIn = Static<typeof CloseBody>;
export const CloseLineSchema = Type.Object({ method: CounterMethod, systemFen: Fen(), declaredFen: Fen(), differenceFen: Fen() });
export const CloseSchema = Type.Object({
  id: Id,
  day: LocalDate(),
  cashierId: Id,
  lines: Type.Array(CloseLineSchema),
  balanced: Type.Boolean(),
  payments: Type.Integer(),
  note: Nullable(Type.String()),
  closedAt: Instant(),
});
export type CloseOut = Static<typeof CloseSchema>;
export const CashierDaySchema = Type.Object({
  day: LocalDate(),
  cashierId: Id,
  payments: PaymentList,
  totals: MethodTotals,
  count: Type.Integer(),
  close: Nullable(CloseSchema),
});
export type CashierDay = Static<typeof CashierDaySchema>;
export { PdfFile } from '../../platform/schema.js';

/** Online payment (docs/payments.md, "Online payment"). */
export const OnlineOrderSchema = Type.Object({
  id: Id,
  orderNo: Type.String(),
  accountId: Id,
  amountFen: Fen(),
  status: Type.Enum(['created', 'paid', 'failed', 'closed']),
  payUrl: Nullable(Type.String()),
  gatewayOrderId: Nullable(Type.String()),
  gatewayTxnId: Nullable(Type.String()),
  paymentId: Nullable(Id),
  settledBy: Nullable(Type.Enum(['callback', 'query'])),
  callbacks: Type.Integer(),
  lastProblem: Nullable(Type.String()),
  createdAt: Instant(),
});
export type OnlineOrderOut = Static<typeof OnlineOrderSchema>;
export const OnlineOrderBody = Body({ accountId: Id, amountFen: Fen({ minimum: 1 }) });
export const OrderNoParams = Type.Object({ orderNo: Type.String({ pattern: '^OL\\d{16}$', maxLength: 18 }) }, { additionalProperties: false });
/** The gateway's callback: a flat signed object; every field is checked by the use case (extra fields are signed too, so they are kept). */
export const GatewayCallbackBody = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 500 }), Int(-(10 ** 15), 10 ** 15)]));
export const CallbackReplySchema = Type.Object({ result: Type.Enum(['accepted', 'replayed', 'ignored']), orderNo: Type.String() });
export type CallbackReply = Static<typeof CallbackReplySchema>;
export const OnlineOrderQuery = Query({ accountId: Type.Optional(Id) });
/** The portal's pay panel: whether online payment is on, and the customer's own accounts with what each owes now. */
export const PortalPayInfoSchema = Type.Object({
  enabled: Type.Boolean(),
  accounts: Type.Array(Type.Object({ accountId: Id, accountNo: Type.String(), totalOwedFen: Fen(), creditFen: Fen() })),
});
export type PortalPayInfo = Static<typeof PortalPayInfoSchema>;

/** Bank withholding (代扣), docs/payments.md "Bank withholding". */
export const BankSchema = Type.Object({ bankCode: Type.String(), name: Type.String(), format: Type.String(), encoding: Type.String(), source: Type.String() });
export const BankCode = Type.String({ pattern: '^[A-Z0-9-]{2,20}$' });
export const MandateBody = Body({
  accountId: Id,
  bankCode: BankCode,
  bankAccountNo: Type.String({ pattern: '^[0-9]{8,24}$' }),
  holderName: Text(20),
});
export const BatchBody = Body({ bankCode: BankCode });
/** The bank's transfer of what a withholding batch collected (代扣结算). */
export const SettlementSchema = Type.Object({
  settledOn: Type.String(),
  amountFen: Fen(),
  bankRef: Type.String(),
  /** the ledger entries posted: `withholding_settled` per ledger unit (`whsettle:<batch>:<unit>`) */
  ledgerSources: Type.Array(Type.String()),
  /** fen of payments under org units that keep no books: settled, not posted */
  unpostedFen: Fen(),
  settledBy: Nullable(Id),
  replayed: Type.Boolean(),
});
export const BatchSchema = Type.Object({
  id: Id,
  batchNo: Type.String(),
  bankCode: Type.String(),
  lines: Type.Integer(),
  totalFen: Fen(),
  paid: Type.Integer(),
  paidFen: Fen(),
  failed: Type.Integer(),
  failedFen: Fen(),
  open: Type.Integer(),
  openFen: Fen(),
  quarantined: Type.Integer(),
  /** every line answered (paid or failed) */
  reconciled: Type.Boolean(),
  createdAt: Instant(),
  /** the bank's transfer of what the batch collected (代扣结算), once recorded */
  settlement: Nullable(SettlementSchema),
});
export type BatchOut = Static<typeof BatchSchema>;
/** The bank's settlement of a batch: the day the money arrived on the collection account, the amount, the bank's reference. */
export const SettlementBody = Body({
  settledOn: Type.Optional(LocalDate()),
  amountFen: Fen({ minimum: 1 }),
  bankRef: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_:.-]+$' }),
});
export type SettlementIn = Static<typeof SettlementBody>;
/** An uploaded file's bytes, base64 (a GBK bank or acquirer file is not JSON text), at most `maxLength` characters. */
const FileBase64 = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9+/=\\r\\n]+$' });

export const ImportBody = Body({
  bankCode: BankCode,
  fileName: Text(200),
  contentBase64: FileBase64(60_000_000),
});
export const QuarantineSchema = Type.Object({
  id: Id,
  importId: Id,
  lineNo: Type.Integer(),
  raw: Type.String(),
  reason: Type.Enum(['duplicate_file', 'bad_line', 'unknown_account', 'amount_mismatch', 'already_settled']),
  detail: Type.String(),
});
export type QuarantineOut = Static<typeof QuarantineSchema>;
export const ImportSchema = Type.Object({
  id: Id,
  bankCode: Type.String(),
  fileName: Type.String(),
  status: Type.Enum(['applying', 'applied', 'quarantined']),
  reason: Nullable(Type.String()),
  lines: Type.Integer(),
  paid: Type.Integer(),
  paidFen: Fen(),
  failed: Type.Integer(),
  quarantined: Type.Integer(),
  quarantine: Type.Array(QuarantineSchema),
});
export type ImportOut = Static<typeof ImportSchema>;
export const FileBytes = BinaryFile('bank file');
export const MandateSchema = Type.Object({
  accountId: Id,
  bankCode: Type.String(),
  bankAccountNo: Type.String(),
  holderName: Type.String(),
  active: Type.Boolean(),
});

/** Deposit of counter cash (现金解款, docs/payments.md "Cash deposit"): what the policy does with a slip that differs from the closes' cash. */
export const DepositPolicySchema = Type.Object(
  {
    /** `refuse`: any difference is refused; `approve`: a difference up to `maxDifferenceFen` is recorded for a second person's approval */
    difference: Type.Enum(['refuse', 'approve']),
    maxDifferenceFen: Fen({ minimum: 0 }),
    source: Text(400),
  },
  { additionalProperties: false },
);
export type DepositPolicy = Static<typeof DepositPolicySchema>;
const SlipRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_:.-]+$', description: '解款单号 / deposit slip number' });
export const DepositBody = Body({
  slipRef: SlipRef,
  bankName: Text(100),
  amountFen: Fen({ minimum: 1 }),
  depositedAt: Instant(),
  closeIds: Type.Array(Id, { minItems: 1, maxItems: 100 }),
  note: Type.Optional(Text(500)),
});
export type DepositIn = Static<typeof DepositBody>;
export const DepositCloseSchema = Type.Object({ closeId: Id, day: LocalDate(), cashierId: Id, cashierName: Nullable(Type.String()), cashFen: Fen() });
export const DepositSchema = Type.Object({
  id: Id,
  slipRef: Type.String(),
  bankName: Type.String(),
  amountFen: Fen(),
  depositedAt: Instant(),
  depositedOn: LocalDate(),
  expectedFen: Fen(),
  /** slip − expected: negative a shortage (短款), positive an overage (长款) */
  differenceFen: Fen(),
  status: Type.Enum(['posted', 'pending_approval', 'rejected']),
  closes: Type.Array(DepositCloseSchema),
  /** the ledger entries posted: `cash_deposited` per ledger unit (`cashdep:<deposit>:<unit>`) */
  ledgerSources: Type.Array(Type.String()),
  unpostedFen: Fen(),
  note: Nullable(Type.String()),
  recordedBy: Id,
  recordedAt: Instant(),
  decidedBy: Nullable(Id),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
  replayed: Type.Boolean(),
});
export type DepositOut = Static<typeof DepositSchema>;

/** The gateway's daily statement (对账单, docs/payments.md "Gateway statement"). */
export const StatementBody = Body({ date: LocalDate() });
export const StatementLineSchema = Type.Object({
  id: Id,
  statementId: Id,
  lineNo: Nullable(Type.Integer()),
  kind: Type.Enum(['pay', 'refund', 'ours']),
  orderNo: Nullable(Type.String()),
  gatewayTxnId: Nullable(Type.String()),
  refundNo: Nullable(Type.String()),
  amountFen: Fen(),
  feeFen: Fen(),
  outcome: Type.Enum(['matched', 'credited', 'unknown_order', 'mismatch', 'not_confirmed', 'missing_at_gateway', 'bad_line', 'unmatched_refund']),
  reasons: Type.Array(Type.String()),
  paymentId: Nullable(Id),
  raw: Nullable(Type.String()),
  resolvedBy: Nullable(Id),
  resolvedAt: Nullable(Instant()),
  resolution: Nullable(Type.String()),
  /** the ledger entry that booked this line: `gwsettle:…` (settled) or `gwdiff:<line>` (an exception's money) */
  ledgerSource: Nullable(Type.String()),
});
export type StatementLineOut = Static<typeof StatementLineSchema>;
export const StatementSchema = Type.Object({
  id: Id,
  date: LocalDate(),
  lines: Type.Integer(),
  grossFen: Fen(),
  refundFen: Fen(),
  feeFen: Fen(),
  netFen: Fen(),
  matched: Type.Integer(),
  credited: Type.Integer(),
  exceptions: Type.Integer(),
  settledGrossFen: Fen(),
  settledFeeFen: Fen(),
  /** the ledger entries posted: `gateway_settled` per ledger unit (`gwsettle:<statement>:<unit>`) */
  ledgerSources: Type.Array(Type.String()),
  unpostedFen: Fen(),
  importedAt: Instant(),
  replayed: Type.Boolean(),
});
export type StatementOut = Static<typeof StatementSchema>;
/** The daily fetch of a day's statement (statement-fetch.ts). */
export const StatementFetchSchema = Type.Object({
  date: LocalDate(),
  attempts: Type.Integer(),
  lastAttemptAt: Nullable(Instant()),
  nextAttemptAt: Nullable(Instant()),
  lastError: Nullable(Type.String()),
  statementId: Nullable(Id),
  doneAt: Nullable(Instant()),
  status: Type.Enum(['pending', 'retrying', 'done', 'given_up']),
});
export type StatementFetchOut = Static<typeof StatementFetchSchema>;
export const ExceptionQuery = Query({ open: Type.Optional(Type.Boolean()) });
export const ResolveBody = Body({ resolution: Text(500) });

// ---- card acquirer settlement (银行卡收单结算, docs/payments.md "Card acquirer settlement") ----
export const AcquirerSchema = Type.Object({
  acquirerCode: Type.String(),
  name: Type.String(),
  format: Type.String(),
  encoding: Type.String(),
  /** the fields of a line, in order */
  fields: Type.Array(Type.String()),
  source: Type.String(),
});
export const CardSettlementBody = Body({
  acquirerCode: BankCode,
  fileName: Text(200),
  contentBase64: FileBase64(20_000_000),
});
export const CardSettlementLineSchema = Type.Object({
  id: Id,
  importId: Id,
  lineNo: Type.Integer(),
  outcome: Type.Enum(['settled', 'bad_line', 'unknown_payment', 'payment_reversed', 'amount_mismatch', 'already_settled']),
  detail: Nullable(Type.String()),
  settleDate: Nullable(Type.String()),
  terminalId: Nullable(Type.String()),
  batchNo: Nullable(Type.String()),
  traceNo: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  amountFen: Nullable(Fen()),
  feeFen: Nullable(Fen()),
  paymentId: Nullable(Id),
  /** the ledger entry that took the line's money out of 101202 (`cardsettle:<import>:<unit>:<day>`) */
  ledgerSource: Nullable(Type.String()),
  raw: Type.String(),
});
export type CardSettlementLineOut = Static<typeof CardSettlementLineSchema>;
export const CardSettlementSchema = Type.Object({
  id: Id,
  acquirerCode: Type.String(),
  fileName: Type.String(),
  lines: Type.Integer(),
  settled: Type.Integer(),
  /** the settled lines: the takings' amounts, the acquirer's fees, what reached the bank */
  grossFen: Fen(),
  feeFen: Fen(),
  netFen: Fen(),
  quarantined: Type.Integer(),
  ledgerSources: Type.Array(Type.String()),
  /** net of settled takings under org units that keep no books (settled, not posted) */
  unpostedFen: Fen(),
  importedAt: Instant(),
  /** the same file (by SHA-256) imported before: its first import, nothing new */
  replayed: Type.Boolean(),
});
export type CardSettlementOut = Static<typeof CardSettlementSchema>;
export const CardQuarantineQuery = Query({ importId: Type.Optional(Id) });

// ---- gateway statement exceptions cleared (docs/payments.md "Clearing an exception's balance") ----
export const ClearanceAction = Type.Enum(['refund_payer', 'recover_from_gateway', 'write_off']);
export const ClearanceBody = Body({
  /** refund_payer / write_off for receipts to be identified (224106); recover_from_gateway / write_off for money due from the gateway (122106) */
  action: ClearanceAction,
  reason: Text(500),
  /** the bank's or gateway's reference of the refund or of the gateway's transfer */
  externalRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_:.-]+$' })),
});
export const ClearanceSchema = Type.Object({
  id: Id,
  lineId: Id,
  action: ClearanceAction,
  /** the balance it clears: over (224106) or short (122106) */
  side: Type.Enum(['over', 'short']),
  amountFen: Fen(),
  reason: Type.String(),
  externalRef: Nullable(Type.String()),
  status: Type.Enum(['pending', 'approved', 'rejected']),
  requestedBy: Id,
  requestedAt: Instant(),
  decidedBy: Nullable(Id),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
  /** `gwclear:<id>` once approved and posted */
  ledgerSource: Nullable(Type.String()),
});
export type ClearanceOut = Static<typeof ClearanceSchema>;
export const ClearanceQuery = Query({ status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'])) });
