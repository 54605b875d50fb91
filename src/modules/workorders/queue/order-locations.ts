/** Open orders with a location, as GeoJSON points for the dispatcher map (only the principal's scope). */
import { prepared, type Queryable } from '../../../db/pool.js';
import type { Principal } from '../../identity/index.js';
import { scopeSql } from '../orders/order-store.js';
import type { LocationsQuery } from '../schemas.js';

export type { LocationsQuery };

export async function openOrderLocations(db: Queryable, p: Principal, q: LocationsQuery) {
  const s = scopeSql(p, 1, 2);
  const { rows } = await db.query(
    prepared(
      `SELECT w.id, w.order_no, w.order_type, w.status, w.urgency, w.received_at, w.location_lon, w.location_lat, w.location_source, w.location_text, w.address
       FROM work_orders w
      WHERE w.location_lon IS NOT NULL AND w.status NOT IN ('closed', 'terminated', 'merged') AND ${s.sql}
        AND ($3::text IS NULL OR w.location_source = $3) AND ($4::text IS NULL OR w.order_type = $4)
      ORDER BY w.received_at DESC, w.id DESC LIMIT $5`,
      [...s.params, q.source ?? null, q.orderType ?? null, q.limit + 1],
    ),
  );
  return {
    type: 'FeatureCollection' as const,
    truncated: rows.length > q.limit,
    features: rows.slice(0, q.limit).map((r) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [r.location_lon, r.location_lat] },
      properties: {
        id: r.id,
        orderNo: r.order_no,
        orderType: r.order_type,
        status: r.status,
        urgency: r.urgency,
        receivedAt: r.received_at,
        source: r.location_source,
        text: r.location_text,
        address: r.address,
      },
    })),
  };
}
