/**
 * Opens the database for one CLI command exactly as the server does (loadConfig → openDatabase:
 * DATABASE_URL when set, otherwise the embedded server under GRIDDESK_DATA_DIR), and closes it
 * on every way out, Ctrl-C included, so the embedded PostgreSQL and the instance lock never
 * outlive the command. While the server runs on the data directory, read-only commands (backup,
 * audit verify) connect to the PostgreSQL it started; the others refuse with a clear message.
 */
import { loadConfig } from '../config.js';
import { openDatabase, type OpenDatabase } from '../db/connect.js';
import { InstanceLockedError, ownShutdownSignals, PostgresAccessError, runningEmbeddedUrl } from '../db/embedded.js';
import { createPool } from '../db/pool.js';

export class CliExit extends Error {
  constructor(
    public readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const EXIT_LOCKED = 3;

export function cliLog(m: string) {
  console.error(`[griddesk] ${m}`);
}

/** A client of the embedded PostgreSQL that the running server started (read-only commands). */
function openRunningServer(url: string): OpenDatabase {
  const db = createPool(url, 4);
  return { url, db, embedded: true, close: () => db.end() };
}

export async function withDatabase<T>(fn: (database: OpenDatabase) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  let database: OpenDatabase;
  try {
    database = await openDatabase(config, cliLog, 4);
  } catch (e) {
    const running = e instanceof InstanceLockedError && opts.readOnly ? runningEmbeddedUrl(config.dataDir) : null;
    if (running) {
      cliLog('the griddesk server is running on this data directory: reading its database through a client connection');
      database = openRunningServer(running);
    } else if (e instanceof InstanceLockedError) {
      throw new CliExit(
        EXIT_LOCKED,
        `${e.message}\n` +
          `griddesk 服务正在运行：请先停止服务 (Ctrl-C)，或通过 DATABASE_URL 连接外部数据库。\n` +
          `The griddesk server is running on this data directory: stop it first (Ctrl-C), or point DATABASE_URL at an external PostgreSQL.`,
      );
    } else if (e instanceof PostgresAccessError) {
      throw new CliExit(1, `griddesk: ${e.message}`);
    } else {
      throw e;
    }
  }
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= database.close().catch(() => {}));
  const onSignal = (sig: NodeJS.Signals) => {
    cliLog(`${sig}: interrupted, closing the database`);
    void close().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  ownShutdownSignals(); // after ours: a signal watcher stays installed throughout
  try {
    return await fn(database);
  } finally {
    await close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
