/** Crew rows as the outage service needs them: scoped lookup and busy/available status. */
import type { Queryable } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import { inOrgScope } from '../orgs/index.js';
import type { CrewStatus } from './schemas.js';

export async function requireCrewInScope(
  q: Queryable,
  crewId: number,
  orgPath: string,
  field = 'crewId',
): Promise<{ id: number; name: string; status: string }> {
  const { rows } = await q.query(`SELECT c.id, c.name, c.status FROM crews c WHERE c.id = $1 AND c.active AND ${inOrgScope('c.org_unit_id', '$2')}`, [
    crewId,
    orgPath,
  ]);
  if (!rows[0]) throw badField(field, 'exists', '抢修班组不存在或不在管辖范围内', 'crew does not exist or is outside your scope');
  return rows[0];
}

export async function setCrewStatus(q: Queryable, crewId: number, status: CrewStatus): Promise<void> {
  await q.query('UPDATE crews SET status = $2 WHERE id = $1', [crewId, status]);
}

export async function isCrewMember(q: Queryable, crewId: number, userId: number): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM crew_members WHERE crew_id = $1 AND user_id = $2', [crewId, userId]);
  return (rowCount ?? 0) > 0;
}
