/** Dispatch suggestion for an outage: crews of the principal's scope ranked by the dispatch rules. */
import type { Queryable } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { inOrgScope } from '../orgs/index.js';
import { rankCrews, type CrewCandidate } from './dispatch-rules.js';
import { straightLineEstimator, type TravelEstimator } from './routing.js';
import { dispatchPolicy } from './crew-policies.js';

export async function suggestCrews(
  q: Queryable,
  p: Principal,
  site: { lon: number | null; lat: number | null; deviceKind: string },
  at = new Date(),
  estimator?: TravelEstimator,
  declined: ReadonlySet<number> = new Set(),
) {
  if (site.lon === null || site.lat === null) throw badField('device', 'position', '故障设备没有坐标，无法按距离推荐', 'the faulted device has no coordinates');
  const policy = await dispatchPolicy(q);
  const { rows } = await q.query(
    `SELECT c.id, c.name, c.status, c.skills, c.lon, c.lat, c.position_at,
            coalesce((SELECT json_agg(json_build_object('start', s.starts_at, 'end', s.ends_at)) FROM crew_shifts s WHERE s.crew_id = c.id AND s.ends_at > $2), '[]') AS shifts
       FROM crews c WHERE c.active AND ${inOrgScope('c.org_unit_id', '$1')}`,
    [p.orgPath, at],
  );
  const crews: CrewCandidate[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    skills: r.skills,
    shifts: (r.shifts as { start: string; end: string }[]).map((s) => ({ start: new Date(s.start), end: new Date(s.end) })),
    position: r.lon === null || r.position_at === null ? null : { lon: r.lon, lat: r.lat, at: r.position_at },
  }));
  const skills = policy.skillsByDeviceKind[site.deviceKind] ?? [];
  return {
    requiredSkills: skills,
    ...rankCrews({ lon: site.lon, lat: site.lat }, at, skills, crews, estimator ?? straightLineEstimator(policy), policy, declined),
  };
}
