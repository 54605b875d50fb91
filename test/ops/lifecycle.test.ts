/**
 * The real server process on the embedded PostgreSQL (never DATABASE_URL, even when the test
 * run has one): one instance per data directory, recovery after SIGKILL with the committed row
 * kept, clean SIGINT shutdown, and a restart that reuses the data. The steps share one data
 * directory and run in order.
 */
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alive,
  freePort,
  MAIN_JS,
  makeDataDir,
  postgresPid,
  spawnServer,
  stopLeftoverPostgres,
  waitUntil,
  type ServerProcess,
} from '../../bench/support/server.js';
import { startEmbedded } from '../../src/db/embedded.js';
import { login } from '../../bench/support/http.js';
import { restore } from '../../src/ops/restore.js';
import { testDb } from '../support/db.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/index.js');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-lifecycle-'));
fs.chmodSync(root, 0o755); // PostgreSQL runs as its own user when the tests run as root
const dataDir = makeDataDir(path.join(root, 'data'));
const lockFile = path.join(dataDir, 'griddesk.pid');
const started: ServerProcess[] = [];

// A failed step must not leave its server holding the data directory for the next steps.
afterEach(async () => {
  for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop('SIGINT');
});

after(async () => {
  for (const s of started) if (alive(s.pid)) s.child.kill('SIGKILL');
  await stopLeftoverPostgres(dataDir);
  fs.rmSync(root, { recursive: true, force: true });
});

async function start(extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  // The territory only, without the demo activity (whose connection applications add customers at
  // power-on): these tests count the 300 seeded customers; the activity has its own tests (src/seed).
  const s = await spawnServer({ dataDir, seedCustomers: 300, env: { GRIDDESK_SEED_ACTIVITY: 'false', ...extraEnv } });
  started.push(s);
  return s;
}

/** The pid named by the instance lock file ("<pid> <start ticks>"). */
const lockHolder = () => fs.readFileSync(lockFile, 'utf8').trim().split(/\s+/)[0];

let orgUnitId = 0;
let orgUnitCode = '';

test('first start seeds and gets ready; a second instance on the same data directory refuses with a clear message', async () => {
  const s = await start();
  await s.ready;
  assert.match(s.output(), /ready in \d+ ms/);
  assert.match(s.output(), /first start: seeding the demo territory \(300 customers\)/);
  assert.equal(lockHolder(), String(s.pid));

  const second = await start();
  const exit = await second.exited;
  assert.notEqual(exit.code, 0);
  assert.match(second.output(), new RegExp(`Another griddesk \\(pid ${s.pid}\\) is using data directory`));
  await assert.rejects(second.ready);

  // commands that write refuse on the same data directory and point at the fix...
  const griddesk = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '', GRIDDESK_DATA_DIR: dataDir, GRIDDESK_PG_PORT: String(s.pgPort) },
      encoding: 'utf8',
    });
  for (const args of [['migrate'], ['seed']]) {
    const cli = griddesk(...args);
    assert.equal(cli.status, 3, `${args.join(' ')}: ${cli.stderr}`);
    assert.match(cli.stderr, /server is running on this data directory: stop it first/);
  }
  // ...while reading ones work through a client connection to the running server's PostgreSQL
  const verify = griddesk('audit', 'verify');
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /audit chain OK/);
  const file = path.join(root, 'online.gdb.gz');
  const b = griddesk('backup', file);
  assert.equal(b.status, 0, b.stderr);
  const restored = await testDb();
  await restore(restored, file);
  assert.equal((await restored.query('SELECT count(*)::int AS n FROM customers')).rows[0].n, 300);

  // the first instance is unharmed
  const health = await fetch(`${s.baseUrl}/api/health`);
  assert.equal(health.status, 200);
  assert.equal(lockHolder(), String(s.pid));
  const exitFirst = await s.stop('SIGINT');
  assert.equal(exitFirst.code, 0, s.output().slice(-2000));
});

test('after SIGKILL the next start stops the orphaned PostgreSQL, recovers, and the committed row is there', async () => {
  const s = await start();
  await s.ready;
  assert.doesNotMatch(s.output(), /first start: seeding/);
  const admin = await login(s.baseUrl, 'admin', 'griddesk2026');
  const units = (await (await admin.get('/api/org-units')).json()) as Array<{ id: number; level: string }>;
  const county = units.find((u) => u.level === 'county');
  assert.ok(county, 'a county in the demo org tree');
  orgUnitCode = `KILL-${process.pid}`;
  const res = await admin.send('POST', '/api/org-units', {
    parentId: county.id,
    code: orgUnitCode,
    name: '断电测试供电所',
    level: 'station',
    areaType: 'rural',
  });
  assert.equal(res.status, 201, await res.clone().text());
  orgUnitId = ((await res.json()) as { id: number }).id;

  const pgPid = postgresPid(dataDir);
  assert.ok(pgPid && alive(pgPid));
  s.child.kill('SIGKILL');
  const exit = await s.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(alive(pgPid), 'the killed server left its PostgreSQL running');
  assert.equal(lockHolder(), String(s.pid), 'a stale lock naming a dead process');

  const again = await start();
  await again.ready;
  assert.match(again.output(), new RegExp(`stopping orphaned PostgreSQL \\(pid ${pgPid}\\)`));
  assert.equal(alive(pgPid), false);
  assert.notEqual(postgresPid(dataDir), pgPid);
  assert.equal(lockHolder(), String(again.pid));
  const admin2 = await login(again.baseUrl, 'admin', 'griddesk2026');
  const got = await admin2.get(`/api/org-units/${orgUnitId}`);
  assert.equal(got.status, 200);
  assert.equal(((await got.json()) as { code: string }).code, orgUnitCode);
  const exitAgain = await again.stop('SIGINT');
  assert.equal(exitAgain.code, 0);
});

test('SIGINT stops cleanly (exit 0, PostgreSQL gone, lock removed) and the next start reuses the data', async () => {
  const s = await start();
  await s.ready;
  const pgPid = postgresPid(dataDir);
  assert.ok(pgPid && alive(pgPid));
  const exit = await s.stop('SIGINT');
  assert.equal(exit.code, 0, s.output().slice(-2000));
  assert.match(s.output(), /stopped cleanly/);
  await waitUntil('postgres to be gone', () => !alive(pgPid), 10_000);
  assert.equal(fs.existsSync(lockFile), false, 'instance lock removed');
  assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL shut down cleanly');

  const again = await start();
  await again.ready;
  assert.doesNotMatch(again.output(), /first start|initialising PostgreSQL/);
  assert.doesNotMatch(again.output(), /orphaned/);
  const admin = await login(again.baseUrl, 'admin', 'griddesk2026');
  const customers = (await (await admin.get('/api/customers?limit=1&offset=299')).json()) as { items: unknown[]; hasMore: boolean };
  assert.equal(customers.items.length, 1);
  assert.equal(customers.hasMore, false, 'still the 300 seeded customers, not seeded twice');
  assert.equal((await admin.get(`/api/org-units/${orgUnitId}`)).status, 200);
  assert.equal((await again.stop('SIGTERM')).code, 0);
  assert.equal(fs.existsSync(lockFile), false);
});

test("a stale postmaster.pid whose pid now belongs to another cluster's PostgreSQL is removed, and that server is left alone", async () => {
  assert.equal(fs.existsSync(lockFile), false);
  const otherDir = makeDataDir(path.join(root, 'other'));
  const other = await startEmbedded({ dataDir: otherDir, port: await freePort() });
  try {
    const otherPid = postgresPid(otherDir);
    assert.ok(otherPid && alive(otherPid));
    // what a killed run leaves when its postgres died too and the pid was reused since
    const stale = fs.readFileSync(path.join(otherDir, 'pg', 'postmaster.pid'), 'utf8');
    fs.writeFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), stale);
    const s = await start();
    await s.ready;
    assert.match(s.output(), new RegExp(`removing stale .*pid ${otherPid} is no longer this cluster's PostgreSQL`));
    assert.equal(alive(otherPid), true, 'the other cluster was not signalled');
    assert.notEqual(postgresPid(dataDir), otherPid);
    assert.equal((await s.stop('SIGINT')).code, 0);
  } finally {
    const pid = postgresPid(otherDir);
    if (pid && alive(pid)) await other.stop(); // (stop() never returns for a server that is already gone)
  }
});

test('a lock file naming a live process that is not its holder (pid reused) is stale: the server starts', async () => {
  assert.equal(fs.existsSync(lockFile), false);
  fs.writeFileSync(lockFile, `${process.pid} 1\n`); // this node process, but not one started at tick 1
  const s = await start();
  await s.ready;
  assert.doesNotMatch(s.output(), /Another griddesk/);
  assert.equal(lockHolder(), String(s.pid));
  assert.equal((await s.stop('SIGINT')).code, 0);
  assert.equal(fs.existsSync(lockFile), false);
});

// --- As root from directories the postgres user cannot enter (the embedded server runs as postgres) ---

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A fresh directory only root may enter, like `mktemp -d` or /root. */
function closedDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(root, `${name}-`));
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** Runs a griddesk entry point to its end (it must refuse before it ever gets ready). */
function runToEnd(args: string[], opts: { cwd?: string; dataDir: string }) {
  const r = spawnSync(process.execPath, args, {
    cwd: opts.cwd,
    env: { ...process.env, DATABASE_URL: '', GRIDDESK_DATA_DIR: opts.dataDir, PORT: '0', HOST: '127.0.0.1', GRIDDESK_PG_PORT: '1', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
  return { status: r.status, lines, text: lines.join('\n') };
}

test(
  'a clone inside a 0700 directory (binaries unreachable): npm start and the CLI stop with one line naming it, exit 1, no stack trace',
  { skip: !asRoot && 'only as root' },
  () => {
    const closed = closedDir('clone');
    const app = path.join(closed, 'app');
    fs.mkdirSync(app, { mode: 0o755 });
    // the clone's own paths are kept (no realpath), as they are for a real clone under /root
    fs.symlinkSync(path.join(REPO, 'dist'), path.join(app, 'dist'));
    fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(app, 'node_modules'));
    const keepPaths = ['--preserve-symlinks', '--preserve-symlinks-main'];
    for (const entry of ['dist/src/main.js', 'dist/src/cli/index.js migrate']) {
      const r = runToEnd([...keepPaths, ...entry.split(' ')], { cwd: app, dataDir: path.join(app, 'data') });
      assert.equal(r.status, 1, `${entry}: ${r.text}`);
      assert.equal(r.lines.length, 1, `${entry}: one line, got:\n${r.text}`);
      assert.match(
        r.lines[0],
        new RegExp(
          `${closed} is not reachable by the postgres user \\(mode 0700\\).*PostgreSQL programs in ${app}/node_modules/.*run griddesk from a directory postgres can enter.*or set DATABASE_URL`,
        ),
      );
      assert.doesNotMatch(r.text, /EACCES|\n\s+at /);
    }
    assert.equal(postgresPid(path.join(app, 'data')), null, 'no PostgreSQL was started');
  },
);

test(
  'a data directory under a 0700 parent: one line naming the parent and GRIDDESK_DATA_DIR, exit 1, nothing started',
  { skip: !asRoot && 'only as root' },
  () => {
    const closed = closedDir('data-parent');
    const r = runToEnd([MAIN_JS], { dataDir: path.join(closed, 'data') });
    assert.equal(r.status, 1, r.text);
    assert.equal(r.lines.length, 1, r.text);
    assert.match(
      r.lines[0],
      new RegExp(`^\\[griddesk\\] ${closed} is not reachable by the postgres user \\(mode 0700\\).*data directory ${closed}/data/pg: set GRIDDESK_DATA_DIR`),
    );
    assert.doesNotMatch(r.text, /EACCES|\n\s+at /);
    assert.equal(fs.existsSync(path.join(closed, 'data', 'pg')), false);
  },
);

test('under umask 077 the data directories griddesk creates are made reachable and the server starts', { skip: !asRoot && 'only as root' }, async () => {
  const base = makeDataDir(path.join(root, 'umask'));
  const fresh = path.join(base, 'a', 'data');
  const old = process.umask(0o077); // inherited by the child
  let s: ServerProcess;
  try {
    s = await spawnServer({ dataDir: fresh, seedCustomers: 0, env: { GRIDDESK_SEED: 'false' } });
  } finally {
    process.umask(old);
  }
  started.push(s);
  await s.ready;
  for (const d of [path.join(base, 'a'), fresh]) assert.equal(fs.statSync(d).mode & 0o777, 0o755, d);
  assert.equal((await s.stop('SIGINT')).code, 0, s.output().slice(-2000));
  await stopLeftoverPostgres(fresh);
});
