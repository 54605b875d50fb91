/**
 * The collection rules' contract: the late-fee policy (电费违约金, docs/rules.md §3) and the payment
 * allocation policy as data, and the shapes the pure rules take and give, declared once.
 * Money is integer fen; rates are decimal text (per day, '0.001' = 1‰), never binary floats.
 */
import { Type, type Static } from 'typebox';
import { Fen, Int, LocalDate, Text } from '../../platform/schema.js';

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
