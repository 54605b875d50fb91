/**
 * startup: start to ready of the real server (`node dist/src/main.js`) on an existing embedded
 * data directory. A first start creates the directory and seeds it (not timed), then it is
 * stopped and restarted several times; each restart is timed from spawn to the ready message
 * (node boot, module load, PostgreSQL start, migration check, app build, listen).
 * ready_ms = median; rss_mb = the app process's VmRSS right after ready (median), PostgreSQL's
 * own processes not included. The OS page cache is warm (no cache dropping on a shared machine).
 * Knobs: BENCH_STARTUP_RUNS (5), BENCH_STARTUP_CUSTOMERS (5000, the default first-start seed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, resultLine, round } from './support/percentiles.js';
import { makeDataDir, spawnServer } from './support/server.js';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return kb / 1024;
}

export async function run(): Promise<Record<string, number>> {
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
  const customers = Number(process.env.BENCH_STARTUP_CUSTOMERS ?? 5000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bench-startup-'));
  fs.chmodSync(root, 0o755);
  const dataDir = makeDataDir(path.join(root, 'data'));
  try {
    const first = await spawnServer({ dataDir, seedCustomers: customers });
    const f = await first.ready;
    const firstStop = await first.stop('SIGINT');
    if (firstStop.code !== 0) throw new Error(`first start did not stop cleanly: ${JSON.stringify(firstStop)}\n${first.output().slice(-2000)}`);
    console.log(`[startup] first start (initdb, migrate, seed ${customers} customers): ${round(f.wallMs)} ms`);
    const wall: number[] = [];
    const inMain: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = await spawnServer({ dataDir, seedCustomers: customers });
      const r = await s.ready;
      const mb = rssMb(s.pid);
      const health = await fetch(`${s.baseUrl}/api/health`);
      if (health.status !== 200) throw new Error(`not healthy after ready: ${health.status}`);
      const stopped = await s.stop('SIGINT');
      if (stopped.code !== 0) throw new Error(`restart ${i + 1} did not stop cleanly: ${JSON.stringify(stopped)}`);
      if (/first start/.test(s.output())) throw new Error('a restart seeded again');
      wall.push(r.wallMs);
      inMain.push(r.ms);
      rss.push(mb);
      console.log(`[startup] restart ${i + 1}: ready in ${round(r.wallMs)} ms from spawn (${r.ms} ms inside main), RSS ${round(mb)} MB`);
    }
    const result = { ready_ms: round(median(wall)), rss_mb: round(median(rss)), main_ms: round(median(inMain)), runs, customers };
    console.log(`[startup] median of ${runs}: ready ${result.ready_ms} ms from spawn (${result.main_ms} ms inside main), RSS ${result.rss_mb} MB`);
    console.log(resultLine('startup', result));
    return result;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
