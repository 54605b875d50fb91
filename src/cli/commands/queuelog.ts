/**
 * `griddesk queuelog import FILE [--org CODE] [--format queue_log|csv] [--follow] [--poll-ms N]`:
 * imports an Asterisk queue_log (or the generic CSV) into the call-centre analytics under a
 * progress bar. A file imported before (same checksum) is refused (exit 1). With --follow the file
 * is followed as it grows: each new stretch of complete lines is stored with the byte offset
 * reached, so stopping (Ctrl-C) and starting again resumes where it left off, never twice.
 * The calls are filed under the org unit --org (default: the root of the org tree).
 * Like backup, it may run while the server runs on the same data directory (it writes through a
 * client connection to the server's PostgreSQL, as the server's own imports do).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { followStep, importFile, type ImportOwner } from '../../modules/analytics/index.js';
import type { Actor } from '../../platform/audit/audit.js';
import { DomainError } from '../../platform/errors.js';
import { intOption, onlyOptions, UsageError, userPath, type ParsedArgs } from '../args.js';
import { withDatabase } from '../database.js';
import { progressBar } from '../progress.js';
import type { Db } from '../../db/pool.js';

const USAGE = 'usage: griddesk queuelog import FILE [--org CODE] [--format queue_log|csv] [--follow] [--poll-ms N]';
const ACTOR: Actor = { id: null, kind: 'system', name: 'griddesk queuelog', userAgent: 'griddesk-cli/queuelog' };

async function ownerFor(db: Db, code: string | undefined): Promise<ImportOwner> {
  const { rows } = code
    ? await db.query('SELECT id, path FROM org_units WHERE code = $1', [code])
    : await db.query('SELECT id, path FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1');
  if (!rows[0]) throw new UsageError(code ? `no org unit with code ${code}` : 'the database has no org units: seed or create them first');
  return { orgUnitId: Number(rows[0].id), orgPath: rows[0].path, userId: null, userName: 'griddesk queuelog' };
}

export async function queuelogCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, ['org', 'format', 'follow', 'poll-ms']);
  if (args.words[1] !== 'import' || args.words.length !== 3) throw new UsageError(USAGE);
  const file = userPath(args.words[2])!;
  const format = args.options.get('format');
  if (format !== undefined && format !== 'queue_log' && format !== 'csv') throw new UsageError('--format is queue_log or csv');
  const follow = args.options.get('follow') === true;
  if (follow && format === 'csv') throw new UsageError('--follow reads a queue_log');
  const pollMs = intOption(args, 'poll-ms', 2000, 100, 600_000);
  const org = args.options.get('org');
  return withDatabase(
    async ({ db }) => {
      const owner = await ownerFor(db, typeof org === 'string' ? org : undefined);
      try {
        if (follow) {
          console.log(`following ${file} (Ctrl-C stops; the next start resumes from the stored offset)`);
          for (;;) {
            const s = await followStep(db, owner, ACTOR, file);
            if (s.bytes > 0)
              console.log(
                `import ${s.importId}: +${s.bytes} bytes to offset ${s.offset}, +${s.newCalls} calls${s.duplicateCalls ? ` (+${s.duplicateCalls} already stored)` : ''}, +${s.newProblems} problems, ${s.openCalls} calls in progress`,
              );
            await sleep(pollMs);
          }
        }
        const bar = progressBar('queuelog import');
        const t0 = performance.now();
        const r = await importFile(db, owner, ACTOR, file, {
          format: format as 'queue_log' | 'csv' | undefined,
          onProgress: (d, t, stage) => bar.update(d, t, stage),
        });
        bar.stop();
        const s = (performance.now() - t0) / 1000;
        const c = r.counts;
        console.log(
          `已导入 / imported ${file} as import ${r.importId} in ${s.toFixed(1)} s: ${c.lines} lines (${Math.round(c.lines / s)} lines/s), ${c.calls} calls` +
            (c.duplicateCalls ? ` (+${c.duplicateCalls} already stored)` : '') +
            `, ${c.spans} agent spans, ${c.problems} problems ${JSON.stringify(c.problemsByReason)}`,
        );
        return 0;
      } catch (e) {
        if (e instanceof DomainError) {
          console.error(`griddesk: ${e.zh} / ${e.en}${e.details.length ? ` (${e.details.map((d) => d.messageEn).join('; ')})` : ''}`);
          return 1;
        }
        throw e;
      }
    },
    { readOnly: true },
  );
}
