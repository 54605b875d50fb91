/**
 * Collection API on a seeded county with a released bill run: the account's file with its late fee
 * explained, the stop-order refusals (no notice, notice period, no call, installment in force,
 * important customer without its second approval), four eyes on waivers and important stops, a waived
 * fee not charged at payment and posted to the ledger, the restore clock on payment, a missed
 * installment resuming collection, the board, and every step audited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { todayBeijing } from '../ledger/index.js';
import { addDays } from '../../platform/calendar/dates.js';
import { principalOf } from '../../../test/support/principals.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';

test('collection: file, workflow refusals, four eyes, waivers respected by payments, restore clock, installments, board', async () => {
  const t = await testApp({ customers: 40 });
  await registerCountyLedgerUnits(t.db, ['SF-QH']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const released = (
    await t.db.query(
      `SELECT DISTINCT ON (account_id) id, account_id, total_fen FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 ORDER BY account_id, id`,
      [act.releasedRunId],
    )
  ).rows;
  assert.ok(released.length >= 4, `${released.length} accounts with a bill`);
  const [A, B, C, D] = released.slice(0, 4).map((r) => ({ accountId: Number(r.account_id), billId: Number(r.id), fen: Number(r.total_fen) }));
  const today = todayBeijing();
  // every bill of the run overdue by 40 days; B is an important customer
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE run_id = $1`, [act.releasedRunId, addDays(today, -40)]);
  await t.db.query(`UPDATE service_points SET important = true WHERE account_id = $1`, [B.accountId]);

  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const cashier = await t.login('cashier');
  const calltaker = await t.login('calltaker');
  const audits = async () =>
    Number(
      (await t.db.query(`SELECT count(*) FROM audit_log WHERE action LIKE 'collection.%' OR action LIKE 'late_fee_waiver.%' OR action LIKE 'installment.%'`))
        .rows[0].count,
    );
  const steps = async () => Number((await t.db.query('SELECT count(*) FROM collection_steps')).rows[0].count);

  // the account's file: open bills with the fee explained per line, risk with reasons
  assert.equal((await calltaker.req('GET', `/api/collection/accounts/${A.accountId}`)).statusCode, 403);
  assert.equal((await clerk.req('GET', `/api/collection/accounts/999999999`)).statusCode, 404);
  const fileA = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json();
  const billA = fileA.bills.find((b: { billId: number }) => b.billId === A.billId);
  assert.equal(billA.overdueDays, 40);
  assert.equal(billA.lateFee.days, 40);
  assert.ok(billA.feeDueFen >= 100, 'at least the ¥1 floor');
  assert.equal(billA.lateFee.lines[0].baseFen, A.fen);
  assert.ok(fileA.risk.reasons.some((r: { code: string }) => r.code === 'overdue'));
  assert.equal(fileA.supply, 'on');

  // stop without a served notice: refused, nothing written
  const s0 = await steps();
  const noNotice = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/stop-orders`, {});
  assert.equal(noNotice.statusCode, 409, noNotice.body);
  assert.equal(noNotice.json().code, 'NOTICE_MISSING');
  assert.ok(noNotice.json().messages['zh-CN'] && noNotice.json().messages.en);
  assert.equal(await steps(), s0);
  // bad input names the field
  const future = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/notices`, { method: 'in_person', servedOn: addDays(today, 1) });
  assert.equal(future.statusCode, 400);
  assert.equal(future.json().details[0].field, 'body.servedOn');
  const badMethod = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/notices`, { method: 'pigeon' });
  assert.equal(badMethod.statusCode, 400);
  assert.equal(await steps(), s0);

  // notice served 8 days ago (notice period 7 days): the stop still needs the call
  const notice = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/notices`, { method: 'registered_mail', servedOn: addDays(today, -8) });
  assert.equal(notice.statusCode, 201, notice.body);
  assert.equal(notice.json().stopFrom, addDays(today, -1));
  const noCall = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/stop-orders`, {});
  assert.equal(noCall.json().code, 'CALL_MISSING');
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${A.accountId}/calls`, { outcome: 'reached' })).statusCode, 201);
  const stopA = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/stop-orders`, { note: '欠费停电' });
  assert.equal(stopA.statusCode, 201, stopA.body);
  assert.equal(stopA.json().status, 'approved', 'not an important customer: no second approval');
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${A.accountId}/stop-orders`, {})).json().code, 'STOP_ORDER_OPEN');

  // B: a notice served today: the stop must wait for the notice period
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${B.accountId}/notices`, { method: 'in_person' })).statusCode, 201);
  await clerk.req('POST', `/api/collection/accounts/${B.accountId}/calls`, { outcome: 'no_answer' });
  const early = await clerk.req('POST', `/api/collection/accounts/${B.accountId}/stop-orders`, {});
  assert.equal(early.statusCode, 409);
  assert.equal(early.json().code, 'NOTICE_PERIOD');
  // (the notice period passes)
  await t.db.query(`UPDATE collection_steps SET served_on = served_on - 7, stop_from = stop_from - 7 WHERE account_id = $1 AND kind = 'notice'`, [B.accountId]);
  const stopB = (await clerk.req('POST', `/api/collection/accounts/${B.accountId}/stop-orders`, {})).json();
  assert.equal(stopB.status, 'awaiting_approval', 'important customer: a second approval');
  assert.equal(stopB.important, true);
  assert.equal((await clerk.req('POST', `/api/collection/stop-orders/${stopB.id}/execute`, {})).json().code, 'APPROVAL_MISSING');
  assert.equal((await clerk.req('POST', `/api/collection/stop-orders/${stopB.id}/approve`, {})).statusCode, 403, 'the clerk may not approve');
  const approved = await sup.req('POST', `/api/collection/stop-orders/${stopB.id}/approve`, { note: '同意' });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().approvedBy !== null, true);

  // A: stop executed by field staff; the customer pays everything; the restore clock starts at the payment
  const executed = await clerk.req('POST', `/api/collection/stop-orders/${stopA.json().id}/execute`, { note: '现场停电' });
  assert.equal(executed.json().status, 'executed');
  assert.equal((await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().supply, 'stopped');
  const owed = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/arrears`)).json();
  const paid = await cashier.req('POST', '/api/payments/counter', {
    accountId: A.accountId,
    amountFen: owed.totalOwedFen,
    method: 'cash',
    reference: `col-${A.accountId}`,
  });
  assert.equal(paid.statusCode, 201, paid.body);
  const pass = await sup.req('POST', '/api/collection/daily-pass', {});
  assert.equal(pass.statusCode, 200, pass.body);
  const fileA2 = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json();
  const restore = fileA2.steps.find((s: { kind: string }) => s.kind === 'restore');
  assert.ok(restore, 'a restore clock opened');
  assert.equal(restore.clockState, 'running');
  assert.equal(new Date(restore.clockDueAt).getTime() - new Date(restore.clockStartedAt).getTime(), 24 * 3_600_000, '24 h (2011 commitment)');
  const restored = (await clerk.req('POST', `/api/collection/restores/${restore.id}/done`, {})).json();
  assert.equal(restored.clockState, 'met');
  assert.equal((await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().supply, 'on');

  // C: waiver — over the fee refused; own request not decided by the requester; approved by another
  const fileC = (await clerk.req('GET', `/api/collection/accounts/${C.accountId}`)).json();
  const feeC = fileC.bills.find((b: { billId: number }) => b.billId === C.billId).feeDueFen as number;
  const over = await clerk.req('POST', `/api/collection/accounts/${C.accountId}/waivers`, { billId: C.billId, amountFen: feeC + 1, reason: '系统故障' });
  assert.equal(over.statusCode, 400);
  assert.equal(over.json().details[0].field, 'body.amountFen');
  const own = (await sup.req('POST', `/api/collection/accounts/${C.accountId}/waivers`, { billId: C.billId, amountFen: 1, reason: '测试' })).json();
  assert.equal((await sup.req('POST', `/api/collection/waivers/${own.id}/approve`, {})).json().code, 'SAME_PERSON');
  assert.equal((await sup.req('POST', `/api/collection/waivers/${own.id}/reject`, {})).json().code, 'SAME_PERSON');
  await t.db.query(`UPDATE late_fee_waivers SET status = 'rejected' WHERE id = $1`, [own.id]);
  const w = await clerk.req('POST', `/api/collection/accounts/${C.accountId}/waivers`, { billId: C.billId, amountFen: feeC, reason: '抄表差错导致逾期' });
  assert.equal(w.statusCode, 201, w.body);
  const wa = await sup.req('POST', `/api/collection/waivers/${w.json().id}/approve`, { note: '核实' });
  assert.equal(wa.json().status, 'approved');
  assert.equal(
    Number((await t.db.query(`SELECT count(*) FROM ledger_entries WHERE source_type = 'late_fee_waived'`)).rows[0].count),
    1,
    'the waiver posted to the ledger',
  );
  const arrearsC = (await cashier.req('GET', `/api/payments/accounts/${C.accountId}/arrears`)).json();
  assert.equal(arrearsC.lines.find((l: { billId: number }) => l.billId === C.billId).lateFee.dueNowFen, 0, 'payments do not charge a waived fee');
  const payC = await cashier.req('POST', '/api/payments/counter', {
    accountId: C.accountId,
    amountFen: arrearsC.totalOwedFen,
    method: 'cash',
    reference: `col-${C.accountId}`,
  });
  assert.equal(payC.json().feeChargedFen, 0);
  assert.equal((await sup.req('POST', `/api/collection/waivers/${w.json().id}/approve`, {})).json().code, 'REQUEST_DECIDED');

  // D: installments — over the arrears refused; then in force: no stop; a missed one breaks it and collection resumes
  const fileD = (await clerk.req('GET', `/api/collection/accounts/${D.accountId}`)).json();
  const arrearsD = fileD.principalOwedFen + fileD.feeDueFen;
  const tooMuch = await clerk.req('POST', `/api/collection/accounts/${D.accountId}/installments`, {
    items: [{ dueOn: addDays(today, 10), amountFen: arrearsD + 1 }],
  });
  assert.equal(tooMuch.statusCode, 400);
  assert.equal(tooMuch.json().details[0].field, 'body.items');
  const half = Math.floor(arrearsD / 2);
  const ag = await clerk.req('POST', `/api/collection/accounts/${D.accountId}/installments`, {
    items: [
      { dueOn: addDays(today, 10), amountFen: half },
      { dueOn: addDays(today, 40), amountFen: arrearsD - half },
    ],
  });
  assert.equal(ag.statusCode, 201, ag.body);
  assert.equal(ag.json().status, 'active');
  await clerk.req('POST', `/api/collection/accounts/${D.accountId}/notices`, { method: 'in_person', servedOn: addDays(today, -9) });
  await clerk.req('POST', `/api/collection/accounts/${D.accountId}/calls`, { outcome: 'promised_to_pay' });
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${D.accountId}/stop-orders`, {})).json().code, 'INSTALLMENT_ACTIVE');
  // the first installment's day passes unpaid
  await t.db.query(`UPDATE installment_items SET due_on = $2 WHERE agreement_id = $1 AND seq = 1`, [ag.json().id, addDays(today, -1)]);
  await sup.req('POST', '/api/collection/daily-pass', { date: today });
  const fileD2 = (await clerk.req('GET', `/api/collection/accounts/${D.accountId}`)).json();
  assert.equal(fileD2.installments[0].status, 'broken');
  assert.ok(fileD2.risk.reasons.some((r: { code: string }) => r.code === 'broken_installment'));
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${D.accountId}/stop-orders`, {})).statusCode, 201, 'collection resumes');

  // the board: ageing by org unit from the pass, reminders due, stop orders; a reminder recorded leaves the list
  let board = (await clerk.req('GET', '/api/collection/board')).json();
  const due = board.dueToday[0];
  assert.ok(due, 'reminders due');
  assert.ok(!board.dueToday.some((x: { accountId: number }) => x.accountId === A.accountId), 'A has paid');
  const reminder = await clerk.req('POST', `/api/collection/accounts/${due.accountId}/reminders`, { method: 'sms', note: '短信催费' });
  assert.equal(reminder.statusCode, 201, reminder.body);
  board = (await clerk.req('GET', '/api/collection/board')).json();
  assert.ok(!board.dueToday.some((x: { accountId: number }) => x.accountId === due.accountId));
  assert.ok(board.asOf);
  assert.equal(board.bucketLabels.length, 6);
  assert.ok(board.units.length >= 1);
  assert.ok(
    board.units.every((u: { buckets: { bucket: number }[] }) => u.buckets.every((b) => b.bucket === 1)),
    'every debt 40 days overdue: bucket 31–60',
  );
  assert.ok(board.stopOrders.some((s: { id: number }) => s.id === stopB.id));
  assert.ok(board.risky.length > 0 && board.risky[0].risk.reasons.length > 0);
  assert.equal((await calltaker.req('GET', '/api/collection/board')).statusCode, 403);
  assert.ok((await audits()) >= 15, `${await audits()} audit records`);
});
