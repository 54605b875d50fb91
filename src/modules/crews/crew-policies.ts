/**
 * The dispatch and crew-position policies (rows of outage_policies, newest valid version). The
 * territory position reports are held to is the platform's service territory, not policy data.
 */
import type { Queryable } from '../../db/pool.js';
import { serviceTerritory } from '../../platform/geo/territory.js';
import type { DispatchPolicy } from './dispatch-rules.js';
import type { PositionPolicy } from './position-rules.js';
import type { StraightLinePolicy } from './routing.js';

export type DispatchSettings = DispatchPolicy &
  StraightLinePolicy & {
    skillsByDeviceKind: Record<string, string[]>;
    /** Minutes the assigned crew has to accept or decline before the dispatcher is warned. */
    acceptWithinMinutes: number;
  };

async function load<T>(q: Queryable, name: string): Promise<T> {
  const { rows } = await q.query(
    'SELECT data FROM pub_outage_policies WHERE name = $1 AND valid_from <= now() ORDER BY valid_from DESC, version DESC LIMIT 1',
    [name],
  );
  if (!rows[0]) throw new Error(`policy ${name} is missing`);
  return rows[0].data as T;
}

export const dispatchPolicy = (q: Queryable) => load<DispatchSettings>(q, 'dispatch');
export async function positionPolicy(q: Queryable): Promise<PositionPolicy> {
  const [data, territory] = await Promise.all([load<Omit<PositionPolicy, 'territory'>>(q, 'crew_position'), serviceTerritory(q)]);
  return { ...data, territory };
}
