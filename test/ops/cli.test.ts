/**
 * The griddesk command as a user runs it (a child process, DATABASE_URL pointing at a test
 * database): migrate, seed (and its refusal), audit verify (ok and broken), backup → restore,
 * usage errors, and the clear refusal while another process holds the embedded data directory.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from '../../src/db/embedded.js';
import { createPool } from '../../src/db/pool.js';
import { migrationsDir } from '../../src/db/migrate.js';
import { databaseDigest } from '../../src/ops/table-digest.js';
import { dropTestDatabase, testServerUrl } from '../support/db.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/index.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-cli-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database with nothing in it, not even migrations. */
async function blankDatabase(): Promise<string> {
  const name = `gdtest_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  after(() => dropTestDatabase(name));
  return withDatabase(testServerUrl(), name);
}

function griddesk(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function scalar(url: string, sql: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(sql)).rows[0].n);
  } finally {
    await c.end();
  }
}

test('migrate, seed, audit verify, backup and restore through the command line', async () => {
  const url = await blankDatabase();
  const env = { DATABASE_URL: url };
  const files = fs.readdirSync(migrationsDir).filter((f) => /^\d{3}_.+\.sql$/.test(f));

  let r = griddesk(['migrate'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`applied ${files.length} migration`));
  assert.equal(await scalar(url, 'SELECT count(*) AS n FROM schema_migrations'), files.length);
  r = griddesk(['migrate'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /up to date/);

  r = griddesk(['seed', '--customers', '120', '--seed', '3'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /seeded in .* 120 customers/);
  assert.match(r.out, /seed: customers 120\/120 \(100%\)/, 'progress lines when not on a terminal');
  assert.equal(await scalar(url, 'SELECT count(*) AS n FROM customers'), 120);
  r = griddesk(['seed', '--customers', '50'], env);
  assert.equal(r.code, 1);
  assert.match(r.err, /already seeded \(120 customers\)/);
  assert.equal(await scalar(url, 'SELECT count(*) AS n FROM customers'), 120, 'a refused seed writes nothing');

  r = griddesk(['audit', 'verify'], env);
  assert.equal(r.code, 0, r.err);
  const records = await scalar(url, 'SELECT count(*) AS n FROM audit_log');
  assert.ok(records > 0);
  assert.match(r.out, new RegExp(`audit chain OK: ${records} records verify`));

  const file = path.join(dir, 'cli.gdb.gz');
  r = griddesk(['backup', file], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /backup written/);
  r = griddesk(['backup', file], env);
  assert.equal(r.code, 2, 'never overwrites');
  assert.match(r.err, /exists/);

  const target = await blankDatabase();
  r = griddesk(['restore', file], { DATABASE_URL: target });
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /audit chain verified/);
  const source = createPool(url, 2);
  const restored = createPool(target, 2);
  after(async () => {
    await source.end();
    await restored.end();
  });
  assert.deepEqual(await databaseDigest(restored), await databaseDigest(source));
  r = griddesk(['restore', file], { DATABASE_URL: target });
  assert.equal(r.code, 1);
  assert.match(r.err, /restore refused: .*not empty/);

  // a forged record appended to the chain: rows must be inserted unsealed, so the forger (the
  // tables' owner, no superuser needed) switches the insert trigger off first; its hash does not link
  const head = await scalar(url, 'SELECT seq AS n FROM audit_head');
  const forger = await source.connect();
  try {
    await forger.query('BEGIN');
    await forger.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_insert_unsealed');
    await forger.query(
      `INSERT INTO audit_log (at, actor_kind, action, entity, chain_seq, prev_hash, hash) VALUES (now(), 'system', 'forged', 'x', $1, 'bad', 'bad')`,
      [head + 1],
    );
    await forger.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_insert_unsealed');
    await forger.query('COMMIT');
  } finally {
    forger.release();
  }
  r = griddesk(['audit', 'verify'], env);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`BROKEN: first broken link at chain_seq ${head + 1}`));
});

test('usage errors exit 2 and name the problem', () => {
  const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }; // never reached
  for (const [args, msg] of [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['seed', '--customers', 'many'], /--customers must be an integer/],
    [['seed', '--customer', '5'], /unknown option --customer/],
    [['backup'], /usage: griddesk backup FILE/],
    [['restore', path.join(dir, 'missing.gz')], /does not exist/],
    [['audit', 'fix'], /usage: griddesk audit verify/],
  ] as const) {
    const r = griddesk([...args], env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
  }
  const help = griddesk(['help'], env);
  assert.equal(help.code, 0);
  for (const c of ['migrate', 'seed', 'backup FILE', 'restore FILE', 'audit verify']) assert.ok(help.out.includes(c), c);
});

test('on an embedded data directory in use by another griddesk, the command refuses with a clear message', () => {
  const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
  fs.writeFileSync(path.join(dataDir, 'griddesk.pid'), String(process.pid)); // this live node process holds it
  const r = griddesk(['migrate'], { DATABASE_URL: undefined, GRIDDESK_DATA_DIR: dataDir, GRIDDESK_PG_PORT: '1' });
  assert.equal(r.code, 3, r.err);
  assert.match(r.err, new RegExp(`pid ${process.pid}`));
  assert.match(r.err, /server is running on this data directory: stop it first/);
  // a read-only command finds no PostgreSQL of that process to read from, and refuses the same way
  const verify = griddesk(['audit', 'verify'], { DATABASE_URL: undefined, GRIDDESK_DATA_DIR: dataDir, GRIDDESK_PG_PORT: '1' });
  assert.equal(verify.code, 3, verify.err);
  assert.match(verify.err, /stop it first/);
  assert.equal(fs.existsSync(path.join(dataDir, 'pg')), false, 'no database was started');
  assert.equal(fs.readFileSync(path.join(dataDir, 'griddesk.pid'), 'utf8'), String(process.pid), 'the lock is left to its owner');
});
