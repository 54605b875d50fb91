/**
 * Bank withholding round trip against the bills of a released run: mandates, the debit file in a
 * fixed-width GBK layout, the bank's result file with paid, failed and bad lines, quarantine with
 * reasons, the same file again quarantined whole, a corrected file reconciling the batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { principalOf } from '../../../test/support/principals.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { decode, formatFile, parseFile } from './bank-file-rules.js';
import { bankLayoutOf } from './index.js';

test('withholding: export per bank layout (GBK fixed width), import results, quarantine with reasons, duplicate file, reconcile', async () => {
  const t = await testApp({ customers: 40 });
  await registerCountyLedgerUnits(t.db);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const bills = (
    await t.db.query(`SELECT account_id, total_fen FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id LIMIT 6`, [
      act.releasedRunId,
    ])
  ).rows;
  assert.equal(bills.length, 6);
  const cashier = await t.login('cashier');
  const calltaker = await t.login('calltaker');

  const banks = (await cashier.req('GET', '/api/payments/withholding/banks')).json();
  assert.deepEqual(
    banks.map((b: { bankCode: string }) => b.bankCode),
    ['DEMO-CSV', 'DEMO-FIX'],
  );
  const holders = ['张三', '李四', '王五', '赵六', '欧阳明', '钱七'];
  for (const [i, b] of bills.entries()) {
    const r = await cashier.req('POST', '/api/payments/withholding/mandates', {
      accountId: Number(b.account_id),
      bankCode: 'DEMO-FIX',
      bankAccountNo: `62220200${String(i).padStart(8, '0')}`,
      holderName: holders[i],
    });
    assert.equal(r.statusCode, 200, r.body);
  }
  const badBank = await cashier.req('POST', '/api/payments/withholding/batches', { bankCode: 'NO-BANK' });
  assert.equal(badBank.statusCode, 400);
  assert.equal(badBank.json().details[0].field, 'body.bankCode');
  assert.equal((await calltaker.req('POST', '/api/payments/withholding/batches', { bankCode: 'DEMO-FIX' })).statusCode, 403);

  // export: one line per mandated account that owes, for what it owes
  const batch = (await cashier.req('POST', '/api/payments/withholding/batches', { bankCode: 'DEMO-FIX' })).json();
  assert.equal(batch.lines, 6);
  assert.equal(
    batch.totalFen,
    bills.reduce((s, b) => s + Number(b.total_fen), 0),
  );
  const file = await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}/file`);
  assert.equal(file.statusCode, 200);
  const L = await bankLayoutOf(t.db, 'DEMO-FIX');
  const debit = parseFile(L, L.debitFields, file.rawPayload);
  assert.deepEqual(debit.problems, []);
  assert.equal(debit.lines.length, 6);
  assert.equal(debit.lines[0].values.holder, '张三');
  assert.ok(decode(file.rawPayload, 'gbk').includes('欧阳明'), 'names travel in GBK');
  assert.equal(file.rawPayload.length, 6 * (106 + 2), 'fixed width in GBK bytes, CRLF');

  // the bank's answer: 3 paid, 1 failed, 1 wrong amount, 1 wrong account, a line for no batch line, a garbage line
  const v = debit.lines.map((l) => l.values);
  const result = (over: Partial<Record<string, string>>[]) =>
    formatFile(
      L,
      L.resultFields,
      over.map((o, i) => ({
        batchNo: v[i]?.batchNo ?? batch.batchNo,
        seq: v[i]?.seq ?? '99',
        accountNo: v[i]?.accountNo ?? 'X',
        amountFen: v[i]?.amountFen ?? '1',
        result: '0000',
        bankRef: `B${i}`,
        message: '',
        ...o,
      })),
    );
  const first = Buffer.concat([
    result([
      {},
      {},
      {},
      { result: '3001', message: '余额不足' },
      { amountFen: String(Number(v[4].amountFen) + 1) },
      { accountNo: '999999999999' },
      { seq: '77' },
    ]),
    Buffer.from('garbage line\r\n'),
  ]);
  const imp = await cashier.req('POST', '/api/payments/withholding/imports', {
    bankCode: 'DEMO-FIX',
    fileName: 'result-1.txt',
    contentBase64: first.toString('base64'),
  });
  assert.equal(imp.statusCode, 201, imp.body);
  const r1 = imp.json();
  assert.equal(r1.status, 'applied');
  assert.equal(r1.paid, 3);
  assert.equal(r1.failed, 1);
  assert.deepEqual(r1.quarantine.map((q: { reason: string }) => q.reason).sort(), ['amount_mismatch', 'bad_line', 'unknown_account', 'unknown_account']);
  const count = async (sql: string) => Number((await t.db.query(sql)).rows[0].n);
  assert.equal(await count(`SELECT count(*)::int AS n FROM payments WHERE channel = 'bank'`), 3);
  // posted summarised: one entry per chunk, ledger unit and customer class, traced by the payments' ledger_source, the same fen
  assert.equal(await count(`SELECT count(*)::int AS n FROM payments WHERE channel = 'bank' AND ledger_source IS NULL`), 0);
  const sources = await count(`SELECT count(DISTINCT ledger_source)::int AS n FROM payments WHERE channel = 'bank'`);
  assert.ok(sources >= 1 && sources <= 3);
  assert.equal(await count(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'payment_received'`), sources);
  const postedFen = async () =>
    count(
      `SELECT coalesce(sum(l.debit_fen), 0)::bigint AS n FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id WHERE e.source_type = 'payment_received'`,
    );
  assert.equal(await postedFen(), r1.paidFen);
  const traced = await count(
    `SELECT count(*)::int AS n FROM ledger_entries e WHERE e.source_type = 'payment_received' AND e.source_id LIKE 'bankfile:' || ${r1.id} || ':1:%'`,
  );
  assert.equal(traced, sources, 'the entries name the import and its chunk');
  // one audit row for the chunk, naming its file lines and the payments they became
  const applied = (await t.db.query(`SELECT after FROM audit_log WHERE action = 'withholding.apply' AND entity_id = $1`, [String(r1.id)])).rows;
  assert.equal(applied.length, 1);
  assert.deepEqual(applied[0].after.fileLines, [1, 2, 3]);
  assert.equal(applied[0].after.paymentIds.length, 3);
  assert.equal(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'payment.take' AND after->>'channel' = 'bank'`), 0);
  const arrears = (await cashier.req('GET', `/api/payments/accounts/${bills[0].account_id}/arrears`)).json();
  assert.equal(arrears.totalOwedFen, 0, 'the debited bill is paid');
  let summary = (await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}`)).json();
  assert.deepEqual([summary.paid, summary.failed, summary.open, summary.reconciled], [3, 1, 2, false]);

  // the same file again: quarantined whole, nothing paid
  const again = (
    await cashier.req('POST', '/api/payments/withholding/imports', {
      bankCode: 'DEMO-FIX',
      fileName: 'result-1-again.txt',
      contentBase64: first.toString('base64'),
    })
  ).json();
  assert.equal(again.status, 'quarantined');
  assert.equal(again.quarantine[0].reason, 'duplicate_file');
  assert.equal(await count(`SELECT count(*)::int AS n FROM payments WHERE channel = 'bank'`), 3);

  // a corrected file for the two open lines (and one already settled): reconciled
  const second = result([{}, {}, {}, {}, {}, {}].map((o, i) => (i === 4 || i === 5 || i === 0 ? o : { seq: String(100 + i) })));
  const r2 = (
    await cashier.req('POST', '/api/payments/withholding/imports', { bankCode: 'DEMO-FIX', fileName: 'result-2.txt', contentBase64: second.toString('base64') })
  ).json();
  assert.equal(r2.paid, 2);
  assert.ok(r2.quarantine.some((q: { reason: string; detail: string }) => q.reason === 'already_settled'));
  summary = (await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}`)).json();
  assert.deepEqual([summary.paid, summary.failed, summary.open, summary.reconciled], [5, 1, 0, true]);
  assert.equal(await count(`SELECT count(*)::int AS n FROM payments WHERE channel = 'bank'`), 5);

  // reversing one bank payment out of its summary: the summary reversed whole, the rest posted again, the books move by exactly that payment
  const pay = (await t.db.query(`SELECT id, amount_fen, ledger_source FROM payments WHERE channel = 'bank' ORDER BY id LIMIT 1`)).rows[0];
  const mates = await count(`SELECT count(*)::int AS n FROM payments WHERE ledger_source = '${pay.ledger_source}' AND id <> ${pay.id}`);
  const supervisor = await t.login('supervisor');
  const before = await postedFen();
  const rq = await cashier.req('POST', `/api/payments/${pay.id}/reversal-requests`, { reason: '银行退回' });
  assert.equal(rq.statusCode, 201, rq.body);
  const ok = await supervisor.req('POST', `/api/payments/requests/${rq.json().id}/approve`, {});
  assert.equal(ok.statusCode, 200, ok.body);
  const reversals = await count(
    `SELECT count(*)::int AS n FROM ledger_entries e JOIN ledger_entries o ON o.id = e.reverses_entry_id WHERE o.source_type = 'payment_received' AND o.source_id = '${pay.ledger_source}'`,
  );
  assert.equal(reversals, 1, 'the summary is reversed whole');
  const reposted = await count(`SELECT count(*)::int AS n FROM payments WHERE ledger_source = '${pay.ledger_source}~r${rq.json().id}'`);
  assert.equal(reposted, mates, 'the other payments of the summary name the new entry');
  // net movement of collections in transit over all payment entries = what was posted before minus the reversed payment
  const net = await count(
    `SELECT coalesce(sum(coalesce(l.debit_fen, 0) - coalesce(l.credit_fen, 0)), 0)::bigint AS n FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id
      JOIN ledger_entries e ON e.id = l.entry_id WHERE a.code = '101201' AND (e.source_type = 'payment_received' OR e.reverses_entry_id IS NOT NULL)`,
  );
  assert.equal(net, before - Number(pay.amount_fen));
});
