/** `griddesk backup FILE`: a consistent snapshot of every table into one gzip file. */
import fs from 'node:fs';
import { backup } from '../../ops/backup.js';
import { onlyOptions, UsageError, userPath, type ParsedArgs } from '../args.js';
import { loadConfig } from '../../config.js';
import { fileStoreOf } from '../../platform/file-store/index.js';
import { withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

export async function backupCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, []);
  const file = userPath(args.words[1]);
  if (!file || args.words.length > 2) throw new UsageError('usage: griddesk backup FILE');
  if (fs.existsSync(file)) throw new UsageError(`${file} exists; griddesk backup never overwrites a file`);
  return withDatabase(
    async ({ db }) => {
      const t0 = Date.now();
      const bar = progressBar('backup');
      const header = await backup(db, file, { onProgress: bar.update, store: fileStoreOf(loadConfig()) });
      bar.stop();
      const rows = header.tables.reduce((s, t) => s + t.rows, 0);
      console.log(
        `备份完成 / backup written: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${header.tables.length} tables, ` +
          `${rows} rows, ${header.migrations.length} migrations, ${header.files ?? 0} stored files) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      return 0;
    },
    { readOnly: true },
  );
}
