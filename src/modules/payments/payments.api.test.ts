/**
 * Payments API on a seeded county with a released bill run (src/seed/billing-activity.ts) and the
 * county's books: bills posted on release, counter payments (idempotent by reference, partial,
 * overpaid, late fee explained per line), receipt, reversal and refund with approval, the cashier's
 * close, bad input, and the ledger balanced after it all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { principalOf } from '../../../test/support/principals.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';

const REF = () => `T${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('payments: counter payment with allocation, late fee and ledger posting; idempotency; reversal and refund with approval; daily close', async () => {
  const t = await testApp({ customers: 40 });
  // the Chengguan station keeps books before the release; the others only later
  const [cg] = await registerCountyLedgerUnits(t.db, ['SF-QH-CG']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);

  // bills are posted to the ledger on release (where books are kept), once
  const released = (
    await t.db.query(`SELECT id, account_id, total_fen, org_path FROM bills WHERE run_id = $1 AND status = 'released' ORDER BY account_id`, [act.releasedRunId])
  ).rows;
  assert.ok(released.length >= 10, `${released.length} released bills`);
  const entries = async (source: string) => Number((await t.db.query('SELECT count(*) FROM ledger_entries WHERE source_type = $1', [source])).rows[0].count);
  const inCg = released.filter((b) => b.org_path.startsWith(cg.path) && Number(b.total_fen) > 0).length;
  assert.ok(inCg > 0);
  assert.equal(await entries('bill_released'), inCg);

  // one account outside Chengguan with its bill released 40 days ago: overdue; its books open now
  const target = released.find((b) => !b.org_path.startsWith(cg.path) && Number(b.total_fen) > 5_000)!;
  const accountId = Number(target.account_id);
  const billFen = Number(target.total_fen);
  // released 40 days ago: its due date (set at release: release day + the payment term) moves with it
  await t.db.query(
    `UPDATE bills SET released_at = now() - interval '40 days',
            due_date = ((now() - interval '40 days') AT TIME ZONE 'Asia/Shanghai')::date + (SELECT payment_days FROM billing_settings WHERE id = 1)
      WHERE id = $1`,
    [target.id],
  );
  await registerCountyLedgerUnits(t.db, ['SF-QH', 'SF-QH-HX', 'SF-QH-SH']);

  const cashier = await t.login('cashier');
  const supervisor = await t.login('supervisor');
  const calltaker = await t.login('calltaker');

  const accountNo = (await t.db.query('SELECT account_no FROM customer_accounts WHERE id = $1', [accountId])).rows[0].account_no as string;
  const found = (await cashier.req('GET', `/api/payments/accounts?q=${accountNo}`)).json();
  assert.equal(found[0].accountId, accountId);
  assert.equal((await calltaker.req('GET', `/api/payments/accounts?q=${accountNo}`)).statusCode, 403);
  assert.equal((await cashier.req('GET', `/api/payments/accounts/999999999/arrears`)).statusCode, 404);

  const arrears = (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  const line = arrears.lines.find((l: { billId: number }) => l.billId === Number(target.id));
  assert.ok(line.lateFee.days >= 24, `fee days ${line.lateFee.days}`);
  assert.ok(line.lateFee.dueNowFen >= 100, 'a fee at least the ¥1 floor');
  assert.equal(line.lateFee.lines[0].baseFen, billFen);
  assert.equal(
    arrears.totalOwedFen,
    arrears.lines.reduce((s: number, l: { owedNowFen: number }) => s + l.owedNowFen, 0),
  );

  // bad input: refused, naming the field, nothing written
  const count = async () => Number((await t.db.query('SELECT count(*) FROM payments')).rows[0].count);
  for (const [body, field] of [
    [{ accountId, amountFen: 0, method: 'cash', reference: REF() }, 'body.amountFen'],
    [{ accountId, amountFen: -5, method: 'cash', reference: REF() }, 'body.amountFen'],
    [{ accountId, amountFen: 100, method: 'bitcoin', reference: REF() }, 'body.method'],
    [{ accountId, amountFen: 100, method: 'cash', reference: 'x' }, 'body.reference'],
    [{ accountId, amountFen: arrears.totalOwedFen + 50_001, method: 'cash', reference: REF() }, 'body.amountFen'],
  ] as const) {
    const r = await cashier.req('POST', '/api/payments/counter', body);
    assert.equal(r.statusCode, 400, r.body);
    assert.ok(
      r.json().details.some((d: { field: string }) => d.field === field),
      r.body,
    );
  }
  assert.equal(await count(), 0);

  // a partial payment: principal of the oldest bill first (fee after principal by default)
  const ref1 = REF();
  const part = 3_000;
  const p1 = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen: part, method: 'cash', reference: ref1 });
  assert.equal(p1.statusCode, 201, p1.body);
  const pay1 = p1.json();
  assert.equal(pay1.replayed, false);
  assert.equal(pay1.principalFen + pay1.lateFeeFen + pay1.creditFen, part);
  assert.equal(pay1.allocations[0].billId, Number(target.id));
  assert.equal(pay1.allocations[0].kind, 'principal');
  assert.equal(pay1.feeChargedFen, line.lateFee.dueNowFen, 'the fee due on payment is charged');
  // the same request again: the first result, nothing paid twice
  const again = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen: part, method: 'cash', reference: ref1 });
  assert.equal(again.statusCode, 201);
  assert.equal(again.json().id, pay1.id);
  assert.equal(again.json().replayed, true);
  assert.equal(await count(), 1);
  const reused = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen: part + 1, method: 'cash', reference: ref1 });
  assert.equal(reused.statusCode, 409);
  assert.equal(reused.json().code, 'REFERENCE_REUSED');
  assert.equal(await entries('payment_received'), 1);
  assert.equal(await entries('bill_released'), inCg + 1, "the account's bill was posted at its first payment (its books opened after the release)");
  assert.equal(await entries('late_fee_charged'), 1);

  // the rest, overpaid with confirmation: the excess is credit
  const owed = (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  assert.equal(owed.lines[0].principalOwedFen, billFen - part);
  assert.equal(owed.lines[0].lateFee.dueNowFen, 0, 'the fee was charged today: nothing more due today');
  const over = owed.totalOwedFen + 60_000;
  const p2 = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen: over, method: 'card', reference: REF(), confirmOverpay: true });
  assert.equal(p2.statusCode, 201, p2.body);
  assert.equal(p2.json().creditFen, 60_000);
  const after = (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  assert.equal(after.totalOwedFen, 0);
  assert.equal(after.creditFen, 60_000);
  assert.equal(after.balanceFen, 60_000);

  // receipt
  const pdf = await cashier.req('GET', `/api/payments/${pay1.id}/receipt.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');

  // reversal: the earlier payment cannot go first; the latest with approval by someone else
  const early = await cashier.req('POST', `/api/payments/${pay1.id}/reversal-requests`, { reason: '收错户' });
  assert.equal(early.statusCode, 409);
  assert.equal(early.json().code, 'LATER_PAYMENTS');
  const rq = await cashier.req('POST', `/api/payments/${p2.json().id}/reversal-requests`, { reason: '重复收费' });
  assert.equal(rq.statusCode, 201, rq.body);
  assert.equal((await cashier.req('POST', `/api/payments/requests/${rq.json().id}/approve`, {})).statusCode, 403);
  const ok = await supervisor.req('POST', `/api/payments/requests/${rq.json().id}/approve`, { note: '核实' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await cashier.req('GET', `/api/payments/${p2.json().id}`)).json().status, 'reversed');
  const back = (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  assert.equal(back.creditFen, 0);
  assert.equal(back.lines[0].principalOwedFen, billFen - part, 'the bill owes again what the reversed payment paid');
  const reversals = Number((await t.db.query('SELECT count(*) FROM ledger_entries WHERE reverses_entry_id IS NOT NULL')).rows[0].count);
  assert.equal(reversals, 1);

  // refund of credit: not more than the credit; approved → posted
  const p3 = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen: back.totalOwedFen + 10_000, method: 'transfer', reference: REF() });
  assert.equal(p3.statusCode, 201, p3.body);
  const tooMuch = await cashier.req('POST', `/api/payments/accounts/${accountId}/refund-requests`, { amountFen: 10_001, reason: '退预收' });
  assert.equal(tooMuch.statusCode, 400);
  assert.equal(tooMuch.json().details[0].field, 'body.amountFen');
  const rf = await cashier.req('POST', `/api/payments/accounts/${accountId}/refund-requests`, { amountFen: 10_000, reason: '退预收' });
  assert.equal(rf.statusCode, 201, rf.body);
  assert.equal((await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json().creditFen, 0, 'a pending refund holds the credit back');
  assert.equal((await supervisor.req('POST', `/api/payments/requests/${rf.json().id}/approve`, {})).statusCode, 200);
  assert.equal(await entries('refund'), 1);

  // the day: totals by method; a close that does not balance records the difference and locks the day
  const day = (await cashier.req('GET', '/api/payments/cashier/day')).json();
  assert.equal(day.count, 2, 'the reversed payment does not count');
  assert.equal(day.totals.cash, part);
  assert.equal(day.totals.card, 0);
  const close = await cashier.req('POST', '/api/payments/cashier/close', {
    day: day.day,
    declared: { cash: part - 1, card: 0, transfer: day.totals.transfer },
  });
  assert.equal(close.statusCode, 201, close.body);
  assert.equal(close.json().balanced, false);
  assert.deepEqual(
    close.json().lines.map((l: { differenceFen: number }) => l.differenceFen),
    [-1, 0, 0],
  );
  const late = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen: 100, method: 'cash', reference: REF() });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().code, 'DAY_CLOSED');
  assert.equal((await cashier.req('POST', '/api/payments/cashier/close', { day: day.day, declared: day.totals })).json().code, 'ALREADY_CLOSED');
  const locked = await cashier.req('POST', `/api/payments/${p3.json().id}/reversal-requests`, { reason: 'x' });
  assert.equal(locked.json().code, 'DAY_CLOSED');

  // history and audit
  const hist = (await cashier.req('GET', `/api/payments/accounts/${accountId}/payments`)).json();
  assert.equal(hist.length, 3);
  const audits = (
    await t.db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'payment%' OR action = 'cashier.close' GROUP BY 1 ORDER BY 1`)
  ).rows;
  assert.deepEqual(Object.fromEntries(audits.map((r) => [r.action, r.n])), {
    'cashier.close': 1,
    'payment.reverse': 1,
    'payment.take': 3,
    'payment_request.approve': 2,
    'payment_request.create': 2,
  });

  // the county's books still balance this period
  const period = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS p`)).rows[0].p;
  for (const u of (await t.db.query(`SELECT org_unit_id FROM ledger_units`)).rows) {
    const tb = await supervisor.req('GET', `/api/ledger/trial-balance?orgUnitId=${u.org_unit_id}&period=${period}`);
    if (tb.statusCode === 200) assert.equal(tb.json().totals.balanced, true);
  }
});
