/**
 * billcycle: one monthly bill run (核算) of N customers through the services the API and the CLI call
 * (startRun → chunks worked by workChunk → bills and lines), on real PostgreSQL with fsync on.
 *
 * Data: N = BENCH_BILLCYCLE_CUSTOMERS (default 100,000) accounts, one meter each: 90 % residential
 * (Zhejiang residential tiers, one kWh register) and 10 % 10 kV commercial & industrial two-part 630 kVA
 * (four TOU registers, kvarh: energy by period, basic charge by capacity, funds, power factor
 * adjustment), with register readings on 25 October and 25 November 2026 written straight into
 * meter_readings (the import is not what is measured). The run rates the November cycle.
 *
 * Figures:
 * - customers_per_s = accounts billed ÷ wall time from startRun to the last chunk's commit, with
 *   BENCH_BILLCYCLE_WORKERS (2) worker processes, each a separate griddesk-like instance claiming
 *   chunks of BENCH_BILLCYCLE_CHUNK (2,000) accounts. Goal ≥ 3,000.
 * - ratio = customers_per_s ÷ (accounts ÷ the time to COPY the same bill and bill line rows, read back
 *   from the run, into tables of the same shape and indexes, one connection), measured in the same
 *   run on the same server: the share of the raw bulk-write speed the whole run achieves. Both timed
 *   phases start right after a CHECKPOINT.
 * - rss_mb = the highest peak resident set of this process and of every worker process.
 * - worker_cpu_us_per_customer = the worker processes' CPU time (user + system) ÷ bills: the node side's
 *   cost, independent of how busy the machine is (the load average is printed with it).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Writable, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { createPool } from '../src/db/pool.js';
import { startRun, workPendingChunks } from '../src/modules/billing/index.js';
import type { Principal } from '../src/modules/identity/index.js';
import { benchDatabase } from './support/database.js';
import { resultLine, round } from './support/percentiles.js';

const { from: copyFrom, to: copyTo } = copyStreams;

export async function seedData(db: pg.Pool, n: number) {
  await db.query(
    `INSERT INTO org_units (id, parent_id, code, name, level, area_type, path) VALUES (1, NULL, 'B', '基准省', 'province', 'urban', '/1/'), (2, 1, 'B-C', '基准县', 'county', 'urban', '/1/2/')`,
  );
  await db.query(`INSERT INTO users (id, username, display_name, role, org_unit_id, password_hash) VALUES (1, 'bench', 'bench', 'billing_clerk', 1, 'x')`);
  await db.query(`INSERT INTO customers (id, org_unit_id, name) SELECT g, 2, '客户' || g FROM generate_series(1, $1) g`, [n]);
  await db.query(
    `INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT g, g, 2, '37' || lpad(g::text, 10, '0') FROM generate_series(1, $1) g`,
    [n],
  );
  await db.query(
    `INSERT INTO service_points (id, account_id, customer_id, org_unit_id, address, customer_class, contracted_kva, supply_voltage_kv)
    SELECT g, g, g, 2, '基准路' || g || '号', CASE WHEN g % 10 = 0 THEN 'hv' ELSE 'residential' END, CASE WHEN g % 10 = 0 THEN 630 ELSE 8 END, CASE WHEN g % 10 = 0 THEN 10 ELSE 0.22 END
      FROM generate_series(1, $1) g`,
    [n],
  );
  await db.query(
    `INSERT INTO meters (id, service_point_id, meter_no, multiplier) SELECT g, g, '3701' || lpad(g::text, 10, '0'), CASE WHEN g % 10 = 0 THEN 40 ELSE 1 END FROM generate_series(1, $1) g`,
    [n],
  );
  // residential: kWh register; C&I: TOU registers (peak/flat/valley in November), total and kvarh
  await db.query(
    `INSERT INTO meter_readings (account_id, meter_id, register, read_at, mode, value, cycle, org_path)
    SELECT g, g, 'kwh_total', t.at, 'index', (g % 5000) + t.k * (120 + g % 300), t.cycle, '/1/2/'
      FROM generate_series(1, $1) g, (VALUES (timestamptz '2026-10-25 08:00+08', '2026-10', 0), (timestamptz '2026-11-25 08:00+08', '2026-11', 1)) AS t(at, cycle, k)
     WHERE g % 10 <> 0`,
    [n],
  );
  await db.query(
    `INSERT INTO meter_readings (account_id, meter_id, register, read_at, mode, value, cycle, org_path)
    SELECT g, g, r.reg, t.at, 'index', (g % 5000) * r.share + t.k * (900 + g % 400) * r.share, t.cycle, '/1/2/'
      FROM generate_series(10, $1, 10) g,
           (VALUES (timestamptz '2026-10-25 08:00+08', '2026-10', 0), (timestamptz '2026-11-25 08:00+08', '2026-11', 1)) AS t(at, cycle, k),
           (VALUES ('kwh_total', 1.0), ('kwh_peak', 0.3), ('kwh_flat', 0.45), ('kwh_valley', 0.25), ('kvarh', 0.5)) AS r(reg, share)`,
    [n],
  );
  await db.query('ANALYZE');
}

/** A worker process: `node billcycle.js --worker URL RUN NAME` works chunks of the run until none is left. */
async function workerMain(url: string, runId: number, name: string) {
  const db = createPool(url, 2);
  const n = await workPendingChunks(db, name, runId);
  await db.end();
  const u = process.resourceUsage();
  process.stdout.write(JSON.stringify({ chunks: n, maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }) + '\n');
}

function runWorker(url: string, runId: number, name: string): Promise<{ chunks: number; maxRssKb: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_BILLCYCLE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BILLCYCLE_PROF}`] : []),
        fileURLToPath(import.meta.url),
        '--worker',
        url,
        String(runId),
        name,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker ${name} exited ${code}`))));
  });
}

/** Reads the run's rows as COPY text, then times COPY FROM of the same rows into same-shaped tables. */
async function copyBaseline(url: string, runId: number): Promise<{ seconds: number; bills: number; lines: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const dump = async (sql: string) => {
    const chunks: Buffer[] = [];
    await pipeline(
      c.query(copyTo(sql)),
      new Writable({
        write(chunk, _e, cb) {
          chunks.push(chunk);
          cb();
        },
      }),
    );
    return Buffer.concat(chunks);
  };
  const bills = await dump(`COPY (SELECT * FROM bills WHERE run_id = ${runId}) TO STDOUT`);
  const lines = await dump(
    `COPY (SELECT l.* FROM bill_lines l JOIN bills b ON b.account_id = l.account_id AND b.id = l.bill_id WHERE b.run_id = ${runId}) TO STDOUT`,
  );
  await c.query(
    `CREATE TABLE copy_bills (LIKE bills INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES); CREATE TABLE copy_lines (LIKE bill_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
  await c.query('CHECKPOINT');
  const t0 = performance.now();
  await c.query('BEGIN');
  await pipeline(Readable.from([bills]), c.query(copyFrom('COPY copy_bills FROM STDIN')));
  await pipeline(Readable.from([lines]), c.query(copyFrom('COPY copy_lines FROM STDIN')));
  await c.query('COMMIT');
  const seconds = (performance.now() - t0) / 1000;
  const counts = (await c.query(`SELECT (SELECT count(*) FROM copy_bills)::int AS b, (SELECT count(*) FROM copy_lines)::int AS l`)).rows[0];
  await c.end();
  return { seconds, bills: counts.b, lines: counts.l };
}

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.BENCH_BILLCYCLE_CUSTOMERS ?? 100_000);
  const workers = Number(process.env.BENCH_BILLCYCLE_WORKERS ?? 2);
  const chunk = Number(process.env.BENCH_BILLCYCLE_CHUNK ?? 2000);
  const b = await benchDatabase('billcycle', { poolSize: 4 });
  try {
    console.log(`[billcycle] ${b.where}; ${n} customers (90 % residential, 10 % 10 kV two-part TOU), ${workers} worker processes, ${chunk} accounts per chunk`);
    const s0 = performance.now();
    await seedData(b.db as unknown as pg.Pool, n);
    console.log(`[billcycle] seeded customers and 2 months of readings in ${round((performance.now() - s0) / 1000, 1)} s`);
    const p: Principal = {
      kind: 'user',
      id: 1,
      name: 'bench',
      role: 'billing_clerk',
      scopes: [],
      orgUnitId: 1,
      orgPath: '/1/',
      customerId: null,
      csrfToken: null,
      ip: null,
      userAgent: null,
    };
    await b.db.query('CHECKPOINT'); // both timed phases start from a clean checkpoint
    const t0 = performance.now();
    const started = await startRun(b.db, p, { cycle: '2026-11', orgCode: 'B', chunkAccounts: chunk });
    const outs = await Promise.all(Array.from({ length: workers }, (_, i) => runWorker(b.url, started.id, `w${i + 1}`)));
    const seconds = (performance.now() - t0) / 1000;
    const r = (
      await b.db.query(
        `SELECT status, (SELECT count(*)::int FROM bills WHERE run_id = $1) AS billed, (SELECT count(DISTINCT account_id)::int FROM bills WHERE run_id = $1) AS accounts,
      (SELECT count(*)::int FROM bill_run_exceptions WHERE run_id = $1) AS exceptions FROM bill_runs WHERE id = $1`,
        [started.id],
      )
    ).rows[0];
    if (r.billed !== r.accounts || r.billed + r.exceptions !== n) throw new Error(`run incomplete: ${JSON.stringify(r)}`);
    const customersPerS = r.billed / seconds;
    console.log(
      `[billcycle] run ${started.id}: ${r.billed} bills, ${r.exceptions} exceptions, status ${r.status}, ${round(seconds, 2)} s → ${round(customersPerS)} customers/s; chunks per worker ${outs.map((o) => o.chunks).join('/')}`,
    );
    const copy = await copyBaseline(b.url, started.id);
    const copyPerS = copy.bills / copy.seconds;
    console.log(
      `[billcycle] COPY of the same ${copy.bills} bills and ${copy.lines} lines into same-shaped tables: ${round(copy.seconds, 2)} s → ${round(copyPerS)} customers/s`,
    );
    const rssMb = Math.max(process.resourceUsage().maxRSS, ...outs.map((o) => o.maxRssKb)) / 1024;
    const cpuUs = (outs.reduce((a, o) => a + o.cpuMs, 0) * 1000) / r.billed;
    console.log(
      `[billcycle] worker CPU ${round(cpuUs)} µs per customer (node side, all workers); load average at the end ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${os.cpus().length} CPUs`,
    );
    const result = {
      customers_per_s: round(customersPerS),
      ratio: round(customersPerS / copyPerS, 3),
      rss_mb: round(rssMb),
      customers: n,
      bills: r.billed,
      lines: copy.lines,
      seconds: round(seconds, 2),
      workers,
      worker_cpu_us_per_customer: round(cpuUs),
    };
    console.log(resultLine('billcycle', result));
    return result;
  } finally {
    await b.close();
  }
}

if (process.argv[2] === '--worker') {
  workerMain(process.argv[3], Number(process.argv[4]), process.argv[5]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
