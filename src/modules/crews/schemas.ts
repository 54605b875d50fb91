/**
 * The crews module's contract: the crew list, create and edit, shifts, and the position reports
 * of the crew's phone, every request and response shape declared once. The service's types are
 * derived from these.
 */
import { Type, type Static } from 'typebox';
import { Body, DateTime, Id, Lat, Lon, Nullable, Text } from '../../platform/schema.js';

export const CREW_STATUSES = ['available', 'busy', 'off_duty'] as const;
export const CrewStatusSchema = Type.Enum(CREW_STATUSES);
export type CrewStatus = Static<typeof CrewStatusSchema>;
const Skills = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 20 });

/** A crew as the dispatcher's panel shows it: live position, members, coming shifts, current job and the latest open job it declined. */
export const CrewSchema = Type.Object({
  id: Id,
  name: Type.String(),
  orgUnitId: Id,
  orgName: Type.String(),
  skills: Type.Array(Type.String()),
  status: CrewStatusSchema,
  phone: Nullable(Type.String()),
  position: Nullable(Type.Object({ lon: Lon(), lat: Lat(), at: Nullable(DateTime()) })),
  members: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  shifts: Type.Array(Type.Object({ start: DateTime(), end: DateTime() })),
  outage: Nullable(
    Type.Object({
      id: Id,
      outageNo: Type.String(),
      status: Type.String(),
      acceptance: Nullable(Type.Enum(['awaiting', 'accepted'])),
      assignedAt: Nullable(DateTime()),
    }),
  ),
  declined: Nullable(Type.Object({ outageId: Id, outageNo: Type.String(), at: DateTime(), reason: Type.String() })),
});
export type Crew = Static<typeof CrewSchema>;

/** The id of the crew or shift written. */
export const CrewRef = Type.Object({ id: Id });
export type CrewRefAnswer = Static<typeof CrewRef>;

export const CrewCreateBody = Body({ name: Text(40), orgUnitId: Id, skills: Skills, phone: Type.Optional(Text(20)) });
export type CrewCreate = Static<typeof CrewCreateBody>;
export const CrewPatchBody = Body({
  name: Type.Optional(Text(40)),
  skills: Type.Optional(Skills),
  status: Type.Optional(CrewStatusSchema),
  phone: Type.Optional(Text(20)),
});
export type CrewPatch = Static<typeof CrewPatchBody>;
export const ShiftBody = Body({ startsAt: DateTime(), endsAt: DateTime() });
export type Shift = Static<typeof ShiftBody>;
export const PositionBody = Body({ lon: Lon(), lat: Lat(), at: Type.Optional(DateTime()) });
export type PositionReport = Static<typeof PositionBody>;
export const PositionAccepted = Type.Object({ accepted: Type.Boolean() });
export type PositionAcceptedAnswer = Static<typeof PositionAccepted>;
