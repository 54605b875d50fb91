/**
 * The connections module's contract: every request and response shape, declared once. Service
 * types are derived from these (Static<typeof …>); the routes validate and serialise with them.
 */
import { Type, type Static } from 'typebox';
import { BinaryFile, Body, DateTime, Fen, Id, Int, LocalDate, Nullable, Num, Paging, Phone, Query, Text } from '../../platform/schema.js';
import { AGREEMENT_KINDS } from './large-customer-rules.js';
import { DOCUMENT_KINDS } from './document-rules.js';
import { CHANNELS, CUSTOMER_CLASSES, INDUSTRIES, INITIATORS, KINDS, STAGES } from './stage-rules.js';

export const KindSchema = Type.Enum(KINDS);
export const ClassSchema = Type.Enum(CUSTOMER_CLASSES);
export const ChannelSchema = Type.Enum(CHANNELS);
export const StageSchema = Type.Enum(STAGES);
export const IndustrySchema = Type.Enum(INDUSTRIES);
export const DocumentKindSchema = Type.Enum(DOCUMENT_KINDS);
export const AgreementKindSchema = Type.Enum(AGREEMENT_KINDS);
const Kva = (opts: Record<string, unknown> = {}) => Num(0, 10_000_000, opts);

/** Kind-specific request facts: pause and reduction dates, the installed transformers. */
export const RequestDetails = Type.Object(
  {
    startsOn: Type.Optional(LocalDate()),
    endsOn: Type.Optional(LocalDate()),
    restoreOn: Type.Optional(LocalDate()),
    transformers: Type.Optional(Type.Array(Kva(), { maxItems: 20 })),
    newName: Type.Optional(Text(128)),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type RequestDetails = Static<typeof RequestDetails>;

export const ApplicationCreateBody = Body({
  kind: KindSchema,
  customerClass: ClassSchema,
  channel: ChannelSchema,
  applicantName: Text(128),
  applicantPhone: Phone,
  address: Text(256),
  voltageKv: Num(0.22, 500),
  requestedKva: Kva(),
  existingKva: Type.Optional(Kva()),
  longTermKva: Type.Optional(Kva()),
  annualKwh: Type.Optional(Int(0, 100_000_000_000)),
  legalEntity: Type.Optional(Type.Boolean()),
  industry: Type.Optional(IndustrySchema),
  highEnergy: Type.Optional(Type.Boolean()),
  important: Type.Optional(Type.Boolean()),
  highRisk: Type.Optional(Type.Boolean()),
  ownGeneration: Type.Optional(Type.Boolean()),
  dedicatedLine: Type.Optional(Type.Boolean()),
  servicePointId: Type.Optional(Id),
  /** a phone consultation that becomes this application (its work order) */
  consultationOrderId: Type.Optional(Id),
  details: Type.Optional(RequestDetails),
});
export type ApplicationCreate = Static<typeof ApplicationCreateBody>;

export const PortalApplicationBody = Body({
  kind: KindSchema,
  customerClass: ClassSchema,
  applicantName: Text(128),
  applicantPhone: Phone,
  address: Text(256),
  voltageKv: Num(0.22, 500),
  requestedKva: Kva(),
  legalEntity: Type.Optional(Type.Boolean()),
  industry: Type.Optional(IndustrySchema),
  servicePointId: Type.Optional(Id),
  details: Type.Optional(RequestDetails),
});
export type PortalApplication = Static<typeof PortalApplicationBody>;

export const LiveClockSchema = Type.Object({
  name: Type.String(),
  dueAt: Nullable(Type.String()),
  remainingMs: Nullable(Type.Number()),
  state: Type.String(),
  paused: Type.Boolean(),
  overdue: Type.Boolean(),
  customerMs: Type.Number(),
});

export const MissingItemSchema = Type.Object({ kind: Type.String(), problem: Type.String(), zh: Type.String(), en: Type.String() });

export const ApplicationSummary = Type.Object({
  id: Id,
  appNo: Type.String(),
  kind: KindSchema,
  customerClass: ClassSchema,
  channel: ChannelSchema,
  stage: StageSchema,
  status: Type.String(),
  stageOwner: Type.String(),
  customerWait: Type.Boolean(),
  waitReason: Nullable(Type.String()),
  applicantName: Type.String(),
  address: Type.String(),
  requestedKva: Type.Number(),
  orgUnitId: Id,
  policySet: Type.String(),
  receivedAt: Type.String(),
  clock: Nullable(LiveClockSchema),
  missing: Type.Array(MissingItemSchema),
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const WorkbenchQuery = Query({
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('org')])),
  stage: Type.Optional(StageSchema),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('archived'), Type.Literal('cancelled'), Type.Literal('all')])),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text(64)),
  /** one customer's applications (the customer 360 page); applications before power-on name no customer yet */
  customerId: Type.Optional(Id),
  ...Paging,
});
export type WorkbenchQuery = Static<typeof WorkbenchQuery>;
export const WorkbenchPage = Type.Object({
  items: Type.Array(ApplicationSummary),
  total: Type.Integer(),
  overdue: Type.Integer(),
  customerWait: Type.Integer(),
});

const ClockResultSchema = Type.Object({
  name: Type.String(),
  basis: Type.String(),
  dueAt: Nullable(Type.String()),
  pausedMs: Type.Number(),
  state: Type.String(),
  startedAt: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
  remainingMs: Nullable(Type.Number()),
  usedFraction: Type.Number(),
  calendarCovered: Type.Optional(Type.Boolean()),
});
const EventSchema = Type.Object({
  id: Id,
  at: Type.String(),
  action: Type.String(),
  state: Type.String(),
  stage: Type.String(),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
const SpanSchema = Type.Object({
  stage: Type.String(),
  enteredAt: Type.String(),
  leftAt: Nullable(Type.String()),
  workingDays: Type.Number(),
  customerMs: Type.Number(),
});
export const DocumentSchema = Type.Object({
  id: Id,
  kind: Type.String(),
  filename: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  validUntil: Nullable(Type.String()),
  uploadedAt: Type.String(),
  checkedBy: Nullable(Type.String()),
  checkedAt: Nullable(Type.String()),
});
const ReviewSchema = Type.Object({
  id: Id,
  level: Type.String(),
  decision: Type.String(),
  participants: Type.String(),
  note: Nullable(Type.String()),
  reviewerName: Nullable(Type.String()),
  at: Type.String(),
});
const AgreementSchema = Type.Object({ id: Id, kind: Type.String(), refNo: Type.String(), signedOn: Type.String(), recordedAt: Type.String() });
const ReasonSchema = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
const WarningSchema = Type.Object({ check: Type.String(), zh: Type.String(), en: Type.String() });
const FeeSchema = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  amountFen: Fen(),
  unit: Type.String(),
  source: Type.String(),
});
const ChosenFeeSchema = Type.Object({ code: Type.String(), quantity: Type.Number(), amountFen: Fen() });

export const NewTransformerSchema = Type.Object(
  {
    kva: Kva({ exclusiveMinimum: 0 }),
    voltageKv: Num(0.4, 500, { exclusiveMinimum: 0 }),
    type: Type.Union([Type.Literal('dry'), Type.Literal('oil')]),
    indoor: Type.Boolean(),
    hvRoom: Type.Boolean(),
    hvMetering: Type.Boolean(),
    ctPrimaryA: Num(1, 100_000),
  },
  { additionalProperties: false },
);

export const PlanBody = Body({
  transformerId: Type.Optional(Id),
  supplyMode: Text(500),
  newTransformer: Type.Optional(NewTransformerSchema),
  dedicatedLine: Type.Optional(
    Type.Object(
      { existingKva: Kva(), existingYears: Int(0, 100), longTermKva: Kva(), freeBay: Type.Boolean(), firstApplicationKva: Kva(), withinOneYearKva: Kva() },
      { additionalProperties: false },
    ),
  ),
  /** 三不指定: the firms the customer chose, in their own words (never proposed by the system) */
  customerChoices: Type.Optional(
    Type.Object(
      { designFirm: Type.Optional(Text(200)), constructionFirm: Type.Optional(Text(200)), equipmentSupplier: Type.Optional(Text(200)) },
      { additionalProperties: false },
    ),
  ),
  fees: Type.Optional(Type.Array(Type.Object({ code: Text(40), quantity: Num(0, 10_000_000) }, { additionalProperties: false }), { maxItems: 20 })),
  overrides: Type.Optional(Type.Array(Type.Object({ check: Text(40), reason: Text(500) }, { additionalProperties: false }), { maxItems: 10 })),
});
export type PlanInput = Static<typeof PlanBody>;

export const PlanSchema = Type.Object({
  transformerId: Nullable(Id),
  /** the transformer as the network model names it (null when none is named, or it is gone) */
  transformer: Nullable(Type.Object({ id: Id, code: Type.String(), name: Type.String(), ratedKva: Nullable(Type.Number()) })),
  supplyMode: Type.String(),
  newTransformer: Nullable(NewTransformerSchema),
  warnings: Type.Array(WarningSchema),
  overrides: Type.Array(Type.Object({ check: Type.String(), reason: Type.String(), by: Type.String() })),
  unresolved: Type.Array(WarningSchema),
  loadCurrentA: Nullable(Type.Number()),
  dedicatedLineEligible: Nullable(Type.Boolean()),
});

export const LargeSchema = Type.Object({
  large: Type.Boolean(),
  contractedKva: Type.Number(),
  reasons: Type.Array(ReasonSchema),
  powerFactor: Nullable(Type.Number()),
});

// disputes about an application, taken as 95598 orders
export const DISPUTE_TOPICS = ['fee_items', 'stage_delay', 'designation'] as const;
export const DisputeBody = Body({
  /** fee items 收费项目, a stage overdue 环节超时, 三不指定 (a firm designated for design, construction or supply) */
  topic: Type.Enum(DISPUTE_TOPICS),
  description: Text(2000),
  channel: Type.Optional(Type.Union([Type.Literal('phone'), Type.Literal('counter')])),
});
export type DisputeInput = Static<typeof DisputeBody>;
/** The customer's own dispute from the portal: the channel is the portal's (web). */
export const PortalDisputeBody = Body({
  topic: Type.Enum(DISPUTE_TOPICS),
  description: Text(2000),
});
export type PortalDisputeInput = Static<typeof PortalDisputeBody>;
export const DisputeSchema = Type.Object({
  id: Id,
  topic: Type.Enum(DISPUTE_TOPICS),
  description: Type.String(),
  createdAt: Type.String(),
  orderId: Id,
  orderNo: Nullable(Type.String()),
  orderStatus: Nullable(Type.String()),
});
export type Dispute = Static<typeof DisputeSchema>;

/** The joint-review board (会审看板): what each application needing review awaits. */
export const REVIEW_AWAITING = ['first', 'joint', 'approved'] as const;
export const ReviewBoardQuery = Query({ awaiting: Type.Optional(Type.Union([Type.Enum(REVIEW_AWAITING), Type.Literal('all')])) });
export type ReviewBoardQuery = Static<typeof ReviewBoardQuery>;
const ReviewBrief = Type.Object({ decision: Type.String(), participants: Type.String(), reviewerName: Nullable(Type.String()), at: Type.String() });
export const ReviewBoardPage = Type.Object({
  items: Type.Array(
    Type.Intersect([
      ApplicationSummary,
      Type.Object({
        reasons: Type.Array(ReasonSchema),
        /** the last first review and the last joint review, if any */
        first: Nullable(ReviewBrief),
        joint: Nullable(ReviewBrief),
        awaiting: Type.Enum(REVIEW_AWAITING),
      }),
    ]),
  ),
  counts: Type.Object({ first: Type.Integer(), joint: Type.Integer(), approved: Type.Integer() }),
  /** more applications need review than the board shows (the most urgent are shown) */
  truncated: Type.Boolean(),
});

export const ApplicationDetail = Type.Object({
  application: Type.Intersect([
    ApplicationSummary,
    Type.Object({
      /** who started it: the customer, or the supply company (a 销户 case) */
      initiator: Type.Enum(INITIATORS),
      applicantPhone: Type.String(),
      voltageKv: Type.Number(),
      existingKva: Type.Number(),
      longTermKva: Nullable(Type.Number()),
      annualKwh: Type.Number(),
      legalEntity: Type.Boolean(),
      industry: Type.String(),
      highEnergy: Type.Boolean(),
      important: Type.Boolean(),
      highRisk: Type.Boolean(),
      ownGeneration: Type.Boolean(),
      dedicatedLine: Type.Boolean(),
      customerId: Nullable(Id),
      servicePointId: Nullable(Id),
      details: RequestDetails,
      customerChoices: Type.Record(Type.String(), Type.String()),
      fees: Type.Array(ChosenFeeSchema),
      missingNoticeAt: Nullable(Type.String()),
      powerOnAt: Nullable(Type.String()),
    }),
  ]),
  flow: Type.Array(StageSchema),
  nextStage: Nullable(Type.Union([StageSchema, Type.Literal('archived')])),
  stages: Type.Array(SpanSchema),
  clocks: Type.Array(ClockResultSchema),
  events: Type.Array(EventSchema),
  requiredDocuments: Type.Array(Type.String()),
  documents: Type.Array(DocumentSchema),
  reviewReasons: Type.Array(ReasonSchema),
  reviews: Type.Array(ReviewSchema),
  requiredAgreements: Type.Array(AgreementKindSchema),
  agreements: Type.Array(AgreementSchema),
  plan: Nullable(PlanSchema),
  large: LargeSchema,
  publishedFees: Type.Array(FeeSchema),
  /** disputes about the application and the 95598 orders they became */
  disputes: Type.Array(DisputeSchema),
});
export type ApplicationDetail = Static<typeof ApplicationDetail>;

export const Created = Type.Object({ id: Id, appNo: Type.String(), stage: StageSchema, policySet: Type.String() });

export const AdvanceBody = Body({
  to: Type.Union([StageSchema, Type.Literal('archived')]),
  note: Type.Optional(Text(500)),
  powerOnDate: Type.Optional(LocalDate()),
});
export type AdvanceInput = Static<typeof AdvanceBody>;
export const StageMoved = Type.Object({ id: Id, stage: StageSchema, status: Type.String(), customerId: Nullable(Id), servicePointId: Nullable(Id) });

export const WAIT_REASONS = ['building_works', 'payment', 'missing_documents', 'customer_request'] as const;
export const CustomerWaitBody = Body({
  action: Type.Union([Type.Literal('start'), Type.Literal('end')]),
  reason: Type.Optional(Type.Enum(WAIT_REASONS)),
  note: Type.Optional(Text(500)),
});
export type CustomerWaitInput = Static<typeof CustomerWaitBody>;
export const WaitState = Type.Object({ id: Id, customerWait: Type.Boolean(), waitReason: Nullable(Type.String()), clock: Nullable(LiveClockSchema) });

export const DocumentUploadBody = Body({
  kind: DocumentKindSchema,
  filename: Text(200),
  /** the file, base64 (multipart is not installed); the size limit is the policy's */
  contentBase64: Type.String({ minLength: 1, maxLength: 12_000_000 }),
  validUntil: Type.Optional(LocalDate()),
});
export type DocumentUpload = Static<typeof DocumentUploadBody>;
export const DocumentCheckBody = Body({ validUntil: Type.Optional(LocalDate()) });
export const DocParams = Type.Object({ id: Id, docId: Id }, { additionalProperties: false });

export const MissingNotice = Type.Object({ id: Id, items: Type.Array(MissingItemSchema), noticeAt: Type.String() });

export const ReviewBody = Body({
  level: Type.Union([Type.Literal('first'), Type.Literal('joint')]),
  decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
  participants: Text(300),
  note: Type.Optional(Text(1000)),
});
export type ReviewInput = Static<typeof ReviewBody>;
export const AgreementBody = Body({ kind: AgreementKindSchema, refNo: Text(64), signedOn: LocalDate() });
export type AgreementInput = Static<typeof AgreementBody>;

export const RegisterQuery = Query({ all: Type.Optional(Type.Boolean()), ...Paging });
export const RegisterEntry = Type.Object({
  applicationId: Id,
  customerId: Nullable(Id),
  name: Type.String(),
  contractedKva: Type.Number(),
  annualKwh: Type.Number(),
  large: Type.Boolean(),
  reasons: Type.Array(ReasonSchema),
  powerFactor: Nullable(Type.Number()),
  computedAt: Type.String(),
});
export const RegisterPage = Type.Object({ items: Type.Array(RegisterEntry), total: Type.Integer() });

export const CapacityCheckBody = Body({
  kind: Type.Union([Type.Literal('pause'), Type.Literal('reduction'), Type.Literal('reduction_end'), Type.Literal('pause_end')]),
  servicePointId: Id,
  requestedOn: Type.Optional(LocalDate()),
  startsOn: Type.Optional(LocalDate()),
  endsOn: Type.Optional(LocalDate()),
  restoreOn: Type.Optional(LocalDate()),
  kva: Type.Optional(Kva()),
  transformers: Type.Optional(Type.Array(Kva(), { maxItems: 20 })),
});
export type CapacityCheck = Static<typeof CapacityCheckBody>;
export const CapacityVerdict = Type.Object({
  ok: Type.Boolean(),
  problems: Type.Array(Type.Object({ field: Type.String(), rule: Type.String(), zh: Type.String(), en: Type.String() })),
});

export const CapacityEvent = Type.Object({
  id: Id,
  applicationId: Id,
  servicePointId: Id,
  kind: Type.String(),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
  kva: Type.Number(),
});

export const PolicyDoc = Type.Object({ version: Type.Integer(), data: Type.Unknown(), createdAt: Type.String() });
export const PolicyPutBody = Body({ data: Type.Unknown(), note: Type.Optional(Text(500)) });

export const PortalSummary = Type.Object({
  id: Id,
  appNo: Type.String(),
  kind: KindSchema,
  stage: StageSchema,
  status: Type.String(),
  receivedAt: Type.String(),
  customerWait: Type.Boolean(),
  missing: Type.Array(MissingItemSchema),
  stages: Type.Array(SpanSchema),
  flow: Type.Array(StageSchema),
});
export const PortalList = Type.Object({ items: Type.Array(PortalSummary) });
export { DateTime };

export const CancelBody = Body({ reason: Text(500) });
export const SlaVersionBody = Body({
  /** new working-day limits by clock name, e.g. { process: 4 } */
  workingDays: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Int(1, 2600)),
  validFrom: Type.Optional(DateTime()),
  source: Type.Optional(Text(500)),
});
export type SlaVersionInput = Static<typeof SlaVersionBody>;
export const ConnectionSlaPolicy = Type.Object({
  id: Id,
  code: Type.String(),
  policySet: Type.String(),
  version: Type.Integer(),
  customerClass: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  clocks: Type.Array(
    Type.Object({
      name: Type.String(),
      workingDays: Nullable(Type.Integer()),
      startOn: Type.Array(Type.String()),
      stopOn: Type.Object({ states: Type.Optional(Type.Array(Type.String())), actions: Type.Optional(Type.Array(Type.String())) }),
    }),
  ),
  title: Nullable(Type.String()),
  source: Nullable(Type.String()),
});

// 大客户年度检查 (annual inspection of large customers)
export const INSPECTION_STATES = ['planned', 'overdue', 'done', 'rectifying', 'rectification_overdue', 'closed'] as const;
const Year = Int(2000, 2200);
export const InspectionListQuery = Query({ year: Type.Optional(Year), state: Type.Optional(Type.Enum(INSPECTION_STATES)), ...Paging });
export type InspectionListQuery = Static<typeof InspectionListQuery>;
const FindingSchema = Type.Object(
  {
    item: Text(200),
    severity: Type.Union([Type.Literal('minor'), Type.Literal('major')]),
    rectifyBy: Type.Optional(LocalDate()),
  },
  { additionalProperties: false },
);
export const InspectionSchema = Type.Object({
  id: Id,
  applicationId: Id,
  customerName: Type.String(),
  contractedKva: Type.Number(),
  year: Type.Integer(),
  plannedOn: Type.String(),
  doneOn: Nullable(Type.String()),
  rectificationDue: Nullable(Type.String()),
  rectifiedOn: Nullable(Type.String()),
  inspectorName: Nullable(Type.String()),
  findings: Type.Array(FindingSchema),
  note: Nullable(Type.String()),
  state: Type.Enum(INSPECTION_STATES),
});
const StateCounts = Type.Object(
  Object.fromEntries(INSPECTION_STATES.map((s) => [s, Type.Integer()])) as Record<(typeof INSPECTION_STATES)[number], ReturnType<typeof Type.Integer>>,
);
export const InspectionPage = Type.Object({
  year: Type.Integer(),
  today: Type.String(),
  counts: StateCounts,
  /** large customers in scope with no inspection planned for the year */
  unplanned: Type.Integer(),
  total: Type.Integer(),
  items: Type.Array(InspectionSchema),
});
export const InspectionPlanBody = Body({ year: Year });
export const InspectionPlanned = Type.Object({ year: Type.Integer(), created: Type.Integer(), alreadyPlanned: Type.Integer() });
export const InspectionResultBody = Body({ doneOn: LocalDate(), findings: Type.Array(FindingSchema, { maxItems: 50 }), note: Type.Optional(Text(1000)) });
export type InspectionResultInput = Static<typeof InspectionResultBody>;
export const RectifiedBody = Body({ rectifiedOn: LocalDate() });
export type RectifiedInput = Static<typeof RectifiedBody>;

// 销户 after six months without consumption (供电营业规则 Art. 33)
export const CLOSURE_STATUSES = ['proposed', 'notified', 'closing', 'closed', 'cancelled'] as const;
export const ClosureListQuery = Query({ status: Type.Optional(Type.Enum(CLOSURE_STATUSES)), ...Paging });
export type ClosureListQuery = Static<typeof ClosureListQuery>;
export const ClosureCaseSchema = Type.Object({
  id: Id,
  accountId: Id,
  accountNo: Type.String(),
  customerId: Id,
  customerName: Type.String(),
  servicePointId: Id,
  status: Type.Enum(CLOSURE_STATUSES),
  idleSince: Type.String(),
  evidenceThrough: Type.String(),
  idleMonths: Type.Integer(),
  /** the readings the finding rests on and any note (a temporary removal past its limit) */
  evidence: Type.Object({
    readings: Type.Array(Type.Object({ meterId: Type.Integer(), readOn: Type.String(), value: Type.String() })),
    note: Nullable(Type.String()),
  }),
  proposedAt: Type.String(),
  noticeAt: Nullable(Type.String()),
  noticeUntil: Nullable(Type.String()),
  applicationId: Nullable(Type.Integer()),
  appNo: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
});
export type ClosureCase = Static<typeof ClosureCaseSchema>;
export const ClosurePage = Type.Object({
  total: Type.Integer(),
  counts: Type.Object(
    Object.fromEntries(CLOSURE_STATUSES.map((s) => [s, Type.Integer()])) as Record<(typeof CLOSURE_STATUSES)[number], ReturnType<typeof Type.Integer>>,
  ),
  items: Type.Array(ClosureCaseSchema),
});
export const ClosureScanBody = Body({ asOf: Type.Optional(LocalDate()) });
export type ClosureScanInput = Static<typeof ClosureScanBody>;
export const ClosureScanResult = Type.Object({
  asOf: Type.String(),
  accounts: Type.Integer(),
  proposed: Type.Integer(),
  /** accounts looked at by verdict: in_use, too_short, pause_on_file, temporary_removal, propose, already (a live case exists) */
  verdicts: Type.Record(Type.String(), Type.Integer()),
});
export const ClosureCancelBody = Body({ reason: Text(500) });

/** A stored document's content (PDF, JPEG or PNG, as judged at upload). */
export const DocumentFile = BinaryFile('PDF / JPEG / PNG');
export const DOCUMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** An application as the CTI screen-pop shows it (GET /api/cti/lookup, composed by the outages module). */
export const CallerApplicationSchema = Type.Object({
  id: Id,
  appNo: Type.String(),
  kind: KindSchema,
  stage: StageSchema,
  status: Type.String(),
  receivedAt: Type.String(),
  clockState: Nullable(Type.String()),
  /** the running clock's due time (null when paused on the customer or finished) */
  dueAt: Nullable(Type.String()),
  customerWait: Type.Boolean(),
});
export type CallerApplication = Static<typeof CallerApplicationSchema>;

// 网上签约: the supply contract offered on the portal and its signature (contract-signing.ts)
const ClauseSchema = Type.Object({ no: Type.Integer(), zh: Type.String(), en: Type.String() });
const ContractTermsSchema = Type.Object({
  templateVersion: Type.String(),
  contractNo: Type.String(),
  title: Type.Object({ zh: Type.String(), en: Type.String() }),
  supplier: Type.String(),
  customer: Type.Object({ name: Type.String(), legalEntity: Type.Boolean(), address: Type.String() }),
  supply: Type.Object({ customerClass: Type.String(), voltageKv: Type.Number(), contractedKva: Type.Number(), supplyMode: Type.String() }),
  termYears: Type.Integer(),
  clauses: Type.Array(ClauseSchema),
});
export const ContractOfferSchema = Type.Object({
  id: Id,
  applicationId: Id,
  offerNo: Type.Integer(),
  contractNo: Type.String(),
  status: Type.Union([Type.Literal('offered'), Type.Literal('signed'), Type.Literal('withdrawn'), Type.Literal('expired')]),
  terms: ContractTermsSchema,
  contentSha256: Type.String(),
  offeredByName: Type.String(),
  offeredAt: Type.String(),
  expiresAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
  withdrawnReason: Nullable(Type.String()),
  signerName: Nullable(Type.String()),
  signedAt: Nullable(Type.String()),
  signedIp: Nullable(Type.String()),
  signatureSha256: Nullable(Type.String()),
  intact: Type.Boolean(),
});
export const ContractView = Type.Object({
  applicationId: Id,
  stage: StageSchema,
  status: Type.String(),
  current: Nullable(ContractOfferSchema),
  offers: Type.Array(ContractOfferSchema),
});
export const ContractWithdrawBody = Body({ reason: Text(500) });
export type ContractWithdrawInput = Static<typeof ContractWithdrawBody>;
export const ContractSignBody = Body({
  /** the sha-256 of the terms the customer was shown (ContractOffer.contentSha256) */
  contentSha256: Type.String({ pattern: '^[0-9a-f]{64}$', minLength: 64, maxLength: 64 }),
  /** the applicant's name, typed by the signer */
  signerName: Text(100),
  /** the customer ticked "I have read and agree" */
  agree: Type.Literal(true),
});
export type ContractSignInput = Static<typeof ContractSignBody>;
