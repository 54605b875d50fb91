/**
 * The billing module's contract: tariff versions (the policy data every rule reads), the national
 * policy tables, the rating input and the bill lines, declared once. Rules, services and routes
 * take their types from here (Static<typeof …>).
 *
 * Prices are decimal strings in yuan (¥) per unit ('0.617' ¥/kWh, '38' ¥/kVA·month) so no price is
 * ever a binary float; quantities are numbers read through their decimal text; amounts are integer fen.
 */
import { Type, type Static } from 'typebox';
import { Body, Id, Int, LocalDate, Nullable, Num, Fen, Query, Text } from '../../platform/schema.js';

/** A price or factor in yuan as decimal text: up to 6 integer and 6 fraction digits. */
export const Price = Type.String({ pattern: '^\\d{1,6}(\\.\\d{1,6})?$', maxLength: 13, description: '元，十进制字符串 / yuan as decimal text' });
/** A signed percentage or factor as decimal text. */
export const SignedDec = Type.String({ pattern: '^-?\\d{1,6}(\\.\\d{1,6})?$', maxLength: 14 });
/** kWh, kvarh, kW, kVA: non-negative, at most 3 decimals' worth of meaning, far below 10^12. */
export const Qty = Num(0, 1_000_000_000_000);
export const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'HH:MM (24:00 = end of day)' });

export const PERIODS = ['critical', 'peak', 'flat', 'valley'] as const;
export type Period = (typeof PERIODS)[number];
export const PeriodSchema = Type.Enum(PERIODS);
export const CUSTOMER_CLASSES = ['residential', 'commercial_industrial', 'agricultural'] as const;
export const CustomerClassSchema = Type.Enum(CUSTOMER_CLASSES);
export const PRICINGS = ['single', 'two_part'] as const;
export const PricingSchema = Type.Enum(PRICINGS);
export const VoltageSchema = Type.String({
  pattern: '^[a-z0-9_]{2,16}$',
  description: "电压等级 / voltage level: 'lv' (< 1 kV), '10kv' (1–10 kV), '35kv', '110kv' …",
});

/** Prices of one tier (or of an untiered tariff): `all` for a flat price, or one per TOU period. */
export const PriceSetSchema = Type.Object(
  {
    all: Type.Optional(Price),
    critical: Type.Optional(Price),
    peak: Type.Optional(Price),
    flat: Type.Optional(Price),
    valley: Type.Optional(Price),
  },
  { additionalProperties: false },
);
export type PriceSet = Static<typeof PriceSetSchema>;

/**
 * Tier thresholds (阶梯): upper bounds in kWh of every tier but the last, inclusive (tier 1 is 0–b1,
 * tier 2 is b1–b2, …). `annual` counts on the household's tier year (prorated by days when the year is
 * partial); `monthly` gives the bounds per calendar month (12 rows, January first).
 */
export const TierThresholdsSchema = Type.Union([
  Type.Object({ basis: Type.Literal('annual'), bounds: Type.Array(Qty, { minItems: 1, maxItems: 8 }) }, { additionalProperties: false }),
  Type.Object(
    { basis: Type.Literal('monthly'), bounds: Type.Array(Type.Array(Qty, { minItems: 1, maxItems: 8 }), { minItems: 12, maxItems: 12 }) },
    { additionalProperties: false },
  ),
]);
export type TierThresholds = Static<typeof TierThresholdsSchema>;

/** Time-of-use calendar (分时): per season (a set of months), hour ranges → period; every day covered once. */
export const TouCalendarSchema = Type.Object(
  {
    seasons: Type.Array(
      Type.Object(
        {
          name: Text(32),
          months: Type.Array(Int(1, 12), { minItems: 1, maxItems: 12 }),
          ranges: Type.Array(Type.Object({ from: Time, to: Time, period: PeriodSchema }, { additionalProperties: false }), { minItems: 1, maxItems: 48 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 12 },
    ),
    /**
     * How public holidays are priced (节假日): on a holiday of the platform calendar (calendar_days, kind
     * 'holiday'; `names` limits it to holidays of those names, e.g. 春节, 劳动节, 国庆节) the day follows these
     * ranges instead of its season's — all day valley, or a day with critical peaks added. Absent: holidays
     * are priced as any other day.
     */
    holidays: Type.Optional(
      Type.Object(
        {
          names: Type.Optional(Type.Array(Text(32), { minItems: 1, maxItems: 20 })),
          ranges: Type.Array(Type.Object({ from: Time, to: Time, period: PeriodSchema }, { additionalProperties: false }), { minItems: 1, maxItems: 48 }),
          note: Type.Optional(Text(200)),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TouCalendar = Static<typeof TouCalendarSchema>;
/** Holidays of the platform calendar in a stretch: date (YYYY-MM-DD) → name (null when unnamed). */
export type HolidayDays = ReadonlyMap<string, string | null>;

/** Basic charge (基本电费) of a two-part tariff. */
export const BasicChargeSchema = Type.Object(
  {
    capacityPrice: Price, // ¥ per kVA·month (按容量)
    demandPrice: Price, // ¥ per kW·month (按需量)
  },
  { additionalProperties: false },
);

/** A government fund or surcharge (政府性基金及附加) billed per kWh as its own line. */
export const FundSchema = Type.Object(
  { code: Type.String({ pattern: '^[a-z0-9_]{2,40}$' }), nameZh: Text(64), nameEn: Text(128), price: Price },
  { additionalProperties: false },
);
export type Fund = Static<typeof FundSchema>;

/** The figures of one tariff version: energy prices (tiered or not, flat or TOU), basic charge, funds, TOU calendar. */
export const TariffContentSchema = Type.Object(
  {
    /** Tier thresholds; absent for an untiered tariff (then `rates` has one entry). */
    tiers: Type.Optional(TierThresholdsSchema),
    /** Prices per tier (one entry when untiered) for customers billed without TOU. */
    rates: Type.Array(PriceSetSchema, { minItems: 1, maxItems: 9 }),
    /** Prices per tier with TOU (分时), for customers billed by period. */
    touRates: Type.Optional(Type.Array(PriceSetSchema, { minItems: 1, maxItems: 9 })),
    touCalendar: Type.Optional(TouCalendarSchema),
    basic: Type.Optional(BasicChargeSchema),
    funds: Type.Array(FundSchema, { maxItems: 20 }),
    /** Where the figures come from, and whether they are published or illustrative. */
    source: Type.Optional(Text(400)),
  },
  { additionalProperties: false },
);
export type TariffContent = Static<typeof TariffContentSchema>;

export const TariffKeySchema = {
  province: Type.String({ pattern: '^[a-z]{2,12}$', description: "省份 / province: 'shanghai', 'zhejiang' …" }),
  customerClass: CustomerClassSchema,
  pricing: PricingSchema,
  voltage: VoltageSchema,
};
const versionProps = {
  code: Type.String({ pattern: '^[A-Za-z0-9_.-]{2,40}$' }),
  ...TariffKeySchema,
  validFrom: LocalDate(),
  /** Last day in force (inclusive); null while open-ended. */
  validTo: Nullable(LocalDate()),
  content: TariffContentSchema,
};
/** A tariff version as the rules see it. */
export const TariffVersionSchema = Type.Object({ id: Type.Optional(Id), ...versionProps }, { additionalProperties: false });
/** A stored tariff version. */
export const TariffVersionRecord = Type.Object({ id: Id, ...versionProps }, { additionalProperties: false });
export type TariffVersionRow = Static<typeof TariffVersionRecord>;
export type TariffVersion = Static<typeof TariffVersionSchema>;

/** One power-factor standard (功率因数标准值) as piecewise steps of percentage per 0.01 of factor. */
export const PfStandardTableSchema = Type.Object(
  {
    standard: Type.String({ pattern: '^0\\.\\d\\d$' }),
    /** Above the standard, ascending: each 0.01 from `from` (exclusive) to `to` (inclusive) adds `step` % (negative: reduction). */
    above: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), step: SignedDec }, { additionalProperties: false })),
    /** Below the standard, descending: each 0.01 from `from` (exclusive) down to `to` (inclusive) adds `step` %. */
    below: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), step: SignedDec }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type PfStandardTable = Static<typeof PfStandardTableSchema>;

/** Which standard applies: the first rule that matches class, HV industry and capacity. */
export const PfApplicabilitySchema = Type.Object(
  {
    standard: Type.String(),
    classes: Type.Array(CustomerClassSchema),
    hvIndustrialOnly: Type.Boolean(),
    minKva: Qty,
    minInclusive: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** National rules every tariff shares: power factor, two-part thresholds, TOU checks, reading checks. */
export const BillingPolicySchema = Type.Object(
  {
    pfTables: Type.Array(PfStandardTableSchema),
    pfApplicability: Type.Array(PfApplicabilitySchema),
    twoPart: Type.Object(
      {
        /** the classes the single- / two-part capacity rule applies to (工商业) */
        classes: Type.Array(CustomerClassSchema),
        singlePartMaxKva: Qty, // ≤ this: single-part only
        twoPartMinKva: Qty, // ≥ this: two-part only; between: customer's choice
        overContractShare: Price, // 1.05: demand above this share of the contract pays `overContractMultiplier` on the excess
        overContractMultiplier: Price, // 2
        minContractShare: Price, // 0.4 of installed capacity
        highLoadKwhPerKva: Qty, // 260 kWh per kVA per month
        highLoadDemandFactor: Price, // 0.9
      },
      { additionalProperties: false },
    ),
    tou: Type.Object({ criticalOverPeakMin: Price, peakValleyRatioMin: Price }, { additionalProperties: false }),
    reading: Type.Object(
      {
        zeroMonthsWarn: Int(1, 24),
        jumpFactor: Price,
        historyMonths: Int(1, 24),
        touToleranceKwh: Price,
        rolloverMaxShare: Price,
      },
      { additionalProperties: false },
    ),
    source: Type.Optional(Text(400)),
  },
  { additionalProperties: false },
);
export type BillingPolicy = Static<typeof BillingPolicySchema>;

/** The account as rating sees it. */
export const RatingAccountSchema = Type.Object(
  {
    customerClass: CustomerClassSchema,
    pricing: PricingSchema,
    voltage: VoltageSchema,
    /** high-voltage industrial user (高压供电的工业用户): decides the 0.90 power-factor standard */
    hvIndustrial: Type.Optional(Type.Boolean()),
    capacityKva: Qty,
    /** two-part: basic charge by capacity (按容量) or by contracted maximum demand (按需量) */
    basicBasis: Type.Optional(Type.Union([Type.Literal('capacity'), Type.Literal('demand')])),
    contractDemandKw: Type.Optional(Qty),
    /** false: the 90 % demand price for ≥ 260 kWh/kVA (526号) does not apply to this account (billing parameters) */
    highLoadEligible: Type.Optional(Type.Boolean()),
    /** billed by TOU period (执行分时电价) */
    tou: Type.Boolean(),
    /** first day of supply, for a partial first tier year */
    supplyFrom: Type.Optional(LocalDate()),
  },
  { additionalProperties: false },
);
export type RatingAccount = Static<typeof RatingAccountSchema>;

export const RegistersSchema = Type.Object(
  {
    /** kWh by TOU period, or `total` alone for a non-TOU meter */
    kwh: Type.Object(
      { total: Type.Optional(Qty), critical: Type.Optional(Qty), peak: Type.Optional(Qty), flat: Type.Optional(Qty), valley: Type.Optional(Qty) },
      { additionalProperties: false },
    ),
    kvarh: Type.Optional(Qty),
    maxDemandKw: Type.Optional(Qty),
  },
  { additionalProperties: false },
);
export type Registers = Static<typeof RegistersSchema>;

export const ServiceEventSchema = Type.Object(
  {
    /** first day the new state holds */
    date: LocalDate(),
    kind: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Literal('capacity')]),
    /** the capacity in service from `date` (capacity changes: 减容 / 减容恢复) */
    capacityKva: Type.Optional(Qty),
  },
  { additionalProperties: false },
);
export type ServiceEvent = Static<typeof ServiceEventSchema>;

export const BillLineSchema = Type.Object(
  {
    code: Type.String(),
    rule: Type.String(),
    labelZh: Type.String(),
    labelEn: Type.String(),
    tariffCode: Nullable(Type.String()),
    register: Nullable(Type.String()),
    quantity: Type.String(),
    unit: Type.String(),
    price: Type.String(),
    amountFen: Fen(),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type BillLine = Static<typeof BillLineSchema>;

export const RatingResultSchema = Type.Object(
  {
    lines: Type.Array(BillLineSchema),
    /** the tariff versions used (simulator) */
    tariffCodes: Type.Optional(Type.Array(Type.String())),
    totalFen: Fen(),
    warnings: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type RatingResult = Static<typeof RatingResultSchema>;

export const Period_ = Type.Object({ from: LocalDate(), to: LocalDate() }, { additionalProperties: false });

// ---- HTTP shapes ----

export const TariffListQuery = Type.Object(
  {
    province: Type.Optional(TariffKeySchema.province),
    customerClass: Type.Optional(CustomerClassSchema),
    /** in force on this day (default: today) */
    on: Type.Optional(LocalDate()),
  },
  { additionalProperties: false },
);
export type TariffListFilter = Static<typeof TariffListQuery>;

export const TariffVersionCreateBody = Body({ ...versionProps, validTo: Type.Optional(Nullable(LocalDate())) });
export type TariffVersionCreate = Static<typeof TariffVersionCreateBody>;
export const TariffVersionCreated = Type.Object({
  version: TariffVersionRecord,
  /** the open predecessor this version closed (its validTo set to the day before), if any */
  closed: Nullable(TariffVersionRecord),
  warnings: Type.Array(Type.String()),
});
export type TariffVersionCreatedOut = Static<typeof TariffVersionCreated>;

export const SimulateBody = Body({
  province: TariffKeySchema.province,
  account: RatingAccountSchema,
  period: Period_,
  registers: RegistersSchema,
  /** kWh already billed in the tier year before this period */
  ytdKwh: Type.Optional(Qty),
  /** the household's tier year, when it is not the calendar year */
  tierYear: Type.Optional(Period_),
  events: Type.Optional(Type.Array(ServiceEventSchema, { maxItems: 31 })),
  /** a proposed table to rate under instead of the stored versions ("what would this customer pay under this table") */
  table: Type.Optional(TariffContentSchema),
  /** the account simulated: its metering split (定比定量, docs/billing.md §23) in force on period.from is applied as a bill run would */
  accountId: Type.Optional(Id),
});
export type SimulateInput = Static<typeof SimulateBody>;
/** The metering split a simulation applied (定比定量, §23): what went to the split class and what stayed with the main class. */
export const AppliedSplitSchema = Type.Object({
  kind: Type.String(),
  customerClass: Type.String(),
  sharePct: Type.Optional(Type.String()),
  kwh: Type.Optional(Type.Number()),
  splitKwh: Type.String(),
  mainKwh: Type.String(),
  capped: Type.Boolean(),
  rule: Type.String(),
});
/** The simulator's answer: the bill lines, and with `accountId` the account's metering split applied (null: none). */
export const SimulateResultSchema = Type.Object(
  { ...RatingResultSchema.properties, meteringSplit: Type.Optional(Nullable(AppliedSplitSchema)) },
  { additionalProperties: false },
);
export type SimulateResult = Static<typeof SimulateResultSchema>;
/** The simulator's account picker: accounts in scope whose number (户号) starts with `q`. */
export const BillingAccountQuery = Query({ q: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z-]+$' }) });
export const BillingAccountSchema = Type.Object({
  accountId: Id,
  accountNo: Type.String(),
  customerName: Type.String(),
  customerClass: Type.String(),
  status: Type.String(),
});
export type BillingAccount = Static<typeof BillingAccountSchema>;

// ---- meter readings, bill runs, bills (docs/billing.md §9–§12) ----

export const Cycle = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: '计费周期 / billing cycle YYYY-MM' });
/** The largest reading file the API takes (the CLI reads any size). */
export const MAX_IMPORT_CHARS = 8_000_000;

export const ImportBody = Body({
  fileName: Text(200),
  /** the CSV text (docs/billing.md §9) */
  text: Type.String({ minLength: 1, maxLength: MAX_IMPORT_CHARS }),
  /** a key the client chooses to poll the import's progress with (GET /api/billing/readings/import-progress/:uploadId) */
  uploadId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
});
export const UploadParams = Type.Object({ uploadId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }) }, { additionalProperties: false });
export const ImportProgressSchema = Type.Object({ stage: Type.String(), done: Type.Integer(), total: Type.Integer() });
export type ImportProgress = Static<typeof ImportProgressSchema>;
export const ImportResultSchema = Type.Object({
  importId: Id,
  fileName: Type.String(),
  checksum: Type.String(),
  /** data lines in the file */
  lines: Type.Integer(),
  /** readings stored */
  readings: Type.Integer(),
  /** lines (or interval sums) whose reading was already stored: not stored twice */
  repeated: Type.Integer(),
  /** exceptions queued */
  exceptions: Type.Integer(),
});
export type ImportResult = Static<typeof ImportResultSchema>;

const ReadingValue = Type.String({ pattern: '^\\d{1,14}(\\.\\d{1,4})?$', maxLength: 19 });
export const ManualReadingBody = Body({
  meterNo: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
  /** China Standard Time, YYYY-MM-DD HH:MM */
  readAt: Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d$', maxLength: 16 }),
  registers: Type.Object(
    {
      kwh_total: Type.Optional(ReadingValue),
      kwh_critical: Type.Optional(ReadingValue),
      kwh_peak: Type.Optional(ReadingValue),
      kwh_flat: Type.Optional(ReadingValue),
      kwh_valley: Type.Optional(ReadingValue),
      kvarh: Type.Optional(ReadingValue),
      max_demand_kw: Type.Optional(ReadingValue),
    },
    { additionalProperties: false },
  ),
  estimated: Type.Optional(Type.Boolean()),
  meterChanged: Type.Optional(Type.Boolean()),
});
export type ManualReadingInput = Static<typeof ManualReadingBody>;

export const EXCEPTION_STATUSES = ['open', 'accepted', 'corrected', 'disputed'] as const;
export const ReadingExceptionSchema = Type.Object({
  id: Id,
  accountId: Id,
  meterId: Id,
  readAt: Type.String(),
  cycle: Type.String(),
  code: Type.String(),
  severity: Type.String(),
  messageZh: Type.String(),
  messageEn: Type.String(),
  status: Type.Enum(EXCEPTION_STATUSES),
  workOrderId: Nullable(Id),
  note: Nullable(Type.String()),
});
export type ReadingExceptionOut = Static<typeof ReadingExceptionSchema>;
export const ExceptionQuery = Type.Object(
  {
    cycle: Type.Optional(Cycle),
    status: Type.Optional(Type.Enum(EXCEPTION_STATUSES)),
    accountId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type ExceptionFilter = Static<typeof ExceptionQuery>;
export const AcceptBody = Body({ note: Text(500) });
export const DisputeBody = Body({ description: Text(1000) });

export const ReadingSchema = Type.Object({
  meterId: Id,
  register: Type.String(),
  readAt: Type.String(),
  mode: Type.String(),
  value: Type.String(),
  estimated: Type.Boolean(),
  meterChanged: Type.Boolean(),
  cycle: Type.String(),
  importId: Nullable(Id),
});
export type ReadingOut = Static<typeof ReadingSchema>;
export const AccountParams = Type.Object({ accountId: Id }, { additionalProperties: false });

export const RunStartBody = Body({
  cycle: Cycle,
  /** the org unit whose accounts are billed (its whole subtree) */
  orgCode: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
  /** accounts per chunk (default: billing_settings.chunk_accounts) */
  chunkAccounts: Type.Optional(Type.Integer({ minimum: 10, maximum: 100_000 })),
});
export type RunStart = Static<typeof RunStartBody>;
export const RUN_STATUSES = ['running', 'review', 'released', 'cancelled'] as const;
export const BillRunSchema = Type.Object({
  id: Id,
  cycle: Type.String(),
  orgUnitId: Id,
  status: Type.Enum(RUN_STATUSES),
  accountsTotal: Type.Integer(),
  accountsDone: Type.Integer(),
  billed: Type.Integer(),
  exceptions: Type.Integer(),
  /** prepaid accounts left out of the run (charged daily by the prepaid pass, §20): not exceptions */
  skippedPrepaid: Type.Integer(),
  totalFen: Fen(),
  chunks: Type.Integer(),
  chunksDone: Type.Integer(),
  /** chunks set aside after repeated failures (retry puts them back; release refuses while any) */
  chunksFailed: Type.Integer(),
  /** accounts done per second since the start (to the finish) */
  accountsPerS: Type.Number(),
  reviewerId: Nullable(Id),
  releasedAt: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export type BillRunOut = Static<typeof BillRunSchema>;
export const RunListQuery = Type.Object({ cycle: Type.Optional(Cycle) }, { additionalProperties: false });
export const RunExceptionSchema = Type.Object({
  accountId: Id,
  code: Type.String(),
  messageZh: Type.String(),
  messageEn: Type.String(),
  resolved: Type.Boolean(),
});
export type RunException = Static<typeof RunExceptionSchema>;
/** An account a run left out on purpose, and why (code 'prepaid'). */
export const RunSkipSchema = Type.Object({ accountId: Id, code: Type.String(), messageZh: Type.String(), messageEn: Type.String() });
export type RunSkip = Static<typeof RunSkipSchema>;

export const BILL_KINDS = ['normal', 'reversal', 'rebill', 'interim'] as const;
export const BILL_STATUSES = ['draft', 'released', 'cancelled'] as const;
export const BillSummarySchema = Type.Object({
  id: Id,
  accountId: Id,
  cycle: Type.String(),
  kind: Type.Enum(BILL_KINDS),
  status: Type.Enum(BILL_STATUSES),
  runId: Nullable(Id),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  kwh: Type.String(),
  totalFen: Fen(),
  tariffCodes: Type.Array(Type.String()),
  replacesBillId: Nullable(Id),
  reason: Nullable(Type.String()),
  releasedAt: Nullable(Type.String()),
  /** 缴费期限: the last day to pay without a late fee (released bills) */
  dueDate: Nullable(LocalDate()),
  /** an interim bill of split settlement (分次结算): its number in the month; null for other bills */
  interimNo: Nullable(Type.Integer()),
});
export type BillSummary = Static<typeof BillSummarySchema>;
export const StoredBillLineSchema = Type.Object({
  lineNo: Type.Integer(),
  code: Type.String(),
  rule: Type.String(),
  labelZh: Type.String(),
  labelEn: Type.String(),
  tariffCode: Nullable(Type.String()),
  register: Nullable(Type.String()),
  /** the readings the quantity comes from */
  reading: Nullable(Type.String()),
  quantity: Type.String(),
  unit: Type.String(),
  price: Type.String(),
  amountFen: Fen(),
  note: Nullable(Type.String()),
});
export const BillSchema = Type.Object({
  ...BillSummarySchema.properties,
  /** what the bill was rated from: profile, registers and their readings, year-to-date kWh */
  inputs: Type.Record(Type.String(), Type.Unknown()),
  lines: Type.Array(StoredBillLineSchema),
});
export type BillOut = Static<typeof BillSchema>;
export const BillPage = Type.Object({ items: Type.Array(BillSummarySchema), total: Type.Integer() });
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
  },
  { additionalProperties: false },
);
export const AccountStatementSchema = Type.Object({
  accountId: Id,
  bills: Type.Array(BillSummarySchema),
  usage: Type.Array(Type.Object({ cycle: Type.String(), kwh: Type.Number(), totalFen: Fen() })),
});
export type AccountStatement = Static<typeof AccountStatementSchema>;
export const RebillBody = Body({ reason: Text(500) });
export const RebillResultSchema = Type.Object({ cancelled: BillSummarySchema, reversal: BillSummarySchema, rebill: BillSummarySchema });

export const ReadingRouteBody = Body({
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
  name: Text(100),
  orgCode: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
  /** day of the month the route is read (its monthly cycle) */
  readDay: Int(1, 28),
  /** meters in reading order */
  meterNos: Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }), { minItems: 1, maxItems: 5000 }),
});
export type ReadingRouteCreate = Static<typeof ReadingRouteBody>;
export const ReadingRouteSchema = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  readDay: Type.Integer(),
  orgUnitId: Id,
  meters: Type.Integer(),
  nextReadDate: Type.String(),
});
export type ReadingRouteOut = Static<typeof ReadingRouteSchema>;
export const ReadingSheetSchema = Type.Object({
  route: ReadingRouteSchema,
  meters: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      meterNo: Type.String(),
      accountNo: Type.String(),
      multiplier: Type.String(),
      last: Type.Array(Type.Object({ register: Type.String(), value: Type.String(), readAt: Type.String() })),
    }),
  ),
});
export type ReadingSheet = Static<typeof ReadingSheetSchema>;

/** A bill's PDF, or a run's print file streamed as it is drawn; a run's Excel export streamed as it is written. */
export { PdfFile, XlsxFile } from '../../platform/schema.js';

/** The public tariff notice (信息发布): the company's province's tariff versions in force on a day. */
export const PublicTariffQuery = Type.Object({ on: Type.Optional(LocalDate()) }, { additionalProperties: false });
export const PublicTariffsSchema = Type.Object({
  province: Type.String(),
  on: LocalDate(),
  tariffs: Type.Array(TariffVersionRecord),
});
export type PublicTariffs = Static<typeof PublicTariffsSchema>;

// ── billing settings (docs/billing.md §17) ──────────────────────────────────────────────────────────
/** A link template: http(s), one placeholder; the placeholder itself is checked by the service (named). */
const LinkTemplate = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500, description: 'http(s) 链接模板 / link template' });
export const BillingSettingsBody = Body({
  /** the province whose tariffs are billed (must have tariff versions) */
  province: Type.String({ pattern: '^[a-z_]{2,32}$', maxLength: 32 }),
  /** digits of a meter register (rollover), 4–12 */
  registerDigits: Int(4, 12),
  /** accounts per chunk of a bill run */
  chunkAccounts: Int(10, 100_000),
  /** days from release to the due date (缴费期限) */
  paymentDays: Int(1, 90),
  /** the service hotline printed on bills */
  hotline: Type.String({ pattern: '^[0-9][0-9-]{2,19}$', maxLength: 20 }),
  lateFeeNoticeZh: Text(600),
  lateFeeNoticeEn: Text(600),
  /** the e-bill link, with {billId} (§14); null: the message points to the portal */
  ebillLink: Nullable(LinkTemplate),
  /** the pay page a bill's QR code opens, with {payRef}; null: the QR code carries the pay reference */
  payLink: Nullable(LinkTemplate),
  /** split settlement: the background job issues interim bills on their agreed day (§19); absent: unchanged */
  interimAutoIssue: Type.Optional(Type.Boolean()),
});
export type BillingSettingsInput = Static<typeof BillingSettingsBody>;
export const BillingSettingsSchema = Type.Object({
  ...BillingSettingsBody.properties,
  interimAutoIssue: Type.Boolean(),
  /** the provinces that have tariff versions (the choices for `province`) */
  provinces: Type.Array(Type.String()),
  updatedAt: Nullable(Type.String()),
});
export type BillingSettingsRecord = Static<typeof BillingSettingsSchema>;

// ── pay QR code of a bill (§13) ─────────────────────────────────────────────────────────────────────
export const BillPaySchema = Type.Object({
  billId: Id,
  /** 缴费编号: account number, bill id and a Luhn check digit */
  payRef: Type.String(),
  /** what the QR code encodes: the pay link with the reference, or the reference alone */
  payText: Type.String(),
  /** the QR code as an SVG document */
  qrSvg: Type.String(),
  totalFen: Fen(),
  dueDate: Nullable(Type.String()),
});

// ── portal usage and the TOU what-if (需求侧管理, §18) ───────────────────────────────────────────────
const PeriodKwh = Type.Object({
  critical: Type.Number(),
  peak: Type.Number(),
  flat: Type.Number(),
  valley: Type.Number(),
});
export const UsageMonthSchema = Type.Object({
  cycle: Type.String(),
  billId: Id,
  kwh: Type.String(),
  totalFen: Fen(),
  /** kWh by TOU period as billed (null for an account not billed by TOU) */
  byPeriod: Nullable(PeriodKwh),
});
export const UsageAccountSchema = Type.Object({
  accountId: Id,
  accountNo: Type.String(),
  address: Type.String(),
  tou: Type.Boolean(),
  months: Type.Array(UsageMonthSchema),
});
export const PortalUsageSchema = Type.Object({ accounts: Type.Array(UsageAccountSchema) });
export const WhatIfQuery = Type.Object(
  {
    accountId: Id,
    /** the share of the peak (and critical-peak) kWh moved to valley hours, in percent */
    sharePct: Int(1, 100),
    /** also move critical-peak (尖峰) kWh (default true) */
    critical: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const WhatIfSchema = Type.Object({
  accountId: Id,
  billId: Id,
  cycle: Type.String(),
  sharePct: Type.Integer(),
  tariffCodes: Type.Array(Type.String()),
  before: PeriodKwh,
  after: PeriodKwh,
  movedKwh: Type.Number(),
  beforeFen: Fen(),
  afterFen: Fen(),
  /** beforeFen − afterFen: what the month would have cost less */
  savingFen: Fen(),
});
export type WhatIfResult = Static<typeof WhatIfSchema>;

// ── split settlement (分次结算, §19) ────────────────────────────────────────────────────────────────
/** A share of the base in percent: decimal text, at most two decimals (30, 33.33). */
const SharePct = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$', maxLength: 6, description: '百分比 / percent' });
export const SPLIT_BASES = ['share', 'reading'] as const;
export const SplitAgreementBody = Body({
  /**
   * what an interim bill charges: 'share' (分次划拨: a share of the previous month's amount, the default) or 'reading'
   * (分次抄表: the consumption read on the day since the previous interim reading, §22)
   */
  basis: Type.Optional(Type.Enum(SPLIT_BASES)),
  /** the days of the month the interim bills are issued on (the meter read on, for 'reading'), ascending (policy: 1–28, at most 3) */
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 31 }), { minItems: 1, maxItems: 31 }),
  /** each interim bill's share of the base (previous month's amount), in percent; empty for 'reading' */
  sharePct: Type.Array(SharePct, { minItems: 0, maxItems: 31 }),
  /** the agreed monthly amount (fen) used when the account has no previous month */
  expectedMonthlyFen: Nullable(Type.Integer({ minimum: 0, maximum: 1e14 })),
  /** days from an interim bill's issue to its due date (policy default when absent) */
  paymentDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  /** false: no more interim bills (the month's issued ones are still netted) */
  active: Type.Boolean(),
});
export type SplitAgreementInput = Static<typeof SplitAgreementBody>;
export const SplitAgreementSchema = Type.Object({
  accountId: Id,
  basis: Type.Enum(SPLIT_BASES),
  days: Type.Array(Type.Integer()),
  sharePct: Type.Array(Type.String()),
  expectedMonthlyFen: Nullable(Fen()),
  paymentDays: Type.Integer(),
  active: Type.Boolean(),
  updatedAt: Type.String(),
});
export type SplitAgreementOut = Static<typeof SplitAgreementSchema>;
export const SplitSettlementSchema = Type.Object({
  accountId: Id,
  /** null: the account is billed once a month */
  agreement: Nullable(SplitAgreementSchema),
  /** the company's limits (policy data) */
  policy: Type.Object({
    firstDay: Type.Integer(),
    lastDay: Type.Integer(),
    maxInterims: Type.Integer(),
    maxSharePctTotal: Type.String(),
    paymentDays: Type.Integer(),
    maxPaymentDays: Type.Integer(),
    source: Type.String(),
  }),
});
export type SplitSettlementOut = Static<typeof SplitSettlementSchema>;
export const InterimIssueBody = Body({
  cycle: Cycle,
  /** which interim bill of the month (1 = the first agreed day) */
  interimNo: Int(1, 31),
});
export type InterimIssue = Static<typeof InterimIssueBody>;
export const InterimIssuedSchema = Type.Object({
  /** false: this interim bill had been issued before; nothing was written */
  created: Type.Boolean(),
  bill: BillSummarySchema,
});
export type InterimIssued = Static<typeof InterimIssuedSchema>;
export const DueInterimsBody = Body({
  /** the day whose due interim bills are issued (today, China Standard Time, by default; not a future day) */
  on: Type.Optional(LocalDate()),
});
export const DueInterimsSchema = Type.Object({
  on: LocalDate(),
  cycle: Type.String(),
  issued: Type.Array(BillSummarySchema),
  /** issued before (by hand or an earlier call): nothing written */
  already: Type.Integer(),
  /** interim bills that could not be issued, with the reason (no base, month settled, …) */
  refused: Type.Array(Type.Object({ accountId: Id, interimNo: Type.Integer(), code: Type.String(), messageZh: Type.String(), messageEn: Type.String() })),
});
export type DueInterims = Static<typeof DueInterimsSchema>;

// ── split reading (分次抄表, §22) ─────────────────────────────────────────────────────────────────────
export const InterimReadsQuery = Type.Object({ cycle: Cycle }, { additionalProperties: false });
export const InterimReadsSchema = Type.Object({
  accountId: Id,
  cycle: Type.String(),
  /** the agreement's basis (null: no agreement) */
  basis: Nullable(Type.Enum(SPLIT_BASES)),
  /** one row per reading day of the schedule in the cycle */
  items: Type.Array(
    Type.Object({
      interimNo: Type.Integer(),
      day: LocalDate(),
      /** the latest reading taken that day (CST 'YYYY-MM-DD HH:MM'), null: none yet */
      readAt: Nullable(Type.String()),
      /** the registers read that day: meter, register, value */
      registers: Type.Array(Type.Object({ meterNo: Type.String(), register: Type.String(), value: Type.String(), estimated: Type.Boolean() })),
      /** the reading exception of the cycle up to that day still open or disputed, if any (it holds the interim bill back) */
      exception: Nullable(Type.String()),
      /** the interim bill of that day, once issued */
      bill: Nullable(BillSummarySchema),
    }),
  ),
});
export type InterimReadsOut = Static<typeof InterimReadsSchema>;

// ── per-account billing parameters (计费参数, §21) ────────────────────────────────────────────────────
/** kVA or kW of a contract: what numeric(12,2) holds, above zero. */
const ContractQty = Num(0.01, 9_999_999_999);
/** 定比定量: part of the account's kWh billed under another class, by a share (定比) or a fixed monthly quantity (定量). */
export const MeteringSplitSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('ratio'), Type.Literal('fixed')]),
    customerClass: CustomerClassSchema,
    sharePct: Type.Optional(SharePct),
    kwh: Type.Optional(Num(0, 1_000_000_000)),
  },
  { additionalProperties: false },
);
export const BillingParamsBody = Body({
  /** first day in force: the first of a month */
  validFrom: LocalDate(),
  /** last day in force (the last of a month), or null: open */
  validTo: Nullable(LocalDate()),
  /** overrides of the tariff key the service point gives (null: as the service point says) */
  customerClass: Nullable(CustomerClassSchema),
  pricing: Nullable(PricingSchema),
  voltage: Nullable(VoltageSchema),
  tou: Nullable(Type.Boolean()),
  /** two-part: basic charge by capacity (按容量) or by contracted maximum demand (按需量) */
  basicBasis: Nullable(Type.Union([Type.Literal('capacity'), Type.Literal('demand')])),
  /** contracted capacity (合同容量, kVA) before pauses and reductions; null: the service point's */
  contractKva: Nullable(ContractQty),
  /** contracted maximum demand (合同最大需量, kW) */
  contractDemandKw: Nullable(ContractQty),
  /** false: the 90 % demand price for high load factor (526号) does not apply */
  highLoadEligible: Type.Boolean(),
  meteringSplit: Nullable(MeteringSplitSchema),
  note: Type.Optional(Nullable(Text(200, 0))),
});
export type BillingParamsInput = Static<typeof BillingParamsBody>;
export const BillingParamsVersionSchema = Type.Object({
  id: Id,
  validFrom: LocalDate(),
  validTo: Nullable(LocalDate()),
  customerClass: Nullable(CustomerClassSchema),
  pricing: Nullable(PricingSchema),
  voltage: Nullable(Type.String()),
  tou: Nullable(Type.Boolean()),
  basicBasis: Nullable(Type.Union([Type.Literal('capacity'), Type.Literal('demand')])),
  contractKva: Nullable(Type.Number()),
  contractDemandKw: Nullable(Type.Number()),
  highLoadEligible: Type.Boolean(),
  meteringSplit: Nullable(MeteringSplitSchema),
  note: Nullable(Type.String()),
  /** the contracted demand billed at the contracted capacity: the contract, or 40 % of the capacity when above it (1583号) */
  billedDemandKw: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export type BillingParamsVersion = Static<typeof BillingParamsVersionSchema>;
export const CAPACITY_EVENT_KINDS = ['pause', 'pause_end', 'reduction', 'reduction_end'] as const;
export const CapacityEventBody = Body({
  kind: Type.Enum(CAPACITY_EVENT_KINDS),
  /** pause / reduction: first day out of service; *_end: the day service is restored */
  startsOn: LocalDate(),
  /** pause / reduction: the first day back (exclusive), or null (open until an *_end) */
  endsOn: Type.Optional(Nullable(LocalDate())),
  /** kVA paused, reduced or restored */
  kva: ContractQty,
  note: Type.Optional(Nullable(Text(200, 0))),
});
export type CapacityEventInput = Static<typeof CapacityEventBody>;
export const CapacityEventSchema = Type.Object({
  /** where it is recorded: connections (an application carried out, read from its published view) or billing */
  source: Type.Union([Type.Literal('connections'), Type.Literal('billing')]),
  id: Id,
  kind: Type.String(),
  startsOn: LocalDate(),
  endsOn: Nullable(LocalDate()),
  kva: Type.Number(),
  applicationId: Nullable(Id),
  servicePointId: Nullable(Id),
  note: Nullable(Type.String()),
});
export type CapacityEventOut = Static<typeof CapacityEventSchema>;
export const AccountBillingParamsSchema = Type.Object({
  accountId: Id,
  /** the profile the service point gives (bill-rules.ts): what a run uses where no version is in force */
  profile: RatingAccountSchema,
  versions: Type.Array(BillingParamsVersionSchema),
  /** pauses and reductions on file: those of connections; billing's own are used only when connections has none */
  events: Type.Array(CapacityEventSchema),
  /** which events a run uses: 'connections' or 'billing' (null: none) */
  eventsSource: Nullable(Type.Union([Type.Literal('connections'), Type.Literal('billing')])),
  policy: Type.Object({ basisChangeMonths: Type.Array(Type.Integer()), minContractShare: Type.String(), source: Type.String() }),
});
export type AccountBillingParams = Static<typeof AccountBillingParamsSchema>;
