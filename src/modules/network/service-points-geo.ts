/**
 * Service points as a GeoJSON layer for maps, within the caller's subtree and an optional
 * bounding box; capped so a county-wide view stays light (the map asks again when zoomed in).
 * Properties carry no personal data: class, importance, transformer, and the customer id.
 */
import type { Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';

export interface Bbox { west: number; south: number; east: number; north: number }

export async function servicePointsGeoJson(db: Queryable, p: Principal, bbox: Bbox | null, limit: number) {
  const { rows } = await db.query(
    `SELECT sp.id, sp.customer_id, sp.lon, sp.lat, sp.customer_class, sp.important, sp.transformer_id
       FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id
      WHERE o.path LIKE $1 || '%' AND sp.lon IS NOT NULL AND sp.lat IS NOT NULL
        AND ($2::float8 IS NULL OR (sp.lon BETWEEN $2 AND $4 AND sp.lat BETWEEN $3 AND $5))
      ORDER BY sp.id LIMIT $6`,
    [p.orgPath, bbox?.west ?? null, bbox?.south ?? null, bbox?.east ?? null, bbox?.north ?? null, limit + 1],
  );
  const truncated = rows.length > limit;
  return {
    type: 'FeatureCollection',
    truncated,
    features: rows.slice(0, limit).map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { id: r.id, customerId: r.customer_id, customerClass: r.customer_class, important: r.important, transformerId: r.transformer_id },
    })),
  };
}
