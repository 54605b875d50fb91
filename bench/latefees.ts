/**
 * latefees: the daily late-fee pass (runLateFeeDailyPass, src/modules/collection/daily-pass.ts) over
 * BENCH_LATEFEES_ACCOUNTS accounts with open bills (default 1,000,000).
 *
 * Data, written with INSERT … SELECT generate_series in chunks: one released bill per account, a
 * second, older one for every fifth account; due dates spread over the 420 days before the pass day
 * (every ageing bucket, and bills from the previous year crossing the 1 January boundary); 70 %
 * residential; 50 org units; every tenth account has paid half of its bill five days after the due
 * date (a payment and its allocation line), so the pass splits those bills' lines. Then VACUUM ANALYZE.
 *
 * Measured in the same run, on the same database:
 *  - `seconds`: the whole pass (late fee of every open bill with its lines, ageing per account and
 *    org unit, steps due: installments checked, a reminder put on each overdue account's list,
 *    restore clocks) — the slower of two runs: the first (accruals table empty) and the second (the
 *    next day's pass over the stored accruals: an upsert of every row);
 *  - `plain_seconds`, the limit it is compared with: a plain INSERT … SELECT of the same open-bill
 *    rows from the same view into a table shaped like late_fee_accruals (no fee computed, no lines);
 *  - `ratio` = seconds / plain_seconds.
 * Goal: seconds ≤ 60. The load average is printed with the figures (shared 2-core machine).
 *
 * Another pass (the prepaid balance pass) joins by adding its PassStep to `steps` in `run(extra)`.
 */
import os from 'node:os';
import { benchDatabase } from './support/database.js';
import { resultLine, round } from './support/percentiles.js';
import { DAILY_PASS_STEPS, runLateFeeDailyPass, type PassStep } from '../src/modules/collection/index.js';

const N = Number(process.env.BENCH_LATEFEES_ACCOUNTS ?? 1_000_000);
const CHUNK = Number(process.env.BENCH_LATEFEES_CHUNK ?? 250_000);
const DAY = process.env.BENCH_LATEFEES_DATE ?? '2026-12-07';
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

export async function run(extra: PassStep[] = []): Promise<Record<string, number>> {
  const bdb = await benchDatabase('latefees', { poolSize: 4 });
  const { db } = bdb;
  try {
    console.log(
      `latefees: ${N.toLocaleString('en')} accounts with open bills, pass day ${DAY}, on ${bdb.where}; load average ${load()} on ${os.cpus().length} CPUs`,
    );
    const t0 = performance.now();
    for (let from = 1; from <= N; from += CHUNK) {
      const to = Math.min(N, from + CHUNK - 1);
      await db.query(
        `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date)
         SELECT g, g, to_char(d - 20, 'YYYY-MM'), 'released', g, 1 + g % 50, '/1/' || (1 + g % 50) || '/', d - 50, d - 20, 100,
                1000 + (hashint8(g) & 2147483647) % 500000, '{}',
                json_build_object('account', json_build_object('customerClass', CASE WHEN g % 10 < 7 THEN 'residential' ELSE 'commercial_industrial' END)),
                d - 15, d
           FROM (SELECT g, $3::date - 1 - ((hashint8(g * 7) & 2147483647) % 420)::int AS d FROM generate_series($1::bigint, $2::bigint) g) s`,
        [from, to, DAY],
      );
      // a second, older bill for every fifth account
      await db.query(
        `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date, kind)
         SELECT $3::bigint + g, g, to_char(b.due_date - 60, 'YYYY-MM'), 'released', g, b.org_unit_id, b.org_path, b.due_date - 90, b.due_date - 60, 80,
                500 + (hashint8(g * 3) & 2147483647) % 100000, '{}', b.inputs, b.released_at - interval '30 days', b.due_date - 30, 'rebill'
           FROM bills b JOIN generate_series($1::bigint, $2::bigint) g ON b.account_id = g AND b.id = g WHERE g % 5 = 0`,
        [from, to, N],
      );
      // every tenth account paid half of its bill five days after the due date
      await db.query(
        `INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen, principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
         SELECT b.id, b.account_id, b.account_id, b.org_unit_id, b.org_path, 'residential', 'bank', 'transfer', 'bench' || b.id, b.total_fen / 2, b.total_fen / 2, 0, 0, '{}', b.due_date + 5, 'BR' || b.id
           FROM bills b JOIN generate_series($1::bigint, $2::bigint) g ON b.account_id = g AND b.id = g WHERE g % 10 = 1 AND b.due_date + 5 < $3::date`,
        [from, to, DAY],
      );
      await db.query(
        `INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen)
         SELECT p.account_id, p.id, 1, p.id, 'principal', p.principal_fen FROM payments p WHERE p.id BETWEEN $1 AND $2`,
        [from, to],
      );
      process.stdout.write(`\r[latefees] loaded ${to.toLocaleString('en')} accounts`);
    }
    await db.query('VACUUM ANALYZE');
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM bills)::int AS bills, (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM collection_bills WHERE due_date < $1)::int AS open`,
        [DAY],
      )
    ).rows[0];
    console.log(
      `\n[latefees] ${counts.bills} bills, ${counts.payments} partial payments loaded in ${round((performance.now() - t0) / 1000, 1)} s; load average ${load()}`,
    );

    // the limit: a plain INSERT … SELECT of the same rows into a table shaped like late_fee_accruals
    await db.query('CREATE TABLE bench_plain (LIKE late_fee_accruals INCLUDING ALL)');
    let p0 = performance.now();
    const plain = await db.query(
      `INSERT INTO bench_plain SELECT account_id, bill_id, org_unit_id, org_path, $1::date, due_date, total_fen, 0, 0, 0, false, '[]'::jsonb FROM collection_bills WHERE due_date < $1::date`,
      [DAY],
    );
    const plainSeconds = (performance.now() - p0) / 1000;
    console.log(`[latefees] plain INSERT … SELECT of ${plain.rowCount} rows: ${round(plainSeconds, 2)} s; load average ${load()}`);

    const steps = [...DAILY_PASS_STEPS, ...extra];
    const runs: number[] = [];
    for (const label of ['first (empty accruals)', 'next day (upsert)']) {
      p0 = performance.now();
      const r = await runLateFeeDailyPass(db, DAY, undefined, steps);
      const s = (performance.now() - p0) / 1000;
      runs.push(s);
      console.log(
        `[latefees] pass ${label}: ${round(s, 2)} s — ${r.steps.map((x) => `${x.name} ${x.rows} rows ${round(x.ms / 1000, 2)} s`).join(', ')}; load average ${load()}`,
      );
    }
    const check = (
      await db.query(
        `SELECT count(*)::int AS n, sum(fee_fen)::bigint AS fees, count(*) FILTER (WHERE jsonb_array_length(lines) > 1)::int AS split, count(*) FILTER (WHERE minimum_applied)::int AS floor
           FROM late_fee_accruals`,
      )
    ).rows[0];
    console.log(
      `[latefees] accruals: ${check.n} bills, fees ¥${(Number(check.fees) / 100).toLocaleString('en')}, ${check.split} with more than one line, ${check.floor} at the ¥1 floor`,
    );
    const seconds = Math.max(...runs);
    const result = {
      seconds: round(seconds, 2),
      first_seconds: round(runs[0], 2),
      next_seconds: round(runs[1], 2),
      plain_seconds: round(plainSeconds, 2),
      ratio: round(seconds / plainSeconds, 2),
      goal_seconds: 60,
      accounts: N,
      open_bills: counts.open,
      load1: round(os.loadavg()[0], 1),
    };
    console.log(resultLine('latefees', result));
    return result;
  } finally {
    await bdb.close();
  }
}
