/**
 * `griddesk seed [--customers N] [--seed V] [--activity]`: migrates, then fills an empty database
 * with the demo territory (deterministic per seed value) under a progress bar; with --activity
 * also demo activity through the services (src/seed/activity.ts). It refuses a database
 * that is already seeded: seeding twice would mix two territories, and there is no --force.
 */
import { dataSteps } from '../../data-steps.js';
import { loadConfig } from '../../config.js';
import { migrate } from '../../db/migrate.js';
import { sealAudit } from '../../platform/audit/audit.js';
import { isSeeded, seed } from '../../seed/seed.js';
import { seedActivity } from '../../seed/activity.js';
import { intOption, onlyOptions, type ParsedArgs } from '../args.js';
import { CliExit, withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

export async function seedCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, ['customers', 'seed', 'activity']);
  const config = loadConfig();
  const customers = intOption(args, 'customers', config.seedCustomers, 0, 10_000_000);
  const seedValue = intOption(args, 'seed', config.seedValue, -2_147_483_648, 2_147_483_647);
  return withDatabase(async ({ db }) => {
    await migrate(db, (m) => console.log(m), { steps: dataSteps(loadConfig()) });
    if (await isSeeded(db)) {
      const n = (await db.query('SELECT count(*)::int AS n FROM customers')).rows[0].n as number;
      throw new CliExit(1, `数据库已有演示数据，拒绝重复生成 / the database is already seeded (${n} customers); griddesk seed only fills an empty database`);
    }
    const t0 = Date.now();
    const bar = progressBar('seed');
    const result = await seed(db, { customers, seed: seedValue, onProgress: bar.update });
    const activity = args.options.get('activity') === true ? await seedActivity(db, { seed: seedValue, onProgress: bar.update }) : null;
    bar.stop();
    // no server (and so no background sealer) may be running: chain the seed's audit records now
    await sealAudit(db);
    console.log(
      `已生成演示数据 / seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${result.customers} customers, ` +
        `${result.substations} substations, ${result.feeders} feeders, ${result.transformers} transformers (seed ${seedValue})` +
        (activity
          ? `; activity: ${activity.orders} work orders (${activity.closed} closed), ${activity.restoredOutages} restored outages, ${activity.activeOutageId ? 1 : 0} active, ${activity.plannedId ? 1 : 0} planned`
          : ''),
    );
    return 0;
  });
}
