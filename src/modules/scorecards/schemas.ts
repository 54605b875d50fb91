/** The scorecards contract: every request and response shape once (TypeBox). */
import { Type, type Static } from 'typebox';
import { BinaryFile, Body, Id, Int, LocalDate, Nullable, Query, Text } from '../../platform/schema.js';
import { INDICATORS } from './indicators.js';
import { METHODS } from './rules.js';

export const MAX_CSV_CHARS = 5 * 1024 * 1024;

const Decimal = Type.String({ pattern: '^-?\\d{1,12}(\\.\\d{1,12})?$', maxLength: 26, description: '十进制数文本 / decimal number as text' });
export const IndicatorSchema = Type.Enum(INDICATORS);
export const PeriodText = Type.String({
  pattern: '^\\d{4}-(\\d{2}|Q[1-4])$',
  maxLength: 7,
  description: '期间：2026-11（月）或 2026-Q4（季）/ period: month or quarter',
});
const Level = Type.Enum(['province', 'city', 'county', 'station', 'hall']);
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const IndicatorDefSchema = Type.Object({
  key: IndicatorSchema,
  zh: Type.String(),
  en: Type.String(),
  direction: Type.Enum(['higher', 'lower']),
  unit: Type.Enum(['rate', 'per10k']),
  source: Type.String(),
  records: Type.String(),
  numerator: Bilingual,
  denominator: Bilingual,
});

export const SchemeIndicatorSchema = Type.Object(
  { indicator: IndicatorSchema, weight: Decimal, method: Type.Enum(METHODS), floor: Type.Optional(Decimal), target: Type.Optional(Decimal) },
  { additionalProperties: false },
);
export const SchemeDataSchema = Type.Object(
  { utcOffsetMinutes: Int(-840, 840), indicators: Type.Array(SchemeIndicatorSchema, { minItems: 1, maxItems: 30 }) },
  { additionalProperties: false },
);
export const SchemeSchema = Type.Object({
  id: Id,
  code: Type.String(),
  version: Type.Integer(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  data: SchemeDataSchema,
  source: Type.String(),
});
export type Scheme = Static<typeof SchemeSchema>;
export const SchemeCreateBody = Body({ code: Text(40), validFrom: LocalDate(), data: SchemeDataSchema, source: Text(500) });
export type SchemeCreate = Static<typeof SchemeCreateBody>;

export const ComputeBody = Body({
  period: PeriodText,
  level: Type.Optional(Level),
  rootOrgUnitId: Type.Optional(Id),
  schemeCode: Type.Optional(Text(40)),
});
export type ComputeInput = Static<typeof ComputeBody>;

export const LineSchema = Type.Object({
  indicator: IndicatorSchema,
  numerator: Type.String(),
  denominator: Type.String(),
  value: Nullable(Type.String()),
  points: Nullable(Type.String()),
  weight: Type.String(),
  status: Type.Enum(['scored', 'missing']),
  missing: Nullable(Type.String()),
});
export const UnitResultSchema = Type.Object({
  orgUnitId: Id,
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  points: Type.String(),
  maxPoints: Type.String(),
  score: Nullable(Type.String()),
  rank: Nullable(Type.Integer()),
  lines: Type.Array(LineSchema),
});
export const RunSummarySchema = Type.Object({
  id: Id,
  period: Type.String(),
  periodKind: Type.Enum(['month', 'quarter']),
  from: Type.String(),
  to: Type.String(),
  level: Type.String(),
  rootOrgUnitId: Id,
  rootName: Type.String(),
  scheme: Type.Object({ id: Id, code: Type.String(), version: Type.Integer() }),
  computedAt: Type.String(),
  units: Type.Integer(),
});
export type RunSummary = Static<typeof RunSummarySchema>;
export const RunSchema = Type.Object({ ...RunSummarySchema.properties, results: Type.Array(UnitResultSchema) });
export type Run = Static<typeof RunSchema>;
export const RunListQuery = Query({
  period: Type.Optional(PeriodText),
  level: Type.Optional(Level),
  rootOrgUnitId: Type.Optional(Id),
  limit: Type.Optional(Int(1, 200)),
});
export const CurrentQuery = Query({ period: PeriodText, level: Type.Optional(Level), rootOrgUnitId: Type.Optional(Id) });

export const TrendQuery = Query({ orgUnitId: Id, periods: Type.Optional(Int(1, 36)) });
export const TrendSchema = Type.Object({
  orgUnitId: Id,
  points: Type.Array(
    Type.Object({
      period: Type.String(),
      runId: Id,
      score: Nullable(Type.String()),
      rank: Nullable(Type.Integer()),
      units: Type.Integer(),
      lines: Type.Array(Type.Object({ indicator: IndicatorSchema, value: Nullable(Type.String()), points: Nullable(Type.String()) })),
    }),
  ),
});

export const DrillParams = Type.Object({ id: Id, unitId: Id, indicator: IndicatorSchema }, { additionalProperties: false });
export const DrillQuery = Query({ limit: Type.Optional(Int(1, 500)), offset: Type.Optional(Int(0, 1_000_000)), numeratorOnly: Type.Optional(Type.Boolean()) });
export const DrillSchema = Type.Object({
  runId: Id,
  orgUnitId: Id,
  indicator: IndicatorSchema,
  definition: IndicatorDefSchema,
  period: Type.String(),
  from: Type.String(),
  to: Type.String(),
  snapshot: LineSchema,
  records: Type.String(),
  total: Type.Integer(),
  items: Type.Array(Type.Object({ id: Type.Integer(), ref: Type.String(), at: Type.String(), inNumerator: Type.Boolean(), state: Type.String() })),
});
export type Drill = Static<typeof DrillSchema>;

export const VoltageImportBody = Body({ fileName: Text(200), content: Type.String({ minLength: 1, maxLength: MAX_CSV_CHARS }) });
export type VoltageImport = Static<typeof VoltageImportBody>;
export const VoltageImportResultSchema = Type.Object({ importId: Id, rows: Type.Integer(), replayed: Type.Boolean() });

export const ExportQuery = Query({ lang: Type.Optional(Type.Enum(['zh-CN', 'en'])) });
export { PdfFile, XlsxFile } from '../../platform/schema.js';

// supervision: checklists (versioned), inspections with photos
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
export const MAX_PHOTOS = 10;
const ChecklistItemSchema = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' }), section: Text(40), text: Text(200), textEn: Text(300), points: Int(1, 1000) },
  { additionalProperties: false },
);
export const ChecklistSchema = Type.Object({
  id: Id,
  code: Type.String(),
  version: Type.Integer(),
  kind: Type.Enum(['window', 'secret_visit']),
  name: Type.String(),
  nameEn: Type.String(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  items: Type.Array(ChecklistItemSchema),
  maxPoints: Type.Integer(),
  source: Type.String(),
});
export type Checklist = Static<typeof ChecklistSchema>;
export const ChecklistCreateBody = Body({
  code: Text(40),
  kind: Type.Enum(['window', 'secret_visit']),
  name: Text(100),
  nameEn: Text(200),
  validFrom: LocalDate(),
  items: Type.Array(ChecklistItemSchema, { minItems: 1, maxItems: 100 }),
  source: Text(500),
});
export type ChecklistCreate = Static<typeof ChecklistCreateBody>;
export const InspectionCreateBody = Body({
  checklistId: Id,
  orgUnitId: Id,
  inspectedAt: Type.String({ format: 'date-time', maxLength: 40 }),
  notes: Type.Optional(Text(2000)),
  items: Type.Array(
    Type.Object(
      { code: Text(20), points: Int(0, 1000), finding: Type.Optional(Text(500)), rectifyBy: Type.Optional(LocalDate()) },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 100 },
  ),
  photos: Type.Optional(
    Type.Array(
      Type.Object(
        {
          itemCode: Type.Optional(Text(20)),
          fileName: Text(200),
          contentBase64: Type.String({ minLength: 4, maxLength: Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_PHOTOS },
    ),
  ),
});
export type InspectionCreate = Static<typeof InspectionCreateBody>;
export const InspectionSchema = Type.Object({
  id: Id,
  checklistId: Id,
  checklistCode: Type.String(),
  checklistVersion: Type.Integer(),
  kind: Type.String(),
  orgUnitId: Id,
  orgUnitName: Type.String(),
  inspectedAt: Type.String(),
  inspectorName: Type.String(),
  points: Type.Integer(),
  maxPoints: Type.Integer(),
  notes: Nullable(Type.String()),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      points: Type.Integer(),
      maxPoints: Type.Integer(),
      finding: Nullable(Type.String()),
      rectifyBy: Nullable(Type.String()),
    }),
  ),
  photos: Type.Array(Type.Object({ id: Id, itemCode: Nullable(Type.String()), fileName: Type.String(), mime: Type.String(), sizeBytes: Type.Integer() })),
});
export type Inspection = Static<typeof InspectionSchema>;
export const InspectionListQuery = Query({
  orgUnitId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  limit: Type.Optional(Int(1, 200)),
});
export const PhotoParams = Type.Object({ id: Id, photoId: Id }, { additionalProperties: false });
export const ImageFile = BinaryFile('JPEG or PNG');

/** The supervisor board's tile: this month so far for the caller's unit, and open rectifications. */
export const BoardSchema = Type.Object({
  period: Type.String(),
  orgUnitId: Id,
  figures: Type.Array(
    Type.Object({
      indicator: IndicatorSchema,
      numerator: Type.String(),
      denominator: Type.String(),
      value: Nullable(Type.String()),
      missing: Nullable(Type.String()),
    }),
  ),
  findings: Type.Array(
    Type.Object({
      inspectionId: Id,
      orgUnitName: Type.String(),
      itemCode: Type.String(),
      finding: Nullable(Type.String()),
      rectifyBy: Type.String(),
      overdue: Type.Boolean(),
    }),
  ),
});
