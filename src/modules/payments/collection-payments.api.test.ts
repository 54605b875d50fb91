/**
 * What collection counts as a payment (docs/collection.md, "What collection reads"; migration 636): money received
 * from the customer — counter, online, bank — and not a credit application (channel `credit`), which only moves
 * money the account already holds onto a bill. Two accounts, each with an installment agreement over a new bill and
 * a credit (a counter overpayment made before the agreement, held back by a refund request until the refund is
 * rejected) applied to that bill after the agreement by the sweep: the credit application does not count towards the
 * installments. A, who pays nothing more, breaks the agreement when its first installment falls due (and the risk
 * score counts it); B pays the first installment at the counter, which counts, and keeps it. The credit application
 * still settles the bill and stays a posted payment for what counts any settlement (collection_posted_payments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { principalOf } from '../../../test/support/principals.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { addDays } from '../../platform/calendar/dates.js';
import { todayBeijing } from '../ledger/index.js';
import { sweepBillCredits } from './bill-credits.js';

const REF = () => `IP${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('installments count money received, not a credit application moved onto the bill', async () => {
  const t = await testApp({ customers: 40 });
  await registerCountyLedgerUnits(t.db, ['SF-QH']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const today = todayBeijing();
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const cashier = await t.login('cashier');
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  // accounts with a positive bill in the released run and one in the run under review (the bill the release issues)
  const [A, B] = (
    await t.db.query(
      `SELECT DISTINCT ON (n.account_id) n.account_id, n.total_fen AS next_fen
         FROM bills n JOIN bills o ON o.account_id = n.account_id AND o.run_id = $1 AND o.status = 'released' AND o.total_fen > 0
        WHERE n.run_id = $2 AND n.status = 'draft' AND n.total_fen > 10000 ORDER BY n.account_id, n.id`,
      [act.releasedRunId, act.reviewRunId],
    )
  ).rows.map((r) => ({ accountId: Number(r.account_id), creditFen: Math.floor(Number(r.next_fen) / 2) }));
  assert.ok(A && B, 'two accounts billed in both runs');

  // before the agreement: each pays what it owes and half its next bill more (kept as credit), and asks for that
  // credit back, which holds it while the run is released
  const refunds: number[] = [];
  for (const x of [A, B]) {
    const owed = (await cashier.req('GET', `/api/payments/accounts/${x.accountId}/arrears`)).json().totalOwedFen as number;
    const pay = await cashier.req('POST', '/api/payments/counter', {
      accountId: x.accountId,
      amountFen: owed + x.creditFen,
      method: 'cash',
      reference: REF(),
      confirmOverpay: true,
    });
    assert.equal(pay.statusCode, 201, pay.body);
    assert.equal(pay.json().creditFen, x.creditFen);
    const r = await cashier.req('POST', `/api/payments/accounts/${x.accountId}/refund-requests`, { amountFen: x.creditFen, reason: '退预收' });
    assert.equal(r.statusCode, 201, r.body);
    refunds.push(r.json().id);
  }
  assert.equal((await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/review`, {})).statusCode, 200);
  assert.equal((await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/release`, {})).statusCode, 200);
  // the new bills overdue: the arrears an agreement is made over
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE run_id = $1`, [act.reviewRunId, addDays(today, -5)]);

  // the agreements: the first installment the credit's amount in 10 days, the rest in 40
  const agreements: number[] = [];
  for (const x of [A, B]) {
    const file = (await clerk.req('GET', `/api/collection/accounts/${x.accountId}`)).json();
    const arrears = file.principalOwedFen + file.feeDueFen;
    assert.ok(arrears > x.creditFen, 'the arrears exceed the credit');
    const ag = await clerk.req('POST', `/api/collection/accounts/${x.accountId}/installments`, {
      items: [
        { dueOn: addDays(today, 10), amountFen: x.creditFen },
        { dueOn: addDays(today, 40), amountFen: arrears - x.creditFen },
      ],
    });
    assert.equal(ag.statusCode, 201, ag.body);
    agreements.push(ag.json().id);
  }

  // the refunds rejected: the sweep applies each credit to the new bill, a payment of channel credit
  for (const id of refunds) assert.equal((await sup.req('POST', `/api/payments/requests/${id}/reject`, { note: '不退' })).statusCode, 200);
  assert.equal(await sweepBillCredits(t.db), 2);
  const applications: number[] = [];
  for (const x of [A, B]) {
    const apps = (await cashier.req('GET', `/api/payments/accounts/${x.accountId}/payments`))
      .json()
      .filter((p: { channel: string; status: string }) => p.channel === 'credit' && p.status === 'posted');
    assert.deepEqual(
      apps.map((p: { amountFen: number }) => p.amountFen),
      [x.creditFen],
    );
    applications.push(apps[0].id);
  }
  // the views: the application is a posted payment (it settles debt) but not money received
  assert.equal(await n(`SELECT count(*)::int AS n FROM collection_account_payments WHERE payment_id = ANY($1::bigint[])`, [applications]), 0);
  assert.equal(await n(`SELECT count(*)::int AS n FROM collection_posted_payments WHERE payment_id = ANY($1::bigint[])`, [applications]), 2);
  const installment = async (accountId: number) => (await clerk.req('GET', `/api/collection/accounts/${accountId}`)).json().installments[0];
  assert.equal((await installment(A.accountId)).paidFen, 0, 'the credit applied after the agreement is not a payment towards it');
  assert.equal((await installment(B.accountId)).paidFen, 0);

  // B pays its first installment at the counter: money received, counted
  const payB = await cashier.req('POST', '/api/payments/counter', { accountId: B.accountId, amountFen: B.creditFen, method: 'cash', reference: REF() });
  assert.equal(payB.statusCode, 201, payB.body);
  assert.equal(await n(`SELECT count(*)::int AS n FROM collection_account_payments WHERE payment_id = $1`, [payB.json().id]), 1);
  assert.equal((await installment(B.accountId)).paidFen, B.creditFen);

  // the first installment's day passes: A, who paid nothing since the agreement, has broken it; B keeps it
  await t.db.query(`UPDATE installment_items SET due_on = $2 WHERE agreement_id = ANY($1::bigint[]) AND seq = 1`, [agreements, addDays(today, -1)]);
  assert.equal((await sup.req('POST', '/api/collection/daily-pass', { date: today })).statusCode, 200);
  const fileA = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json();
  const fileB = (await clerk.req('GET', `/api/collection/accounts/${B.accountId}`)).json();
  assert.equal(fileA.installments[0].status, 'broken');
  assert.ok(fileA.risk.reasons.some((r: { code: string }) => r.code === 'broken_installment'));
  assert.equal(fileB.installments[0].status, 'active');
  assert.ok(!fileB.risk.reasons.some((r: { code: string }) => r.code === 'broken_installment'));
});
