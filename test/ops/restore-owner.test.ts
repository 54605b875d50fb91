/**
 * Restore without superuser rights, as on a managed external PostgreSQL: the role owns its
 * database (it migrated it), so restore turns user triggers off per table instead of using
 * session_replication_role, and loads tables in foreign-key order with the checks on.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { verifyAudit } from '../../src/platform/audit/audit.js';
import { seed } from '../../src/seed/seed.js';
import { backup } from '../../src/ops/backup.js';
import { restore } from '../../src/ops/restore.js';
import { databaseDigest } from '../../src/ops/table-digest.js';
import { testDb, testServerUrl } from '../support/db.js';

test('a database owner without superuser rights restores exactly, with its triggers back on afterwards', async (t) => {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  const cleanups: Array<() => Promise<unknown> | void> = [async () => admin.end()];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const canCreateRoles = (await admin.query(`SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = current_user`)).rows[0].ok;
  if (!canCreateRoles) {
    t.skip('the test server role cannot create roles');
    return;
  }
  const suffix = randomBytes(5).toString('hex');
  const role = `gd_owner_${suffix}`;
  const dbName = `gdtest_owner_${suffix}`;
  const password = randomBytes(12).toString('hex');
  await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER PASSWORD '${password}'`);
  await admin.query(`CREATE DATABASE ${dbName} OWNER ${role}`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
  });
  const url = new URL(withDatabase(testServerUrl(), dbName));
  url.username = role;
  url.password = password;
  const target = createPool(url.toString(), 4);
  cleanups.push(() => target.end());
  assert.equal((await target.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0].rolsuper, false);
  await migrate(target);

  const source = await testDb();
  await seed(source, { customers: 150, seed: 11 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-owner-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'b.gdb.gz');
  await backup(source, file);

  await restore(target, file);
  assert.deepEqual(await databaseDigest(target), await databaseDigest(source));
  assert.equal((await verifyAudit(target)).ok, true);
  const disabled = await target.query(`SELECT tgrelid::regclass::text AS t, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`);
  assert.deepEqual(disabled.rows, [], 'every user trigger enabled again');
  await assert.rejects(target.query(`DELETE FROM audit_log WHERE seq = 1`), /append-only/);
});
