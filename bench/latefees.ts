/**
 * latefees (issue 11): the daily late-fee and prepaid-balance pass over BENCH_LATEFEES_ACCOUNTS
 * accounts (default 1,000,000): collection's daily pass (`runLateFeeDailyPass`: late fees, ageing,
 * steps due) with the prepaid balance pass (`prepaidPassIn`) appended as a `PassStep`, in one
 * transaction.
 *
 * Data (bench/support/latefees-data.ts, bench/support/prepaid-data.ts): every account has open bills
 * (one released bill, a second, older one for every fifth; due dates over the 420 days before the
 * pass day; 70 % residential; every tenth has paid half of a bill); the first
 * BENCH_LATEFEES_PREPAID accounts (default: all of them) are also prepaid, with an AMI daily total
 * for the pass day and the next. Between the two passes, the day's activity: every 30th account pays
 * a quarter of its bill on the pass day, and every 30th (another) gets a new bill due on the pass day.
 *
 * Timed, in the same run on the same database:
 *  - the pass on the pass day (the first: no late-fee terms yet, every open bill's terms written)
 *    and on the next day (incremental: only bills with a payment or new since are written), each
 *    step's time printed; `seconds` = the slower of the two;
 *  - `plain_seconds`, the limit it is compared with: a plain INSERT … SELECT of the same open-bill
 *    rows (from the same view) into a table shaped as late_fee_accruals was before migration 631 (no
 *    fee computed, no lines) — `plain_insert_s` — plus a plain UPDATE of the same prepaid balances by
 *    the day's kWh at one price (bench/prepaid.ts's limit, rolled back) — `plain_update_s`;
 *  - `ratio` = seconds / plain_seconds; `latefee_ratio` = the slower pass's late-fee step / plain_insert_s.
 * Goal: seconds ≤ 60. The load average is printed before and after (shared 2-core machine).
 */
import os from 'node:os';
import { benchDatabase } from './support/database.js';
import { seedOpenBills } from './support/latefees-data.js';
import { seedPrepaidAccounts } from './support/prepaid-data.js';
import { resultLine, round } from './support/percentiles.js';
import { DAILY_PASS_STEPS, runLateFeeDailyPass, type PassStep } from '../src/modules/collection/index.js';
import { prepaidPassIn } from '../src/modules/prepaid/index.js';
import { addDays } from '../src/platform/calendar/dates.js';

const N = Number(process.env.BENCH_LATEFEES_ACCOUNTS ?? 1_000_000);
const P = Math.min(N, Number(process.env.BENCH_LATEFEES_PREPAID ?? N));
const CHUNK = Number(process.env.BENCH_LATEFEES_CHUNK ?? 250_000);
const DAY = process.env.BENCH_LATEFEES_DATE ?? '2026-12-07';
const NEXT = addDays(DAY, 1);
/** The day's activity between the passes: one account in this many pays, one in this many gets a new bill. */
const ACTIVITY_EVERY = 30;
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
      `latefees: ${N.toLocaleString('en')} accounts with open bills, ${P.toLocaleString('en')} of them prepaid, pass days ${DAY} and ${NEXT}, on ${bdb.where}; load average ${load()} on ${os.cpus().length} CPUs`,
    );
    const t0 = performance.now();
    await seedOpenBills(db, N, DAY, CHUNK, (to) => process.stdout.write(`\r[latefees] loaded ${to.toLocaleString('en')} accounts' bills`));
    await seedPrepaidAccounts(db, P, [DAY, NEXT]);
    await db.query('VACUUM ANALYZE');
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM bills)::int AS bills, (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM collection_bills WHERE due_date < $1)::int AS open`,
        [DAY],
      )
    ).rows[0];
    console.log(
      `\n[latefees] ${counts.bills} bills, ${counts.payments} partial payments, ${P} prepaid accounts with 2 days' AMI totals loaded in ${round((performance.now() - t0) / 1000, 1)} s; load average ${load()}`,
    );

    // the limits: a plain INSERT … SELECT of the open-bill rows into a table shaped as late_fee_accruals was (migration 630) …
    await db.query(`CREATE TABLE bench_plain (account_id bigint NOT NULL, bill_id bigint NOT NULL, org_unit_id bigint NOT NULL, org_path text NOT NULL,
      as_of date NOT NULL, due_date date NOT NULL, principal_owed_fen bigint NOT NULL, days int NOT NULL, exact_fen numeric NOT NULL, fee_fen bigint NOT NULL,
      minimum_applied boolean NOT NULL, lines jsonb NOT NULL, pass_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (account_id, bill_id))`);
    let p0 = performance.now();
    const plain = await db.query(
      `INSERT INTO bench_plain SELECT account_id, bill_id, org_unit_id, org_path, $1::date, due_date, total_fen, 0, 0, 0, false, '[]'::jsonb FROM collection_bills WHERE due_date < $1::date`,
      [DAY],
    );
    const plainInsert = (performance.now() - p0) / 1000;
    // … and a plain UPDATE of the same prepaid balances by the day's kWh at one price (rolled back)
    p0 = performance.now();
    await db.query('BEGIN');
    const upd = await db.query(
      `UPDATE prepaid_accounts a SET balance_fen = a.balance_fen - round(u.kwh * 53.8)::bigint FROM prepaid_usage u WHERE u.account_id = a.account_id AND u.day = $1`,
      [DAY],
    );
    await db.query('ROLLBACK');
    const plainUpdate = (performance.now() - p0) / 1000;
    const plainSeconds = plainInsert + plainUpdate;
    console.log(
      `[latefees] limit: plain INSERT … SELECT of ${plain.rowCount} open-bill rows ${round(plainInsert, 2)} s + plain UPDATE of ${upd.rowCount} prepaid balances ${round(plainUpdate, 2)} s = ${round(plainSeconds, 2)} s; load average ${load()}`,
    );

    let prepaid = '';
    const prepaidStep: PassStep = {
      name: 'prepaid',
      async run(tx, date) {
        const r = await prepaidPassIn(tx, date);
        prepaid = `prepaid: ${r.charged} charged ¥${(r.chargeFen / 100).toLocaleString('en')}, ${r.lowNotices + r.zeroNotices} notices (charge ${r.phases.charge} s, ledger ${r.phases.ledger} s, notices ${r.phases.notices} s)`;
        return r.charged;
      },
    };
    const steps = [...DAILY_PASS_STEPS, prepaidStep, ...extra];
    const runs: { s: number; lateFees: number }[] = [];
    for (const [label, day] of [
      ['first (no terms yet)', DAY],
      ['next day (incremental)', NEXT],
    ] as const) {
      if (day === NEXT) {
        // the day's activity: payments on DAY, new bills due on DAY (open from NEXT)
        const paid = await db.query(
          `WITH p AS (
             INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen, principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
             SELECT 3 * $1::bigint + b.id, b.account_id, b.account_id, b.org_unit_id, b.org_path, 'residential', 'bank', 'transfer', 'day' || b.id, b.total_fen / 4, b.total_fen / 4, 0, 0, '{}', $2::date, 'BD' || b.id
               FROM bills b WHERE b.id <= $1 AND b.id % $3 = 0 AND b.total_fen >= 4 RETURNING id, account_id, principal_fen)
           INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen) SELECT account_id, id, 1, id - 3 * $1::bigint, 'principal', principal_fen FROM p`,
          [N, DAY, ACTIVITY_EVERY],
        );
        const billed = await db.query(
          `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date)
           SELECT 2 * $1::bigint + b.id, b.account_id, to_char($2::date, 'YYYY-MM'), 'released', b.customer_id, b.org_unit_id, b.org_path, $2::date - 50, $2::date - 20, 100, b.total_fen, '{}', b.inputs, $2::date - 15, $2::date
             FROM bills b WHERE b.id <= $1 AND b.id % $3 = 7`,
          [N, DAY, ACTIVITY_EVERY],
        );
        await db.query('ANALYZE bills, payments, payment_allocations');
        console.log(`[latefees] the day's activity: ${paid.rowCount} payments on ${DAY}, ${billed.rowCount} new bills due ${DAY}`);
      }
      p0 = performance.now();
      const r = await runLateFeeDailyPass(db, day, undefined, steps);
      const s = (performance.now() - p0) / 1000;
      const written = (await db.query(`SELECT count(*)::int AS n FROM late_fee_terms WHERE pass_at = (SELECT max(pass_at) FROM late_fee_terms)`)).rows[0].n;
      runs.push({ s, lateFees: r.steps.find((x) => x.name === 'late_fees')!.ms / 1000 });
      console.log(
        `[latefees] pass ${label} ${day}: ${round(s, 2)} s — ${r.steps.map((x) => `${x.name} ${x.rows} rows ${round(x.ms / 1000, 2)} s`).join(', ')}; late-fee terms written ${written}; load average ${load()}`,
      );
      console.log(`[latefees]   ${prepaid}`);
      if (day === DAY) {
        const check = (
          await db.query(
            `SELECT count(*)::int AS n, sum(fee_fen)::bigint AS fees, count(*) FILTER (WHERE jsonb_array_length(lines) > 1)::int AS split, count(*) FILTER (WHERE minimum_applied)::int AS floor
               FROM late_fee_accruals`,
          )
        ).rows[0];
        console.log(
          `[latefees]   accruals ${DAY}: ${check.n} bills, fees ¥${(Number(check.fees) / 100).toLocaleString('en')}, ${check.split} with more than one line, ${check.floor} at the ¥1 floor`,
        );
      }
    }
    const slow = runs[0].s >= runs[1].s ? runs[0] : runs[1];
    const result = {
      seconds: round(slow.s, 2),
      first_seconds: round(runs[0].s, 2),
      next_seconds: round(runs[1].s, 2),
      plain_seconds: round(plainSeconds, 2),
      plain_insert_s: round(plainInsert, 2),
      plain_update_s: round(plainUpdate, 2),
      ratio: round(slow.s / plainSeconds, 2),
      latefee_ratio: round(slow.lateFees / plainInsert, 2),
      goal_seconds: 60,
      accounts: N,
      prepaid_accounts: P,
      open_bills: counts.open,
      load1: round(os.loadavg()[0], 1),
    };
    console.log(`[latefees] load average after: ${load()}`);
    console.log(resultLine('latefees', result));
    return result;
  } finally {
    await bdb.close();
  }
}
