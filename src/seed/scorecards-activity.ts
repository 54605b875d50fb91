/**
 * Demo scorecards (同业对标): a voltage-monitoring import for last month and this month (two
 * points per station), a secret visit (暗访) to each station and a window inspection of the
 * service hall each month (findings with rectification dates where points were taken off), then
 * last month's and this month's scorecards of the county's stations,
 * so a new user opening the scorecard screen sees both. Idempotent: the same import replays; a
 * month already computed is not computed again.
 */
import type { Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { computeRun, importVoltage, listChecklists, recordInspection } from '../modules/scorecards/index.js';
import { mulberry32 } from './random.js';
import { loadConfig } from '../config.js';
import { fileStoreOf } from '../platform/file-store/index.js';

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
  const checklists = await listChecklists(db);
  const units = (
    await db.query(`SELECT id, code, level FROM org_units WHERE level IN ('station', 'hall') AND path LIKE $1 || '%' ORDER BY code`, [supervisor.orgPath])
  ).rows;
  const inspected = await db.query('SELECT count(*)::int AS n FROM scorecard_inspections');
  if (inspected.rows[0].n === 0)
    for (const [i, m] of months.entries()) {
      // the 10th of the month at 10:00 local, or an hour ago early in the month
      const at = new Date(Math.min(Date.parse(`${m}-10T02:00:00Z`) + i * 3600_000, now.getTime() - 3600_000));
      const day = new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
      const rectifyBy = new Date(at.getTime() + OFFSET_MS + 14 * 86_400_000).toISOString().slice(0, 10);
      for (const u of units) {
        const kind = u.level === 'hall' ? 'window' : 'secret_visit';
        const c = checklists.find((x) => x.kind === kind && x.validFrom <= day && (x.validTo === null || x.validTo > day));
        if (!c) continue;
        const items = c.items.map((x) => {
          const off = rng() < 0.25 ? Math.min(x.points, 1 + Math.floor(rng() * 5)) : 0;
          return off ? { code: x.code, points: x.points - off, finding: '检查发现不符合项（演示）', rectifyBy } : { code: x.code, points: x.points };
        });
        await recordInspection(
          db,
          fileStoreOf(loadConfig()),
          supervisor,
          { checklistId: c.id, orgUnitId: Number(u.id), inspectedAt: at.toISOString(), items },
          now,
        );
      }
    }
  for (const period of months) {
    const had = await db.query('SELECT 1 FROM scorecard_runs WHERE period = $1 AND root_org_unit_id = $2', [period, supervisor.orgUnitId]);
    if (!had.rowCount) await computeRun(db, supervisor, { period }, now);
  }
  return months;
}
