/**
 * The database's raw single-row commit rate: a few connections each INSERT one row per
 * autocommit transaction into a fresh table for a few seconds. With fsync on, each commit waits
 * for its WAL flush (concurrent commits share flushes), so this is the physical ceiling that
 * write-path benches compare their throughput with (throughput / commits_per_s).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/db/pool.js';

export interface CommitRate {
  commitsPerS: number;
  commits: number;
  seconds: number;
  connections: number;
  fsync: string;
  synchronousCommit: string;
}

export async function measureCommitRate(db: Db, opts: { seconds?: number; connections?: number } = {}): Promise<CommitRate> {
  const seconds = opts.seconds ?? 3;
  const connections = opts.connections ?? 4;
  const table = `bench_commit_${randomBytes(4).toString('hex')}`;
  const settings = await db.query<{ fsync: string; sc: string }>(`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc`);
  await db.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, worker int NOT NULL, at timestamptz NOT NULL DEFAULT now(), note text)`);
  // Own connections (not the pool's), so the caller's pool size does not limit the writers.
  const clients = Array.from({ length: connections }, () => new pg.Client(db.options));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const insert = `INSERT INTO ${table} (worker, note) VALUES ($1, $2)`;
    for (const c of clients) for (let i = 0; i < 20; i++) await c.query(insert, [-1, 'warm-up']);
    let commits = 0;
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(
      clients.map(async (c, w) => {
        while (performance.now() < until) {
          await c.query(insert, [w, 'commit']);
          commits++;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const stored = (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE worker >= 0`)).rows[0].n;
    if (Number(stored) !== commits) throw new Error(`commit-rate table holds ${stored} rows, ${commits} commits were acknowledged`);
    return {
      commitsPerS: commits / elapsed,
      commits,
      seconds: elapsed,
      connections,
      fsync: settings.rows[0].fsync,
      synchronousCommit: settings.rows[0].sc,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
