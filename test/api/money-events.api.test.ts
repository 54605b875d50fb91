/**
 * Issue 11: every money event posts to the group ledger, once, naming its event. On a seeded county
 * with books (the county and its three stations) and a released bill run, each kind of event is made
 * through the API of the module that owns it, then the test checks that exactly one entry carries the
 * event's source (type + id), that doing it again posts nothing more, that the owning module audited
 * it, and at the end that every unit's trial balance of the period balances.
 *
 * Kinds: bill released (run), interim bill (split settlement), counter payment, late fee charged at
 * payment, waiver, refund, write-off, bank withholding payments (summarised per chunk) and their
 * settlement, prepaid opening balance (top-up), prepaid top-up by payment, prepaid daily charge, the cashier's
 * cash deposited at the bank after the close (the gateway's statement settlement: statements.api.test.ts and the
 * property test).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../support/app.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { postReleasedBills } from '../../src/modules/billing/index.js';
import { todayBeijing } from '../../src/modules/ledger/index.js';
import { withTx } from '../../src/db/pool.js';
import { addDays } from '../../src/platform/calendar/dates.js';
import { principalOf } from '../support/principals.js';
import { registerCountyLedgerUnits } from '../support/ledger.js';
import { formatFile, parseFile } from '../../src/modules/payments/bank-file-rules.js';
import { bankLayoutOf } from '../../src/modules/payments/index.js';

const REF = () => `ME${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('every money event posts one entry naming its event; a replay posts nothing; audited; the books balance', async () => {
  const t = await testApp({ customers: 40 });
  await registerCountyLedgerUnits(t.db);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const entries = (type: string, id: string) => n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = $1 AND source_id = $2`, [type, id]);
  const allEntries = () => n(`SELECT count(*)::int AS n FROM ledger_entries`);
  const audited = (action: string) => n(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1`, [action]);
  const today = todayBeijing();

  const bills = (
    await t.db.query(
      `SELECT DISTINCT ON (account_id) id, account_id, total_fen FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 ORDER BY account_id, id`,
      [act.releasedRunId],
    )
  ).rows.map((r) => ({ billId: Number(r.id), accountId: Number(r.account_id), fen: Number(r.total_fen) }));
  assert.ok(bills.length >= 12, `${bills.length} accounts with a bill`);
  const [A, B, C, D, E, F, G, H] = bills;

  const cashier = await t.login('cashier');
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const admin = await t.login('admin');

  // --- bill released: one entry per bill, posted on release; posting the run again posts nothing
  assert.equal(await entries('bill_released', `bill:${A.billId}`), 1);
  const beforeRepost = await allEntries();
  await withTx(t.db, (tx) => postReleasedBills(tx, { runId: act.releasedRunId }));
  assert.equal(await allEntries(), beforeRepost, 'a released run posted again posts nothing');

  // --- counter payment: one payment_received naming the payment; the same request again posts nothing
  const payA = { accountId: A.accountId, amountFen: A.fen, method: 'cash', reference: REF() };
  const pA = await cashier.req('POST', '/api/payments/counter', payA);
  assert.equal(pA.statusCode, 201, pA.body);
  assert.equal(await entries('payment_received', `payment:${pA.json().id}`), 1);
  const e1 = await allEntries();
  assert.equal((await cashier.req('POST', '/api/payments/counter', payA)).json().replayed, true);
  assert.equal(await allEntries(), e1);

  // --- late fee charged at payment: B's bill 40 days overdue
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [B.billId, addDays(today, -40)]);
  const owedB = (await cashier.req('GET', `/api/payments/accounts/${B.accountId}/arrears`)).json();
  assert.ok(owedB.lateFeeOwedFen > 0);
  const pB = await cashier.req('POST', '/api/payments/counter', { accountId: B.accountId, amountFen: owedB.totalOwedFen, method: 'card', reference: REF() });
  assert.equal(pB.statusCode, 201, pB.body);
  assert.equal(await entries('late_fee_charged', `payfee:${pB.json().id}:${B.billId}`), 1);
  // a card taking waits for the acquirer's settlement in 101202, not in collections in transit (docs/ledger.md)
  assert.equal(await entries('payment_received_card', `payment:${pB.json().id}`), 1);
  assert.equal(await entries('payment_received', `payment:${pB.json().id}`), 0);

  // --- waiver (collection): approval posts the fee and its waiver, once
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [C.billId, addDays(today, -40)]);
  const w = await clerk.req('POST', `/api/collection/accounts/${C.accountId}/waivers`, { billId: C.billId, amountFen: 100, reason: '首次逾期' });
  assert.equal(w.statusCode, 201, w.body);
  assert.equal((await sup.req('POST', `/api/collection/waivers/${w.json().id}/approve`, {})).statusCode, 200);
  assert.equal(await entries('late_fee_charged', `waiver:${w.json().id}`), 1);
  assert.equal(await entries('late_fee_waived', `waiver:${w.json().id}`), 1);
  const e2 = await allEntries();
  assert.equal((await sup.req('POST', `/api/collection/waivers/${w.json().id}/approve`, {})).json().code, 'REQUEST_DECIDED');
  assert.equal(await allEntries(), e2);

  // --- prepaid top-up by payment (credit) and refund of it
  const pD = await cashier.req('POST', '/api/payments/counter', {
    accountId: D.accountId,
    amountFen: D.fen + 20_000,
    method: 'transfer',
    reference: REF(),
    confirmOverpay: true,
  });
  assert.equal(pD.statusCode, 201, pD.body);
  assert.equal(pD.json().creditFen, 20_000);
  const creditLine = await n(
    `SELECT l.credit_fen::bigint AS n FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
      WHERE e.source_type = 'payment_received_transfer' AND e.source_id = $1 AND a.code LIKE '220301%'`,
    [`payment:${pD.json().id}`],
  );
  assert.equal(creditLine, 20_000, 'the credit is posted to prepaid balances');
  const debitOf = async (type: string, id: number) =>
    (
      await t.db.query(
        `SELECT a.code, l.debit_fen::bigint AS d FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
          WHERE e.source_type = $1 AND e.source_id = $2 AND l.debit_fen > 0`,
        [type, `payment:${id}`],
      )
    ).rows.map((r) => [r.code, Number(r.d)]);
  assert.deepEqual(await debitOf('payment_received_transfer', pD.json().id), [['100201', D.fen + 20_000]], 'a transfer is in the bank already');
  assert.deepEqual(await debitOf('payment_received_card', pB.json().id), [['101202', owedB.totalOwedFen]], 'a card taking awaits settlement');
  const rf = await cashier.req('POST', `/api/payments/accounts/${D.accountId}/refund-requests`, { amountFen: 5_000, reason: '退预收' });
  assert.equal(rf.statusCode, 201, rf.body);
  assert.equal((await sup.req('POST', `/api/payments/requests/${rf.json().id}/approve`, {})).statusCode, 200);
  assert.equal(await entries('refund', `refund:${rf.json().id}`), 1);
  const e3 = await allEntries();
  assert.equal((await sup.req('POST', `/api/payments/requests/${rf.json().id}/approve`, {})).json().code, 'REQUEST_DECIDED');
  assert.equal(await allEntries(), e3);

  // --- write-off (collection): E's bill 400 days overdue
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [E.billId, addDays(today, -400)]);
  const wo = await clerk.req('POST', `/api/collection/accounts/${E.accountId}/write-offs`, { reason: '用户失联，催收无果' });
  assert.equal(wo.statusCode, 201, wo.body);
  assert.equal(await entries('write_off', `writeoff:${wo.json().id}`), 0, 'nothing posted while pending');
  const woOk = await sup.req('POST', `/api/collection/write-offs/${wo.json().id}/approve`, {});
  assert.equal(woOk.statusCode, 200, woOk.body);
  assert.equal(woOk.json().ledgerSource, `writeoff:${wo.json().id}`);
  assert.equal(await entries('write_off', `writeoff:${wo.json().id}`), 1);
  const e4 = await allEntries();
  assert.equal((await sup.req('POST', `/api/collection/write-offs/${wo.json().id}/approve`, {})).json().code, 'REQUEST_DECIDED');
  assert.equal(await allEntries(), e4);

  // --- bank withholding: F and G paid by the bank (summarised per chunk), then the bank settles the batch
  for (const [i, x] of [F, G].entries()) {
    const m = await cashier.req('POST', '/api/payments/withholding/mandates', {
      accountId: x.accountId,
      bankCode: 'DEMO-FIX',
      bankAccountNo: `62220299${String(i).padStart(8, '0')}`,
      holderName: i ? '李四' : '张三',
    });
    assert.equal(m.statusCode, 200, m.body);
  }
  const batch = (await cashier.req('POST', '/api/payments/withholding/batches', { bankCode: 'DEMO-FIX' })).json();
  const L = await bankLayoutOf(t.db, 'DEMO-FIX');
  const debit = parseFile(L, L.debitFields, (await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}/file`)).rawPayload);
  const resultFile = formatFile(
    L,
    L.resultFields,
    debit.lines.map((l, i) => ({ ...l.values, result: '0000', bankRef: `R${i}`, message: '' })),
  );
  const imp = (
    await cashier.req('POST', '/api/payments/withholding/imports', { bankCode: 'DEMO-FIX', fileName: 'r.txt', contentBase64: resultFile.toString('base64') })
  ).json();
  assert.equal(imp.paid, debit.lines.length);
  const bankSources = (await t.db.query(`SELECT DISTINCT ledger_source FROM payments WHERE channel = 'bank'`)).rows.map((r) => r.ledger_source as string);
  for (const s of bankSources) assert.equal(await entries('payment_received', s), 1);
  // settlement: a wrong amount is refused naming the field, writing nothing
  const e5 = await allEntries();
  const wrong = await cashier.req('POST', `/api/payments/withholding/batches/${batch.id}/settlement`, { amountFen: imp.paidFen + 1, bankRef: 'STL001' });
  assert.equal(wrong.statusCode, 400, wrong.body);
  assert.equal(wrong.json().details[0].field, 'body.amountFen');
  assert.equal(await allEntries(), e5);
  const stl = await cashier.req('POST', `/api/payments/withholding/batches/${batch.id}/settlement`, { amountFen: imp.paidFen, bankRef: 'STL001' });
  assert.equal(stl.statusCode, 200, stl.body);
  assert.ok(stl.json().ledgerSources.length >= 1);
  for (const s of stl.json().ledgerSources) assert.equal(await entries('withholding_settled', s), 1);
  const settledFen = await n(
    `SELECT coalesce(sum(l.debit_fen), 0)::bigint AS n FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id WHERE e.source_type = 'withholding_settled'`,
  );
  assert.equal(settledFen, imp.paidFen, 'the bank account receives what the batch collected');
  const e6 = await allEntries();
  const replay = await cashier.req('POST', `/api/payments/withholding/batches/${batch.id}/settlement`, { amountFen: imp.paidFen, bankRef: 'STL001' });
  assert.equal(replay.json().replayed, true);
  const other = await cashier.req('POST', `/api/payments/withholding/batches/${batch.id}/settlement`, { amountFen: imp.paidFen, bankRef: 'STL002' });
  assert.equal(other.json().code, 'ALREADY_SETTLED');
  assert.equal(await allEntries(), e6);
  assert.equal((await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}`)).json().settlement.bankRef, 'STL001');
  // collections in transit of the batch's payments are back to zero: the bank payments' debits = the settlement's credits
  const bankPay = (await t.db.query(`SELECT id FROM payments WHERE channel = 'bank' ORDER BY id LIMIT 1`)).rows[0];
  const rev = await cashier.req('POST', `/api/payments/${bankPay.id}/reversal-requests`, { reason: '银行撤销' });
  assert.equal(rev.statusCode, 409, rev.body);
  assert.equal(rev.json().code, 'BATCH_SETTLED');

  // --- prepaid: the opening balance at enrolment posts a top-up; the daily charge posts per unit and class
  const enrolled = await clerk.req('POST', '/api/prepaid/accounts', { accountId: H.accountId, planCode: 'ZJ-RES-2012', openingBalanceFen: 6000 });
  assert.equal(enrolled.statusCode, 201, enrolled.body);
  assert.equal(await entries('prepaid_topup', `prepaid_opening:${H.accountId}`), 1);
  const e7 = await allEntries();
  assert.equal(
    (await clerk.req('POST', '/api/prepaid/accounts', { accountId: H.accountId, planCode: 'ZJ-RES-2012', openingBalanceFen: 6000 })).statusCode,
    409,
  );
  assert.equal(await allEntries(), e7);
  const day = addDays(today, -1);
  assert.equal((await clerk.req('POST', '/api/prepaid/usage', { days: [{ accountId: H.accountId, day, kwh: '10' }] })).statusCode, 200);
  const pass = await admin.req('POST', '/api/prepaid/daily-pass', { day });
  assert.equal(pass.statusCode, 200, pass.body);
  const consumption = (await t.db.query(`SELECT source_id FROM ledger_entries WHERE source_type = 'prepaid_consumption'`)).rows;
  assert.equal(consumption.length, 1);
  assert.match(consumption[0].source_id, /^pass\d+:\d+:residential$/);
  const e8 = await allEntries();
  assert.equal((await admin.req('POST', '/api/prepaid/daily-pass', { day })).statusCode, 200);
  assert.equal(await allEntries(), e8, 'the same day again charges and posts nothing');

  // --- interim bill (split settlement): posted on issue like any bill, once
  const I = bills[8];
  const agr = await clerk.req('PUT', `/api/billing/accounts/${I.accountId}/split-settlement`, {
    days: [1],
    sharePct: ['30'],
    expectedMonthlyFen: 10_000,
    active: true,
  });
  assert.equal(agr.statusCode, 200, agr.body);
  const cycle = today.slice(0, 7);
  const interim = await clerk.req('POST', `/api/billing/accounts/${I.accountId}/interim-bills`, { cycle, interimNo: 1 });
  if (interim.statusCode === 201) {
    assert.equal(await entries('bill_released', `bill:${interim.json().bill.id}`), 1);
    const e9 = await allEntries();
    assert.equal((await clerk.req('POST', `/api/billing/accounts/${I.accountId}/interim-bills`, { cycle, interimNo: 1 })).json().created, false);
    assert.equal(await allEntries(), e9);
  } else assert.fail(`interim bill not issued: ${interim.body}`);

  // --- cash deposit (payments): the cashier's day closed, its cash deposited at the bank, posted once per ledger unit
  const cashierDay = (await cashier.req('GET', '/api/payments/cashier/day')).json();
  assert.ok(cashierDay.totals.cash > 0, 'the cashier took cash today');
  const closed = await cashier.req('POST', '/api/payments/cashier/close', { day: cashierDay.day, declared: cashierDay.totals });
  assert.equal(closed.statusCode, 201, closed.body);
  const slip = { slipRef: REF(), bankName: '工商银行', amountFen: cashierDay.totals.cash, depositedAt: new Date().toISOString(), closeIds: [closed.json().id] };
  const dep = await cashier.req('POST', '/api/payments/cash-deposits', slip);
  assert.equal(dep.statusCode, 201, dep.body);
  assert.equal(dep.json().status, 'posted');
  for (const id of dep.json().ledgerSources) assert.equal(await entries('cash_deposited', id), 1);
  const e10 = await allEntries();
  assert.equal((await cashier.req('POST', '/api/payments/cash-deposits', slip)).json().replayed, true);
  assert.equal(await allEntries(), e10);

  // --- every entry names an event of its kind; each owning module audited its action
  const kinds = (await t.db.query(`SELECT DISTINCT source_type FROM ledger_entries ORDER BY 1`)).rows.map((r) => r.source_type);
  for (const k of [
    'bill_released',
    'payment_received',
    'payment_received_card',
    'payment_received_transfer',
    'late_fee_charged',
    'late_fee_waived',
    'refund',
    'write_off',
    'withholding_settled',
    'prepaid_topup',
    'prepaid_consumption',
    'cash_deposited',
  ])
    assert.ok(kinds.includes(k), `${k} posted`);
  for (const a of [
    'payment.take',
    'late_fee_waiver.approve',
    'payment_request.approve',
    'bad_debt_write_off.approve',
    'withholding.apply',
    'withholding.settle',
    'prepaid.enroll',
    'prepaid.pass',
    'bill.interim',
    'cash_deposit.record',
  ])
    assert.ok((await audited(a)) >= 1, `${a} audited`);

  // the books of the period balance in every unit
  const period = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS p`)).rows[0].p;
  for (const u of (await t.db.query(`SELECT org_unit_id FROM ledger_units`)).rows) {
    const tb = await sup.req('GET', `/api/ledger/trial-balance?orgUnitId=${u.org_unit_id}&period=${period}`);
    if (tb.statusCode === 200) assert.equal(tb.json().totals.balanced, true);
  }
  assert.equal(
    await n(`SELECT count(*)::int AS n FROM (SELECT org_unit_id, period FROM ledger_lines GROUP BY 1, 2 HAVING sum(debit_fen) <> sum(credit_fen)) x`),
    0,
    'every unit and period balances',
  );
});
