/**
 * Deposit of counter cash (docs/payments.md "Cash deposit") through HTTP on real PostgreSQL: cash
 * payments, the cashier's close, the slip matched against the close's cash and posted once (Dr 100201 /
 * Cr 101201), the same slip again replayed, a slip number reused or a close deposited twice refused, bad
 * input naming the field with nothing written, a difference within the policy held for a second person —
 * rejected (the close free again), then an overage approved and posted to 224103 — and every change audited.
 */
import { test } from 'node:test';
import { principalOf } from '../../../test/support/principals.js';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { todayBeijing } from '../ledger/index.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';

test('cash deposit: matched to the closes, posted once, replay, refusals, shortage rejected, overage approved', async () => {
  const t = await testApp({ customers: 40 });
  const [{ id: unit }] = await registerCountyLedgerUnits(t.db, ['SF-QH']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const accounts = (
    await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id LIMIT 4`, [
      act.releasedRunId,
    ])
  ).rows.map((r) => Number(r.account_id));
  const today = todayBeijing();
  const cashier = await t.login('cashier');
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const calltaker = await t.login('calltaker');
  const n = async (sql: string, p: unknown[] = []) => Number((await t.db.query(sql, p)).rows[0].n);
  const entries = () => n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'cash_deposited'`);
  const deposits = () => n(`SELECT count(*)::int AS n FROM cash_deposits`);
  const linesOf = async (sourceId: string) =>
    (
      await t.db.query(
        `SELECT a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
          WHERE e.source_type = 'cash_deposited' AND e.source_id = $1 ORDER BY l.line_no`,
        [sourceId],
      )
    ).rows;
  const pay = async (s: typeof cashier, accountId: number, amountFen: number, method: string, ref: string) => {
    const r = await s.req('POST', '/api/payments/counter', { accountId, amountFen, method, reference: ref, confirmOverpay: true });
    assert.equal(r.statusCode, 201, r.body);
  };

  // the cashier's day: two cash payments and a card payment, closed balanced
  await pay(cashier, accounts[0], 12_345, 'cash', 'DEP-1');
  await pay(cashier, accounts[1], 20_000, 'cash', 'DEP-2');
  await pay(cashier, accounts[2], 5_000, 'card', 'DEP-3');
  const close = await cashier.req('POST', '/api/payments/cashier/close', { day: today, declared: { cash: 32_345, card: 5_000, transfer: 0 } });
  assert.equal(close.statusCode, 201, close.body);
  const closeId = close.json().id;
  const open = (await cashier.req('GET', '/api/payments/cash-deposits/closes')).json();
  assert.deepEqual(
    open.map((c: { closeId: number; cashFen: number }) => [c.closeId, c.cashFen]),
    [[closeId, 32_345]],
    'the close waits for its deposit with its cash only',
  );

  // bad input: the field named, nothing written
  const at = new Date(Date.now() - 60_000).toISOString();
  const slip = { slipRef: 'JK20261207-01', bankName: '农业银行城关支行', amountFen: 32_345, depositedAt: at, closeIds: [closeId] };
  const d0 = await deposits();
  for (const [body, field, status] of [
    [{ ...slip, closeIds: [999_999_999] }, 'body.closeIds', 400],
    [{ ...slip, closeIds: [] }, 'body.closeIds', 400],
    [{ ...slip, depositedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'body.depositedAt', 400],
    [{ ...slip, amountFen: 0 }, 'body.amountFen', 400],
    [{ ...slip, amountFen: 32_345 + 10_001 }, 'body.amountFen', 400],
    [{ ...slip, slipRef: 'bad slip!' }, 'body.slipRef', 400],
  ] as const) {
    const r = await cashier.req('POST', '/api/payments/cash-deposits', body);
    assert.equal(r.statusCode, status, `${field}: ${r.body}`);
    assert.equal(r.json().details[0].field, field, r.body);
    assert.ok(r.json().messages['zh-CN'] && r.json().messages.en);
  }
  assert.equal((await calltaker.req('POST', '/api/payments/cash-deposits', slip)).statusCode, 403);
  assert.equal(await deposits(), d0);
  assert.equal(await entries(), 0);

  // the slip equals the close's cash: posted at once, one entry Dr 100201 / Cr 101201
  const dep = await cashier.req('POST', '/api/payments/cash-deposits', slip);
  assert.equal(dep.statusCode, 201, dep.body);
  const d = dep.json();
  assert.equal(d.status, 'posted');
  assert.equal(d.expectedFen, 32_345);
  assert.equal(d.differenceFen, 0);
  assert.equal(d.depositedOn, todayBeijing(Date.parse(at)));
  assert.deepEqual(d.ledgerSources, [`cashdep:${d.id}:${unit}`]);
  assert.deepEqual(await linesOf(`cashdep:${d.id}:${unit}`), [
    { code: '100201', d: 32_345, c: 0 },
    { code: '101201', d: 0, c: 32_345 },
  ]);
  // the same slip again: the first answer, nothing posted twice; the number reused with other content: refused
  const again = await cashier.req('POST', '/api/payments/cash-deposits', slip);
  assert.equal(again.statusCode, 201);
  assert.equal(again.json().replayed, true);
  assert.equal(again.json().id, d.id);
  assert.equal(await entries(), 1);
  const reused = await cashier.req('POST', '/api/payments/cash-deposits', { ...slip, amountFen: 32_340 });
  assert.equal(reused.statusCode, 409);
  assert.equal(reused.json().code, 'REFERENCE_REUSED');
  const twice = await cashier.req('POST', '/api/payments/cash-deposits', { ...slip, slipRef: 'JK20261207-99' });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().code, 'CLOSE_DEPOSITED');
  assert.deepEqual((await cashier.req('GET', '/api/payments/cash-deposits/closes')).json(), []);

  // the billing clerk's day: one cash payment, closed; a slip 5 fen short waits for approval and is rejected
  await pay(clerk, accounts[3], 8_000, 'cash', 'DEP-4');
  const close2 = (await clerk.req('POST', '/api/payments/cashier/close', { day: today, declared: { cash: 8_000, card: 0, transfer: 0 } })).json();
  const short = await clerk.req('POST', '/api/payments/cash-deposits', { ...slip, slipRef: 'JK20261207-02', amountFen: 7_995, closeIds: [close2.id] });
  assert.equal(short.statusCode, 201, short.body);
  assert.equal(short.json().status, 'pending_approval');
  assert.equal(short.json().differenceFen, -5);
  assert.equal(await entries(), 1, 'nothing posted before the approval');
  assert.equal((await clerk.req('POST', `/api/payments/cash-deposits/${short.json().id}/approve`, {})).statusCode, 403, 'the clerk cannot approve');
  const rejected = await sup.req('POST', `/api/payments/cash-deposits/${short.json().id}/reject`, { note: '重新清点' });
  assert.equal(rejected.statusCode, 200, rejected.body);
  assert.equal(rejected.json().status, 'rejected');
  assert.equal((await sup.req('POST', `/api/payments/cash-deposits/${short.json().id}/approve`, {})).json().code, 'REQUEST_DECIDED');
  assert.equal(await entries(), 1);
  // the close is free again: a corrected slip 3 fen over, approved: Dr 100201 8,003 / Cr 101201 8,000, Cr 224103 3
  assert.deepEqual(
    (await clerk.req('GET', '/api/payments/cash-deposits/closes')).json().map((c: { closeId: number }) => c.closeId),
    [close2.id],
  );
  const over = (await clerk.req('POST', '/api/payments/cash-deposits', { ...slip, slipRef: 'JK20261207-03', amountFen: 8_003, closeIds: [close2.id] })).json();
  assert.equal(over.status, 'pending_approval');
  const approved = await sup.req('POST', `/api/payments/cash-deposits/${over.id}/approve`, { note: '长款入其他应付款' });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().status, 'posted');
  assert.deepEqual(await linesOf(`cashdep:${over.id}:${unit}`), [
    { code: '100201', d: 8_003, c: 0 },
    { code: '101201', d: 0, c: 8_000 },
    { code: '224103', d: 0, c: 3 },
  ]);
  assert.equal(await entries(), 2);

  // the list, the books balanced, every change audited
  const list = (await sup.req('GET', '/api/payments/cash-deposits')).json();
  assert.deepEqual(
    list.map((x: { slipRef: string; status: string }) => [x.slipRef, x.status]),
    [
      ['JK20261207-03', 'posted'],
      ['JK20261207-02', 'rejected'],
      ['JK20261207-01', 'posted'],
    ],
  );
  assert.equal(
    await n(`SELECT count(*)::int AS n FROM (SELECT org_unit_id, period FROM ledger_lines GROUP BY 1, 2 HAVING sum(debit_fen) <> sum(credit_fen)) x`),
    0,
  );
  const audits = (await t.db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE entity = 'cash_deposit' GROUP BY 1 ORDER BY 1`)).rows;
  assert.deepEqual(audits, [
    { action: 'cash_deposit.approve', n: 1 },
    { action: 'cash_deposit.record', n: 3 },
    { action: 'cash_deposit.reject', n: 1 },
  ]);
});
