/**
 * The ledger module's contract (docs/ledger.md): chart of accounts, money events and their posting,
 * journal entries, periods, trial balance and consolidation, declared once. Services and routes
 * take their types from here (Static<typeof …>). Money is integer fen; periods are YYYYMM.
 */
import { Type, type Static } from 'typebox';
import { Body, Fen, Id, Int, LocalDate, Nullable, Query, Text } from '../../platform/schema.js';

export const MONEY_EVENT_TYPES = [
  'bill_released',
  'payment_received',
  'late_fee_charged',
  'late_fee_waived',
  'refund',
  'write_off',
  'withholding_settled',
  'prepaid_topup',
  'prepaid_consumption',
  'bill_credit_applied',
  'bad_debt_recovered',
  'late_fee_credited',
  'cash_deposited',
  'gateway_settled',
  'credit_applied',
  'payment_received_card',
  'payment_received_transfer',
  'gateway_difference',
  'card_settlement',
  'gateway_difference_cleared',
] as const;
export type MoneyEventType = (typeof MONEY_EVENT_TYPES)[number];
export const MoneyEventTypeSchema = Type.Enum(MONEY_EVENT_TYPES);
export const CATEGORIES = ['asset', 'liability', 'common', 'equity', 'cost', 'profit_loss'] as const;
export const SideSchema = Type.Enum(['debit', 'credit']);
/** An accounting period: year × 100 + month (202612). */
export const Period = Int(190001, 999912, { description: '会计期间 YYYYMM / accounting period' });
export const AccountCode = Type.String({ pattern: '^[0-9]{2,24}$', description: '科目编码 / account code' });
/** Positive amount of a line or event component. */
export const PosFen = Fen({ minimum: 0 });

/**
 * A money event another module posts (the posting contract): its type and id (unique per type: the
 * same event never posts twice), the unit whose books it goes to, the accounting date, the customer
 * class when the rules depend on it, and its amounts by component (bill_released: energy, funds;
 * payment_received: principal, lateFee, credit; late_fee_*: lateFee; write_off: principal; refund,
 * withholding_settled, prepaid_topup: amount; prepaid_consumption: energy; bill_credit_applied: principal, lateFee,
 * credit; bad_debt_recovered: principal, lateFee; late_fee_credited: lateFee; cash_deposited: deposit, covered, shortage,
 * overage; gateway_settled: bank, fee, gross; credit_applied: principal, lateFee; payment_received_card and
 * payment_received_transfer: as payment_received; gateway_difference: bankIn, fee, short, transit, over, bankOut;
 * card_settlement: bank, fee, gross; gateway_difference_cleared: over, bankIn, expense, short, bankOut, income).
 * 'total' in a rule is the sum of the components.
 */
export const MoneyEventSchema = Type.Object(
  {
    type: MoneyEventTypeSchema,
    id: Text(80),
    orgUnitId: Id,
    date: LocalDate(),
    customerClass: Type.Optional(Type.String({ maxLength: 40 })),
    amounts: Type.Record(Type.String({ pattern: '^[a-zA-Z]{1,40}$' }), PosFen),
    counterOrgUnitId: Type.Optional(Id),
    memo: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export type MoneyEvent = Static<typeof MoneyEventSchema>;

export const PostingRuleSchema = Type.Object({
  eventType: Type.String(),
  seq: Type.Integer(),
  customerClass: Nullable(Type.String()),
  side: SideSchema,
  amountKey: Type.String(),
  accountCode: Type.String(),
  source: Type.String(),
});
export type PostingRule = Static<typeof PostingRuleSchema>;

export const CodeRuleSchema = Type.Object({ segmentLengths: Type.Array(Type.Integer()), groupLevels: Type.Integer(), source: Type.String() });
export type CodeRule = Static<typeof CodeRuleSchema>;

export const AccountSchema = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: Type.Integer(),
  parentId: Nullable(Id),
  category: Type.Enum(CATEGORIES),
  normalSide: SideSchema,
  /** null: a group account (levels 1..groupLevels); else the unit that added it. */
  orgUnitId: Nullable(Id),
});
export type Account = Static<typeof AccountSchema>;
export const ChartSchema = Type.Object({ codeRule: CodeRuleSchema, accounts: Type.Array(AccountSchema), postingRules: Type.Array(PostingRuleSchema) });
export type Chart = Static<typeof ChartSchema>;
export const ChartQuery = Query({ orgUnitId: Type.Optional(Id) });

export const AccountCreateBody = Body({
  code: AccountCode,
  name: Text(64),
  nameEn: Type.Optional(Text(128)),
  /** The unit adding a sub-account (levels above groupLevels); absent for a group account. */
  orgUnitId: Type.Optional(Id),
});
export type AccountCreate = Static<typeof AccountCreateBody>;

export const LedgerUnitSchema = Type.Object({
  orgUnitId: Id,
  orgPath: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
});
export type LedgerUnit = Static<typeof LedgerUnitSchema>;

export const EntryLineSchema = Type.Object({
  lineNo: Type.Integer(),
  accountId: Id,
  accountCode: Type.String(),
  accountName: Type.String(),
  accountNameEn: Nullable(Type.String()),
  debitFen: Fen(),
  creditFen: Fen(),
  counterOrgUnitId: Nullable(Id),
  memo: Nullable(Type.String()),
});
export const EntrySchema = Type.Object({
  id: Id,
  orgUnitId: Id,
  entryDate: LocalDate(),
  period: Type.Integer(),
  sourceType: Type.String(),
  sourceId: Type.String(),
  memo: Nullable(Type.String()),
  reversesEntryId: Nullable(Id),
  reversedByEntryId: Nullable(Id),
  postedAt: Type.String(),
  lines: Type.Array(EntryLineSchema),
});
export type Entry = Static<typeof EntrySchema>;
export const EntryListQuery = Query({
  orgUnitId: Id,
  period: Type.Optional(Period),
  accountCode: Type.Optional(AccountCode),
  limit: Type.Optional(Int(1, 500)),
  offset: Type.Optional(Int(0, 1_000_000)),
});
export type EntryListQueryT = Static<typeof EntryListQuery>;
export const EntryPageSchema = Type.Object({ items: Type.Array(EntrySchema), total: Type.Integer() });

export const ManualLineBody = Type.Object(
  {
    accountCode: AccountCode,
    debitFen: Type.Optional(PosFen),
    creditFen: Type.Optional(PosFen),
    counterOrgUnitId: Type.Optional(Id),
    memo: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export const ManualEntryBody = Body({
  orgUnitId: Id,
  date: LocalDate(),
  memo: Text(200),
  lines: Type.Array(ManualLineBody, { minItems: 2, maxItems: 200 }),
  /** The client's key for the entry: posting the same key again answers the entry already posted. */
  key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{4,80}$' })),
});
export type ManualEntry = Static<typeof ManualEntryBody>;
export const PostResultSchema = Type.Object({ entryId: Id, replayed: Type.Boolean() });
export type PostResult = Static<typeof PostResultSchema>;

export const ReverseBody = Body({ date: Type.Optional(LocalDate()), memo: Type.Optional(Text(200)) });
export type Reverse = Static<typeof ReverseBody>;

export const PeriodSchema = Type.Object({
  orgUnitId: Id,
  period: Type.Integer(),
  status: Type.Enum(['open', 'closed']),
  closedAt: Nullable(Type.String()),
  entries: Type.Integer(),
});
export type PeriodRow = Static<typeof PeriodSchema>;
export const PeriodListQuery = Query({ orgUnitId: Id });
export const PeriodParams = Type.Object({ orgUnitId: Id, period: Period }, { additionalProperties: false });

export const TbRowSchema = Type.Object({
  accountId: Id,
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: Type.Integer(),
  parentId: Nullable(Id),
  normalSide: SideSchema,
  /** Balances signed debit-positive (a credit balance is negative); rolled up: the account and all below it. */
  openingFen: Fen(),
  debitFen: Fen(),
  creditFen: Fen(),
  closingFen: Fen(),
});
export type TbRow = Static<typeof TbRowSchema>;
export const TbTotalsSchema = Type.Object({ openingFen: Fen(), debitFen: Fen(), creditFen: Fen(), closingFen: Fen(), balanced: Type.Boolean() });
export const TrialBalanceSchema = Type.Object({ orgUnitId: Id, period: Type.Integer(), rows: Type.Array(TbRowSchema), totals: TbTotalsSchema });
export type TrialBalance = Static<typeof TrialBalanceSchema>;
export const TrialBalanceQuery = Query({ orgUnitId: Id, period: Period });

export const ConsolidationRowSchema = Type.Object({
  ...TbRowSchema.properties,
  /** What elimination removed from debits and credits (lines between two units of the subtree). */
  eliminatedDebitFen: Fen(),
  eliminatedCreditFen: Fen(),
});
export type ConsolidationRow = Static<typeof ConsolidationRowSchema>;
export const ConsolidationSchema = Type.Object({
  rootOrgUnitId: Id,
  period: Type.Integer(),
  units: Type.Array(LedgerUnitSchema),
  rows: Type.Array(ConsolidationRowSchema),
  totals: TbTotalsSchema,
  /** Inter-unit lines eliminated; their debits and credits differ when one side is not recorded. */
  eliminated: Type.Object({ debitFen: Fen(), creditFen: Fen(), matched: Type.Boolean() }),
});
export type Consolidation = Static<typeof ConsolidationSchema>;

export const LedgerExportQuery = Query({ orgUnitId: Id, period: Period, accountCode: AccountCode });
export { XlsxFile } from '../../platform/schema.js';
