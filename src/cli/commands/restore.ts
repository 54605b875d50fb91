/**
 * `griddesk restore FILE`: migrates the target to the current migration set, then restores
 * exactly, refusing a target that holds data or whose migrations differ from the backup's.
 * Restore into a new data directory (GRIDDESK_DATA_DIR) or an empty DATABASE_URL database.
 */
import { dataSteps } from '../../data-steps.js';
import fs from 'node:fs';
import { migrate } from '../../db/migrate.js';
import { openBackup, restore, RestoreRefused } from '../../ops/restore.js';
import { onlyOptions, UsageError, userPath, type ParsedArgs } from '../args.js';
import { loadConfig } from '../../config.js';
import { fileStoreOf } from '../../platform/file-store/index.js';
import { CliExit, withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

export async function restoreCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, []);
  const file = userPath(args.words[1]);
  if (!file || args.words.length > 2) throw new UsageError('usage: griddesk restore FILE');
  if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
  const { header, close } = await openBackup(file); // a damaged or foreign file fails before the database starts
  close();
  console.log(`backup of ${header.createdAt}: ${header.tables.length} tables, ${header.migrations.length} migrations`);
  return withDatabase(async ({ db }) => {
    await migrate(db, (m) => console.log(m), { steps: dataSteps(loadConfig()) });
    const t0 = Date.now();
    const bar = progressBar('restore');
    try {
      const report = await restore(db, file, { onProgress: bar.update, store: fileStoreOf(loadConfig()) });
      bar.stop();
      console.log(
        `恢复完成 / restored ${report.rows} rows into ${header.tables.length} tables in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
          `audit chain verified (${report.auditRecords} records); ${report.files} stored files`,
      );
      return 0;
    } catch (e) {
      bar.stop();
      if (e instanceof RestoreRefused) throw new CliExit(1, `拒绝恢复 / restore refused: ${e.message}`);
      throw e;
    }
  });
}
