/**
 * `griddesk payments fetch-statement [--date YYYY-MM-DD] [--force]`: the gateway statement's daily fetch
 * (docs/payments.md, "Daily fetch") run once from the command line — the same `runStatementFetch` as the
 * background job: the previous Beijing day by default; a day already done does nothing; a day waiting for its
 * next attempt is tried now only with --force; a failure is recorded (attempts, error, next attempt) and exits 1.
 */
import { loadConfig } from '../../config.js';
import { DomainError } from '../../platform/errors.js';
import { runStatementFetch } from '../../modules/payments/index.js';
import { onlyOptions, UsageError, type ParsedArgs } from '../args.js';
import { withDatabase } from '../database.js';

export async function paymentsCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, ['date', 'force']);
  const date = args.options.get('date');
  if (args.words[1] !== 'fetch-statement' || args.words.length !== 2 || (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))))
    throw new UsageError('usage: griddesk payments fetch-statement [--date YYYY-MM-DD] [--force]');
  const config = loadConfig();
  return withDatabase(async ({ db }) => {
    try {
      const r = await runStatementFetch(db, config, { ...(typeof date === 'string' ? { date } : {}), force: args.options.get('force') === true });
      if (!r) {
        console.error('网上缴费未配置（GRIDDESK_PAYGW_URL）/ no payment gateway configured (GRIDDESK_PAYGW_URL)');
        return 1;
      }
      const f = r.fetch;
      console.log(
        `${f.date}: ${f.status}${r.attempted ? '' : ' (nothing to do now)'}, attempts ${f.attempts}` +
          (f.statementId ? `, statement ${f.statementId}` : '') +
          (f.nextAttemptAt ? `, next attempt ${f.nextAttemptAt}` : '') +
          (r.credited ? `, ${r.credited} unconfirmed line(s) credited` : ''),
      );
      return f.status === 'given_up' ? 1 : 0;
    } catch (e) {
      console.error(e instanceof DomainError ? `${e.zh}\n${e.en}` : (e as Error).message);
      return 1;
    }
  });
}
