/**
 * commit: the database's raw single-row commit rate (fsync on): 4 connections, one INSERT per
 * autocommit transaction, 3 seconds, on a fresh table. Later benches measure the same in their
 * own run and report their throughput as a ratio to it.
 * Knobs: BENCH_COMMIT_SECONDS (3), BENCH_COMMIT_CONNECTIONS (4).
 */
import { measureCommitRate } from './support/commit-rate.js';
import { benchDatabase } from './support/database.js';
import { resultLine, round } from './support/percentiles.js';

export async function run(): Promise<Record<string, number>> {
  const seconds = Number(process.env.BENCH_COMMIT_SECONDS ?? 3);
  const connections = Number(process.env.BENCH_COMMIT_CONNECTIONS ?? 4);
  const b = await benchDatabase('commit', { migrate: false });
  try {
    console.log(`[commit] ${b.where}`);
    const single = await measureCommitRate(b.db, { seconds, connections: 1 });
    console.log(`[commit] 1 connection: ${round(single.commitsPerS)} commits/s (${single.commits} in ${round(single.seconds, 2)} s)`);
    const r = await measureCommitRate(b.db, { seconds, connections });
    console.log(
      `[commit] ${connections} connections: ${round(r.commitsPerS)} commits/s (${r.commits} in ${round(r.seconds, 2)} s), fsync=${r.fsync}, synchronous_commit=${r.synchronousCommit}`,
    );
    if (r.fsync !== 'on') console.log('[commit] WARNING: fsync is off on this server; the figure is not a durable commit rate');
    const result = { commits_per_s: round(r.commitsPerS), single_connection_commits_per_s: round(single.commitsPerS), connections };
    console.log(resultLine('commit', result));
    return result;
  } finally {
    await b.close();
  }
}
