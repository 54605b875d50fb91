/**
 * A bank withholding file's payment recovers written-off debts like a counter payment (docs/payments.md,
 * "Recovery of a written-off debt"): an account whose old bill was written off as a bad debt gets a new bill,
 * its bank debit is sent, the customer pays the new bill at the counter meanwhile, and the bank's result file
 * then pays the line — the money has no open debt left, so it recovers the written-off debt (oldest first,
 * principal before fee) and only the rest is credit. The recovery is recorded by collection (audited
 * `bad_debt_write_off.recover`, the write-off's recovered figures), posted once as the payment's own
 * `bad_debt_recovered` (Dr 112201xx / Cr 123101) beside the chunk's summarised receipt; the same file again is
 * quarantined and posts nothing; the bank payment reversed (four eyes) takes its recovery back with it; the books balance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { todayBeijing } from '../ledger/index.js';
import { addDays } from '../../platform/calendar/dates.js';
import { formatFile, parseFile } from './bank-file-rules.js';
import { bankLayoutOf } from './index.js';

test('bank file: a withholding payment with no open debt left recovers the written-off debt, posted once, reversible', async () => {
  const t = await testApp({ customers: 40 });
  const [county] = await registerCountyLedgerUnits(t.db, ['SF-QH']);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const today = todayBeijing();
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const cashier = await t.login('cashier');
  // an account billed in the released run (its old bill) and in the run under review (its new bill)
  const A = (
    await t.db.query(
      `SELECT o.account_id, o.id AS old_id, o.total_fen AS old_fen FROM bills o JOIN bills x ON x.account_id = o.account_id AND x.run_id = $2 AND x.total_fen > 10000
        WHERE o.run_id = $1 AND o.status = 'released' AND o.total_fen > 10000 ORDER BY o.account_id LIMIT 1`,
      [act.releasedRunId, act.reviewRunId],
    )
  ).rows.map((r) => ({ accountId: Number(r.account_id), oldId: Number(r.old_id), oldFen: Number(r.old_fen) }))[0];
  assert.ok(A);

  // the old bill a year overdue, written off as a bad debt (four eyes)
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [A.oldId, addDays(today, -400)]);
  const wo = await clerk.req('POST', `/api/collection/accounts/${A.accountId}/write-offs`, { reason: '用户失联，多次催收无果' });
  assert.equal(wo.statusCode, 201, wo.body);
  assert.equal((await sup.req('POST', `/api/collection/write-offs/${wo.json().id}/approve`, {})).statusCode, 200);
  const writtenOff = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().writeOffs[0];
  const outstanding = writtenOff.outstandingFen as number;
  assert.ok(outstanding >= A.oldFen);

  // the new bill released; a mandate; the debit batch sends what the account owes now (the new bill)
  assert.equal((await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/review`, {})).statusCode, 200);
  assert.equal((await sup.req('POST', `/api/billing/runs/${act.reviewRunId}/release`, {})).statusCode, 200);
  const owed = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/arrears`)).json();
  assert.equal(owed.recoverableFen, outstanding);
  const m = await cashier.req('POST', '/api/payments/withholding/mandates', {
    accountId: A.accountId,
    bankCode: 'DEMO-CSV',
    bankAccountNo: '6222000000000001',
    holderName: '户主甲',
  });
  assert.equal(m.statusCode, 200, m.body);
  const b = await cashier.req('POST', '/api/payments/withholding/batches', { bankCode: 'DEMO-CSV' });
  assert.equal(b.statusCode, 201, b.body);
  const batch = b.json();
  const L = await bankLayoutOf(t.db, 'DEMO-CSV');
  const debit = parseFile(L, L.debitFields, (await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}/file`)).rawPayload);
  const line = debit.lines.find((l) => l.values.accountNo === owed.account.accountNo)!;
  assert.ok(line, 'the account is in the batch');
  const sent = Number(line.values.amountFen);
  assert.equal(sent, owed.totalOwedFen);

  // meanwhile the customer pays the new bill at the counter
  const counter = await cashier.req('POST', '/api/payments/counter', { accountId: A.accountId, amountFen: sent, method: 'cash', reference: 'BR-COUNTER-1' });
  assert.equal(counter.statusCode, 201, counter.body);
  assert.equal(counter.json().recoveries.length, 0);

  // the bank's result: the line paid — nothing open, so it recovers the written-off debt
  const file = formatFile(
    L,
    L.resultFields,
    debit.lines.map((l, i) => ({ ...l.values, result: 'S', bankRef: `BR${i}`, message: '' })),
  );
  const body = { bankCode: 'DEMO-CSV', fileName: `${batch.batchNo}.csv`, contentBase64: file.toString('base64') };
  const imp = await cashier.req('POST', '/api/payments/withholding/imports', body);
  assert.equal(imp.statusCode, 201, imp.body);
  const pay = (await cashier.req('GET', `/api/payments/accounts/${A.accountId}/payments`)).json().find((p: { channel: string }) => p.channel === 'bank');
  assert.ok(pay, 'the bank payment');
  const recovered = Math.min(sent, outstanding);
  assert.deepEqual(
    pay.recoveries.map((r: { writeOffId: number; billId: number; principalFen: number; lateFeeFen: number }) => [
      r.writeOffId,
      r.billId,
      r.principalFen + r.lateFeeFen,
    ]),
    [[writtenOff.id, A.oldId, recovered]],
  );
  assert.equal(pay.creditFen, sent - recovered, 'only the rest is credit');
  const after = (await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().writeOffs[0];
  assert.deepEqual([after.recoveredFen, after.outstandingFen], [recovered, outstanding - recovered]);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bad_debt_write_off.recover'`), 1);

  // the books: the recovery on its own (the write-off undone for what came back), the receipt in the chunk's summary
  const klass = (await t.db.query(`SELECT coalesce(inputs->'account'->>'customerClass', 'residential') AS c FROM bills WHERE id = $1`, [A.oldId])).rows[0].c;
  const receivable = { residential: '11220101', commercial_industrial: '11220102', agricultural: '11220103' }[klass as string]!;
  const recLines = async () =>
    (
      await t.db.query(
        `SELECT a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
           JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = 'bad_debt_recovered' AND e.source_id = $1 ORDER BY l.line_no`,
        [`payment:${pay.id}`],
      )
    ).rows.map((r) => [r.code, r.d, r.c]);
  const principalBack = pay.recoveries[0].principalFen as number;
  const feeBack = pay.recoveries[0].lateFeeFen as number;
  assert.deepEqual(await recLines(), [
    [receivable, principalBack, 0],
    ['123101', 0, principalBack],
    ...(feeBack
      ? [
          ['122101', feeBack, 0],
          ['123102', 0, feeBack],
        ]
      : []),
  ]);
  const source = (await t.db.query(`SELECT ledger_source FROM payments WHERE id = $1`, [pay.id])).rows[0].ledger_source as string;
  assert.ok(source.startsWith('bankfile:'), 'the receipt is in the summary');
  assert.equal(
    await n(
      `SELECT coalesce(sum(l.debit_fen), 0)::int AS n FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
        WHERE e.source_type = 'payment_received' AND e.source_id = $1 AND a.code = '101201'`,
      [source],
    ),
    sent,
  );

  // the same file again: quarantined whole, nothing posted
  const entries = () => n(`SELECT count(*)::int AS n FROM ledger_entries`);
  const before = await entries();
  const again = await cashier.req('POST', '/api/payments/withholding/imports', body);
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(await entries(), before);
  assert.equal(await n(`SELECT count(*)::int AS n FROM payments WHERE channel = 'bank'`), 1);

  // the bank payment reversed (four eyes): its recovery goes with it
  const rq = await cashier.req('POST', `/api/payments/${pay.id}/reversal-requests`, { reason: '银行退回' });
  assert.equal(rq.statusCode, 201, rq.body);
  const ok = await sup.req('POST', `/api/payments/requests/${rq.json().id}/approve`, {});
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await clerk.req('GET', `/api/collection/accounts/${A.accountId}`)).json().writeOffs[0].recoveredFen, 0);
  assert.equal(
    await n(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE reverses_entry_id = (SELECT id FROM ledger_entries WHERE source_type = 'bad_debt_recovered' AND source_id = $1)`,
      [`payment:${pay.id}`],
    ),
    1,
  );
  const period = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS p`)).rows[0].p;
  assert.equal((await sup.req('GET', `/api/ledger/trial-balance?orgUnitId=${county.id}&period=${period}`)).json().totals.balanced, true);
  assert.equal(
    await n(`SELECT count(*)::int AS n FROM (SELECT org_unit_id, period FROM ledger_lines GROUP BY 1, 2 HAVING sum(debit_fen) <> sum(credit_fen)) x`),
    0,
  );
});
