/**
 * Which crew to send to an outage: the crews of the dispatcher's scope ranked for the outage's
 * device by the crews module's dispatch rules; a crew that declined this outage comes last, flagged.
 */
import type { Db } from '../../../db/pool.js';
import type { Principal } from '../../identity/index.js';
import { suggestCrews } from '../../crews/index.js';
import { loadOutage } from '../lifecycle/outage-state.js';
import type { DispatchSuggestions } from '../schemas.js';

export async function dispatchSuggestions(db: Db, p: Principal, outageId: number): Promise<DispatchSuggestions> {
  const o = await loadOutage(db, outageId, p.orgPath);
  const d = (await db.query('SELECT kind, lon, lat FROM pub_network_devices WHERE id = $1', [o.device_id])).rows[0];
  const declined = (await db.query('SELECT DISTINCT crew_id FROM outage_crew_declines WHERE outage_id = $1', [o.id])).rows.map((r) => Number(r.crew_id));
  return suggestCrews(db, p, { lon: d.lon, lat: d.lat, deviceKind: d.kind }, new Date(), undefined, new Set(declined));
}
