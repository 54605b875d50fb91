/** Start: config → database (embedded or DATABASE_URL) → migrate → first-start seed → app → listen. */
import { dataSteps } from './data-steps.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { InstanceLockedError, ownShutdownSignals, PostgresAccessError } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { buildApp } from './http/app.js';
import { startBackground } from './background.js';
import { demoLogins, isSeeded, seed } from './seed/seed.js';
import { seedActivity } from './seed/activity.js';
import { progressBar } from './cli/progress.js';

async function main() {
  const t0 = Date.now();
  const config = loadConfig();
  const log = (m: string) => console.log(`[griddesk] ${m}`);
  let database;
  try {
    database = await openDatabase(config, log);
  } catch (e) {
    if (e instanceof InstanceLockedError) {
      console.error(e.message);
      process.exit(3);
    }
    if (e instanceof PostgresAccessError) {
      console.error(`[griddesk] ${e.message}`); // one line: the directory and the fix, no stack
      process.exit(1);
    }
    throw e;
  }
  const { db } = database;
  await migrate(db, log, { steps: dataSteps(config) });
  if (config.seedOnFirstStart && !(await isSeeded(db))) {
    log(`首次启动，生成演示数据 / first start: seeding the demo territory (${config.seedCustomers} customers)`);
    const bar = progressBar('seed');
    await seed(db, { customers: config.seedCustomers, seed: config.seedValue, onProgress: bar.update });
    if (config.seedActivity && config.seedCustomers > 0) {
      // through the services, as the demo staff: recent orders, outages and a planned outage
      await seedActivity(db, { seed: config.seedValue, onProgress: bar.update });
    }
    bar.stop();
  }
  const { app } = await buildApp({ db, config }, { logger: true });
  const background = await startBackground({ db, config, url: database.url });
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  log(`ready in ${Date.now() - t0} ms: http://localhost:${port}  (API docs: /api/docs)`);
  if (await isSeeded(db)) console.log(demoLogins());

  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    await app.close().catch(() => {});
    await background.stop().catch(() => {});
    await database.close().catch((e: unknown) => console.error(e));
    log('stopped cleanly');
    process.exit(0);
  };
  // Our handlers first, then the library's removed: Node keeps one signal watcher while any
  // listener remains, so a signal arriving in between is never lost. This stop() closes the
  // database; no library exit races it. Ready is announced only once signals are handled.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  ownShutdownSignals();
  if (process.send) process.send({ ready: true, port, ms: Date.now() - t0 });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
