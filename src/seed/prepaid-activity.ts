/**
 * Demo prepaid fee control (docs/prepaid.md): a few hundred accounts put on prepaid through the
 * module's use cases, two weeks of AMI daily totals, the daily pass run for each day (charges,
 * ledger events, low-balance and below-zero notices), then the head-end story on a few accounts:
 * disconnects ordered after the notice rule, one answered (disconnected), one topped up at the
 * counter and reconnected on the 24 h clock, one still waiting for the head-end.
 *
 * Demo shortcut: the demo's below-zero notices are created during the seed, so for the three
 * accounts of the head-end story their notices' release time is moved two days back (the seed
 * writes the database directly, as an import would) so that the disconnect rule is met now; the
 * head-end's answers are applied through the module's `applyResult`, as its callback would.
 */
import { withTx, type Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { arrearsOf, takePaymentIn } from '../modules/payments/index.js';
import { addDays } from '../platform/calendar/dates.js';
import { todayBeijing } from '../modules/ledger/index.js';
import { applyResult, enrollAccount, runPrepaidDailyPass, storeUsage, workPrepaidCommands } from '../modules/prepaid/index.js';
import { mulberry32 } from './random.js';

export interface PrepaidSeedResult {
  accounts: number;
  days: number;
  disconnected: number;
  reconnected: number;
}

const HEAD_END = { id: null, kind: 'system' as const, name: 'meter-head-end (demo)' };

export async function seedPrepaidActivity(db: Db, clerk: Principal, cashier: Principal, seed: number, count = 300): Promise<PrepaidSeedResult> {
  const rng = mulberry32(seed ^ 0x620);
  if ((await db.query('SELECT 1 FROM prepaid_accounts LIMIT 1')).rowCount) return { accounts: 0, days: 0, disconnected: 0, reconnected: 0 };
  // customer1's first account (the portal demo) and residential accounts with a meter (a payment on one pays its open bills first, the rest tops up)
  const ids = (
    await db.query(
      `(SELECT a.id FROM customer_accounts a JOIN users u ON u.customer_id = a.customer_id WHERE u.username = 'customer1' ORDER BY a.id LIMIT 1)
       UNION ALL
       (SELECT a.id FROM customer_accounts a JOIN service_points sp ON sp.account_id = a.id JOIN meters m ON m.service_point_id = sp.id
         WHERE a.status = 'active' AND sp.customer_class = 'residential'
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.customer_id = a.customer_id AND u.username = 'customer1')
         GROUP BY a.id ORDER BY a.id DESC LIMIT $1)`,
      [count - 1],
    )
  ).rows.map((r) => Number(r.id));
  const enrolled: number[] = [];
  for (const [i, accountId] of ids.entries()) {
    const opening = i === 0 ? 12_000 : 1_000 + Math.floor(rng() * 25_000);
    const thresholdFen = rng() < 0.2 ? 10_000 : undefined;
    try {
      await enrollAccount(db, clerk, { accountId, planCode: 'ZJ-RES-2012', openingBalanceFen: opening, thresholdFen });
      enrolled.push(accountId);
    } catch (e) {
      if ((e as { code?: string }).code !== 'VALIDATION_FAILED') throw e; // an account without a meter: skipped
    }
  }
  const yesterday = addDays(todayBeijing(), -1);
  const days = Array.from({ length: 14 }, (_, k) => addDays(yesterday, k - 13));
  const usage = enrolled.flatMap((accountId, i) => {
    const base = 2 + rng() * (i % 10 === 0 ? 30 : 10); // a few heavy users run out
    return days.map((day) => ({ accountId, day, kwh: (base * (0.6 + rng() * 0.8)).toFixed(3) }));
  });
  for (let i = 0; i < usage.length; i += 5000) await storeUsage(db, clerk, usage.slice(i, i + 5000));
  for (const day of days) await runPrepaidDailyPass(db, day);

  // the head-end story on three accounts below zero
  const below = (
    await db.query(`SELECT account_id, zero_notice_id FROM prepaid_accounts WHERE balance_fen < 0 AND zero_notice_id IS NOT NULL ORDER BY account_id LIMIT 3`)
  ).rows;
  if (!below.length) return { accounts: enrolled.length, days: days.length, disconnected: 0, reconnected: 0 };
  await db.query(
    `UPDATE prepaid_notices SET send_after = send_after - interval '2 days', created_at = created_at - interval '2 days' WHERE id = ANY($1::bigint[])`,
    [below.map((r) => Number(r.zero_notice_id))],
  );
  await workPrepaidCommands(db, null, new Date(), clerk.kind === 'user' ? { id: clerk.id, kind: 'user', name: clerk.name } : undefined);
  const orders = (
    await db.query(`SELECT command_no, account_id FROM prepaid_commands WHERE kind = 'disconnect' AND account_id = ANY($1::bigint[]) ORDER BY account_id`, [
      below.map((r) => Number(r.account_id)),
    ])
  ).rows;
  let disconnected = 0;
  let reconnected = 0;
  for (const o of orders.slice(0, 2)) {
    await withTx(db, (tx) => applyResult(tx, { commandNo: o.command_no, status: 'accepted' }, HEAD_END));
    await withTx(db, (tx) => applyResult(tx, { commandNo: o.command_no, status: 'executed', executedAt: new Date().toISOString() }, HEAD_END));
    disconnected++;
  }
  // the second one pays what its bills owe and ¥100 more at the counter: the balance is back above zero, the reconnection is ordered and executed
  if (orders[1]) {
    const accountId = Number(orders[1].account_id);
    const owed = (await arrearsOf(db, cashier, accountId)).totalOwedFen;
    await withTx(db, (tx) =>
      takePaymentIn(tx, cashier, {
        accountId,
        amountFen: owed + 10_000,
        channel: 'counter',
        method: 'cash',
        reference: `demo:prepaid:${accountId}`,
        confirmOverpay: true,
      }),
    );
    const rc = (await db.query(`SELECT command_no FROM prepaid_commands WHERE account_id = $1 AND kind = 'reconnect' AND status = 'queued'`, [accountId]))
      .rows[0];
    if (rc) {
      await withTx(db, (tx) => applyResult(tx, { commandNo: rc.command_no, status: 'accepted' }, HEAD_END));
      await withTx(db, (tx) => applyResult(tx, { commandNo: rc.command_no, status: 'executed', executedAt: new Date().toISOString() }, HEAD_END));
      reconnected++;
    }
  }
  return { accounts: enrolled.length, days: days.length, disconnected, reconnected };
}
