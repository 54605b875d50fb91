/**
 * billcycle (issue 10): a month of N customers through read import → validate → rate → bill lines → stored
 * bills (each with its inputs and lines: the bill document the PDF and the portal print), on real PostgreSQL
 * with fsync on, once with one griddesk instance and once with two instances sharing the work.
 *
 * Data: N = BENCH_BILLCYCLE_CUSTOMERS (default 100,000) accounts, one meter each: 90 % residential
 * (Zhejiang residential tiers, one kWh register) and 10 % 10 kV commercial & industrial two-part 630 kVA
 * (TOU registers peak / flat / valley, total and kvarh: energy by period, basic charge by capacity, funds,
 * power factor adjustment). Readings come as AMI files in the documented layout (docs/billing.md §9), one
 * file per BENCH_BILLCYCLE_FILE_METERS (100,000) meters and cycle, read from disk and imported through
 * `importReadings` exactly as `griddesk readings import FILE` does (parse, meter look-up, store, validate
 * against the previous reading and the billed history, exceptions). Reads on the 25th of September (the
 * first reads: set-up, not in the figures), October and November 2026.
 *
 * Two pipelines, each a whole month:
 * - one instance: October's files imported by one process, then the October run (startRun) worked by one
 *   worker process running the application's bill run worker (`startBillRunWorker`, as src/background.ts
 *   starts it in every instance);
 * - two instances: November's files shared by two importing processes (each file imported by one of them),
 *   then the November run worked by two such worker processes at once (chunks claimed with SKIP LOCKED).
 *
 * Figures:
 * - customers_per_s = N ÷ wall time from the first file import's start to the run's last chunk commit (one
 *   instance); two_instances_customers_per_s the same for the two-instance pipeline. Goal ≥ 3,000.
 * - ratio = customers_per_s ÷ (N ÷ the time to COPY the same rows — that cycle's reading rows, bills and bill
 *   lines, read back — into tables of the same shape and indexes, one connection), measured in the same run
 *   on the same server: the share of the bulk-load speed the whole pipeline achieves. Goal ≥ 0.3.
 *   two_instances_ratio likewise.
 * - run_customers_per_s, run_ratio (and two_instances_…): the bill run alone (startRun to last commit) ÷ COPY
 *   of its bills and lines alone — the figures this bench reported before the import was included.
 * - import_lines_per_s: file lines imported ÷ the import's wall time (one instance).
 * - rss_mb = the highest peak resident set of this process and every importing and worker process;
 *   rss_bench_mb (this process: it seeds the customers and writes the files), rss_import_mb (the highest
 *   importing process) and rss_worker_mb (the highest bill-run worker) say which one it is.
 * - worker_cpu_us_per_customer = the worker processes' CPU time (user + system) ÷ bills, one-instance run;
 *   import_cpu_us_per_line likewise for the importing process: the node side's cost, independent of how
 *   busy the machine is (the load average is printed with them). Every timed phase starts after a CHECKPOINT.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { createPool } from '../src/db/pool.js';
import { importReadings, startBillRunWorker, startRun } from '../src/modules/billing/index.js';
import type { Principal } from '../src/modules/identity/index.js';
import { benchDatabase } from './support/database.js';
import { resultLine, round } from './support/percentiles.js';

const { from: copyFrom, to: copyTo } = copyStreams;

const PRINCIPAL: Principal = {
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

/** The bench's territory: two org units, a clerk, N customers with one account, service point and meter each (no readings). */
export async function seedCustomers(db: pg.Pool, n: number) {
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
}

/**
 * Customers and two months of readings (25 October and 25 November 2026) written straight into
 * meter_readings, for benches that measure what comes after the import (billpdf). The values are those
 * of `writeReadingFile` for k = 0 and 1.
 */
export async function seedData(db: pg.Pool, n: number) {
  await seedCustomers(db, n);
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

/** C&I registers and their share of the total (hundredths): the TOU registers add up to the total exactly. */
const CI_REGISTERS: [string, number][] = [
  ['kwh_total', 100],
  ['kwh_peak', 30],
  ['kwh_flat', 45],
  ['kwh_valley', 25],
  ['kvarh', 50],
];

/**
 * Writes the AMI file of meters [from, to] for the k-th read (k = 0, 1, 2: 25 September, October, November 2026),
 * in the layout of docs/billing.md §9: residential kWh index (g mod 5000) + k × (120 + g mod 300), C&I
 * (g mod 5000 + k × (900 + g mod 400)) × the register's share, ×40 multiplier on the meter. Written 256 KiB at a
 * time (the bench process holds no whole file). Returns the number of data lines.
 */
export function writeReadingFile(file: string, from: number, to: number, k: number): number {
  const at = `2026-${String(9 + k).padStart(2, '0')}-25 08:00`;
  const fd = fs.openSync(file, 'w');
  let buf = 'meter_no,register,read_at,value,flag\n';
  let lines = 0;
  try {
    for (let g = from; g <= to; g++) {
      const no = `3701${String(g).padStart(10, '0')}`;
      if (g % 10 !== 0) {
        buf += `${no},kwh_total,${at},${(g % 5000) + k * (120 + (g % 300))},\n`;
        lines++;
      } else {
        const base = (g % 5000) + k * (900 + (g % 400));
        // base × share / 100: an integer of fen-like hundredths, printed exactly with two decimals
        for (const [reg, share] of CI_REGISTERS) {
          const h = base * share;
          buf += `${no},${reg},${at},${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')},\n`;
          lines++;
        }
      }
      if (buf.length >= 1 << 18) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

interface ChildOut {
  maxRssKb: number;
  cpuMs: number;
  lines?: number;
  worker?: string;
}
const usage = () => {
  const u = process.resourceUsage();
  return { maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 };
};

/** An importing instance: `--import URL FILE...` imports each file as `griddesk readings import FILE` does. */
async function importMain(url: string, files: string[]) {
  const db = createPool(url, 2);
  let lines = 0;
  for (const f of files) {
    const r = await importReadings(db, PRINCIPAL, { fileName: path.basename(f), path: f, source: 'cli' });
    if (r.exceptions) throw new Error(`${f}: ${r.exceptions} reading exceptions`);
    lines += r.lines;
  }
  await db.end();
  process.stdout.write(JSON.stringify({ ...usage(), lines }) + '\n');
}

/**
 * A bill-run instance: `--worker URL RUN` runs the application's bill run worker (startBillRunWorker, as
 * src/background.ts starts it in every instance) until the run has no pending chunk left.
 */
async function workerMain(url: string, runId: number) {
  const db = createPool(url, 2);
  const stop = startBillRunWorker(db, 100, (e) => {
    console.error(e);
    process.exit(1);
  });
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const s = (await db.query(`SELECT status FROM bill_runs WHERE id = $1`, [runId])).rows[0].status;
    if (s !== 'running') break;
  }
  await stop();
  await db.end();
  process.stdout.write(JSON.stringify({ ...usage(), worker: `instance-${process.pid}` }) + '\n');
}

function child(args: string[]): Promise<ChildOut> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_BILLCYCLE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BILLCYCLE_PROF}`] : []),
        fileURLToPath(import.meta.url),
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${args[0]} process exited ${code}`))));
  });
}

/**
 * Dumps the rows as COPY text into files (so a million bills never sit in this process's memory), then times
 * COPY FROM of the same files into same-shaped tables with the same indexes, one transaction, one connection.
 */
async function copyBaseline(url: string, dir: string, tables: { table: string; select: string }[]): Promise<{ seconds: number; rows: number[] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const files: string[] = [];
  for (const t of tables) {
    const f = path.join(dir, `copy-${t.table}.txt`);
    await pipeline(c.query(copyTo(`COPY (${t.select}) TO STDOUT`)), fs.createWriteStream(f));
    files.push(f);
    await c.query(
      `DROP TABLE IF EXISTS copy_${t.table}; CREATE TABLE copy_${t.table} (LIKE ${t.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
    );
  }
  await c.query('CHECKPOINT');
  const t0 = performance.now();
  await c.query('BEGIN');
  for (const [i, t] of tables.entries())
    await pipeline(fs.createReadStream(files[i], { highWaterMark: 1 << 20 }), c.query(copyFrom(`COPY copy_${t.table} FROM STDIN`)));
  await c.query('COMMIT');
  const seconds = (performance.now() - t0) / 1000;
  const rows: number[] = [];
  for (const t of tables) {
    rows.push((await c.query(`SELECT count(*)::int AS n FROM copy_${t.table}`)).rows[0].n);
    await c.query(`DROP TABLE copy_${t.table}`);
  }
  for (const f of files) fs.rmSync(f);
  await c.end();
  return { seconds, rows };
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.BENCH_BILLCYCLE_CUSTOMERS ?? 100_000);
  const chunk = Number(process.env.BENCH_BILLCYCLE_CHUNK ?? 2000);
  const perFile = Number(process.env.BENCH_BILLCYCLE_FILE_METERS ?? 100_000);
  const b = await benchDatabase('billcycle', { poolSize: 4 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-billcycle-files-'));
  const children: ChildOut[] = [];
  try {
    console.log(
      `[billcycle] ${b.where}; ${n} customers (90 % residential, 10 % 10 kV two-part TOU), ${chunk} accounts per chunk, AMI files of ${perFile} meters; load ${load()}`,
    );
    let t = performance.now();
    await seedCustomers(b.db as unknown as pg.Pool, n);
    const files: string[][] = [[], [], []];
    for (let k = 0; k < 3; k++)
      for (let from = 1, i = 1; from <= n; from += perFile, i++) {
        const f = path.join(dir, `AMI-2026-${9 + k}-${String(i).padStart(3, '0')}.csv`);
        writeReadingFile(f, from, Math.min(n, from + perFile - 1), k);
        files[k].push(f);
      }
    console.log(`[billcycle] seeded customers and wrote ${files.flat().length} AMI files in ${round((performance.now() - t) / 1000, 1)} s`);
    // September: the first reads (nothing to compare them with), set-up
    t = performance.now();
    await Promise.all([0, 1].map((i) => child(['--import', b.url, ...files[0].filter((_, j) => j % 2 === i)]).then((o) => children.push(o))));
    await b.db.query('ANALYZE');
    console.log(`[billcycle] September's reads imported (set-up) in ${round((performance.now() - t) / 1000, 1)} s`);

    const pipelineOf = async (instances: number, k: number, cycle: string) => {
      await b.db.query('CHECKPOINT');
      const t0 = performance.now();
      const imps = await Promise.all(
        Array.from({ length: instances }, (_, i) => child(['--import', b.url, ...files[k].filter((_, j) => j % instances === i)])),
      );
      const t1 = performance.now();
      const started = await startRun(b.db, PRINCIPAL, { cycle, orgCode: 'B', chunkAccounts: chunk });
      const workers = await Promise.all(Array.from({ length: instances }, () => child(['--worker', b.url, String(started.id)])));
      const t2 = performance.now();
      children.push(...imps, ...workers);
      const r = (
        await b.db.query(
          `SELECT status, (SELECT count(*)::int FROM bills WHERE run_id = $1) AS billed, (SELECT count(DISTINCT account_id)::int FROM bills WHERE run_id = $1) AS accounts,
        (SELECT count(*)::int FROM bill_run_exceptions WHERE run_id = $1) AS exceptions FROM bill_runs WHERE id = $1`,
          [started.id],
        )
      ).rows[0];
      if (r.billed !== r.accounts || r.billed !== n) throw new Error(`run incomplete: ${JSON.stringify(r)}`);
      const byWorker = (
        await b.db.query(`SELECT worker, count(*)::int AS n FROM bill_run_chunks WHERE run_id = $1 GROUP BY worker ORDER BY worker`, [started.id])
      ).rows;
      const lines = imps.reduce((a, o) => a + (o.lines ?? 0), 0);
      const importS = (t1 - t0) / 1000,
        runS = (t2 - t1) / 1000;
      console.log(
        `[billcycle] ${instances} instance(s), ${cycle}: import of ${lines} lines ${round(importS, 1)} s (${round(lines / importS)} lines/s), run ${started.id} ${round(runS, 1)} s (${round(n / runS)} customers/s; chunks ${byWorker.map((w) => `${w.worker} ${w.n}`).join(', ')}); whole ${round(importS + runS, 1)} s → ${round(n / (importS + runS))} customers/s; load ${load()}`,
      );
      const copy = await copyBaseline(b.url, dir, [
        { table: 'meter_readings', select: `SELECT * FROM meter_readings WHERE cycle = '${cycle}'` },
        { table: 'bills', select: `SELECT * FROM bills WHERE run_id = ${started.id}` },
        {
          table: 'bill_lines',
          select: `SELECT l.* FROM bill_lines l JOIN bills b ON b.account_id = l.account_id AND b.id = l.bill_id WHERE b.run_id = ${started.id}`,
        },
      ]);
      const copyBills = await copyBaseline(b.url, dir, [
        { table: 'bills', select: `SELECT * FROM bills WHERE run_id = ${started.id}` },
        {
          table: 'bill_lines',
          select: `SELECT l.* FROM bill_lines l JOIN bills b ON b.account_id = l.account_id AND b.id = l.bill_id WHERE b.run_id = ${started.id}`,
        },
      ]);
      console.log(
        `[billcycle] COPY of the same ${copy.rows[0]} readings, ${copy.rows[1]} bills and ${copy.rows[2]} lines: ${round(copy.seconds, 2)} s (${round(n / copy.seconds)} customers/s); of the bills and lines alone ${round(copyBills.seconds, 2)} s (${round(n / copyBills.seconds)} customers/s)`,
      );
      return {
        perS: n / (importS + runS),
        ratio: copy.seconds / (importS + runS),
        runPerS: n / runS,
        runRatio: copyBills.seconds / runS,
        importLinesPerS: lines / importS,
        lines: copy.rows[2],
        workerCpuUs: (workers.reduce((a, o) => a + o.cpuMs, 0) * 1000) / n,
        importCpuUs: (imps.reduce((a, o) => a + o.cpuMs, 0) * 1000) / lines,
      };
    };
    const one = await pipelineOf(1, 1, '2026-10');
    const two = await pipelineOf(2, 2, '2026-11');
    const rssMb = Math.max(process.resourceUsage().maxRSS, ...children.map((o) => o.maxRssKb)) / 1024;
    console.log(
      `[billcycle] one instance: worker CPU ${round(one.workerCpuUs)} µs per customer, import CPU ${round(one.importCpuUs, 1)} µs per line (node side); load average at the end ${load()} on ${os.cpus().length} CPUs`,
    );
    const result = {
      customers_per_s: round(one.perS),
      ratio: round(one.ratio, 3),
      rss_mb: round(rssMb),
      rss_bench_mb: round(process.resourceUsage().maxRSS / 1024),
      rss_import_mb: round(Math.max(0, ...children.filter((o) => o.worker === undefined).map((o) => o.maxRssKb)) / 1024),
      rss_worker_mb: round(Math.max(0, ...children.filter((o) => o.worker !== undefined).map((o) => o.maxRssKb)) / 1024),
      two_instances_customers_per_s: round(two.perS),
      two_instances_ratio: round(two.ratio, 3),
      run_customers_per_s: round(one.runPerS),
      run_ratio: round(one.runRatio, 3),
      two_instances_run_customers_per_s: round(two.runPerS),
      two_instances_run_ratio: round(two.runRatio, 3),
      import_lines_per_s: round(one.importLinesPerS),
      customers: n,
      lines: one.lines,
      worker_cpu_us_per_customer: round(one.workerCpuUs),
      import_cpu_us_per_line: round(one.importCpuUs, 1),
    };
    console.log(resultLine('billcycle', result));
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await b.close();
  }
}

const die = (e: unknown) => {
  console.error(e);
  process.exit(1);
};
if (process.argv[2] === '--worker') workerMain(process.argv[3], Number(process.argv[4])).catch(die);
if (process.argv[2] === '--import') importMain(process.argv[3], process.argv.slice(4)).catch(die);
