/**
 * The real griddesk server as a child process (`node dist/src/main.js`) on the embedded
 * PostgreSQL of a given data directory: free ports, ready over the IPC channel, captured output,
 * signals, and the PostgreSQL it started. Used by the startup and search benches and by the
 * lifecycle tests. DATABASE_URL is removed from the child's environment (the embedded server)
 * unless the caller passes one explicitly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN_JS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster pid recorded in <dataDir>/pg/postmaster.pid, or null. */
export function postgresPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export async function waitUntil(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Makes a data directory the embedded server can use (PostgreSQL runs as its own user when we are root). */
export function makeDataDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  return dir;
}

export interface ServerOptions {
  dataDir: string;
  port?: number;
  pgPort?: number;
  seedCustomers?: number;
  /** Run on this PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  env?: Record<string, string>;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  pgPort: number;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far (last 1 MB). */
  output(): string;
  /** Resolves with {ms} on the ready message; rejects when the process exits first. */
  ready: Promise<{ ms: number; wallMs: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const pgPort = opts.pgPort ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GRIDDESK_DATA_DIR: opts.dataDir,
    GRIDDESK_PG_PORT: String(pgPort),
    PORT: String(port),
    HOST: '127.0.0.1',
    GRIDDESK_SEED_CUSTOMERS: String(opts.seedCustomers ?? 300),
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN_JS], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  const collect = (b: Buffer) => {
    out += b.toString('utf8');
    if (out.length > 1_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<{ ms: number; wallMs: number }>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; ms?: number }) => {
      if (m && m.ready) resolve({ ms: m.ms ?? NaN, wallMs: performance.now() - t0 });
    });
    void exited.then(({ code, signal }) => reject(new Error(`griddesk exited (code ${code}, signal ${signal}) before ready:\n${out.slice(-4000)}`)));
  });
  ready.catch(() => {}); // callers that only await `exited` must not see an unhandled rejection
  return {
    child,
    pid: child.pid!,
    port,
    pgPort,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    ready,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Stops a PostgreSQL left running in a data directory (after a SIGKILLed server), waiting for it to go. */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pid = postgresPid(dataDir);
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGINT');
    await waitUntil(`postgres ${pid} to stop`, () => !alive(pid), 30_000).catch(() => process.kill(pid, 'SIGKILL'));
  }
}
