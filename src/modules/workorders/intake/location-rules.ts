/**
 * Pure: where a work order is. A spot given at intake must be valid WGS-84 and inside the service
 * territory — the platform's one territory (src/platform/geo/territory.ts), the same that crew
 * position reports are held to.
 * Without a given spot, an order at a service point with coordinates is located there.
 */
import { insideTerritory, validLonLat, type Territory } from '../../../platform/geo/geo.js';
import type { Issue } from './intake-rules.js';

import type { LocationSource, OrderLocation, ReportedLocation } from '../schemas.js';

export type { LocationSource, OrderLocation, ReportedLocation };

/** The issue with a reported spot, or null. `territory` null: no territory configured, range only. */
export function checkLocation(loc: ReportedLocation, territory: Territory | null, field = 'location'): Issue | null {
  if (!Number.isFinite(loc.lon) || loc.lon < -180 || loc.lon > 180)
    return { field: `${field}.lon`, rule: 'range', zh: '经度应在 -180 到 180 之间', en: 'longitude must be between -180 and 180' };
  if (!validLonLat(loc)) return { field: `${field}.lat`, rule: 'range', zh: '纬度应在 -90 到 90 之间', en: 'latitude must be between -90 and 90' };
  if (territory && !insideTerritory(loc, territory))
    return { field, rule: 'territory', zh: '位置不在供电辖区内', en: 'location is outside the service territory' };
  return null;
}

/** The order's location: the reported spot when given (already checked), else the service point's coordinates, else none. */
export function orderLocation(
  reported: ReportedLocation | null | undefined,
  servicePoint: { lon: number | null; lat: number | null } | null,
): OrderLocation | null {
  if (reported) return { lon: reported.lon, lat: reported.lat, source: 'reported', text: reported.text?.trim() || null };
  if (servicePoint && servicePoint.lon !== null && servicePoint.lat !== null && validLonLat({ lon: servicePoint.lon, lat: servicePoint.lat })) {
    return { lon: servicePoint.lon, lat: servicePoint.lat, source: 'service_point', text: null };
  }
  return null;
}

/** The work_orders columns of a location (all four keys always present: the intake batch statement is keyed by its column list). */
export function locationColumns(l: OrderLocation | null) {
  return { location_lon: l?.lon ?? null, location_lat: l?.lat ?? null, location_source: l?.source ?? null, location_text: l?.text ?? null };
}

/** The API view of an order's location columns. */
export function locationView(r: { location_lon: number | null; location_lat: number | null; location_source: string | null; location_text: string | null }) {
  if (r.location_lon === null || r.location_lat === null || r.location_lon === undefined) return null;
  return { lon: r.location_lon, lat: r.location_lat, source: r.location_source as LocationSource, text: r.location_text };
}
