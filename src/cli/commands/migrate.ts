/** `griddesk migrate`: applies pending SQL migrations. */
import { migrate } from '../../db/migrate.js';
import { withDatabase } from '../database.js';

export async function migrateCommand(): Promise<number> {
  return withDatabase(async ({ db }) => {
    const applied = await migrate(db, (m) => console.log(m));
    console.log(applied.length ? `已应用 ${applied.length} 个迁移 / applied ${applied.length} migration(s)` : '数据库已是最新 / the database is up to date');
    return 0;
  });
}
