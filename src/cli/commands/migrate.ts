/** `griddesk migrate`: applies pending SQL migrations. */
import { dataSteps } from '../../data-steps.js';
import { loadConfig } from '../../config.js';
import { migrate } from '../../db/migrate.js';
import { withDatabase } from '../database.js';

export async function migrateCommand(): Promise<number> {
  return withDatabase(async ({ db }) => {
    const applied = await migrate(db, (m) => console.log(m), { steps: dataSteps(loadConfig()) });
    console.log(applied.length ? `已应用 ${applied.length} 个迁移 / applied ${applied.length} migration(s)` : '数据库已是最新 / the database is up to date');
    return 0;
  });
}
