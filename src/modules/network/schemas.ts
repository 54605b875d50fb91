/**
 * The network module's contract: devices, tracing, the GeoJSON layers, CSV export and import, every
 * request and response shape declared once. The service's types are derived from these.
 */
import { Type, type Static } from 'typebox';
import { Body, Id, Int, Lat, Lon, Nullable, Query } from '../../platform/schema.js';

export const DEVICE_KINDS = ['substation', 'feeder', 'transformer'] as const;
export const DeviceKindSchema = Type.Enum(DEVICE_KINDS);
export type DeviceKind = Static<typeof DeviceKindSchema>;

export const DeviceListQuery = Query({
  kind: Type.Optional(DeviceKindSchema),
  parentId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Int(1, 20_000)),
});
export type DeviceFilter = Static<typeof DeviceListQuery>;

/** A device; lon/lat and the ratings are null where unknown (numeric ratings sent as numbers). */
export const DeviceSchema = Type.Object({
  id: Id,
  kind: DeviceKindSchema,
  code: Type.String(),
  name: Type.String(),
  parentId: Nullable(Id),
  parentCode: Nullable(Type.String()),
  orgUnitId: Id,
  lon: Nullable(Lon()),
  lat: Nullable(Lat()),
  voltageKv: Nullable(Type.Number()),
  ratedKva: Nullable(Type.Number()),
});
export type Device = Static<typeof DeviceSchema>;

/** An ancestor of a traced device, nearest first (the rows of the upstream walk, as they always were sent: `parent_id`). */
export const UpstreamDeviceSchema = Type.Object({ id: Id, kind: DeviceKindSchema, code: Type.String(), name: Type.String(), parent_id: Nullable(Id) });
export const DownstreamSchema = Type.Object({
  device: DeviceSchema,
  upstream: Type.Array(UpstreamDeviceSchema),
  devices: Type.Array(DeviceSchema),
  servicePoints: Type.Integer(),
  customers: Type.Integer(),
  importantServicePoints: Type.Integer(),
});
export type Downstream = Static<typeof DownstreamSchema>;

const LonLatPair = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
export const PointGeometry = Type.Object({ type: Type.Literal('Point'), coordinates: LonLatPair });
export const LineGeometry = Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(LonLatPair) });

/** The network as a map layer: a point per device with coordinates, a line from each to its parent (properties kind `<kind>_line` and code only). */
export const NetworkFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Type.Union([PointGeometry, LineGeometry]),
  properties: Type.Object({
    id: Type.Optional(Id),
    kind: Type.String(),
    code: Type.String(),
    name: Type.Optional(Type.String()),
    parentCode: Type.Optional(Nullable(Type.String())),
    voltageKv: Type.Optional(Nullable(Type.Number())),
    ratedKva: Type.Optional(Nullable(Type.Number())),
  }),
});
export const NetworkGeoJson = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(NetworkFeature) });
export type NetworkGeoJsonAnswer = Static<typeof NetworkGeoJson>;

/** CSV of the devices (code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva), sent as text/csv. */
export const NetworkCsv = Type.String({ description: 'text/csv: code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva' });

export const ServicePointLayerQuery = Query({
  bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', maxLength: 100 })),
  limit: Type.Optional(Int(1, 50_000, { default: 20_000 })),
});
export type ServicePointLayerFilter = Static<typeof ServicePointLayerQuery>;
/** Service points as map points: no personal data, only class, importance, transformer and the customer id. */
export const ServicePointFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: PointGeometry,
  properties: Type.Object({ id: Id, customerId: Id, customerClass: Type.String(), important: Type.Boolean(), transformerId: Nullable(Id) }),
});
export const ServicePointLayer = Type.Object({ type: Type.Literal('FeatureCollection'), truncated: Type.Boolean(), features: Type.Array(ServicePointFeature) });
export type ServicePointLayerAnswer = Static<typeof ServicePointLayer>;

export const NetworkImportBody = Body({
  csv: Type.Optional(Type.String({ minLength: 1, maxLength: 5_000_000 })),
  // a GeoJSON FeatureCollection as exported: its features are read by geoJsonToCsv (Point features only), so any
  // feature object is accepted here; a feature that is not an object (null, a number) is refused naming it
  geojson: Type.Optional(
    Type.Object({
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 200_000 }),
    }),
  ),
  orgUnitId: Type.Optional(Id),
});
export type NetworkImport = Static<typeof NetworkImportBody>;
export const NetworkImported = Type.Object({ inserted: Type.Integer(), updated: Type.Integer() });
export type NetworkImportedAnswer = Static<typeof NetworkImported>;
