/**
 * The account's ordinary credit (预收) applied to its later bills (docs/payments.md, "Ordinary credit applied to
 * later bills") through the API on a seeded county with books: last month's run released by the supervisor, whose
 * release applies the accounts' credit to their new bills — part of a bill (credit below the bill), the whole bill
 * (credit above it, the rest kept), nothing for an account without credit; a credit held back by a pending refund is
 * not applied, and once the refund is rejected the sweep applies it. Each application is a payment of channel
 * `credit`, method `account_credit`, posted once as `credit_applied` (Dr 220301xx / Cr 112201xx) and audited;
 * releasing again is refused and the sweep and the apply route then apply nothing; every unit and period balances.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit } from '../ledger/index.js';
import { sweepBillCredits } from './bill-credits.js';

const REF = () => `AC${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('account credit: applied to the bills of a released run, partly, wholly, after a rejected refund by the sweep, once', async () => {
  const t = await testApp({ customers: 40 });
  const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const cashier = await t.login('cashier');
  const sup = await t.login('supervisor');
  const arrears = async (accountId: number) => (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  // accounts with a positive bill in the released run and one in the run under review (the bill the release will issue)
  const rows = (
    await t.db.query(
      `SELECT DISTINCT ON (n.account_id) n.account_id, n.id AS next_id, n.total_fen AS next_fen
         FROM bills n JOIN bills o ON o.account_id = n.account_id AND o.run_id = $1 AND o.status = 'released' AND o.total_fen > 0
        WHERE n.run_id = $2 AND n.status = 'draft' AND n.total_fen > 10000 ORDER BY n.account_id, n.id`,
      [act.releasedRunId, act.reviewRunId],
    )
  ).rows.map((r) => ({ accountId: Number(r.account_id), nextId: Number(r.next_id), nextFen: Number(r.next_fen) }));
  assert.ok(rows.length >= 4, 'four accounts billed in both runs');
  const [A, B, C, D] = rows;
  // each pays what it owes now plus its credit: A half its next bill, B its next bill and ¥10 more, C ¥30 held back by a refund
  const credit = { A: Math.floor(A.nextFen / 2), B: B.nextFen + 1_000, C: 3_000 };
  const overpay = async (accountId: number, creditFen: number) => {
    const owed = (await arrears(accountId)).totalOwedFen as number;
    const r = await cashier.req('POST', '/api/payments/counter', {
      accountId,
      amountFen: owed + creditFen,
      method: 'cash',
      reference: REF(),
      confirmOverpay: true,
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().creditFen, creditFen);
  };
  await overpay(A.accountId, credit.A);
  await overpay(B.accountId, credit.B);
  await overpay(C.accountId, credit.C);
  const refund = await cashier.req('POST', `/api/payments/accounts/${C.accountId}/refund-requests`, { amountFen: credit.C, reason: '退预收' });
  assert.equal(refund.statusCode, 201, refund.body);
  const dBefore = (await arrears(D.accountId)).totalOwedFen as number;

  // the release
  assert.equal((await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/review`, {})).statusCode, 200);
  const rel = await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/release`, {});
  assert.equal(rel.statusCode, 200, rel.body);
  const apps = async (accountId: number) =>
    (await cashier.req('GET', `/api/payments/accounts/${accountId}/payments`)).json().filter((p: { method: string }) => p.method === 'account_credit');

  // A: half the new bill paid by the credit, the credit used up
  const [appA] = await apps(A.accountId);
  assert.equal(appA.amountFen, credit.A);
  assert.equal(appA.receiptNo.slice(0, 2), 'CD');
  assert.deepEqual(
    appA.allocations.map((l: { billId: number; kind: string; amountFen: number }) => [l.billId, l.kind, l.amountFen]),
    [[A.nextId, 'principal', credit.A]],
  );
  const afterA = await arrears(A.accountId);
  assert.deepEqual([afterA.totalOwedFen, afterA.creditFen], [A.nextFen - credit.A, 0]);
  // B: the whole new bill paid, the rest still credit
  const [appB] = await apps(B.accountId);
  assert.equal(appB.amountFen, B.nextFen);
  const afterB = await arrears(B.accountId);
  assert.deepEqual([afterB.totalOwedFen, afterB.creditFen], [0, credit.B - B.nextFen]);
  // C: its credit is held by the pending refund; D has none
  assert.equal((await apps(C.accountId)).length, 0);
  assert.equal((await apps(D.accountId)).length, 0);
  assert.equal((await arrears(D.accountId)).totalOwedFen, dBefore + D.nextFen);

  // the books: one credit_applied per application, the prepaid balance debited and the receivable credited
  const lines = async (paymentId: number) =>
    (
      await t.db.query(
        `SELECT a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
           JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = 'credit_applied' AND e.source_id = $1 ORDER BY l.line_no`,
        [`payment:${paymentId}`],
      )
    ).rows.map((r) => [r.code.slice(0, 6), r.d, r.c]);
  assert.deepEqual(await lines(appA.id), [
    ['220301', credit.A, 0],
    ['112201', 0, credit.A],
  ]);
  assert.deepEqual(await lines(appB.id), [
    ['220301', B.nextFen, 0],
    ['112201', 0, B.nextFen],
  ]);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'account_credit.apply'`), 2);
  assert.equal(
    await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'account_credit.apply' AND entity_id = $1 AND actor_id = $2`, [
      String(appA.id),
      String((await principalOf(t.db, 'supervisor')).id),
    ]),
    1,
    'audited as the user who released the run',
  );

  // nothing twice: the run cannot be released again; the sweep and the apply route find nothing to apply
  const entries = () => n(`SELECT count(*)::int AS n FROM ledger_entries`);
  const before = await entries();
  assert.equal((await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/release`, {})).statusCode, 409);
  assert.equal(await sweepBillCredits(t.db), 0);
  assert.equal((await cashier.req('POST', `/api/payments/accounts/${A.accountId}/bill-credits/apply`)).statusCode, 200);
  assert.equal((await cashier.req('POST', `/api/payments/accounts/${B.accountId}/bill-credits/apply`)).statusCode, 200);
  assert.equal(await entries(), before);
  assert.equal(await n(`SELECT count(*)::int AS n FROM payments WHERE method = 'account_credit'`), 2);

  // C's refund rejected: its credit is free again, and the sweep applies it to the open bill (once)
  assert.equal((await sup.req('POST', `/api/payments/requests/${refund.json().id}/reject`, { note: '不退' })).statusCode, 200);
  assert.equal(await sweepBillCredits(t.db), 1);
  const [appC] = await apps(C.accountId);
  assert.equal(appC.amountFen, credit.C);
  assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'credit_applied' AND source_id = $1`, [`payment:${appC.id}`]), 1);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'account_credit.apply' AND actor_kind = 'system'`), 1);
  assert.equal(await sweepBillCredits(t.db), 0);
  const afterC = await arrears(C.accountId);
  assert.equal(afterC.creditFen, 0);
  // an application is not reversed on request
  const rev = await cashier.req('POST', `/api/payments/${appC.id}/reversal-requests`, { reason: '冲正' });
  const blocked = rev.statusCode === 201 ? await sup.req('POST', `/api/payments/requests/${rev.json().id}/approve`, {}) : rev;
  assert.equal(blocked.json().code, 'CREDIT_APPLICATION', blocked.body);

  assert.equal(
    await n(`SELECT count(*)::int AS n FROM (SELECT org_unit_id, period FROM ledger_lines GROUP BY 1, 2 HAVING sum(debit_fen) <> sum(credit_fen)) x`),
    0,
    'every unit and period balances',
  );
});
