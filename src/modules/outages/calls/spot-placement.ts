/**
 * Pure: where on the network a fault reported at a spot (no service point) belongs — under the
 * nearest transformer within the policy's distance, else nowhere (the call is kept unplaced for a
 * dispatcher). Distances are great-circle metres.
 */
import { haversineKm, type LonLat } from '../../../platform/geo/geo.js';

export interface SpotReportPolicy {
  /** The farthest a transformer may be from the spot for the call to be placed under it. */
  maxTransformerDistanceMeters: number;
}

export const DEFAULT_SPOT_REPORT_POLICY: SpotReportPolicy = { maxTransformerDistanceMeters: 500 };

/** A lon/lat box that holds every point within `meters` of the spot (for an index-friendly prefilter). */
export function searchBox(spot: LonLat, meters: number): { minLon: number; maxLon: number; minLat: number; maxLat: number } {
  const dLat = (meters / 1000 / 111.19) * 1.01;
  const cos = Math.max(Math.cos((Math.min(Math.abs(spot.lat) + dLat, 89.9) * Math.PI) / 180), 1e-6);
  const dLon = Math.min(dLat / cos, 180);
  return { minLon: spot.lon - dLon, maxLon: spot.lon + dLon, minLat: spot.lat - dLat, maxLat: spot.lat + dLat };
}

/** The nearest candidate within `maxMeters` (ties: the lower id), or null. */
export function nearestWithin<T extends LonLat & { id: number }>(spot: LonLat, candidates: T[], maxMeters: number): (T & { meters: number }) | null {
  let best: (T & { meters: number }) | null = null;
  for (const c of candidates) {
    const meters = haversineKm(spot, c) * 1000;
    if (meters > maxMeters) continue;
    if (!best || meters < best.meters || (meters === best.meters && c.id < best.id)) best = { ...c, meters };
  }
  return best;
}
