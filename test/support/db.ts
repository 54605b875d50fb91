/**
 * A fresh migrated database for one test suite, cloned from the run's template
 * (see test/with-pg.ts). Dropped when the suite ends.
 */
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../src/db/embedded.js';
import { createPool, type Db } from '../../src/db/pool.js';

export function testServerUrl(): string {
  const url = process.env.GRIDDESK_TEST_PG_URL;
  if (!url) throw new Error('GRIDDESK_TEST_PG_URL is not set: run tests through `npm test` (node dist/test/with-pg.js node --test ...)');
  return url;
}

export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const server = testServerUrl();
  const name = `gdtest_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env.GRIDDESK_TEST_TEMPLATE ?? 'griddesk_test_template'}"`);
  await admin.end();
  return { name, url: withDatabase(server, name) };
}

/**
 * Drops a suite's database. WITH (FORCE) ends its remaining sessions; on a server where the test role
 * is not a superuser it may meet a backend it is not allowed to end (an autovacuum worker on the
 * database: SQLSTATE 42501), which is gone a moment later, so that refusal is retried.
 */
export async function dropTestDatabase(name: string) {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '42501' || attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
}

/** A pool on a fresh database, closed and dropped after the suite. */
export async function testDb(poolSize = 10): Promise<Db & { url: string }> {
  const { name, url } = await createTestDatabase();
  const db = createPool(url, poolSize) as Db & { url: string };
  db.url = url;
  after(async () => {
    await db.end().catch(() => {});
    await dropTestDatabase(name);
  });
  return db;
}
