/** `griddesk audit verify`: walks the audit hash chain; exit 1 and the first broken seq when it does not hold. */
import { verifyAudit } from '../../platform/audit/audit.js';
import { onlyOptions, UsageError, type ParsedArgs } from '../args.js';
import { withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

export async function auditCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, []);
  if (args.words[1] !== 'verify' || args.words.length > 2) throw new UsageError('usage: griddesk audit verify');
  return withDatabase(async ({ db }) => {
    const bar = progressBar('audit verify');
    const result = await verifyAudit(db, (checked, total) => bar.update(checked, total));
    bar.stop();
    if (result.ok) {
      console.log(`审计链完整 / audit chain OK: ${result.checked} records verify`);
      return 0;
    }
    console.log(`审计链断裂 / audit chain BROKEN: first broken link at seq ${result.brokenAt} (${result.checked} records before it verify)`);
    return 1;
  }, { readOnly: true });
}
