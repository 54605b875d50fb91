/**
 * Issue 11's last part through the API on a seeded county with books and a released run (docs/payments.md,
 * "Credit bills"; docs/collection.md, "Late-fee waivers"):
 *
 * - a paid bill cancelled and rebilled (退补): the money paid on it is a credit, applied at the next payment to
 *   the rebill by the payments allocation (no payment lands on a debt it settles), posted once as
 *   `bill_credit_applied`, audited; applying again does nothing; such an application cannot be reversed on request;
 *   an account that pays nothing gets its credit applied by the background sweep;
 * - a late fee charged and paid, then waived: the waiver's paid part is credited to the account (`late_fee_credited`,
 *   Dr 630101 / Cr 22030101), the credit refundable through payments' refund path (four eyes, `refund`); the
 *   payment that paid the fee can no longer be reversed (FEE_WAIVED); a fee charged and not paid, waived, is no
 *   longer owed (`late_fee_waived` only). Every unit and period still balances.
 */
import { test } from 'node:test';
import { principalOf } from '../../../test/support/principals.js';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../ledger/index.js';
import { addDays } from '../../platform/calendar/dates.js';
import { sweepBillCredits } from './bill-credits.js';

const REF = () => `CR${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('credits: a cancelled paid bill applied to its rebill, a paid late fee waived into credit and refunded', async () => {
  const t = await testApp({ customers: 40 });
  const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const bills = (
    await t.db.query(
      `SELECT DISTINCT ON (account_id) id, account_id, total_fen FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 ORDER BY account_id, id`,
      [act.releasedRunId],
    )
  ).rows.map((r) => ({ billId: Number(r.id), accountId: Number(r.account_id), fen: Number(r.total_fen) }));
  const [A, B, C, D] = bills;
  const today = todayBeijing();
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const entries = (type: string, id: string) => n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = $1 AND source_id = $2`, [type, id]);
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const cashier = await t.login('cashier');
  const arrears = async (accountId: number) => (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
  const pay = async (accountId: number, amountFen: number) => {
    const r = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen, method: 'cash', reference: REF(), confirmOverpay: true });
    assert.equal(r.statusCode, 201, r.body);
    return r.json();
  };

  // A: paid in full, then cancelled and rebilled (退补) by the billing clerk
  const owedA = (await arrears(A.accountId)).totalOwedFen as number;
  await pay(A.accountId, owedA);
  const rb = await clerk.req('POST', `/api/billing/bills/${A.billId}/rebill`, { reason: '抄表差错' });
  assert.equal(rb.statusCode, 201, rb.body);
  const rebillId = rb.json().rebill.id as number;
  const rebillFen = rb.json().rebill.totalFen as number;
  // the money paid on the cancelled bill waits as a credit; the rebill is owed meanwhile
  const before = await arrears(A.accountId);
  assert.equal(before.pendingCreditFen, A.fen);
  assert.ok(before.lines.some((l: { billId: number }) => l.billId === rebillId));
  const listed = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/bill-credits`)).json();
  assert.deepEqual(
    listed.map((c: { billId: number; source: string; creditFen: number; status: string }) => [c.billId, c.source, c.creditFen, c.status]),
    [[A.billId, 'cancelled_bill', A.fen, 'pending']],
  );
  // the next payment applies the credit first: the rebill is settled by it, the payment becomes credit
  const next = await pay(A.accountId, 100);
  assert.equal(next.allocations.length, 0, 'nothing of the payment lands on a debt the credit settled');
  assert.equal(next.creditFen, 100);
  const [used] = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/bill-credits`)).json();
  assert.equal(used.status, 'applied');
  assert.deepEqual(
    used.allocations.map((l: { billId: number; kind: string; amountFen: number }) => [l.billId, l.kind, l.amountFen]),
    [[rebillId, 'principal', Math.min(rebillFen, A.fen)]],
  );
  assert.equal(used.keptAsCreditFen, Math.max(0, A.fen - rebillFen));
  const afterA = await arrears(A.accountId);
  assert.deepEqual([afterA.totalOwedFen, afterA.pendingCreditFen, afterA.creditFen], [Math.max(0, rebillFen - A.fen), 0, 100 + used.keptAsCreditFen]);
  assert.equal(await entries('bill_credit_applied', `payment:${used.paymentId}`), 1);
  assert.equal((await cashier.req('POST', `/api/payments/accounts/${A.accountId}/bill-credits/apply`)).json()[0].paymentId, used.paymentId);
  assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'bill_credit_applied'`), 1);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bill_credit.apply'`), 1);
  const revCredit = await cashier.req('POST', `/api/payments/${used.paymentId}/reversal-requests`, { reason: 'x' });
  assert.equal(revCredit.statusCode, 409);
  assert.equal(revCredit.json().code, 'CREDIT_APPLICATION');

  // B: 45 days overdue, paid in full with its late fee; a waiver of the paid fee, approved later, credits it
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [B.billId, addDays(today, -45)]);
  const owedB = await arrears(B.accountId);
  const payB = await pay(B.accountId, owedB.totalOwedFen);
  const fee = payB.feeChargedFen as number;
  assert.ok(fee > 0, 'a fee was charged and paid');
  assert.equal((await arrears(B.accountId)).creditFen, 0);
  const tooMuch = await clerk.req('POST', `/api/collection/accounts/${B.accountId}/waivers`, { billId: B.billId, amountFen: fee + 1, reason: '减免' });
  assert.equal(tooMuch.statusCode, 400);
  assert.equal(tooMuch.json().details[0].field, 'body.amountFen');
  const w = await clerk.req('POST', `/api/collection/accounts/${B.accountId}/waivers`, {
    billId: B.billId,
    amountFen: fee,
    reason: '系统停电期间逾期，减免违约金',
  });
  assert.equal(w.statusCode, 201, w.body);
  const ok = await sup.req('POST', `/api/collection/waivers/${w.json().id}/approve`, {});
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual([ok.json().unchargedFen, ok.json().chargedFen, ok.json().paidFen], [0, 0, fee]);
  assert.equal((await sup.req('POST', `/api/collection/waivers/${w.json().id}/approve`, {})).json().code, 'REQUEST_DECIDED');
  const wLines = (
    await t.db.query(
      `SELECT e.source_type, a.code, l.debit_fen::bigint AS d, l.credit_fen::bigint AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
         JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_id = $1 ORDER BY e.id, l.line_no`,
      [`waiver:${w.json().id}`],
    )
  ).rows.map((r) => [r.source_type, r.code, Number(r.d), Number(r.c)]);
  const klass = (await t.db.query(`SELECT coalesce(inputs->'account'->>'customerClass', 'residential') AS c FROM bills WHERE id = $1`, [B.billId])).rows[0].c;
  const prepaid = { residential: '22030101', commercial_industrial: '22030102', agricultural: '22030103' }[klass as string]!;
  assert.deepEqual(wLines, [
    ['late_fee_credited', '630101', fee, 0],
    ['late_fee_credited', prepaid, 0, fee],
  ]);
  assert.equal((await arrears(B.accountId)).creditFen, fee, 'the paid fee is the customer’s credit again');
  // the payment that paid the fee can no longer be reversed
  const revB = await cashier.req('POST', `/api/payments/${payB.id}/reversal-requests`, { reason: '错收' });
  assert.equal(revB.statusCode, 409);
  assert.equal(revB.json().code, 'FEE_WAIVED');
  // refunded through payments' refund path, four eyes: posted once as `refund`
  const rf = await cashier.req('POST', `/api/payments/accounts/${B.accountId}/refund-requests`, { amountFen: fee, reason: '违约金减免退款' });
  assert.equal(rf.statusCode, 201, rf.body);
  assert.equal((await sup.req('POST', `/api/payments/requests/${rf.json().id}/approve`, {})).statusCode, 200);
  assert.equal(await entries('refund', `refund:${rf.json().id}`), 1);
  assert.equal((await arrears(B.accountId)).creditFen, 0);

  // C: 45 days overdue; a partial payment charges the fee and leaves it owed (principal first); a waiver of it: no longer owed
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [C.billId, addDays(today, -45)]);
  const payC = await pay(C.accountId, 1_000);
  const feeC = payC.feeChargedFen as number;
  const owedC = await arrears(C.accountId);
  assert.equal(owedC.lines[0].feeOwedFen, feeC);
  const wc = await clerk.req('POST', `/api/collection/accounts/${C.accountId}/waivers`, { billId: C.billId, amountFen: feeC, reason: '减免' });
  assert.equal(wc.statusCode, 201, wc.body);
  const okC = (await sup.req('POST', `/api/collection/waivers/${wc.json().id}/approve`, {})).json();
  assert.deepEqual([okC.unchargedFen, okC.chargedFen, okC.paidFen], [0, feeC, 0]);
  assert.equal((await arrears(C.accountId)).lines[0].feeOwedFen, 0);
  assert.equal(await entries('late_fee_waived', `waiver:${wc.json().id}`), 1);
  assert.equal(await entries('late_fee_charged', `waiver:${wc.json().id}`), 0, 'a fee recognised at its payment is not recognised again');

  // D: paid, cancelled and rebilled, and no payment follows: the background sweep applies the credit (as the system), once
  await pay(D.accountId, (await arrears(D.accountId)).totalOwedFen);
  assert.equal((await clerk.req('POST', `/api/billing/bills/${D.billId}/rebill`, { reason: '换表' })).statusCode, 201);
  assert.equal(await sweepBillCredits(t.db), 1);
  const [swept] = (await cashier.req('GET', `/api/payments/accounts/${D.accountId}/bill-credits`)).json();
  assert.deepEqual([swept.billId, swept.status], [D.billId, 'applied']);
  assert.equal(await entries('bill_credit_applied', `payment:${swept.paymentId}`), 1);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bill_credit.apply' AND actor_kind = 'system'`), 1);
  assert.equal(await sweepBillCredits(t.db), 0, 'nothing left to apply');

  // audited, and the books balance
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'late_fee_waiver.approve'`), 2);
  const period = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS p`)).rows[0].p;
  assert.equal((await sup.req('GET', `/api/ledger/trial-balance?orgUnitId=${county.id}&period=${period}`)).json().totals.balanced, true);
});
