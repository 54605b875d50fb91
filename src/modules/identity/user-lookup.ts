/** One active staff user by id, if their org unit lies in the caller's subtree (for modules that name an owner or assignee). */
import type { Queryable } from '../../db/pool.js';
import { inOrgScope } from '../orgs/index.js';

export async function findStaffUserInScope(q: Queryable, id: number, orgPath: string): Promise<{ id: number; name: string; orgUnitId: number } | null> {
  const { rows } = await q.query(
    `SELECT u.id, u.display_name, u.org_unit_id FROM users u WHERE u.id = $1 AND u.active AND u.role <> 'customer' AND ${inOrgScope('u.org_unit_id', '$2')}`,
    [id, orgPath],
  );
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].display_name, orgUnitId: Number(rows[0].org_unit_id) } : null;
}
