/**
 * The service territory's contract (GET/PUT /api/territory): the territory shape, declared once;
 * geo.ts's `Territory` type is derived from it.
 */
import { Type, type Static } from 'typebox';
import { Body, DateTime, Lat, Lon } from '../schema.js';

/** A territory: a bounding box, or a polygon ring of [lon, lat] pairs (closed or not). */
export const TerritorySchema = Type.Union([
  Type.Object({ kind: Type.Literal('box'), minLon: Lon(), minLat: Lat(), maxLon: Lon(), maxLat: Lat() }),
  Type.Object({ kind: Type.Literal('polygon'), ring: Type.Array(Type.Tuple([Lon(), Lat()])) }),
]);
export type Territory = Static<typeof TerritorySchema>;

/**
 * The body of PUT /api/territory. The territory is taken as any object here and checked by
 * territoryProblem (territory.ts), so every bad shape is answered alike: 400 naming body.territory
 * with rule 'territory'; keys other than the territory's own are dropped when it is saved.
 */
export const TerritoryPutBody = Body({ territory: Type.Object({}, { additionalProperties: true }) });
export const TerritoryAnswer = Type.Object({ territory: TerritorySchema, updatedAt: DateTime() });
export type TerritoryRead = Static<typeof TerritoryAnswer>;
export const TerritorySaved = Type.Object({ territory: TerritorySchema, changed: Type.Boolean() });
export type TerritorySavedAnswer = Static<typeof TerritorySaved>;
