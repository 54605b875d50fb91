/**
 * Which crew to suggest for a repair: the nearest one (by the pluggable estimator) that is
 * available, on shift at the time, has every required skill and a recent position. The
 * dispatcher confirms; crews left out are listed with the reason, so the choice can be explained.
 * Crews that already declined this job stay eligible but come after every other crew (flagged).
 */
import type { LonLat } from '../../platform/geo/geo.js';
import type { Travel, TravelEstimator } from './routing.js';
import type { CrewStatus } from './schemas.js';

export interface CrewCandidate {
  id: number;
  name: string;
  status: CrewStatus;
  skills: string[];
  /** Shifts as absolute intervals (from the roster). */
  shifts: { start: Date; end: Date }[];
  position: (LonLat & { at: Date }) | null;
}

export interface DispatchPolicy {
  /** A position older than this is not trusted for dispatch. */
  maxPositionAgeMinutes: number;
}

export type Exclusion = 'busy' | 'off_duty' | 'off_shift' | 'missing_skill' | 'no_position' | 'stale_position';

export interface DispatchChoice {
  ranked: ({ crewId: number; name: string; declined?: true } & Travel)[];
  excluded: { crewId: number; name: string; reason: Exclusion; detail?: string }[];
}

export function rankCrews(
  site: LonLat,
  at: Date,
  requiredSkills: readonly string[],
  crews: readonly CrewCandidate[],
  estimator: TravelEstimator,
  policy: DispatchPolicy,
  /** Crews that declined this job: suggested last. */
  declined: ReadonlySet<number> = new Set(),
): DispatchChoice {
  const ranked: DispatchChoice['ranked'] = [];
  const excluded: DispatchChoice['excluded'] = [];
  const t = at.getTime();
  for (const c of crews) {
    const out = (reason: Exclusion, detail?: string) => excluded.push({ crewId: c.id, name: c.name, reason, ...(detail ? { detail } : {}) });
    if (c.status !== 'available') {
      out(c.status);
      continue;
    }
    if (!c.shifts.some((s) => s.start.getTime() <= t && t < s.end.getTime())) {
      out('off_shift');
      continue;
    }
    const missing = requiredSkills.filter((s) => !c.skills.includes(s));
    if (missing.length > 0) {
      out('missing_skill', missing.join(','));
      continue;
    }
    if (!c.position) {
      out('no_position');
      continue;
    }
    if (t - c.position.at.getTime() > policy.maxPositionAgeMinutes * 60_000) {
      out('stale_position');
      continue;
    }
    ranked.push({ crewId: c.id, name: c.name, ...estimator.estimate(c.position, site), ...(declined.has(c.id) ? { declined: true as const } : {}) });
  }
  ranked.sort((a, b) => Number(!!a.declined) - Number(!!b.declined) || a.minutes - b.minutes || a.km - b.km || a.crewId - b.crewId);
  return { ranked, excluded };
}
