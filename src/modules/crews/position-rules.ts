/**
 * Whether a position report from a crew's phone is believable: coordinates valid, inside the
 * territory, not from the future or older than the last accepted report, and not implying a
 * speed above the configured maximum since the last accepted report. Rejected reports are
 * logged by the caller, never stored as the crew's position.
 */
import { haversineKm, insideTerritory, validLonLat, type LonLat, type Territory } from '../../platform/geo/geo.js';

export interface PositionPolicy {
  /** The platform's service territory (src/platform/geo/territory.ts), joined to the crew_position policy when read. */
  territory: Territory;
  maxSpeedKmh: number;
  /** Reports stamped further than this in the future (clock skew) are refused. */
  maxClockSkewSeconds: number;
}

export interface PositionReport extends LonLat {
  at: Date;
}

export type PositionVerdict =
  | { ok: true; speedKmh: number | null }
  | { ok: false; field: 'lon' | 'lat' | 'at'; rule: 'range' | 'territory' | 'future' | 'out_of_order' | 'speed'; en: string; zh: string; speedKmh?: number };

export function checkPosition(report: PositionReport, last: PositionReport | null, now: Date, policy: PositionPolicy): PositionVerdict {
  if (!validLonLat(report))
    return {
      ok: false,
      field: Number.isFinite(report.lon) && Math.abs(report.lon) <= 180 ? 'lat' : 'lon',
      rule: 'range',
      en: 'coordinates out of range',
      zh: '坐标超出范围',
    };
  if (!insideTerritory(report, policy.territory))
    return { ok: false, field: 'lon', rule: 'territory', en: 'position outside the service territory', zh: '位置不在供电辖区内' };
  if (report.at.getTime() > now.getTime() + policy.maxClockSkewSeconds * 1000)
    return { ok: false, field: 'at', rule: 'future', en: 'report time is in the future', zh: '上报时间晚于当前时间' };
  if (!last) return { ok: true, speedKmh: null };
  const hours = (report.at.getTime() - last.at.getTime()) / 3_600_000;
  if (hours <= 0) return { ok: false, field: 'at', rule: 'out_of_order', en: 'report is not newer than the last accepted one', zh: '上报时间早于上次位置' };
  const speedKmh = haversineKm(last, report) / hours;
  if (speedKmh > policy.maxSpeedKmh)
    return {
      ok: false,
      field: 'lon',
      rule: 'speed',
      en: `implied speed ${speedKmh.toFixed(0)} km/h exceeds ${policy.maxSpeedKmh}`,
      zh: `推算速度 ${speedKmh.toFixed(0)} km/h 超过上限 ${policy.maxSpeedKmh}`,
      speedKmh,
    };
  return { ok: true, speedKmh };
}
