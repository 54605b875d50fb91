/**
 * prepaid: the daily prepaid-balance pass (`runPrepaidDailyPass`, docs/prepaid.md) over N prepaid
 * accounts (BENCH_PREPAID_ACCOUNTS, default 1,000,000), each with an AMI daily total for the day.
 *
 * Loaded in bulk (bench/support/prepaid-data.ts): one county, N customers with a phone, N accounts, N
 * prepaid accounts on the Zhejiang residential plan, N daily totals (0–30 kWh). Then, timed:
 *  - the pass for the day: N charges (tiered, exact numeric, rounded once), N balances updated,
 *    the ledger events (one per unit and class), the notices with their outbox messages, the audit;
 *  - the same day again (idempotent: charges nothing, notices nothing);
 *  - the limit, in the same run on the same rows: one plain `UPDATE prepaid_accounts SET
 *    balance_fen = balance_fen - <the day's kWh × first-tier price>` joined to the day's totals, in one
 *    transaction. ratio = limit seconds / pass seconds (1.0 = the pass costs no more than the bare
 *    update of the balances it moves).
 * The machine is shared: the load average is printed with the figures.
 */
import os from 'node:os';
import { runPrepaidDailyPass } from '../src/modules/prepaid/index.js';
import { openBenchDatabase, round } from './desk-bench-support.js';
import { seedPrepaidAccounts } from './support/prepaid-data.js';

const DAY = '2026-12-01';

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.BENCH_PREPAID_ACCOUNTS ?? 1_000_000);
  const b = await openBenchDatabase('prepaid', 8);
  const { db } = b;
  try {
    console.log(
      `prepaid: ${n.toLocaleString('en')} prepaid accounts, ${b.where}, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const t0 = performance.now();
    await seedPrepaidAccounts(db, n, [DAY]);
    await db.query('VACUUM ANALYZE customers, customer_accounts, prepaid_accounts, prepaid_usage');
    const loadS = (performance.now() - t0) / 1000;
    console.log(`loaded in ${loadS.toFixed(1)} s`);

    const pass = await runPrepaidDailyPass(db, DAY);
    console.log(
      `pass ${DAY}: ${pass.charged.toLocaleString('en')} accounts charged ¥${(pass.chargeFen / 100).toLocaleString('en')}, ${pass.lowNotices} low and ${pass.zeroNotices} below-zero notices, ${pass.ledgerEvents} ledger events in ${pass.seconds.toFixed(2)} s`,
    );
    console.log(`  by step: charge ${pass.phases.charge} s, ledger ${pass.phases.ledger} s, notices ${pass.phases.notices} s`);
    const outbox = Number((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE event LIKE 'prepaid.%'`)).rows[0].n);
    const again = await runPrepaidDailyPass(db, DAY);
    console.log(`the same day again: ${again.charged} charged, ${again.lowNotices + again.zeroNotices} notices in ${again.seconds.toFixed(2)} s`);

    const u0 = performance.now();
    await db.query('BEGIN');
    await db.query(
      `UPDATE prepaid_accounts a SET balance_fen = a.balance_fen - round(u.kwh * 53.8)::bigint FROM prepaid_usage u WHERE u.account_id = a.account_id AND u.day = $1`,
      [DAY],
    );
    await db.query('ROLLBACK');
    const limitS = (performance.now() - u0) / 1000;
    const ratio = limitS / pass.seconds;
    console.log(
      `limit: a plain UPDATE of the same ${n.toLocaleString('en')} balances from the day's totals in ${limitS.toFixed(2)} s → ratio ${ratio.toFixed(3)}`,
    );
    console.log(
      `load average after: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const result = {
      accounts: n,
      seconds: round(pass.seconds, 2),
      charge_s: pass.phases.charge,
      notices_s: pass.phases.notices,
      accounts_per_s: Math.round(n / pass.seconds),
      notices: pass.lowNotices + pass.zeroNotices,
      outbox,
      rerun_s: round(again.seconds, 2),
      limit_s: round(limitS, 2),
      ratio: round(ratio, 3),
      load_s: round(loadS, 1),
      loadavg: round(os.loadavg()[0], 1),
    };
    console.log(
      `RESULT bench=prepaid ${Object.entries(result)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    return result;
  } finally {
    await b.close();
  }
}
