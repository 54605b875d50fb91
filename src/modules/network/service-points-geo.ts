/**
 * Service points as a GeoJSON layer for maps, within the caller's subtree and an optional
 * bounding box; capped so a county-wide view stays light (the map asks again when zoomed in).
 * Properties carry no personal data: class, importance, transformer, and the customer id.
 */
import type { Queryable } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { inOrgScope } from '../orgs/index.js';
import type { ServicePointLayerAnswer, ServicePointLayerFilter } from './schemas.js';

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Pure: the bounding box of `west,south,east,north` (already matched by the query schema's pattern), or a 400 naming querystring.bbox. */
export function parseBbox(s: string): Bbox {
  const [west, south, east, north] = s.split(',').map(Number);
  if (west > east || south > north || west < -180 || east > 180 || south < -90 || north > 90) {
    throw badField('querystring.bbox', 'bbox', '范围应为 西,南,东,北 且西≤东、南≤北', 'bbox must be west,south,east,north with west ≤ east and south ≤ north');
  }
  return { west, south, east, north };
}

/** The map layer of GET /api/network/service-points.geojson: the query's bbox (if any) and limit (default 20,000). */
export async function servicePointLayer(db: Queryable, p: Principal, q: ServicePointLayerFilter): Promise<ServicePointLayerAnswer> {
  return servicePointsGeoJson(db, p, q.bbox ? parseBbox(q.bbox) : null, q.limit ?? 20_000);
}

export async function servicePointsGeoJson(db: Queryable, p: Principal, bbox: Bbox | null, limit: number): Promise<ServicePointLayerAnswer> {
  const { rows } = await db.query(
    `SELECT sp.id, sp.customer_id, sp.lon, sp.lat, sp.customer_class, sp.important, sp.transformer_id
       FROM pub_service_points sp
      WHERE ${inOrgScope('sp.org_unit_id', '$1')} AND sp.lon IS NOT NULL AND sp.lat IS NOT NULL
        AND ($2::float8 IS NULL OR (sp.lon BETWEEN $2 AND $4 AND sp.lat BETWEEN $3 AND $5))
      ORDER BY sp.id LIMIT $6`,
    [p.orgPath, bbox?.west ?? null, bbox?.south ?? null, bbox?.east ?? null, bbox?.north ?? null, limit + 1],
  );
  const truncated = rows.length > limit;
  return {
    type: 'FeatureCollection',
    truncated,
    features: rows.slice(0, limit).map((r) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
      properties: { id: r.id, customerId: r.customer_id, customerClass: r.customer_class, important: r.important, transformerId: r.transformer_id },
    })),
  };
}
