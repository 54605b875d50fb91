/**
 * Shared by bench/intake.ts and bench/queue.ts: a PostgreSQL database for one benchmark (the
 * embedded server with fsync on in a temporary directory, or DATABASE_URL's server), the whole
 * HTTP app on a real socket, a keep-alive HTTP client, and percentiles.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startEmbedded, withDatabase } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createPool, type Db } from '../src/db/pool.js';
import { buildApp } from '../src/http/app.js';
import { seed } from '../src/seed/seed.js';
import { PASSWORD } from '../src/seed/territory.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface BenchDb {
  db: Db;
  url: string;
  where: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(name: string, poolSize = 40): Promise<BenchDb> {
  let server: string;
  let stopServer = async () => {};
  let tmp: string | null = null;
  let where: string;
  if (process.env.DATABASE_URL) {
    server = process.env.DATABASE_URL;
    where = 'DATABASE_URL';
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `griddesk-bench-${name}-`));
    fs.chmodSync(tmp, 0o755);
    // BENCH_PG_STATS=1: the server also loads pg_stat_statements (see printStatementStats)
    const settings = process.env.BENCH_PG_STATS ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } : undefined;
    const s = await startEmbedded({ dataDir: tmp, port: await freePort(), fsync: true, settings });
    server = s.url;
    stopServer = s.stop;
    where = 'embedded PostgreSQL 15 (fsync on)';
  }
  const dbName = `bench_${name}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = withDatabase(server, dbName);
  const db = createPool(url, poolSize);
  await migrate(db);
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
      await stopServer();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface BenchServer {
  port: number;
  agent: http.Agent;
  headers: Record<string, string>;
  close(): Promise<void>;
}

/** Seeds the demo territory, starts the app on a free port and logs in as `username`. */
export async function startBenchServer(
  db: Db,
  customers: number,
  username: string,
  maxSockets: number,
  configOverride: Partial<ReturnType<typeof loadConfig>> = {},
): Promise<BenchServer> {
  await seed(db, { customers, seed: 5 });
  const config = { ...loadConfig({}), loginRateLimitPerMinute: 100_000, ...configOverride };
  const { app } = await buildApp({ db, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as net.AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const login = await request({ port, agent, headers: {} }, 'POST', '/api/auth/login', { username, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const csrf = JSON.parse(login.body).csrfToken as string;
  return {
    port,
    agent,
    headers: { cookie, 'x-csrf-token': csrf },
    close: async () => {
      agent.destroy();
      await app.close();
    },
  };
}

export function request(
  s: Pick<BenchServer, 'port' | 'agent' | 'headers'>,
  method: string,
  url: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: s.port,
        method,
        path: url,
        agent: s.agent,
        headers: { ...s.headers, ...extra, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Resets pg_stat_statements when BENCH_PG_STATS is set (call before the phase to look at). */
export async function resetStatementStats(db: Db): Promise<void> {
  if (!process.env.BENCH_PG_STATS) return;
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.query('SELECT pg_stat_statements_reset()');
}

/** With BENCH_PG_STATS set: the statements that took the most server time since the reset, per call. */
export async function printStatementStats(db: Db, label: string, perUnit: number, unit: string): Promise<void> {
  if (!process.env.BENCH_PG_STATS) return;
  const { rows } = await db.query(
    `SELECT calls, total_plan_time AS plan_ms, total_exec_time AS exec_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_plan_time + total_exec_time DESC LIMIT 12`,
  );
  const total = rows.reduce((a, r) => a + r.plan_ms + r.exec_ms, 0);
  console.log(`[${label}] server time by statement (plan + execute), ${round(total / perUnit, 3)} ms per ${unit}:`);
  for (const r of rows)
    console.log(
      `[${label}]   ${String(r.calls).padStart(7)} calls  plan ${round(r.plan_ms / perUnit, 3)} + exec ${round(r.exec_ms / perUnit, 3)} ms/${unit}  ${r.q}`,
    );
}
