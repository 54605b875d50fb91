/**
 * `griddesk payments import-card-settlement FILE [--acquirer CODE] [--user NAME]`: the card acquirer's settlement file
 * (docs/payments.md, "Card acquirer settlement") imported by the same use case as the API, as the user named (default
 * admin; the audit names them): the settled lines, the quarantined lines by reason and the postings are printed; the
 * same file again answers its first import. Exit 1 when a line was quarantined or the file refused.
 *
 * `griddesk payments fetch-statement [--date YYYY-MM-DD] [--force]`: the gateway statement's daily fetch
 * (docs/payments.md, "Daily fetch") run once from the command line — the same `runStatementFetch` as the
 * background job: the previous Beijing day by default; a day already done does nothing; a day waiting for its
 * next attempt is tried now only with --force; a failure is recorded (attempts, error, next attempt) and exits 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { DomainError } from '../../platform/errors.js';
import { importCardSettlement, runStatementFetch } from '../../modules/payments/index.js';
import { onlyOptions, UsageError, userPath, type ParsedArgs } from '../args.js';
import { withDatabase } from '../database.js';
import { cliPrincipal } from './billing.js';

const CARD_USAGE = 'usage: griddesk payments import-card-settlement FILE [--acquirer CODE] [--user NAME]';

async function importCardSettlementCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, ['acquirer', 'user']);
  const acquirer = args.options.get('acquirer') ?? 'DEMO-ACQ';
  const user = args.options.get('user') ?? 'admin';
  if (args.words.length !== 3 || typeof acquirer !== 'string' || typeof user !== 'string') throw new UsageError(CARD_USAGE);
  const file = userPath(args.words[2])!;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return withDatabase(async ({ db }) => {
    try {
      const p = await cliPrincipal(db, user);
      const r = await importCardSettlement(db, p, { acquirerCode: acquirer, fileName: path.basename(file), content });
      console.log(
        `import ${r.id}${r.replayed ? ' (the same file was imported before: nothing new)' : ''}: ${r.lines} line(s), ${r.settled} settled ` +
          `(gross ${r.grossFen} fen, fee ${r.feeFen} fen, net ${r.netFen} fen), ${r.quarantined} quarantined` +
          (r.ledgerSources.length ? `; posted ${r.ledgerSources.join(', ')}` : '') +
          (r.unpostedFen ? `; ${r.unpostedFen} fen under units without books, not posted` : ''),
      );
      return r.quarantined > 0 && !r.replayed ? 1 : 0;
    } catch (e) {
      console.error(e instanceof DomainError ? `${e.zh}\n${e.en}` : (e as Error).message);
      return 1;
    }
  });
}

export async function paymentsCommand(args: ParsedArgs): Promise<number> {
  if (args.words[1] === 'import-card-settlement') return importCardSettlementCommand(args);
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
