/**
 * The org module's contract: every request and response shape, declared once. The service's
 * types are derived from these (Static<typeof …>), the routes validate and serialise with them,
 * and the console's client is generated from the OpenAPI document they produce.
 */
import { Type, type Static } from 'typebox';
import { Body, Id, Nullable, Text } from '../../platform/schema.js';
import { AREA_TYPES, ORG_LEVELS } from './rules.js';

export const OrgLevelSchema = Type.Enum(ORG_LEVELS);
export const AreaTypeSchema = Type.Enum(AREA_TYPES);

export const OrgUnitSchema = Type.Object({
  id: Id,
  parentId: Nullable(Id),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: OrgLevelSchema,
  areaType: AreaTypeSchema,
  path: Type.String(),
  active: Type.Boolean(),
});
export type OrgUnit = Static<typeof OrgUnitSchema>;

export const OrgUnitCreateBody = Body({
  parentId: Id,
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,32}$' }),
  name: Text(64),
  nameEn: Type.Optional(Text(128)),
  level: OrgLevelSchema,
  areaType: AreaTypeSchema,
});
export type OrgUnitCreate = Static<typeof OrgUnitCreateBody>;
export const OrgUnitCreated = Type.Object({
  id: Id,
  path: Type.String(),
  parentId: Id,
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  level: OrgLevelSchema,
  areaType: AreaTypeSchema,
});

export const OrgUnitPatchBody = Body({
  name: Type.Optional(Text(64)),
  nameEn: Type.Optional(Text(128)),
  areaType: Type.Optional(AreaTypeSchema),
  active: Type.Optional(Type.Boolean()),
});
export type OrgUnitPatch = Static<typeof OrgUnitPatchBody>;
