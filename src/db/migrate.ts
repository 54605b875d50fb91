/**
 * Applies migrations/NNN_name.sql in name order, each once, each in its own transaction,
 * under an advisory lock so several app instances starting together migrate once.
 * Modules own number ranges: 0xx platform & identity, 1xx customers & network,
 * 2xx work orders, 3xx outages & repair, 4xx connections, 5xx billing (readings, tariffs, bill runs),
 * 6xx payments, collection & ledger, 7xx quality analytics (docs/developer-guide.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './pool.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/src/db → repo root; src/db → repo root */
export const migrationsDir = [path.resolve(here, '../../../migrations'), path.resolve(here, '../../migrations')].find((d) => fs.existsSync(d))!;

const LOCK_KEY = 7_259_800_001;

/**
 * Work that SQL cannot do (e.g. moving bytes into the file store), run just before the migration
 * named `before` is applied, outside its transaction, while the migration lock is held. It must be
 * idempotent (it may be cut off and run again) and the migration after it should refuse to apply
 * when the step's work is not done. Runs only when that migration is still pending.
 */
export interface DataStep {
  before: string;
  name: string;
  run(db: Db, log: (m: string) => void): Promise<void>;
}

export async function migrate(db: Db, log: (m: string) => void = () => {}, opts: { steps?: DataStep[] } = {}): Promise<string[]> {
  const client = await db.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const files = fs
      .readdirSync(migrationsDir)
      .filter((f) => /^\d{3}_.+\.sql$/.test(f))
      .sort();
    for (const f of files) {
      if (done.has(f)) continue;
      for (const step of (opts.steps ?? []).filter((x) => x.before === f)) {
        log(`data step ${step.name} (before ${f})`);
        await step.run(db, log);
      }
      const sql = fs.readFileSync(path.join(migrationsDir, f), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations(name) VALUES ($1)', [f]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${f} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(f);
      log(`migrated ${f}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
  return applied;
}
