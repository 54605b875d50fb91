/**
 * Runs a command (the test runner) with one PostgreSQL server for the whole run:
 * the embedded server in a temporary directory by default, or the server of DATABASE_URL.
 * It migrates a template database once; each test suite clones its own database from it
 * (test/support/db.ts), so suites are isolated and start fast.
 * Usage: node dist/test/with-pg.js <command> [args...]
 *        node dist/test/with-pg.js --tests DIR...   (node --test on every *.test.js under the DIRs)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { startEmbedded, withDatabase } from '../src/db/embedded.js';
import { createPool } from '../src/db/pool.js';
import { migrate } from '../src/db/migrate.js';

export const TEMPLATE_DB = 'griddesk_test_template';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function prepareTemplate(serverUrl: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // leftovers of an earlier run on an external server
  const old = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE 'gdtest_%'`, [TEMPLATE_DB]);
  for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();
  const pool = createPool(withDatabase(serverUrl, TEMPLATE_DB), 2);
  await migrate(pool);
  await pool.end();
}

/** Every *.test.js under the folders (or the test files named), sorted, so support files in test/ are never run as tests. */
function findTests(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.js')) out.push(p);
    }
  };
  dirs.forEach((d) => (fs.statSync(d).isFile() ? out.push(d) : walk(d)));
  return out.sort();
}

async function main() {
  let [cmd, ...args] = process.argv.slice(2);
  if (cmd === '--tests') {
    const files = findTests(args);
    const concurrency = process.env.GRIDDESK_TEST_CONCURRENCY ?? '2';
    // --test-force-exit: a file whose tests have all reported ends even if a failed hook left a handle open (it fails; it never hangs the run)
    [cmd, args] = [process.execPath, ['--test', '--test-force-exit', `--test-concurrency=${concurrency}`, ...files]];
  }
  if (!cmd) throw new Error('usage: with-pg <command> [args...]');
  let serverUrl: string;
  let stop = async () => {};
  let tmp: string | null = null;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    console.log(`[with-pg] using external PostgreSQL from DATABASE_URL`);
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-test-'));
    fs.chmodSync(tmp, 0o755);
    const server = await startEmbedded({ dataDir: tmp, port: await freePort(), fsync: true });
    serverUrl = server.url;
    stop = server.stop;
    console.log(`[with-pg] embedded PostgreSQL 15 in ${tmp}`);
  }
  await prepareTemplate(serverUrl);
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, GRIDDESK_TEST_PG_URL: serverUrl, GRIDDESK_TEST_TEMPLATE: TEMPLATE_DB } });
  const code: number = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  await stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
