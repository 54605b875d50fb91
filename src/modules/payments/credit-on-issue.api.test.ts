/**
 * Ordinary credit (预收) applied when a bill is issued outside a run (docs/payments.md, "Ordinary credit applied to
 * later bills"), through the API on real PostgreSQL, with no sweep run: an interim bill of split settlement issued
 * to an account holding credit is paid by it at once (the first wholly, the second partly, `credit_applied` posted
 * once each); a paid bill of an account holding credit, cancelled and rebilled, has the money paid on it applied to
 * the rebill in the rebill's own transaction. The sweep's candidates come from the partial index
 * `payments_credit_holders` (migration 655): the query can be answered from it, and it finds the same accounts as
 * grouping the whole table did.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { CREDIT_HOLDERS_SQL } from './account-credits.js';
import { ACCOUNT_CREDIT_METHOD } from './store.js';

const REF = () => `CI${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('credit applied when an interim bill or a rebill is issued; the sweep reads the credit holders from their index', async () => {
  const t = await testApp({ customers: 40 });
  await registerCountyLedgerUnits(t.db, ['SF-QH']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const billing = await t.login('billing');
  const cashier = await t.login('cashier');
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const arrears = async (accountId: number) => (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  const pay = async (accountId: number, amountFen: number) => {
    const r = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen, method: 'cash', reference: REF(), confirmOverpay: true });
    assert.equal(r.statusCode, 201, r.body);
    return r.json();
  };
  const applications = (accountId: number) =>
    t.db
      .query(`SELECT amount_fen::int AS fen FROM payments WHERE account_id = $1 AND channel = 'credit' AND method = $2 AND status = 'posted' ORDER BY id`, [
        accountId,
        ACCOUNT_CREDIT_METHOD,
      ])
      .then((r) => r.rows.map((x) => x.fen as number));

  // an account of the released run, one meter, residential: its bill paid with ¥50.00 more kept as credit
  const acc = (
    await t.db.query(
      `SELECT b.account_id FROM bills b JOIN service_points sp ON sp.account_id = b.account_id
        WHERE b.run_id = $1 AND b.status = 'released' AND b.total_fen > 0 AND sp.customer_class = 'residential'
          AND (SELECT count(*) FROM meters m JOIN service_points s2 ON s2.id = m.service_point_id WHERE s2.account_id = b.account_id) = 1
          AND b.account_id <> $2 ORDER BY b.account_id LIMIT 1`,
      [act.releasedRunId, act.splitAccountId ?? 0],
    )
  ).rows[0];
  const accountId = Number(acc.account_id);
  await pay(accountId, ((await arrears(accountId)).totalOwedFen as number) + 5_000);
  assert.equal((await arrears(accountId)).creditFen, 5_000);

  // split settlement: two interims of 30 % of ¥100.00 a month (¥30.00 each)
  const put = await billing.req('PUT', `/api/billing/accounts/${accountId}/split-settlement`, {
    days: [10, 20],
    sharePct: ['30', '30'],
    expectedMonthlyFen: 10_000,
    active: true,
  });
  assert.equal(put.statusCode, 200, put.body);
  // the interims of the month before the released run's (a month without a month-end bill of this account)
  const released = (await t.db.query(`SELECT cycle FROM bill_runs WHERE id = $1`, [act.releasedRunId])).rows[0].cycle as string;
  const [y, m] = released.split('-').map(Number);
  const nextCycle = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  assert.equal(await n(`SELECT count(*)::int AS n FROM bills WHERE account_id = $1 AND cycle = $2`, [accountId, nextCycle]), 0);
  const issue = (interimNo: number) => billing.req('POST', `/api/billing/accounts/${accountId}/interim-bills`, { cycle: nextCycle, interimNo });
  const i1 = await issue(1);
  assert.equal(i1.statusCode, 201, i1.body);
  assert.equal(i1.json().bill.totalFen, 3_000);
  // no sweep ran: the issue itself applied the credit — the interim is paid, ¥20.00 is left
  assert.deepEqual(await applications(accountId), [3_000]);
  let a = await arrears(accountId);
  assert.deepEqual([a.totalOwedFen, a.creditFen], [0, 2_000]);
  const i2 = await issue(2);
  assert.equal(i2.statusCode, 201, i2.body);
  assert.deepEqual(await applications(accountId), [3_000, 2_000]);
  a = await arrears(accountId);
  assert.deepEqual([a.totalOwedFen, a.creditFen], [1_000, 0]);
  assert.equal(
    await n(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'credit_applied' AND source_id IN
         (SELECT 'payment:' || id FROM payments WHERE account_id = $1 AND channel = 'credit' AND method = $2)`,
      [accountId, ACCOUNT_CREDIT_METHOD],
    ),
    2,
  );
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'account_credit.apply'`), 2);

  // a rebill: another account, its bill paid with ¥10.00 more as credit, cancelled and rebilled — the money paid on the
  // cancelled bill is applied to the rebill in the rebill's own transaction (before, it waited for a payment or the sweep)
  const other = (
    await t.db.query(
      `SELECT id, account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 AND account_id <> $2 ORDER BY account_id LIMIT 1`,
      [act.releasedRunId, accountId],
    )
  ).rows[0];
  const otherId = Number(other.account_id);
  await pay(otherId, ((await arrears(otherId)).totalOwedFen as number) + 1_000);
  const rb = await billing.req('POST', `/api/billing/bills/${other.id}/rebill`, { reason: '抄表差错' });
  assert.equal(rb.statusCode, 201, rb.body);
  const after = await arrears(otherId);
  assert.equal(after.pendingCreditFen, 0, 'applied with the rebill');
  assert.equal(after.lines.length, 0, 'the rebill is settled by the money paid on the cancelled bill');
  assert.equal(after.creditFen, 1_000, 'the ordinary credit is kept: nothing is owed');
  assert.equal(await n(`SELECT count(*)::int AS n FROM payments WHERE channel = 'credit' AND reference = $1`, [`cancel:${other.id}`]), 1);

  // the sweep's candidates: the credit holders from the partial index, the same accounts as grouping the whole table
  const whole = (
    await t.db.query(
      `SELECT account_id FROM payments WHERE status = 'posted' GROUP BY account_id
        HAVING sum(CASE WHEN channel = 'credit' AND method = $1 THEN -amount_fen ELSE credit_fen END) > 0 ORDER BY account_id`,
      [ACCOUNT_CREDIT_METHOD],
    )
  ).rows.map((r) => Number(r.account_id));
  const indexed = (await t.db.query(CREDIT_HOLDERS_SQL)).rows.map((r) => Number(r.account_id));
  assert.deepEqual(indexed, whole);
  assert.ok(indexed.includes(otherId) && !indexed.includes(accountId));
  const c = await t.db.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL enable_seqscan = off');
    const plan = (await c.query(`EXPLAIN ${CREDIT_HOLDERS_SQL}`)).rows.map((r) => r['QUERY PLAN'] as string).join('\n');
    assert.match(plan, /payments_credit_holders/, plan);
    await c.query('ROLLBACK');
  } finally {
    c.release();
  }
});
