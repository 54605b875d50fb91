/**
 * The collection rules' contract: the late-fee policy (电费违约金, docs/rules.md §3) and the payment
 * allocation policy as data, and the shapes the pure rules take and give, declared once.
 * Money is integer fen; rates are decimal text (per day, '0.001' = 1‰), never binary floats.
 */
import { Type, type Static } from 'typebox';
import { Body, Fen, Id, Instant, Int, LocalDate, Nullable, Text } from '../../platform/schema.js';

/** A daily rate as decimal text ('0.002' = 2‰ per day). */
export const DailyRate = Type.String({ pattern: '^0(\\.\\d{1,8})?$', maxLength: 10, description: '日费率，十进制字符串 / daily rate as decimal text' });
export const RatePairSchema = Type.Object({ currentYear: DailyRate, priorYear: DailyRate }, { additionalProperties: false });

export const LateFeePolicySchema = Type.Object(
  {
    /** Rates per customer class; a class not listed takes `otherRates`. */
    ratesByClass: Type.Record(Type.String(), RatePairSchema),
    otherRates: RatePairSchema,
    /** A bill's fee (its cumulative total) above zero but below this is charged as this (¥1 = 100 fen). */
    minimumFen: Fen({ minimum: 0 }),
    /**
     * When a bill's debt becomes "carried over from earlier years": from `carryOverMonth`/`carryOverDay`
     * of the year after the bill's year, where the bill's year is that of its due date (`due_date`)
     * or of its billing month (`bill_month`).
     */
    yearBasis: Type.Enum(['due_date', 'bill_month']),
    carryOverMonth: Int(1, 12),
    carryOverDay: Int(1, 31),
    /** Days of grace after the due date before the first fee day (0: the day after the due date is the first). */
    graceDays: Int(0, 365),
    source: Text(400),
  },
  { additionalProperties: false },
);
export type LateFeePolicy = Static<typeof LateFeePolicySchema>;

export const LateFeeBillSchema = Type.Object({
  billId: Type.String(),
  customerClass: Type.String(),
  /** The last day to pay without a fee. */
  dueDate: LocalDate(),
  /** Billing month YYYY-MM (used when yearBasis = bill_month). */
  billMonth: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
  principalFen: Fen({ minimum: 0 }),
});
export type LateFeeBill = Static<typeof LateFeeBillSchema>;

/** Principal of the bill paid on a day (the fee for that day still counts on the amount before it). */
export const PrincipalPaymentSchema = Type.Object({ date: LocalDate(), principalFen: Fen({ minimum: 0 }) });
export type PrincipalPayment = Static<typeof PrincipalPaymentSchema>;

/** One explained piece of a fee: `days` × `rate` × `baseFen` = `exactFen` (unrounded decimal fen). */
export const LateFeeLineSchema = Type.Object({
  from: LocalDate(),
  to: LocalDate(),
  days: Type.Integer(),
  rate: DailyRate,
  yearRate: Type.Enum(['currentYear', 'priorYear']),
  baseFen: Fen(),
  exactFen: Type.String(),
});
export type LateFeeLine = Static<typeof LateFeeLineSchema>;

export const LateFeeResultSchema = Type.Object({
  billId: Type.String(),
  /** Fee days counted (first fee day … asOf or the day the bill was settled, both included). */
  days: Type.Integer(),
  lines: Type.Array(LateFeeLineSchema),
  /** Sum of the lines, exact. */
  exactFen: Type.String(),
  /** The exact sum rounded half-up to a whole fen (once per bill, never per line). */
  roundedFen: Fen(),
  minimumApplied: Type.Boolean(),
  /** The bill's fee to date: max(roundedFen, minimum) when any fee accrued, else 0. */
  totalFen: Fen(),
  alreadyChargedFen: Fen(),
  /** What is still to charge: totalFen − alreadyChargedFen (never below 0). */
  dueNowFen: Fen(),
});
export type LateFeeResult = Static<typeof LateFeeResultSchema>;

/** Allocation: how a payment is spread over the open debts. */
export const AllocationPolicySchema = Type.Object(
  {
    /**
     * Where a bill's late fee goes relative to principal: `before_principal` (each bill: fee, then
     * principal), `after_principal` (each bill: principal, then fee), `after_all_principal` (all
     * principal oldest first, then all fees oldest first).
     */
    feeOrder: Type.Enum(['before_principal', 'after_principal', 'after_all_principal']),
    source: Text(400),
  },
  { additionalProperties: false },
);
export type AllocationPolicy = Static<typeof AllocationPolicySchema>;

export const OpenDebtSchema = Type.Object({
  billId: Type.String(),
  dueDate: LocalDate(),
  principalFen: Fen({ minimum: 0 }),
  lateFeeFen: Fen({ minimum: 0 }),
});
export type OpenDebt = Static<typeof OpenDebtSchema>;

export const AllocationLineSchema = Type.Object({ billId: Type.String(), kind: Type.Enum(['principal', 'late_fee']), amountFen: Fen() });
export type AllocationLine = Static<typeof AllocationLineSchema>;

export const AllocationResultSchema = Type.Object({
  lines: Type.Array(AllocationLineSchema),
  /** What was left of the payment after every debt: kept as the customer's credit (预收). */
  creditFen: Fen(),
  /** Each debt after the payment. */
  remaining: Type.Array(OpenDebtSchema),
});
export type AllocationResult = Static<typeof AllocationResultSchema>;

// ---------------------------------------------------------------------------------------------
// Collection (催费): ageing, risk, the steps and their policy (docs/collection.md)

export const CollectionPolicySchema = Type.Object(
  {
    /** Ageing buckets: upper bounds in days overdue of every bucket but the last (30 → 1–30, 31–60, …). */
    ageingBounds: Type.Array(Int(1, 3650), { minItems: 1, maxItems: 12 }),
    /** Days overdue after which the daily pass puts a reminder on the account's list. */
    reminderAfterDays: Int(0, 365),
    /** Days between serving the written notice and the first day supply may be stopped. */
    noticeDays: Int(1, 60),
    /** Supply may be stopped only when the oldest debt is more than this many days overdue. */
    stopMinOverdueDays: Int(0, 365),
    /** A bill may be proposed for write-off as a bad debt (坏账核销) only when it is at least this many days overdue. */
    writeOffMinOverdueDays: Int(1, 3650),
    /** A call on file after the notice before a stop order may be made. */
    callBeforeStop: Type.Boolean(),
    /** Hours to restore supply after the arrears are paid, by customer class (others: `restoreHoursOther`). */
    restoreHours: Type.Record(Type.String(), Int(1, 720)),
    restoreHoursOther: Int(1, 720),
    /** Risk score weights (points) and the levels' lower bounds. */
    risk: Type.Object({
      perOverdueMonth: Int(0, 100),
      overdueMax: Int(0, 100),
      perLatePayment: Int(0, 100),
      latePaymentsMax: Int(0, 100),
      arrearsStepFen: Fen({ minimum: 1 }),
      perArrearsStep: Int(0, 100),
      arrearsMax: Int(0, 100),
      nonResidential: Int(0, 100),
      prepaid: Int(-100, 0),
      brokenInstallment: Int(0, 100),
      high: Int(0, 100),
      medium: Int(0, 100),
    }),
    source: Text(600),
  },
  { additionalProperties: false },
);
export type CollectionPolicy = Static<typeof CollectionPolicySchema>;

export const RiskFactsSchema = Type.Object({
  maxOverdueDays: Type.Integer(),
  arrearsFen: Fen(),
  /** bills of the last 12 months that bore a late fee */
  latePayments12m: Type.Integer(),
  customerClass: Type.String(),
  prepaid: Type.Boolean(),
  brokenInstallments: Type.Integer(),
});
export type RiskFacts = Static<typeof RiskFactsSchema>;

export const RiskReasonSchema = Type.Object({ code: Type.String(), points: Type.Integer(), zh: Type.String(), en: Type.String() });
export const RiskScoreSchema = Type.Object({
  score: Type.Integer(),
  level: Type.Enum(['low', 'medium', 'high']),
  reasons: Type.Array(RiskReasonSchema),
});
export type RiskScore = Static<typeof RiskScoreSchema>;

/** What the stop-order guard needs to know about the account's file. */
export interface StopFacts {
  today: string;
  maxOverdueDays: number;
  arrearsFen: number;
  /** the latest served notice still standing (served after the last settlement), if any */
  notice: { id: number; servedOn: string; stopFrom: string } | null;
  /** a call recorded after that notice was served */
  callAfterNotice: boolean;
  activeInstallment: boolean;
  openStopOrder: boolean;
}

// ---------------------------------------------------------------------------------------------
// The collection API (docs/collection.md)

export const StepKindSchema = Type.Enum(['reminder', 'notice', 'call', 'stop_order', 'restore']);
export const StepOutSchema = Type.Object({
  id: Id,
  accountId: Id,
  accountNo: Type.Optional(Type.String()),
  customerName: Type.Optional(Type.String()),
  orgUnitId: Id,
  kind: StepKindSchema,
  status: Type.Enum(['due', 'done', 'awaiting_approval', 'approved', 'executed', 'cancelled', 'open', 'issued']),
  dueOn: Nullable(Type.String()),
  arrearsFen: Fen(),
  servedOn: Nullable(Type.String()),
  stopFrom: Nullable(Type.String()),
  method: Nullable(Type.String()),
  note: Nullable(Type.String()),
  noticeId: Nullable(Id),
  important: Type.Boolean(),
  stopId: Nullable(Id),
  clockStartedAt: Nullable(Type.String()),
  clockDueAt: Nullable(Type.String()),
  /** restore clocks: running, met or breached (SLA engine) */
  clockState: Nullable(Type.String()),
  createdBy: Nullable(Id),
  createdAt: Type.String(),
  approvedBy: Nullable(Id),
  approvedAt: Nullable(Type.String()),
  doneBy: Nullable(Id),
  doneAt: Nullable(Type.String()),
  /** notice: its number (its document: GET /api/collection/notices/:id/pdf), the serving instant and receiver, the SMS copy */
  noticeNo: Type.Optional(Nullable(Type.String())),
  servedAt: Type.Optional(Nullable(Type.String())),
  servedTo: Type.Optional(Nullable(Type.String())),
  smsOutboxId: Type.Optional(Nullable(Id)),
  smsNotBefore: Type.Optional(Nullable(Type.String())),
});
export type StepOut = Static<typeof StepOutSchema>;

/** The stop-supply notice's policy (docs/collection.md "Stop-supply notice"): the texts it prints and the SMS's quiet hours. */
export const NoticePolicySchema = Type.Object(
  {
    /** the legal basis printed on the notice, each with its source */
    legalBasis: Type.Array(Type.String()),
    /** how to pay, printed on the notice */
    payWays: Type.Array(Type.String()),
    hotline: Type.String(),
    /** quiet hours of the SMS copy when the customer has none of their own (local time) */
    quietHours: Type.Object({ start: Type.String(), end: Type.String() }),
    utcOffsetMinutes: Type.Integer(),
    source: Type.String(),
  },
  { additionalProperties: false },
);
export type NoticePolicy = Static<typeof NoticePolicySchema>;

/** What a stop-supply notice says, kept as issued (a reprint prints the same). */
export const NoticeDocumentSchema = Type.Object({
  noticeNo: Type.String(),
  issuedOn: LocalDate(),
  companyName: Type.String(),
  unitName: Type.String(),
  customerName: Type.String(),
  accountNo: Type.String(),
  address: Type.String(),
  noticeDays: Type.Integer(),
  bills: Type.Array(
    Type.Object({
      billId: Id,
      cycle: Type.String(),
      dueDate: Type.String(),
      principalOwedFen: Fen(),
      lateFeeFen: Fen(),
      lateFeeLines: Type.Array(Type.String()),
    }),
  ),
  principalFen: Fen(),
  lateFeeFen: Fen(),
  totalFen: Fen(),
  payWays: Type.Array(Type.String()),
  legalBasis: Type.Array(Type.String()),
  hotline: Type.String(),
});
export type NoticeDocument = Static<typeof NoticeDocumentSchema>;

export const WaiverOutSchema = Type.Object({
  id: Id,
  accountId: Id,
  billId: Id,
  amountFen: Fen(),
  reason: Type.String(),
  status: Type.Enum(['pending', 'approved', 'rejected']),
  requestedBy: Id,
  requestedAt: Type.String(),
  decidedBy: Nullable(Id),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  /** what the approved waiver covered (waiver-rules.ts; 0 while pending): the fee not yet charged, the fee charged
   * and not paid, and the fee already paid — credited to the account (预收, refundable through payments) */
  unchargedFen: Fen(),
  chargedFen: Fen(),
  paidFen: Fen(),
});
export type WaiverOut = Static<typeof WaiverOutSchema>;

export const WriteOffOutSchema = Type.Object({
  id: Id,
  accountId: Id,
  accountNo: Type.Optional(Type.String()),
  customerName: Type.Optional(Type.String()),
  orgUnitId: Id,
  customerClass: Type.String(),
  /** principal owed and late fees charged and not paid on the bills written off */
  principalFen: Fen(),
  lateFeeFen: Fen(),
  reason: Type.String(),
  status: Type.Enum(['pending', 'approved', 'rejected']),
  requestedBy: Id,
  requestedAt: Type.String(),
  decidedBy: Nullable(Id),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  /** the ledger entry's source id (`writeoff:<id>`) once posted; null while pending or where no books are kept */
  ledgerSource: Nullable(Type.String()),
  bills: Type.Array(Type.Object({ billId: Id, cycle: Type.String(), dueDate: Type.String(), principalFen: Fen(), lateFeeFen: Fen() })),
  /** recovered since (坏账收回): by payments that still stand, each with its bill lines; the amounts still written off */
  recoveries: Type.Array(Type.Object({ paymentId: Id, billId: Id, recoveredOn: Type.String(), principalFen: Fen(), lateFeeFen: Fen() })),
  recoveredFen: Fen(),
  outstandingFen: Fen(),
});
export type WriteOffOut = Static<typeof WriteOffOutSchema>;

export const InstallmentItemSchema = Type.Object({ dueOn: LocalDate(), amountFen: Fen({ minimum: 1 }) }, { additionalProperties: false });
export const AgreementOutSchema = Type.Object({
  id: Id,
  accountId: Id,
  totalFen: Fen(),
  startsOn: Type.String(),
  status: Type.Enum(['active', 'completed', 'broken']),
  note: Nullable(Type.String()),
  createdBy: Id,
  createdAt: Type.String(),
  endedOn: Nullable(Type.String()),
  items: Type.Array(Type.Object({ seq: Type.Integer(), dueOn: Type.String(), amountFen: Fen() })),
  paidFen: Fen(),
  dueFen: Fen(),
});
export type AgreementOut = Static<typeof AgreementOutSchema>;

export const BillDebtSchema = Type.Object({
  billId: Id,
  cycle: Type.String(),
  dueDate: Type.String(),
  totalFen: Fen(),
  principalOwedFen: Fen(),
  overdueDays: Type.Integer(),
  lateFee: LateFeeResultSchema,
  waivedFen: Fen(),
  /** late fee still to charge: the fee to date less what was charged and what was waived */
  feeDueFen: Fen(),
});
export type BillDebt = Static<typeof BillDebtSchema>;

/** A bill with a late fee charged at payments (paid or not): a waiver may still cover `waivableFen` of it (waiver-rules.ts). */
export const ChargedFeeSchema = Type.Object({ billId: Id, cycle: Type.String(), chargedFen: Fen(), paidFen: Fen(), waivableFen: Fen() });
export type ChargedFee = Static<typeof ChargedFeeSchema>;

export const AccountCollectionSchema = Type.Object({
  accountId: Id,
  accountNo: Type.String(),
  customerName: Type.String(),
  orgUnitId: Id,
  customerClass: Type.String(),
  important: Type.Boolean(),
  asOf: Type.String(),
  principalOwedFen: Fen(),
  feeDueFen: Fen(),
  maxOverdueDays: Type.Integer(),
  supply: Type.Enum(['on', 'stop_ordered', 'stopped']),
  bills: Type.Array(BillDebtSchema),
  risk: RiskScoreSchema,
  /** every step, oldest first: the account's collection timeline */
  steps: Type.Array(StepOutSchema),
  waivers: Type.Array(WaiverOutSchema),
  /** bills whose late fee was charged at payments, settled ones included: a waiver of a paid fee credits the account */
  chargedFees: Type.Array(ChargedFeeSchema),
  installments: Type.Array(AgreementOutSchema),
  writeOffs: Type.Array(WriteOffOutSchema),
});
export type AccountCollection = Static<typeof AccountCollectionSchema>;

export const BoardSchema = Type.Object({
  asOf: Nullable(Type.String()),
  bucketLabels: Type.Array(Type.String()),
  units: Type.Array(
    Type.Object({
      orgUnitId: Id,
      name: Type.String(),
      buckets: Type.Array(Type.Object({ bucket: Type.Integer(), accounts: Type.Integer(), principalFen: Fen(), feeFen: Fen() })),
    }),
  ),
  risky: Type.Array(
    Type.Object({
      accountId: Id,
      accountNo: Type.String(),
      customerName: Type.String(),
      arrearsFen: Fen(),
      maxOverdueDays: Type.Integer(),
      risk: RiskScoreSchema,
    }),
  ),
  /** accounts a reminder is due for (derived from the last pass; a reminder becomes a step when recorded) */
  dueToday: Type.Array(
    Type.Object({ accountId: Id, accountNo: Type.String(), customerName: Type.String(), arrearsFen: Fen(), maxOverdueDays: Type.Integer() }),
  ),
  awaitingNotice: Type.Array(
    Type.Object({ accountId: Id, accountNo: Type.String(), customerName: Type.String(), arrearsFen: Fen(), maxOverdueDays: Type.Integer() }),
  ),
  stopOrders: Type.Array(StepOutSchema),
  restores: Type.Array(StepOutSchema),
  pendingWaivers: Type.Array(WaiverOutSchema),
  pendingWriteOffs: Type.Array(WriteOffOutSchema),
});
export type Board = Static<typeof BoardSchema>;

export const PassOutSchema = Type.Object({
  date: Type.String(),
  steps: Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer(), ms: Type.Integer() })),
});

export const WaiverCreateBody = Body({ billId: Id, amountFen: Fen({ minimum: 1 }), reason: Text(500) });
export type WaiverCreate = Static<typeof WaiverCreateBody>;
export const WriteOffCreateBody = Body({ reason: Text(500) });
export type WriteOffCreate = Static<typeof WriteOffCreateBody>;
export const ServeMethod = Type.Enum(['in_person', 'registered_mail', 'posted_on_site']);
/** Issue a notice; with `method` it is served at once (the serving recorded), without it it waits to be served. */
export const NoticeBody = Body({
  servedOn: Type.Optional(LocalDate()),
  servedAt: Type.Optional(Instant()),
  servedTo: Type.Optional(Text(100)),
  method: Type.Optional(ServeMethod),
  note: Type.Optional(Text(500)),
});
/** The serving (送达) of an issued notice: how, when (default now), to whom. */
export const ServeBody = Body({
  method: ServeMethod,
  servedAt: Type.Optional(Instant()),
  servedTo: Type.Optional(Text(100)),
  note: Type.Optional(Text(500)),
});
export type ServeBodyT = Static<typeof ServeBody>;
export type NoticeBodyT = Static<typeof NoticeBody>;
export const ReminderBody = Body({ method: Type.Enum(['sms', 'call', 'letter', 'visit']), note: Type.Optional(Text(500)) });
export type ReminderBodyT = Static<typeof ReminderBody>;
export const CallBody = Body({ outcome: Type.Enum(['reached', 'no_answer', 'promised_to_pay']), note: Type.Optional(Text(500)) });
export type CallBodyT = Static<typeof CallBody>;
export const InstallmentBody = Body({ items: Type.Array(InstallmentItemSchema, { minItems: 1, maxItems: 24 }), note: Type.Optional(Text(500)) });
export type InstallmentBodyT = Static<typeof InstallmentBody>;
export const PassBody = Body({ date: Type.Optional(LocalDate()) });
export const AccountParams = Type.Object({ accountId: Id }, { additionalProperties: false });
export { PdfFile } from '../../platform/schema.js';
