import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { badField } from '../../platform/errors.js';
import { Body, IdParams, Query, Id } from '../../http/schemas.js';
import { geoJsonToCsv } from './csv.js';
import { servicePointsGeoJson } from './service-points-geo.js';
import { exportNetwork, importNetworkCsv, listDevices, traceDownstream } from './service.js';

const Kind = Type.Union([Type.Literal('substation'), Type.Literal('feeder'), Type.Literal('transformer')]);

export function registerNetworkRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/network/devices', {
    config: { permission: 'network.read' },
    schema: { tags: ['network'], querystring: Query({ kind: Type.Optional(Kind), parentId: Type.Optional(Id), q: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })) }) },
  }, async (req) => listDevices(db, principal(req), req.query as never));

  app.get('/api/network/devices/:id/downstream', { config: { permission: 'network.read' }, schema: { tags: ['network'], params: IdParams } }, async (req) =>
    traceDownstream(db, principal(req), (req.params as { id: number }).id));

  app.get('/api/network/geojson', { config: { permission: 'network.read' }, schema: { tags: ['network'] } }, async (req) => exportNetwork(db, principal(req), 'geojson'));

  app.get('/api/network/service-points.geojson', {
    config: { permission: 'network.read' },
    schema: {
      tags: ['network'],
      description: 'Service points as map points; bbox=west,south,east,north limits the area; at most `limit` features (truncated=true when more exist).',
      querystring: Query({ bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000, default: 20_000 })) }),
    },
  }, async (req) => {
    const q = req.query as { bbox?: string; limit: number };
    let bbox = null;
    if (q.bbox) {
      const [west, south, east, north] = q.bbox.split(',').map(Number);
      if (west > east || south > north || west < -180 || east > 180 || south < -90 || north > 90) {
        throw badField('querystring.bbox', 'bbox', '范围应为 西,南,东,北 且西≤东、南≤北', 'bbox must be west,south,east,north with west ≤ east and south ≤ north');
      }
      bbox = { west, south, east, north };
    }
    return servicePointsGeoJson(db, principal(req), bbox, q.limit ?? 20_000);
  });

  app.get('/api/network/export.csv', { config: { permission: 'network.read' }, schema: { tags: ['network'] } }, async (req, reply) => {
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="network.csv"');
    return exportNetwork(db, principal(req), 'csv');
  });

  app.post('/api/network/import', {
    config: { permission: 'network.write' },
    schema: {
      tags: ['network'],
      description: 'Import devices from CSV (code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva) or a GeoJSON FeatureCollection of Points; all or nothing.',
      body: Body({ csv: Type.Optional(Type.String({ minLength: 1, maxLength: 5_000_000 })), geojson: Type.Optional(Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Any(), { maxItems: 200_000 }) })), orgUnitId: Type.Optional(Id) }),
    },
  }, async (req) => {
    const p = principal(req);
    const b = req.body as { csv?: string; geojson?: unknown; orgUnitId?: number };
    if ((b.csv === undefined) === (b.geojson === undefined)) throw badField('body.csv', 'one_of', '请提供 csv 或 geojson 之一', 'give exactly one of csv or geojson');
    const text = b.csv ?? geoJsonToCsv(b.geojson);
    const org = b.orgUnitId ?? p.orgUnitId;
    const ok = await db.query(`SELECT 1 FROM org_units WHERE id = $1 AND path LIKE $2 || '%'`, [org, p.orgPath]);
    if (!ok.rowCount) throw badField('body.orgUnitId', 'org_scope', '组织单位不存在或不在您的管辖范围内', 'org unit does not exist or is outside your scope');
    return importNetworkCsv(db, p, text, org);
  });
}
