/**
 * Bad-debt write-offs (坏账核销) through the API on a seeded county with books and a released run:
 * refusals named (not overdue enough, nothing owed, one pending at a time, bad input) writing nothing;
 * four eyes (the proposer cannot decide; a user without collection.approve cannot); a payment after
 * the proposal refuses the approval (DEBT_CHANGED); approval posts `write_off` { principal, lateFee }
 * once (receivable and late fees receivable down, allowance up), marks the bills written off — payments
 * no longer counts them, collection's pass neither accrues nor ages them — and is audited; a rejected
 * write-off changes nothing; reversing a payment of a written-off bill is refused; a later payment recovers
 * the written-off debt (坏账收回: reinstated, then received, audited) and may itself be reversed; the board lists
 * the pending write-offs and the account's file its write-offs with what was recovered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { todayBeijing } from '../ledger/index.js';
import { addDays } from '../../platform/calendar/dates.js';
import { principalOf } from '../../../test/support/principals.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';

const REF = () => `WO${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('write-offs: refusals, four eyes, posting once, debt no longer owed nor accruing, audited, board', async () => {
  const t = await testApp({ customers: 40 });
  const [county] = await registerCountyLedgerUnits(t.db, ['SF-QH']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const bills = (
    await t.db.query(
      `SELECT DISTINCT ON (account_id) id, account_id, total_fen FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 ORDER BY account_id, id`,
      [act.releasedRunId],
    )
  ).rows.map((r) => ({ billId: Number(r.id), accountId: Number(r.account_id), fen: Number(r.total_fen) }));
  const [A, B, C] = bills;
  const today = todayBeijing();
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const rows = () => n(`SELECT count(*)::int AS n FROM bad_debt_write_offs`);
  const audits = () => n(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'bad_debt_write_off.%'`);
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const cashier = await t.login('cashier');
  const calltaker = await t.login('calltaker');
  const propose = (accountId: number, body: unknown = { reason: '用户失联，多次催收无果' }, who = clerk) =>
    who.req('POST', `/api/collection/accounts/${accountId}/write-offs`, body);

  // A's bill 40 days overdue: not old enough (policy: 365 days); bad input names the field; nothing written
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [A.billId, addDays(today, -40)]);
  const young = await propose(A.accountId);
  assert.equal(young.statusCode, 409, young.body);
  assert.equal(young.json().code, 'NOT_OVERDUE_ENOUGH');
  assert.ok(young.json().messages['zh-CN'] && young.json().messages.en);
  const noReason = await propose(A.accountId, { reason: '' });
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().details[0].field, 'body.reason');
  assert.equal((await propose(A.accountId, {}, calltaker)).statusCode, 403);
  assert.equal((await propose(999_999_999)).statusCode, 404);
  assert.equal(await rows(), 0);

  // A: a year and more overdue; a partial payment first charges the fee (recognised in 122101) and pays part of the principal
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [A.billId, addDays(today, -400)]);
  const part = await cashier.req('POST', '/api/payments/counter', { accountId: A.accountId, amountFen: 1000, method: 'cash', reference: REF() });
  assert.equal(part.statusCode, 201, part.body);
  const feeCharged = part.json().feeChargedFen as number;
  assert.ok(feeCharged > 0, 'a fee was charged at the payment');
  const owedA = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/arrears`)).json();
  const line = owedA.lines.find((l: { billId: number }) => l.billId === A.billId);
  const principalOwed = line.principalOwedFen as number;
  const feeOwed = line.feeOwedFen as number;
  assert.equal(principalOwed, A.fen - 1000);
  assert.equal(feeOwed, feeCharged, 'the fee charged is not paid (principal first)');

  const wo = await propose(A.accountId);
  assert.equal(wo.statusCode, 201, wo.body);
  const w = wo.json();
  assert.deepEqual([w.status, w.principalFen, w.lateFeeFen, w.ledgerSource], ['pending', principalOwed, feeOwed, null]);
  assert.deepEqual(
    w.bills.map((b: { billId: number }) => b.billId),
    [A.billId],
  );
  assert.equal((await propose(A.accountId)).json().code, 'WRITE_OFF_PENDING');
  // a bill proposed for a write-off is not cancelled and rebilled (its rebill would be owed beside it); nothing written
  const rebillRefused = async (status: string) => {
    const before = await n(`SELECT count(*)::int AS n FROM bills WHERE account_id = $1`, [A.accountId]);
    const r = await clerk.req('POST', `/api/billing/bills/${A.billId}/rebill`, { reason: '表计故障退补' });
    assert.equal(r.statusCode, 409, r.body);
    assert.deepEqual([r.json().code, r.json().writeOffStatus], ['WRITTEN_OFF', status]);
    assert.ok(r.json().messages['zh-CN'].includes('核销') && r.json().messages.en.includes('write-off'));
    assert.equal(await n(`SELECT count(*)::int AS n FROM bills WHERE account_id = $1`, [A.accountId]), before);
    assert.equal((await t.db.query(`SELECT status FROM bills WHERE id = $1`, [A.billId])).rows[0].status, 'released');
  };
  await rebillRefused('pending');
  // four eyes: the proposer cannot decide; a clerk without collection.approve cannot
  const own = await (await t.login('supervisor')).req('GET', '/api/collection/board');
  assert.ok(
    own.json().pendingWriteOffs.some((x: { id: number }) => x.id === w.id),
    'the board lists it',
  );
  assert.equal((await clerk.req('POST', `/api/collection/write-offs/${w.id}/approve`, {})).statusCode, 403);
  // the supervisor may propose too, but not decide their own proposal
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [B.billId, addDays(today, -500)]);
  const supProposal = await sup.req('POST', `/api/collection/accounts/${B.accountId}/write-offs`, { reason: '破产清算' });
  assert.equal(supProposal.statusCode, 201, supProposal.body);
  const same = await sup.req('POST', `/api/collection/write-offs/${supProposal.json().id}/approve`, {});
  assert.equal(same.statusCode, 409);
  assert.equal(same.json().code, 'SAME_PERSON');

  // C: a payment after the proposal refuses the approval (the debt changed); then rejected: nothing posted, C still owes
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [C.billId, addDays(today, -400)]);
  const wc = (await propose(C.accountId)).json();
  assert.equal(
    (await cashier.req('POST', '/api/payments/counter', { accountId: C.accountId, amountFen: 500, method: 'cash', reference: REF() })).statusCode,
    201,
  );
  const changed = await sup.req('POST', `/api/collection/write-offs/${wc.id}/approve`, {});
  assert.equal(changed.statusCode, 409);
  assert.equal(changed.json().code, 'DEBT_CHANGED');
  const rej = await sup.req('POST', `/api/collection/write-offs/${wc.id}/reject`, { note: '继续催收' });
  assert.equal(rej.statusCode, 200, rej.body);
  assert.equal(rej.json().status, 'rejected');
  assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'write_off'`), 0);
  assert.ok((await cashier.req('GET', `/api/payments/accounts/${C.accountId}/arrears`)).json().principalOwedFen > 0);

  // approval: posted once, by the rules: Dr 123101 / Cr 11220101 (principal), Dr 123102 / Cr 122101 (fee)
  const ok = await sup.req('POST', `/api/collection/write-offs/${w.id}/approve`, { note: '经审核同意核销' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual([ok.json().status, ok.json().ledgerSource], ['approved', `writeoff:${w.id}`]);
  const lines = (
    await t.db.query(
      `SELECT a.code, l.debit_fen::bigint AS d, l.credit_fen::bigint AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
         JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = 'write_off' AND e.source_id = $1 ORDER BY l.line_no`,
      [`writeoff:${w.id}`],
    )
  ).rows.map((r) => [r.code, Number(r.d), Number(r.c)]);
  const klass = (await t.db.query(`SELECT coalesce(inputs->'account'->>'customerClass', 'residential') AS c FROM bills WHERE id = $1`, [A.billId])).rows[0].c;
  const receivable = { residential: '11220101', commercial_industrial: '11220102', agricultural: '11220103' }[klass as string]!;
  assert.deepEqual(lines, [
    ['123101', principalOwed, 0],
    [receivable, 0, principalOwed],
    ['123102', feeOwed, 0],
    ['122101', 0, feeOwed],
  ]);
  assert.equal((await sup.req('POST', `/api/collection/write-offs/${w.id}/approve`, {})).json().code, 'REQUEST_DECIDED');
  await rebillRefused('approved');
  assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'write_off'`), 1);

  // the debt is written off: payments no longer counts the bill, collection neither accrues nor ages it
  const after = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/arrears`)).json();
  assert.equal(
    after.lines.some((l: { billId: number }) => l.billId === A.billId),
    false,
  );
  const file = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json();
  assert.equal(
    file.bills.some((b: { billId: number }) => b.billId === A.billId),
    false,
  );
  assert.equal(file.writeOffs.length, 1);
  assert.equal(file.writeOffs[0].status, 'approved');
  assert.equal((await sup.req('POST', '/api/collection/daily-pass', { date: today })).statusCode, 200);
  assert.equal(await n(`SELECT count(*)::int AS n FROM late_fee_accruals WHERE bill_id = $1`, [A.billId]), 0, 'no fee accrues on it');
  assert.equal(await n(`SELECT count(*)::int AS n FROM late_fee_accruals WHERE bill_id = $1`, [C.billId]), 1, 'a bill not written off still accrues');
  // a later payment of A is no longer owed on the written-off bill: it recovers it (坏账收回, docs/collection.md) —
  // the receivable reinstated for the amount (Dr receivable / Cr 123101), then the receipt credits it
  assert.equal(after.recoverableFen, principalOwed + feeOwed);
  const later = await cashier.req('POST', '/api/payments/counter', { accountId: A.accountId, amountFen: 300, method: 'cash', reference: REF() });
  assert.equal(later.statusCode, 201, later.body);
  assert.deepEqual(
    later.json().allocations.map((x: { billId: number; kind: string; amountFen: number }) => [x.billId, x.kind, x.amountFen]),
    [[A.billId, 'principal', 300]],
  );
  assert.deepEqual(later.json().recoveries, [{ writeOffId: w.id, billId: A.billId, principalFen: 300, lateFeeFen: 0 }]);
  const recLines = async (type: string) =>
    (
      await t.db.query(
        `SELECT a.code, l.debit_fen::bigint AS d, l.credit_fen::bigint AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
           JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = $1 AND e.source_id = $2 AND e.reverses_entry_id IS NULL ORDER BY l.line_no`,
        [type, `payment:${later.json().id}`],
      )
    ).rows.map((r) => [r.code, Number(r.d), Number(r.c)]);
  assert.deepEqual(await recLines('bad_debt_recovered'), [
    [receivable, 300, 0],
    ['123101', 0, 300],
  ]);
  assert.deepEqual(await recLines('payment_received'), [
    ['101201', 300, 0],
    [receivable, 0, 300],
  ]);
  const recovered = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().writeOffs[0];
  assert.deepEqual([recovered.recoveredFen, recovered.outstandingFen], [300, principalOwed + feeOwed - 300]);
  assert.equal((await cashier.req('GET', `/api/payments/accounts/${A.accountId}/arrears`)).json().recoverableFen, principalOwed + feeOwed - 300);
  // a recovery may be reversed with its payment (four eyes): the recovery no longer counts, its entry is reversed
  const revReq = await cashier.req('POST', `/api/payments/${later.json().id}/reversal-requests`, { reason: '错收' });
  assert.equal(revReq.statusCode, 201, revReq.body);
  assert.equal((await sup.req('POST', `/api/payments/requests/${revReq.json().id}/approve`, {})).statusCode, 200);
  assert.equal((await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().writeOffs[0].recoveredFen, 0);
  assert.equal(
    await n(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE reverses_entry_id = (SELECT id FROM ledger_entries WHERE source_type = 'bad_debt_recovered' AND source_id = $1)`,
      [`payment:${later.json().id}`],
    ),
    1,
  );
  // the partial payment made before the write-off cannot be reversed any more (its bill is written off)
  const revFirst = await cashier.req('POST', `/api/payments/${part.json().id}/reversal-requests`, { reason: '错收' });
  assert.equal(revFirst.statusCode, 409, revFirst.body);
  assert.equal(revFirst.json().code, 'WRITTEN_OFF');

  // audited: request ×3 (A, B, C; the refused ones wrote nothing), approve ×1, reject ×1
  assert.deepEqual(
    Object.fromEntries(
      (await t.db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'bad_debt_write_off.%' GROUP BY 1`)).rows.map((r) => [
        r.action,
        r.n,
      ]),
    ),
    { 'bad_debt_write_off.request': 3, 'bad_debt_write_off.approve': 1, 'bad_debt_write_off.reject': 1, 'bad_debt_write_off.recover': 1 },
  );
  assert.ok((await audits()) === 6);
  // the books balance
  const period = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS p`)).rows[0].p;
  const tb = await sup.req('GET', `/api/ledger/trial-balance?orgUnitId=${county.id}&period=${period}`);
  assert.equal(tb.json().totals.balanced, true);
});
