/** The satisfaction module's contract: every request and response shape, declared once. */
import { Type, type Static } from 'typebox';
import { Body, Id, Instant, Int, LocalDate, Nullable, Num, Paging, Query, Text } from '../../platform/schema.js';
import { QUESTION_TYPES, TOUCH_POINTS } from './survey-rules.js';
import { PDCA_STAGES } from './pdca-rules.js';

export const TouchPointSchema = Type.Enum(TOUCH_POINTS);
export const MethodSchema = Type.Enum(['ivr', 'end_of_call', 'survey', 'callback']);
export const DimensionSchema = Type.Enum(['segment', 'area', 'channel', 'orderType', 'orgUnit', 'method']);
const Scale = Type.Object({ min: Int(0, 10), max: Int(1, 10) }, { additionalProperties: false });

// ---- policy ----
export const PolicySchema = Type.Object(
  {
    indexMethod: Type.Enum(['mean', 'top_box']),
    topBoxes: Int(1, 5),
    decimals: Int(0, 3),
    minSample: Int(1, 100_000),
    minSampleDriver: Int(3, 100_000),
    driverDecimals: Int(1, 6),
    ivrScale: Scale,
    endOfCallScale: Scale,
    callbackScale: Scale,
    callbackScores: Type.Object({ satisfied: Int(0, 10), basically_satisfied: Int(0, 10), dissatisfied: Int(0, 10) }, { additionalProperties: false }),
    segmentOfClass: Type.Record(Type.String(), Type.Enum(['residential', 'non_residential', 'large'])),
    importantIsLarge: Type.Boolean(),
    utcOffsetMinutes: Int(-720, 840),
    invitationDays: Int(1, 90),
    surveyLinkBase: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type PolicyBody = Static<typeof PolicySchema>;

// ---- surveys ----
export const QuestionSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 40 }),
    type: Type.Enum(QUESTION_TYPES),
    textZh: Text(300),
    textEn: Text(300),
    required: Type.Boolean(),
    role: Type.Optional(Nullable(Type.Enum(['overall', 'attribute']))),
    attribute: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    options: Type.Optional(Type.Array(Type.Object({ value: Text(40), zh: Text(100), en: Text(100) }, { additionalProperties: false }), { maxItems: 20 })),
    maxLength: Type.Optional(Int(1, 2000)),
  },
  { additionalProperties: false },
);
export const SamplingSchema = Type.Object(
  {
    percent: Int(0, 100),
    orderTypes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
    channels: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
    withinDays: Int(1, 90),
    maxPerRun: Int(1, 10_000),
  },
  { additionalProperties: false },
);
export const SurveyBody = Body({
  name: Text(100),
  touchPoint: TouchPointSchema,
  questions: Type.Array(QuestionSchema, { maxItems: 50 }),
  sampling: Type.Optional(SamplingSchema),
});
export type SurveyInput = Static<typeof SurveyBody>;
export const SurveySchema = Type.Object({
  id: Id,
  surveyKey: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  touchPoint: TouchPointSchema,
  status: Type.Enum(['draft', 'published', 'retired']),
  questions: Type.Array(QuestionSchema),
  sampling: SamplingSchema,
  orgUnitId: Id,
  createdAt: Instant(),
  publishedAt: Nullable(Instant()),
  invitations: Type.Integer(),
  responses: Type.Integer(),
});
export const SurveyListQuery = Query({ status: Type.Optional(Type.Enum(['draft', 'published', 'retired'])), ...Paging });
export const InvitationRunSchema = Type.Object({ surveyId: Id, candidates: Type.Integer(), invited: Type.Integer(), skipped: Type.Integer() });
export const InviteBody = Body({ orderIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 1000 })) });

// ---- public answer page ----
export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });
export const PublicSurveySchema = Type.Object({
  name: Type.String(),
  touchPoint: TouchPointSchema,
  orderNo: Type.String(),
  questions: Type.Array(QuestionSchema),
  expiresAt: Instant(),
});
export const AnswerBody = Body({
  answers: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Int(0, 100), Type.String({ maxLength: 2000 })]), { maxProperties: 50 }),
});
export const AnswerReceiptSchema = Type.Object({ received: Type.Boolean() });

// ---- IVR and end-of-call ----
export const IvrImportBody = Body({ fileName: Text(200), text: Type.String({ minLength: 1, maxLength: 5 * 1024 * 1024 }) });
export type IvrImportInput = Static<typeof IvrImportBody>;
export const IvrProblemSchema = Type.Object({ line: Type.Integer(), reason: Type.String(), detail: Type.String() });
export const IvrImportSchema = Type.Object({
  id: Id,
  fileName: Type.String(),
  lines: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  problems: Type.Array(IvrProblemSchema),
  importedAt: Instant(),
  replayed: Type.Boolean(),
});
export const EndOfCallBody = Body({
  orderId: Id,
  ctiCallId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
  score: Int(0, 10),
  comment: Type.Optional(Text(500)),
});
export type EndOfCallInput = Static<typeof EndOfCallBody>;
export const ResponseSchema = Type.Object({
  id: Id,
  method: MethodSchema,
  respondedAt: Instant(),
  orderId: Nullable(Id),
  orderNo: Nullable(Type.String()),
  ctiCallId: Nullable(Type.String()),
  surveyId: Nullable(Id),
  overall: Type.Integer(),
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  answers: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String()])),
  comment: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  orderType: Nullable(Type.String()),
  orgUnitId: Id,
});
export const ResponseStoredSchema = Type.Object({ stored: Type.Boolean(), response: ResponseSchema });
export const ResponseListQuery = Query({
  method: Type.Optional(Type.Enum(['ivr', 'end_of_call', 'survey'])),
  surveyId: Type.Optional(Id),
  from: Type.Optional(LocalDate()),
  to: Type.Optional(LocalDate()),
  ...Paging,
});

// ---- analysis ----
export const AnalysisQuery = Query({
  from: LocalDate({ description: '含 / first day, inclusive' }),
  to: LocalDate({ description: '含 / last day, inclusive' }),
  methods: Type.Optional(Type.String({ pattern: '^(ivr|end_of_call|survey|callback)(,(ivr|end_of_call|survey|callback))*$' })),
  touchPoint: Type.Optional(TouchPointSchema),
  surveyId: Type.Optional(Id),
});
export type AnalysisFilter = Static<typeof AnalysisQuery>;
const Figure = { n: Type.Integer(), value: Nullable(Type.Number()) };
export const DashboardSchema = Type.Object({
  definition: Type.Object({
    indexMethod: Type.Enum(['mean', 'top_box']),
    topBoxes: Type.Integer(),
    minSample: Type.Integer(),
    minSampleDriver: Type.Integer(),
    decimals: Type.Integer(),
    from: Type.String(),
    to: Type.String(),
    methods: Type.Array(MethodSchema),
  }),
  overall: Type.Object(Figure),
  trend: Type.Array(Type.Object({ month: Type.String(), ...Figure })),
  bySegment: Type.Record(Type.String(), Type.Array(Type.Object({ key: Type.String(), label: Type.Optional(Type.String()), ...Figure }))),
  drivers: Type.Object({
    drivers: Type.Array(
      Type.Object({
        attribute: Type.String(),
        n: Type.Integer(),
        importance: Nullable(Type.Number()),
        performance: Nullable(Type.Number()),
        quadrant: Nullable(Type.Enum(['concentrate', 'keep_up', 'low_priority', 'possible_overkill'])),
      }),
    ),
    importanceMean: Nullable(Type.Number()),
    performanceMean: Nullable(Type.Number()),
  }),
});
export const SurveyResultsSchema = Type.Object({
  survey: SurveySchema,
  invitations: Type.Integer(),
  answered: Type.Integer(),
  expired: Type.Integer(),
  questions: Type.Array(
    Type.Object({
      key: Type.String(),
      type: Type.String(),
      answered: Type.Integer(),
      distribution: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })),
      index: Nullable(Type.Number()),
      comments: Type.Array(Type.String()),
    }),
  ),
});

// ---- improvement plans (PDCA) ----
export const PdcaStageSchema = Type.Enum(PDCA_STAGES);
export const IndicatorSchema = Type.Object(
  {
    dimension: Type.Optional(DimensionSchema),
    key: Type.Optional(Type.String({ maxLength: 40 })),
    attribute: Type.Optional(Type.String({ maxLength: 40 })),
    methods: Type.Optional(Type.Array(MethodSchema, { maxItems: 4 })),
    windowDays: Int(7, 366),
  },
  { additionalProperties: false },
);
export type Indicator = Static<typeof IndicatorSchema>;
export const PlanBody = Body({
  title: Text(200),
  indicator: IndicatorSchema,
  target: Num(0, 100),
  ownerId: Id,
  actions: Type.Optional(Type.Array(Body({ title: Text(200), dueOn: LocalDate() }), { maxItems: 50 })),
});
export type PlanInput = Static<typeof PlanBody>;
export const ActionBody = Body({ title: Text(200), dueOn: LocalDate() });
export const ActionDoneBody = Body({ doneOn: LocalDate() });
export const MoveBody = Body({ to: PdcaStageSchema, version: Int(1, 1_000_000) });
export const PlanSchema = Type.Object({
  id: Id,
  title: Type.String(),
  indicator: IndicatorSchema,
  baseline: Nullable(Type.Number()),
  baselineN: Nullable(Type.Integer()),
  target: Type.Number(),
  ownerId: Id,
  ownerName: Type.String(),
  stage: PdcaStageSchema,
  nextStages: Type.Array(PdcaStageSchema),
  orgUnitId: Id,
  createdAt: Instant(),
  updatedAt: Instant(),
  version: Type.Integer(),
  actions: Type.Array(Type.Object({ id: Id, title: Type.String(), dueOn: Type.String(), doneOn: Nullable(Type.String()), overdue: Type.Boolean() })),
  measurements: Type.Array(
    Type.Object({
      id: Id,
      measuredAt: Instant(),
      periodFrom: Type.String(),
      periodTo: Type.String(),
      value: Nullable(Type.Number()),
      n: Type.Integer(),
      metTarget: Nullable(Type.Boolean()),
    }),
  ),
});
export const PlanListQuery = Query({ stage: Type.Optional(PdcaStageSchema), ...Paging });
export const ActionParams = Type.Object({ id: Id, actionId: Id }, { additionalProperties: false });
