/**
 * How far and how long a crew travels. Dispatch takes any TravelEstimator; the default is the
 * straight line (haversine) at a configured road speed and detour factor. A road-network router
 * plugs in by implementing the same interface.
 */
import { haversineKm, type LonLat } from '../../platform/geo/geo.js';

export interface Travel {
  km: number;
  minutes: number;
}

export interface TravelEstimator {
  estimate(from: LonLat, to: LonLat): Travel;
}

export interface StraightLinePolicy {
  /** Average road speed, km/h. */
  speedKmh: number;
  /** Road distance ÷ straight-line distance (1 = as the crow flies). */
  detourFactor: number;
}

export function straightLineEstimator(p: StraightLinePolicy): TravelEstimator {
  if (!(p.speedKmh > 0) || !(p.detourFactor >= 1)) throw new RangeError('speedKmh must be > 0 and detourFactor ≥ 1');
  return {
    estimate(from, to) {
      const km = haversineKm(from, to) * p.detourFactor;
      return { km, minutes: (km / p.speedKmh) * 60 };
    },
  };
}
