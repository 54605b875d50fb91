/**
 * A database for a bench: the server of DATABASE_URL when set, otherwise an embedded
 * PostgreSQL 15 (fsync on, as griddesk runs it) in a temporary directory; a fresh database on it,
 * migrated unless asked not to. close() drops it and stops the embedded server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, withDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool, type Db } from '../../src/db/pool.js';
import { freePort } from './server.js';

export interface BenchDatabase {
  db: Db;
  url: string;
  /** Where it runs, for the bench's report. */
  where: string;
  close(): Promise<void>;
}

export async function benchDatabase(name: string, opts: { migrate?: boolean; poolSize?: number } = {}): Promise<BenchDatabase> {
  let server: string;
  let where: string;
  let stop = async () => {};
  let tmp: string | null = null;
  if (process.env.DATABASE_URL) {
    server = process.env.DATABASE_URL;
    where = 'the PostgreSQL of DATABASE_URL';
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `griddesk-bench-${name}-`));
    fs.chmodSync(tmp, 0o755);
    const s = await startEmbedded({ dataDir: tmp, port: await freePort(), fsync: true });
    server = s.url;
    stop = s.stop;
    where = `embedded PostgreSQL 15 in ${tmp}`;
  }
  const dbName = `bench_${name}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = withDatabase(server, dbName);
  const db = createPool(url, opts.poolSize ?? 10);
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    url,
    where,
    async close() {
      await db.end().catch(() => {});
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
      await a.end();
      await stop();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
