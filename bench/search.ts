/**
 * search: customer search at 100,000 customers over real HTTP. The territory is seeded once
 * (progress bar) into a bench-only embedded data directory, bench-data/search-c<N>-s<seed>/,
 * reused by later runs with the same parameters (or, with DATABASE_URL, a database of that
 * server named for the parameters). Then the real server (`node dist/src/main.js`) serves it on
 * a port and one logged-in call-taker sends a deterministic mix of queries drawn from the seeded
 * rows (name prefixes, phone prefixes, account and meter numbers, address fragments), one at a
 * time, each followed by GET /api/health (a `SELECT 1` round trip through the same HTTP stack)
 * as the physical reference measured under the same conditions.
 * Reports p50_ms, p95_ms (goal ≤ 50), p99_ms, health_p50_ms and ratio_p50 = p50 / health p50.
 * Knobs: BENCH_SEARCH_CUSTOMERS (100000), BENCH_SEARCH_SEED (42), BENCH_SEARCH_QUERIES (2000),
 *        BENCH_SEARCH_DIR (bench-data/search-c<N>-s<seed>).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressBar } from '../src/cli/progress.js';
import { loadConfig } from '../src/config.js';
import { ensureDatabase, openDatabase } from '../src/db/connect.js';
import { withDatabase } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createPool, type Db } from '../src/db/pool.js';
import { isSeeded, seed } from '../src/seed/seed.js';
import { PASSWORD } from '../src/seed/territory.js';
import { login } from './support/http.js';
import { resultLine, round, summarize } from './support/percentiles.js';
import { drawSearchCases, type QueryKind, type SearchCase } from './support/search-queries.js';
import { freePort, makeDataDir, spawnServer } from './support/server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MARKER = 'griddesk-bench-seed.json';

interface Params {
  customers: number;
  seed: number;
}

async function seedOnce(db: Db, p: Params): Promise<void> {
  await migrate(db);
  if (await isSeeded(db)) return;
  console.log(`[search] seeding ${p.customers} customers (seed ${p.seed}); later runs reuse them`);
  const t0 = Date.now();
  const bar = progressBar('seed');
  await seed(db, { customers: p.customers, seed: p.seed, onProgress: bar.update });
  bar.stop();
  await db.query('ANALYZE');
  console.log(`[search] seeded in ${round((Date.now() - t0) / 1000)} s`);
}

/** Prepares the seeded data; returns the query cases and how to start the server on it. */
async function prepare(p: Params, queries: number): Promise<{ cases: SearchCase[]; where: string; dataDir?: string; databaseUrl?: string }> {
  if (process.env.DATABASE_URL) {
    const name = `griddesk_bench_search_c${p.customers}_s${p.seed}`;
    await ensureDatabase(process.env.DATABASE_URL, name);
    const url = withDatabase(process.env.DATABASE_URL, name);
    const db = createPool(url, 4);
    try {
      await seedOnce(db, p);
      return { cases: await drawSearchCases(db, queries), where: `database ${name} on the server of DATABASE_URL`, databaseUrl: url };
    } finally {
      await db.end();
    }
  }
  const dataDir = path.resolve(process.env.BENCH_SEARCH_DIR ?? path.join(repoRoot, 'bench-data', `search-c${p.customers}-s${p.seed}`));
  const markerFile = path.join(dataDir, MARKER);
  const marker = fs.existsSync(markerFile) ? (JSON.parse(fs.readFileSync(markerFile, 'utf8')) as Params) : null;
  if (marker && (marker.customers !== p.customers || marker.seed !== p.seed)) throw new Error(`${dataDir} holds another seed: ${JSON.stringify(marker)}`);
  if (!marker && fs.existsSync(dataDir)) {
    console.log(`[search] ${dataDir} has no completed seed: starting it over`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  makeDataDir(dataDir);
  const config = loadConfig({ GRIDDESK_DATA_DIR: dataDir, GRIDDESK_PG_PORT: String(await freePort()) });
  const database = await openDatabase(config, (m) => console.log(`[search] ${m}`), 4);
  try {
    await seedOnce(database.db, p);
    fs.writeFileSync(markerFile, JSON.stringify(p));
    return { cases: await drawSearchCases(database.db, queries), where: `embedded PostgreSQL 15 in ${dataDir}`, dataDir };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<Record<string, number>> {
  const p: Params = { customers: Number(process.env.BENCH_SEARCH_CUSTOMERS ?? 100_000), seed: Number(process.env.BENCH_SEARCH_SEED ?? 42) };
  const total = Number(process.env.BENCH_SEARCH_QUERIES ?? 2000);
  const warmup = 100;
  const { cases, where, dataDir, databaseUrl } = await prepare(p, total + warmup);
  console.log(`[search] ${p.customers} customers, ${where}`);

  const server = await spawnServer({
    dataDir: dataDir ?? path.join(repoRoot, 'bench-data', 'unused'),
    databaseUrl,
    env: { LOG_LEVEL: 'info', GRIDDESK_SEED: 'false' },
  });
  try {
    await server.ready;
    const session = await login(server.baseUrl, 'calltaker', PASSWORD);
    const byKind = new Map<QueryKind, number[]>();
    const all: number[] = [];
    const health: number[] = [];
    for (const [i, c] of cases.entries()) {
      const t0 = performance.now();
      const res = await session.get(`/api/customers?q=${encodeURIComponent(c.q)}`);
      const body = (await res.json()) as { items: Array<{ id: number }> };
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`search ${JSON.stringify(c.q)}: ${res.status} ${JSON.stringify(body)}`);
      if (body.items.length === 0) throw new Error(`search by ${c.kind} ${JSON.stringify(c.q)} (drawn from customer ${c.customerId}) found nothing`);
      if ((c.kind === 'account' || c.kind === 'meter') && !body.items.some((x) => Number(x.id) === c.customerId)) {
        throw new Error(`search by ${c.kind} ${c.q} did not find customer ${c.customerId}`);
      }
      const h0 = performance.now();
      const hr = await fetch(`${server.baseUrl}/api/health`);
      await hr.text();
      const hms = performance.now() - h0;
      if (hr.status !== 200) throw new Error(`health: ${hr.status}`);
      if (i < warmup) continue;
      all.push(ms);
      health.push(hms);
      byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), ms]);
    }
    for (const [kind, xs] of byKind) {
      const s = summarize(xs);
      console.log(`[search] ${kind.padEnd(8)} n=${String(s.n).padStart(4)}  p50 ${round(s.p50, 2)} ms  p95 ${round(s.p95, 2)} ms  max ${round(s.max, 2)} ms`);
    }
    const s = summarize(all);
    const h = summarize(health);
    console.log(`[search] all      n=${s.n}  p50 ${round(s.p50, 2)} ms  p95 ${round(s.p95, 2)} ms  p99 ${round(s.p99, 2)} ms; every query found customers`);
    console.log(`[search] reference GET /api/health (SELECT 1 over HTTP): p50 ${round(h.p50, 2)} ms  p95 ${round(h.p95, 2)} ms`);
    console.log(`[search] goal p95 ≤ 50 ms: ${s.p95 <= 50 ? 'met' : 'NOT met'}`);
    const result = {
      customers: p.customers,
      queries: s.n,
      p50_ms: round(s.p50, 2),
      p95_ms: round(s.p95, 2),
      p99_ms: round(s.p99, 2),
      health_p50_ms: round(h.p50, 2),
      ratio_p50: round(s.p50 / h.p50, 1),
    };
    const stopped = await server.stop('SIGINT');
    if (stopped.code !== 0) console.log(`[search] WARNING: the server stopped with ${JSON.stringify(stopped)}`);
    console.log(resultLine('search', result));
    return result;
  } finally {
    if (server.child.exitCode === null) await server.stop('SIGINT');
  }
}
