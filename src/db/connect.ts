/**
 * Opens the database griddesk runs on: DATABASE_URL when set, otherwise the embedded server
 * under <dataDir>/pg with a `griddesk` database, created on first start.
 */
import pg from 'pg';
import type { Config } from '../config.js';
import { lockDataDir, startEmbedded, withDatabase } from './embedded.js';
import { createPool, type Db } from './pool.js';

export interface OpenDatabase {
  url: string;
  db: Db;
  embedded: boolean;
  close(): Promise<void>;
}

export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await c.end();
  }
}

export async function openDatabase(config: Config, log: (m: string) => void = () => {}, poolSize = 20): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const db = createPool(config.databaseUrl, poolSize);
    return { url: config.databaseUrl, db, embedded: false, close: () => db.end() };
  }
  const unlock = lockDataDir(config.dataDir);
  try {
    const server = await startEmbedded({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    await ensureDatabase(server.url, 'griddesk');
    const url = withDatabase(server.url, 'griddesk');
    const db = createPool(url, poolSize);
    return {
      url,
      db,
      embedded: true,
      close: async () => {
        await db.end().catch(() => {});
        await server.stop();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
