/**
 * The `griddesk` command: migrate, seed, backup, restore, audit verify, help.
 * It opens the database like the server does (DATABASE_URL, else the embedded server under
 * GRIDDESK_DATA_DIR). The embedded server's instance lock keeps migrate, seed and restore from
 * running while the server runs on the same data directory, and they say so (exit 3); backup
 * and audit verify then read through a client connection to the server's PostgreSQL.
 * Exit codes: 0 done, 1 failed (or audit chain broken), 2 usage error, 3 data directory in use.
 */
import { parseArgs, UsageError } from './args.js';
import { CliExit } from './database.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand } from './commands/backup.js';
import { migrateCommand } from './commands/migrate.js';
import { restoreCommand } from './commands/restore.js';
import { seedCommand } from './commands/seed.js';
import { queuelogCommand } from './commands/queuelog.js';
import { billingCommand, readingsCommand } from './commands/billing.js';
import { paymentsCommand } from './commands/payments.js';

const HELP = `griddesk — 供电服务工单系统命令行 / the griddesk command line

usage: griddesk <command> [options]

  migrate                              apply pending SQL migrations
  seed [--customers N] [--seed V] [--activity]
                                       migrate, then seed the demo territory into an empty database
                                       (deterministic per seed value; refuses an already seeded database);
                                       --activity adds recent work orders and outages through the services
  backup FILE                          consistent snapshot of every table into FILE (gzip; COPY inside
                                       one REPEATABLE READ transaction); never overwrites FILE
  restore FILE                         exact restore of FILE into an empty database (migrates it first;
                                       refuses a database holding data or other migrations); the audit
                                       chain is verified before the restore commits
  audit verify                         walk the audit hash chain; prints the first broken seq, exit 1
  queuelog import FILE [--org CODE] [--format queue_log|csv] [--follow] [--poll-ms N]
                                       import an Asterisk queue_log (or the generic CSV, docs/analytics.md)
                                       into the call-centre analytics; a file imported before is refused;
                                       --follow follows a growing file from the last stored offset
  readings import FILE [--user NAME]   import an AMI/MDM reading file (docs/billing.md §9); a file imported
                                       before (same content) is refused; flagged readings are queued
  billing run --cycle YYYY-MM --org CODE [--chunk N] [--user NAME]
                                       bill run of a cycle for an org unit's accounts, worked here with a
                                       progress bar (other griddesk instances share its chunks); resumes a
                                       running one
  billing print --run ID --out FILE    a run's print file: every bill of the run in one PDF, with a progress bar
  payments fetch-statement [--date YYYY-MM-DD] [--force]
                                       fetch and reconcile the payment gateway's statement of a day (default
                                       yesterday, Beijing) as the daily job does; a day done before does nothing
  payments import-card-settlement FILE [--acquirer CODE] [--user NAME]
                                       import the card acquirer's settlement file (layout DEMO-ACQ by default):
                                       card takings settled and posted, unmatched lines quarantined (exit 1);
                                       the same file again does nothing
  help                                 this text

The database: DATABASE_URL when set, otherwise the embedded PostgreSQL under GRIDDESK_DATA_DIR
(default ./data, port GRIDDESK_PG_PORT). One griddesk process owns an embedded data directory:
while the server runs on it, backup and audit verify connect to the PostgreSQL it started; migrate,
seed and restore refuse (exit 3) until the server is stopped (or use DATABASE_URL).
Defaults for seed: GRIDDESK_SEED_CUSTOMERS, GRIDDESK_SEED_VALUE.
Exit codes: 0 done, 1 failed or audit chain broken, 2 usage error, 3 data directory in use.`;

async function runCli(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = args.words[0];
  if (!command || command === 'help' || args.options.get('help') === true) {
    console.log(HELP);
    return 0;
  }
  switch (command) {
    case 'migrate':
      if (args.words.length > 1 || args.options.size) throw new UsageError('usage: griddesk migrate');
      return migrateCommand();
    case 'seed':
      if (args.words.length > 1) throw new UsageError('usage: griddesk seed [--customers N] [--seed V] [--activity]');
      return seedCommand(args);
    case 'backup':
      return backupCommand(args);
    case 'restore':
      return restoreCommand(args);
    case 'audit':
      return auditCommand(args);
    case 'queuelog':
      return queuelogCommand(args);
    case 'readings':
      return readingsCommand(args);
    case 'billing':
      return billingCommand(args);
    case 'payments':
      return paymentsCommand(args);
    default:
      throw new UsageError(`unknown command "${command}" (griddesk help lists the commands)`);
  }
}

async function main() {
  let code: number;
  try {
    code = await runCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`griddesk: ${e.message}`);
      code = 2;
    } else if (e instanceof CliExit) {
      console.error(e.message);
      code = e.code;
    } else {
      console.error(`griddesk: ${e instanceof Error ? e.message : String(e)}`);
      code = 1;
    }
  }
  process.exit(code);
}

void main();
