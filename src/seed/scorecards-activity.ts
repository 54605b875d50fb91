/**
 * Demo scorecards (同业对标): a voltage-monitoring import for last month and this month (two
 * points per station), then last month's and this month's scorecards of the county's stations,
 * so a new user opening the scorecard screen sees both. Idempotent: the same import replays; a
 * month already computed is not computed again.
 */
import type { Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { computeRun, importVoltage } from '../modules/scorecards/index.js';
import { mulberry32 } from './random.js';

const OFFSET_MS = 8 * 3600_000; // the demo county's local time (UTC+8), as the default scheme's offset

export async function seedScorecardActivity(db: Db, supervisor: Principal, seed: number, now = new Date()): Promise<string[]> {
  const rng = mulberry32(seed + 720);
  const local = new Date(now.getTime() + OFFSET_MS);
  const month = (back: number) => {
    const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1));
    return d.toISOString().slice(0, 7);
  };
  const months = [month(1), month(0)];
  const stations = (await db.query(`SELECT code FROM org_units WHERE level = 'station' AND path LIKE $1 || '%' ORDER BY code`, [supervisor.orgPath])).rows.map(
    (r) => r.code as string,
  );
  const lines = ['point_code,org_unit_code,month,total_minutes,upper_minutes,lower_minutes'];
  for (const m of months)
    for (const code of stations)
      for (const k of [1, 2]) {
        const total = 30 * 24 * 60;
        lines.push(`V-${code}-${k},${code},${m},${total},${Math.floor(rng() * 400)},${Math.floor(rng() * 900)}`);
      }
  await importVoltage(db, supervisor, { fileName: `voltage-${months.join('_')}.csv`, content: `${lines.join('\n')}\n` });
  for (const period of months) {
    const had = await db.query('SELECT 1 FROM scorecard_runs WHERE period = $1 AND root_org_unit_id = $2', [period, supervisor.orgUnitId]);
    if (!had.rowCount) await computeRun(db, supervisor, { period }, now);
  }
  return months;
}
