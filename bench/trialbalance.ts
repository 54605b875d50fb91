/**
 * trialbalance: the trial balance of one unit and period over a ledger of N posting lines
 * (BENCH_TRIALBALANCE_LINES, default 10,000,000), through the same function the API calls
 * (trialBalanceOf in src/modules/ledger/reports.ts: opening, debits, credits and closing per
 * account from the posted totals, rolled up the chart).
 *
 * Data: 5 ledger units × 24 periods (2025-01 … 2026-12), N/2 entries of two lines each (one debit,
 * one credit, 1 fen … ¥10,000, on 24 leaf accounts of the seeded chart), written with
 * INSERT … SELECT generate_series in chunks of BENCH_TRIALBALANCE_CHUNK lines (1,000,000).
 * BENCH_TRIALBALANCE_LOAD=bulk (default) loads with session_replication_role = replica (the
 * balance/immutability triggers and foreign-key checks off, as a restore would), then rebuilds
 * ledger_balances with one GROUP BY over the lines and checks every entry balances;
 * BENCH_TRIALBALANCE_LOAD=triggers writes through the real per-statement triggers (every chunk
 * checked per entry, balances updated) — about 50 µs per line on this shared 2-core machine, too
 * slow for 10M lines in a few minutes. Either way the result is checked against the lines below.
 * Then VACUUM ANALYZE.
 *
 * Measured, warm (5 warm-up runs, then BENCH_TRIALBALANCE_RUNS = 50), for the unit with the most
 * lines and the last period (the longest opening history):
 *  - p95_ms: trialBalanceOf (the service);
 *  - bare_sum_p95_ms, the limit it is compared with, measured in the same run: a bare
 *    `SELECT sum(debit_fen), sum(credit_fen) FROM ledger_lines WHERE org_unit_id = $1 AND period = $2`
 *    over the same unit-period's lines (index-only scan), i.e. the least work that reads the
 *    period's movements from the lines themselves, without opening balances or the chart;
 *  - ratio = p95_ms / bare_sum_p95_ms (below 1: the posted totals beat even a bare sum);
 *  - from_lines_p95_ms: the same trial balance computed straight from the lines (opening over all
 *    earlier periods, grouped by account), for what ledger_balances saves.
 * The result is checked: balanced, and equal to the trial balance from the lines.
 * Then posting through the contract on top of the loaded ledger (one connection): post_one_per_s —
 * 1,000 bill_released events, one postMoneyEvent per transaction; post_batch_per_s — 10,000 events
 * with postMoneyEvents in transactions of 1,000 (three units, so the batches touch few balance rows).
 * Goal: p95_ms ≤ 500.
 */
import { benchDatabase } from './support/database.js';
import { percentile, resultLine, round } from './support/percentiles.js';
import { postMoneyEvent, postMoneyEvents, registerLedgerUnit, trialBalanceOf, type MoneyEvent } from '../src/modules/ledger/index.js';
import { withTx } from '../src/db/pool.js';

const N = Number(process.env.BENCH_TRIALBALANCE_LINES ?? 10_000_000);
const CHUNK = Number(process.env.BENCH_TRIALBALANCE_CHUNK ?? 1_000_000);
const RUNS = Number(process.env.BENCH_TRIALBALANCE_RUNS ?? 50);
const UNITS = 5;
const PERIODS = 24;

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

export async function run(): Promise<Record<string, number>> {
  const bdb = await benchDatabase('trialbalance', { poolSize: 4 });
  const { db } = bdb;
  try {
    console.log(`trialbalance: ${N.toLocaleString('en')} lines, ${UNITS} units × ${PERIODS} periods, on ${bdb.where}`);
    await registerLedgerUnit(db, { orgUnitId: 1, orgPath: '/1/', code: 'B', name: '基准市' });
    for (let u = 2; u <= UNITS; u++) await registerLedgerUnit(db, { orgUnitId: u, orgPath: `/1/${u}/`, code: `B${u}`, name: `基准县${u}` });
    await db.query(`CREATE TEMP TABLE IF NOT EXISTS x (a int)`); // warm the connection
    const leaves = (
      await db.query(
        `SELECT array_agg(id ORDER BY code) AS ids FROM ledger_accounts a WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts c WHERE c.parent_id = a.id)`,
      )
    ).rows[0].ids as number[];
    const entries = Math.floor(N / 2);
    const perChunk = Math.floor(CHUNK / 2);
    const bulk = (process.env.BENCH_TRIALBALANCE_LOAD ?? 'bulk') === 'bulk';
    const client = await db.connect();
    // bulk: triggers (and foreign-key checks) off for the load, posted totals rebuilt by one GROUP BY, then checked
    if (bulk) await client.query(`SET session_replication_role = replica`);
    const t0 = performance.now();
    for (let from = 1; from <= entries; from += perChunk) {
      const to = Math.min(entries, from + perChunk - 1);
      // unit: skewed (unit 2 has the most); period: spread; date inside the period
      await client.query(
        `INSERT INTO ledger_entries (id, org_unit_id, entry_date, period, source_type, source_id, line_count)
         SELECT g, u, make_date(2025 + p / 12, 1 + p % 12, 1 + (hashint8(g * 7) & 2147483647) % 28), (2025 + p / 12) * 100 + 1 + p % 12, 'bench', g::text, 2
           FROM (SELECT g, CASE WHEN g % 3 = 0 THEN 2 ELSE 1 + (hashint8(g) & 2147483647) % ${UNITS} END AS u, (hashint8(g * 13) & 2147483647) % ${PERIODS} AS p
                   FROM generate_series($1::bigint, $2::bigint) g) s`,
        [from, to],
      );
      const tE = performance.now();
      await client.query(
        `INSERT INTO ledger_lines (entry_id, line_no, org_unit_id, period, entry_date, account_id, debit_fen, credit_fen)
         SELECT e.id, n, e.org_unit_id, e.period, e.entry_date,
                ($3::int[])[1 + (hashint8(e.id * 2 + n) & 2147483647) % cardinality($3::int[])],
                CASE n WHEN 1 THEN amt ELSE 0 END, CASE n WHEN 2 THEN amt ELSE 0 END
           FROM (SELECT id, org_unit_id, period, entry_date, 1 + (hashint8(id * 5) & 2147483647) % 1000000 AS amt FROM ledger_entries WHERE id BETWEEN $1 AND $2) e
           CROSS JOIN generate_series(1, 2) n`,
        [from, to, leaves],
      );
      if (process.env.BENCH_TRIALBALANCE_VERBOSE) console.log(`  lines insert ${round((performance.now() - tE) / 1000)} s`);
      process.stdout.write(`\r  ${(to * 2).toLocaleString('en')} lines, ${round((performance.now() - t0) / 1000)} s`);
    }
    if (bulk) {
      await client.query(`SET session_replication_role = origin`);
      await client.query(`INSERT INTO ledger_balances (org_unit_id, period, account_id, counter_org_unit_id, debit_fen, credit_fen)
        SELECT org_unit_id, period, account_id, COALESCE(counter_org_unit_id, 0), sum(debit_fen), sum(credit_fen) FROM ledger_lines GROUP BY 1, 2, 3, 4`);
      const bad = await client.query(`SELECT entry_id FROM ledger_lines GROUP BY entry_id HAVING sum(debit_fen) <> sum(credit_fen) OR count(*) <> 2 LIMIT 1`);
      if (bad.rowCount) throw new Error(`entry ${bad.rows[0].entry_id} does not balance`);
    }
    client.release();
    await db.query(`SELECT setval('ledger_entries_id_seq', $1)`, [entries]);
    const loadS = (performance.now() - t0) / 1000;
    console.log(`\n  loaded in ${round(loadS)} s; VACUUM ANALYZE …`);
    await db.query('VACUUM ANALYZE ledger_lines');
    await db.query('VACUUM ANALYZE ledger_entries');
    await db.query('VACUUM ANALYZE ledger_balances');

    const unit = 2;
    const period = 202612;
    const lines = Number((await db.query('SELECT count(*) AS n FROM ledger_lines')).rows[0].n);
    const unitPeriodLines = Number((await db.query('SELECT count(*) AS n FROM ledger_lines WHERE org_unit_id = $1 AND period = $2', [unit, period])).rows[0].n);
    const bare = () => db.query('SELECT sum(debit_fen) AS d, sum(credit_fen) AS c FROM ledger_lines WHERE org_unit_id = $1 AND period = $2', [unit, period]);
    const fromLines = () =>
      db.query(
        `SELECT account_id, COALESCE(sum(debit_fen - credit_fen) FILTER (WHERE period < $2), 0) AS opening,
              COALESCE(sum(debit_fen) FILTER (WHERE period = $2), 0) AS d, COALESCE(sum(credit_fen) FILTER (WHERE period = $2), 0) AS c
         FROM ledger_lines WHERE org_unit_id = $1 AND period <= $2 GROUP BY account_id`,
        [unit, period],
      );
    for (let i = 0; i < 5; i++) {
      await trialBalanceOf(db, unit, period);
      await bare();
    }
    const tb: number[] = [],
      sum: number[] = [],
      full: number[] = [];
    let result = await trialBalanceOf(db, unit, period);
    for (let i = 0; i < RUNS; i++) {
      const [a, r] = await time(() => trialBalanceOf(db, unit, period));
      result = r;
      tb.push(a);
      sum.push((await time(bare))[0]);
      if (i < Math.min(RUNS, 10)) full.push((await time(fromLines))[0]);
    }
    // correctness: balanced, and the same as straight from the lines
    if (!result.totals.balanced) throw new Error('trial balance does not balance');
    const direct = (await fromLines()).rows;
    const leafRows = new Map(result.rows.map((r) => [r.accountId, r]));
    for (const d of direct) {
      const r = leafRows.get(d.account_id)!;
      if (r.openingFen !== Number(d.opening) || r.debitFen !== Number(d.d) || r.creditFen !== Number(d.c))
        throw new Error(`account ${r.code}: balances differ from the lines`);
    }
    // posting through the contract on top of the loaded ledger: one event per transaction, and batches of 1,000
    const ev = (i: number): MoneyEvent => ({
      type: 'bill_released',
      id: `post-${i}`,
      orgUnitId: 3 + (i % 3),
      date: '2026-12-15',
      customerClass: 'residential',
      amounts: { energy: 10_000 + i, funds: 500 },
    });
    const ONE = 1_000,
      BATCH = 1_000,
      BATCHES = 10;
    const [oneMs] = await time(async () => {
      for (let i = 0; i < ONE; i++) await withTx(db, (tx) => postMoneyEvent(tx, ev(i)));
    });
    const [batchMs] = await time(async () => {
      for (let b = 0; b < BATCHES; b++)
        await withTx(db, (tx) =>
          postMoneyEvents(
            tx,
            Array.from({ length: BATCH }, (_, k) => ev(ONE + b * BATCH + k)),
          ),
        );
    });
    const p95 = round(percentile(tb, 95), 2);
    const bareP95 = round(percentile(sum, 95), 2);
    const figures = {
      p95_ms: p95,
      p50_ms: round(percentile(tb, 50), 2),
      bare_sum_p95_ms: bareP95,
      ratio: round(p95 / bareP95, 3),
      from_lines_p95_ms: round(percentile(full, 95), 1),
      lines,
      unit_period_lines: unitPeriodLines,
      load_s: round(loadS),
      post_one_per_s: round(ONE / (oneMs / 1000), 0),
      post_batch_per_s: round((BATCH * BATCHES) / (batchMs / 1000), 0),
    };
    console.log(
      `  trial balance of unit ${unit}, period ${period}: ${result.rows.length} accounts, debits ${result.totals.debitFen} fen = credits ${result.totals.creditFen} fen`,
    );
    console.log(resultLine('trialbalance', figures));
    return figures;
  } finally {
    await bdb.close();
  }
}
