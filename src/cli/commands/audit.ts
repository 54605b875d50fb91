/**
 * `griddesk audit verify`: walks the sealed audit hash chain (by chain position) and looks for
 * records the sealer should have chained by now; exit 1 and the first broken link, or the stale
 * unsealed records, when either is found.
 */
import { STALE_UNSEALED_MS, verifyAudit } from '../../platform/audit/audit.js';
import { onlyOptions, UsageError, type ParsedArgs } from '../args.js';
import { withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

export async function auditCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, []);
  if (args.words[1] !== 'verify' || args.words.length > 2) throw new UsageError('usage: griddesk audit verify');
  return withDatabase(
    async ({ db }) => {
      const bar = progressBar('audit verify');
      const result = await verifyAudit(db, (checked, total) => bar.update(checked, total));
      bar.stop();
      let code = 0;
      if (result.brokenAt === null) {
        console.log(`审计链完整 / audit chain OK: ${result.checked} records verify`);
      } else {
        const row = result.brokenSeq !== null ? ` (record seq ${result.brokenSeq})` : ' (record missing, or the head does not match)';
        console.log(`审计链断裂 / audit chain BROKEN: first broken link at chain_seq ${result.brokenAt}${row} (${result.checked} records before it verify)`);
        code = 1;
      }
      if (result.stale > 0) {
        console.log(
          `审计记录未封存 / NOT SEALED: ${result.stale} records older than ${STALE_UNSEALED_MS / 1000} s are not chained yet ` +
            `(oldest seq ${result.oldestStale!.seq} at ${result.oldestStale!.at}); is the sealer running (a griddesk server)?`,
        );
        code = 1;
      } else if (result.unsealed > 0) {
        console.log(`${result.unsealed} recent records wait for the sealer`);
      }
      return code;
    },
    { readOnly: true },
  );
}
