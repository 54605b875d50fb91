/** Great-circle distance, WGS-84 validity and the territory shape test (lon/lat degrees). Shared by every module (platform). */
import type { Territory } from './schemas.js';

export interface LonLat {
  lon: number;
  lat: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

export function haversineKm(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A territory: a bounding box, or a polygon ring of [lon, lat] pairs (closed or not); its shape is declared in schemas.ts. */
export type { Territory };

export function insideTerritory(p: LonLat, t: Territory): boolean {
  if (t.kind === 'box') return p.lon >= t.minLon && p.lon <= t.maxLon && p.lat >= t.minLat && p.lat <= t.maxLat;
  return insidePolygon(p, t.ring);
}

/** Even-odd ray casting; points on an edge count as inside. */
export function insidePolygon(p: LonLat, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (onSegment(p, xi, yi, xj, yj)) return true;
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(p: LonLat, x1: number, y1: number, x2: number, y2: number): boolean {
  const cross = (p.lon - x1) * (y2 - y1) - (p.lat - y1) * (x2 - x1);
  if (Math.abs(cross) > 1e-12) return false;
  return p.lon >= Math.min(x1, x2) && p.lon <= Math.max(x1, x2) && p.lat >= Math.min(y1, y2) && p.lat <= Math.max(y1, y2);
}

export function validLonLat(p: LonLat): boolean {
  return Number.isFinite(p.lon) && Number.isFinite(p.lat) && p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90;
}
