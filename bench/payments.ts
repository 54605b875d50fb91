/**
 * payments: a bank withholding result file of N lines (BENCH_PAYMENTS_LINES, default 200,000)
 * imported, matched, allocated and posted, through the same use case the API calls (importResults in
 * src/modules/payments/withholding.ts: parse the bank's fixed-width GBK layout, match each line to
 * its batch line, take the payments in chunks of BENCH_PAYMENTS_CHUNK (IMPORT_CHUNK_LINES, 2,000) per
 * transaction — allocation over the account's open bills, payment and allocation rows, one summarised
 * `payment_received` entry per chunk, ledger unit and class, one audit row per chunk), then counter
 * payments one at a time.
 *
 * Data: the demo territory's org tree and staff (seed with 10 customers), then N accounts under one
 * supply station written with INSERT … SELECT, one released bill each (¥10.00 … ¥1,009.99), posted to
 * the ledger in batches as a release does (`post_bills_per_s`), a DEMO-FIX mandate each, and the
 * debit batch exported by exportBatch (`export_s`). The result file: every line of the batch
 * answered as paid.
 *
 * Figures:
 *  - lines_per_s = N ÷ the wall time of importResults (one process, one connection at a time);
 *  - copy_lines_per_s, the limit it is compared with, measured in the same run: N ÷ the time to COPY
 *    the rows the import wrote — its payments and allocation lines (COPY TO, then COPY FROM into
 *    same-shaped, same-indexed tables, one transaction, after a CHECKPOINT);
 *  - ratio = lines_per_s ÷ copy_lines_per_s (goal ≥ 0.2, issue 11);
 *  - node_cpu_us_per_line: this process's CPU time (user + system, process.cpuUsage) during the
 *    import ÷ N — the JavaScript's share, less sensitive to a shared machine than wall time;
 *    BENCH_CPU_PROFILE=DIR writes the import's CPU profile (support/cpu-profile.ts);
 *  - counter_per_s and counter_p95_ms: BENCH_PAYMENTS_COUNTER (300) counter payments one after
 *    another through takeCounterPayment (one transaction each: lock, bills, allocation, rows, ledger,
 *    audit), overpayments into credit on accounts already paid;
 *  - counter_ratio = counter_per_s ÷ commit_per_s, the single-row autocommit INSERT rate on one
 *    connection measured in the same run (architecture.md, "Benchmark denominators").
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { benchDatabase } from './support/database.js';
import { percentile, resultLine, round } from './support/percentiles.js';
import { measureCommitRate } from './support/commit-rate.js';
import { profiled } from './support/cpu-profile.js';
import { withTx } from '../src/db/pool.js';
import { seed } from '../src/seed/seed.js';
import { registerLedgerUnit } from '../src/modules/ledger/index.js';
import { postReleasedBills } from '../src/modules/billing/index.js';
import {
  batchFile,
  exportBatch,
  importResults,
  takeCounterPayment,
  parseFile,
  formatFile,
  IMPORT_CHUNK_LINES,
  type BankLayout,
} from '../src/modules/payments/index.js';
import type { Principal } from '../src/modules/identity/index.js';

const { from: copyFrom, to: copyTo } = copyStreams;
const N = Number(process.env.BENCH_PAYMENTS_LINES ?? 200_000);
const CHUNK = Number(process.env.BENCH_PAYMENTS_CHUNK ?? IMPORT_CHUNK_LINES);
const COUNTER = Number(process.env.BENCH_PAYMENTS_COUNTER ?? 300);

async function copyBaseline(url: string): Promise<number> {
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
  const pays = await dump(`COPY (SELECT * FROM payments WHERE channel = 'bank') TO STDOUT`);
  const alloc = await dump(`COPY (SELECT a.* FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.channel = 'bank') TO STDOUT`);
  await c.query(
    `CREATE TABLE copy_payments (LIKE payments INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
     CREATE TABLE copy_allocations (LIKE payment_allocations INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
  await c.query('CHECKPOINT');
  const t0 = performance.now();
  await c.query('BEGIN');
  await pipeline(Readable.from([pays]), c.query(copyFrom('COPY copy_payments FROM STDIN')));
  await pipeline(Readable.from([alloc]), c.query(copyFrom('COPY copy_allocations FROM STDIN')));
  await c.query('COMMIT');
  const seconds = (performance.now() - t0) / 1000;
  await c.end();
  return seconds;
}

export async function run(): Promise<Record<string, number>> {
  const bdb = await benchDatabase('payments', { poolSize: 4 });
  const { db } = bdb;
  try {
    console.log(`payments: ${N.toLocaleString('en')} result lines, chunks of ${CHUNK}, on ${bdb.where}`);
    await seed(db, { customers: 10, seed: 1 });
    const cashierRow = (
      await db.query(`SELECT u.id, u.display_name, u.org_unit_id, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = 'cashier'`)
    ).rows[0];
    const cashier: Principal = {
      kind: 'user',
      id: Number(cashierRow.id),
      name: cashierRow.display_name,
      role: 'cashier',
      scopes: [],
      orgUnitId: Number(cashierRow.org_unit_id),
      orgPath: cashierRow.path,
      customerId: null,
      csrfToken: null,
      ip: null,
      userAgent: 'bench',
    };
    const units = (await db.query(`SELECT id, code, name, path FROM org_units WHERE code IN ('SF-QH', 'SF-QH-CG')`)).rows;
    for (const o of units) await registerLedgerUnit(db, { orgUnitId: Number(o.id), orgPath: o.path, code: o.code, name: o.name });
    const station = units.find((u) => u.code === 'SF-QH-CG')!;

    // N accounts with one released bill each (run id 900001), under the Chengguan station
    let t0 = performance.now();
    await db.query(`INSERT INTO customers (id, org_unit_id, name) SELECT 1000000 + g, $1, 'Bench ' || g FROM generate_series(1, $2) g`, [station.id, N]);
    await db.query(
      `INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT 1000000 + g, 1000000 + g, $1, '9' || lpad(g::text, 11, '0') FROM generate_series(1, $2) g`,
      [station.id, N],
    );
    await db.query(
      `INSERT INTO bills (account_id, cycle, kind, status, run_id, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at)
       SELECT 1000000 + g, '2026-11', 'normal', 'released', 900001, 1000000 + g, $1, $2, '2026-11-01', '2026-11-30', 100, 1000 + (hashint4(g) & 2147483647) % 100000,
              '{BENCH}', '{"account":{"customerClass":"residential"}}', now()
         FROM generate_series(1, $3) g`,
      [station.id, station.path, N],
    );
    await db.query(
      `INSERT INTO withholding_mandates (account_id, bank_code, bank_account_no, holder_name) SELECT 1000000 + g, 'DEMO-FIX', '6222' || lpad(g::text, 12, '0'), '户主' || g FROM generate_series(1, $1) g`,
      [N],
    );
    await db.query('ANALYZE');
    console.log(`[payments] ${N} accounts, bills and mandates written in ${round((performance.now() - t0) / 1000, 1)} s`);
    t0 = performance.now();
    await withTx(db, (tx) => postReleasedBills(tx, { runId: 900001 }));
    const postSeconds = (performance.now() - t0) / 1000;
    console.log(`[payments] bills posted to the ledger: ${round(postSeconds, 1)} s → ${round(N / postSeconds)} bills/s`);

    t0 = performance.now();
    const batch = await exportBatch(db, cashier, 'DEMO-FIX');
    const exportSeconds = (performance.now() - t0) / 1000;
    if (batch.lines !== N) throw new Error(`export: ${batch.lines} lines for ${N} accounts`);
    const { file } = await batchFile(db, cashier, batch.id);
    const l = (await db.query(`SELECT * FROM bank_layouts WHERE bank_code = 'DEMO-FIX'`)).rows[0];
    const layout: BankLayout = {
      bankCode: 'DEMO-FIX',
      format: l.format,
      encoding: l.encoding,
      delimiter: l.delimiter,
      header: l.header,
      debitFields: l.debit_fields,
      resultFields: l.result_fields,
      successCode: l.success_code,
    };
    const debit = parseFile(layout, layout.debitFields, file);
    const result = formatFile(
      layout,
      layout.resultFields,
      debit.lines.map((x, i) => ({ ...x.values, result: layout.successCode, bankRef: `BK${i}`, message: '' })),
    );
    console.log(
      `[payments] batch ${batch.batchNo}: ${batch.lines} lines, export ${round(exportSeconds, 1)} s; result file ${round(result.length / 1e6, 1)} MB (GBK, fixed width)`,
    );

    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const imp = await profiled('payments-import', () =>
      importResults(db, cashier, { bankCode: 'DEMO-FIX', fileName: 'bench-result.txt', content: result }, CHUNK),
    );
    const importSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuUsPerLine = (cpu.user + cpu.system) / N;
    if (imp.paid !== N || imp.quarantined !== 0) throw new Error(`import: paid ${imp.paid}, quarantined ${imp.quarantined} of ${N}`);
    // summarised postings (docs/payments.md): one entry per chunk, unit and class, each traced by its payments' ledger_source, the same fen
    const trace = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM ledger_entries WHERE source_type = 'payment_received') AS entries,
                (SELECT count(DISTINCT ledger_source)::int FROM payments WHERE channel = 'bank') AS sources,
                (SELECT count(*)::int FROM payments WHERE channel = 'bank' AND ledger_source IS NULL) AS untraced,
                (SELECT coalesce(sum(l.debit_fen), 0)::bigint FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id WHERE e.source_type = 'payment_received') AS posted_fen`,
      )
    ).rows[0];
    const entries = trace.entries;
    if (entries !== trace.sources || trace.untraced !== 0 || Number(trace.posted_fen) !== imp.paidFen)
      throw new Error(
        `ledger: ${entries} payment entries for ${trace.sources} summaries, ${trace.untraced} untraced, ${trace.posted_fen} fen posted of ${imp.paidFen}`,
      );
    const linesPerS = N / importSeconds;
    console.log(
      `[payments] import: ${round(importSeconds, 1)} s → ${round(linesPerS)} lines/s (paid ${imp.paid}, ¥${(imp.paidFen / 100).toFixed(2)}, ${entries} ledger entries); node CPU ${round(cpuUsPerLine, 1)} µs a line`,
    );

    const copySeconds = await copyBaseline(bdb.url);
    const copyPerS = N / copySeconds;
    console.log(`[payments] COPY of the same ${N} payments and their allocation lines: ${round(copySeconds, 2)} s → ${round(copyPerS)} lines/s`);

    // counter payments, one transaction each
    const lat: number[] = [];
    const t1 = performance.now();
    for (let i = 0; i < COUNTER; i++) {
      const s = performance.now();
      await takeCounterPayment(db, cashier, {
        accountId: 1000001 + ((i * 7919) % N),
        amountFen: 10_000 + i,
        method: 'cash',
        reference: `bench-counter-${i}`,
        confirmOverpay: true,
      });
      lat.push(performance.now() - s);
    }
    const counterPerS = COUNTER / ((performance.now() - t1) / 1000);
    const commit = (await measureCommitRate(db, { connections: 1 })).commitsPerS;
    console.log(
      `[payments] counter: ${COUNTER} payments, ${round(counterPerS)} /s, p50 ${round(percentile(lat, 50), 1)} ms, p95 ${round(percentile(lat, 95), 1)} ms; raw commits ${round(commit)} /s`,
    );
    const figures = {
      lines: N,
      lines_per_s: round(linesPerS),
      copy_lines_per_s: round(copyPerS),
      ratio: round(linesPerS / copyPerS, 3),
      node_cpu_us_per_line: round(cpuUsPerLine, 1),
      post_bills_per_s: round(N / postSeconds),
      export_s: round(exportSeconds, 1),
      counter_per_s: round(counterPerS, 1),
      counter_p95_ms: round(percentile(lat, 95), 1),
      commit_per_s: round(commit),
      counter_ratio: round(counterPerS / commit, 3),
    };
    console.log(resultLine('payments', figures));
    return figures;
  } finally {
    await bdb.close();
  }
}
