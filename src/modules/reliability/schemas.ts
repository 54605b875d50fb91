/**
 * The reliability module's contract: the query of GET /api/reliability and its report, declared
 * once. The indices type of the pure rules (indices.ts) is derived from here.
 */
import { Type, type Static } from 'typebox';
import { DateTime, Id, LocalDate, Nullable, Query } from '../../platform/schema.js';
import { MED_STD_DEVS } from './reliability-policy.js';

export const ReliabilityQuerySchema = Query({ from: DateTime(), to: DateTime(), orgUnitId: Type.Optional(Id), feederId: Type.Optional(Id) });
export type ReliabilityFilter = Static<typeof ReliabilityQuerySchema>;

/** IEEE 1366 / DL/T 836 indices of one set of days (see indices.ts); sums of customer-minutes carry fractions. */
export const ReliabilityIndicesSchema = Type.Object({
  customersServed: Type.Integer(),
  hours: Type.Number(),
  customerInterruptions: Type.Number(),
  customerMinutes: Type.Number(),
  momentaryInterruptions: Type.Number(),
  saifi: Type.Number(),
  saidiMinutes: Type.Number(),
  /** null when there was no sustained interruption */
  caidiMinutes: Nullable(Type.Number()),
  asai: Type.Number(),
  maifi: Type.Number(),
  aihc1Hours: Type.Number(),
  rs1Percent: Type.Number(),
  rs2Percent: Type.Number(),
  rs3Percent: Type.Number(),
});
export type ReliabilityIndices = Static<typeof ReliabilityIndicesSchema>;

export const ReliabilityReportSchema = Type.Object({
  /** the scope asked for: a feeder, or an org unit (the caller's own by default) */
  scope: Type.Object({ feederId: Type.Optional(Id), orgUnitId: Type.Optional(Id) }),
  /** the period as whole local days */
  from: DateTime(),
  to: DateTime(),
  policy: Type.Object({ momentaryMaxMinutes: Type.Number(), medK: Type.Number(), medStdDev: Type.Enum(MED_STD_DEVS), medHistoryYears: Type.Integer() }),
  all: ReliabilityIndicesSchema,
  normal: ReliabilityIndicesSchema,
  majorEvents: ReliabilityIndicesSchema,
  /** major event days: α and β are null when the history is too short to estimate them, as is T_MED */
  med: Type.Object({
    alpha: Nullable(Type.Number()),
    beta: Nullable(Type.Number()),
    tMedMinutes: Nullable(Type.Number()),
    daysUsed: Type.Integer(),
    days: Type.Array(LocalDate()),
  }),
  daily: Type.Array(Type.Object({ day: LocalDate(), saifi: Type.Number(), saidiMinutes: Type.Number(), maifi: Type.Number(), majorEvent: Type.Boolean() })),
});
export type ReliabilityReportAnswer = Static<typeof ReliabilityReportSchema>;
