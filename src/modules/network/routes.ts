import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { servicePointLayer } from './service-points-geo.js';
import { exportNetworkCsv, exportNetworkGeoJson, importNetwork, listDevices, traceDownstream } from './service.js';
import {
  DeviceListQuery,
  DeviceSchema,
  DownstreamSchema,
  NetworkCsv,
  NetworkGeoJson,
  NetworkImportBody,
  NetworkImported,
  ServicePointLayer,
  ServicePointLayerQuery,
} from './schemas.js';

export function registerNetworkRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/network/devices',
    { config: { permission: 'network.read' }, schema: { tags: ['network'], querystring: DeviceListQuery, response: ok(Type.Array(DeviceSchema)) } },
    async (req) => listDevices(db, principal(req), req.query),
  );

  app.get(
    '/api/network/devices/:id/downstream',
    { config: { permission: 'network.read' }, schema: { tags: ['network'], params: IdParams, response: ok(DownstreamSchema) } },
    async (req) => traceDownstream(db, principal(req), req.params.id),
  );

  app.get('/api/network/geojson', { config: { permission: 'network.read' }, schema: { tags: ['network'], response: ok(NetworkGeoJson) } }, async (req) =>
    exportNetworkGeoJson(db, principal(req)),
  );

  app.get(
    '/api/network/service-points.geojson',
    {
      config: { permission: 'network.read' },
      schema: {
        tags: ['network'],
        description: 'Service points as map points; bbox=west,south,east,north limits the area; at most `limit` features (truncated=true when more exist).',
        querystring: ServicePointLayerQuery,
        response: ok(ServicePointLayer),
      },
    },
    async (req) => servicePointLayer(db, principal(req), req.query),
  );

  app.get(
    '/api/network/export.csv',
    { config: { permission: 'network.read' }, schema: { tags: ['network'], response: ok(NetworkCsv) } },
    async (req, reply) => {
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="network.csv"');
      return exportNetworkCsv(db, principal(req));
    },
  );

  app.post(
    '/api/network/import',
    {
      config: { permission: 'network.write' },
      schema: {
        tags: ['network'],
        description:
          'Import devices from CSV (code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva) or a GeoJSON FeatureCollection of Points; all or nothing.',
        body: NetworkImportBody,
        response: ok(NetworkImported),
      },
    },
    async (req) => importNetwork(db, principal(req), req.body),
  );
}
