/**
 * Bank withholding round trip against the bills of a released run: mandates, the debit file in a
 * fixed-width GBK layout, the bank's result file with paid, failed and bad lines, quarantine with
 * reasons, the same file again quarantined whole, a corrected file reconciling the batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit } from '../ledger/index.js';
import type { Principal, Role } from '../identity/index.js';
import { decode, formatFile, parseFile, type BankLayout } from './bank-file-rules.js';

test('withholding: export per bank layout (GBK fixed width), import results, quarantine with reasons, duplicate file, reconcile', async () => {
  const t = await testApp({ customers: 40 });
  const principalOf = async (username: string): Promise<Principal> => {
    const r = (
      await t.db.query(`SELECT u.id, u.role, u.org_unit_id, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`, [username])
    ).rows[0];
    return {
      kind: 'user',
      id: Number(r.id),
      name: username,
      role: r.role as Role,
      scopes: [],
      orgUnitId: Number(r.org_unit_id),
      orgPath: r.path,
      customerId: null,
      csrfToken: null,
      ip: null,
      userAgent: 'test',
    };
  };
  for (const o of (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code IN ('SF-QH', 'SF-QH-CG', 'SF-QH-HX', 'SF-QH-SH')`)).rows)
    await registerLedgerUnit(t.db, { orgUnitId: Number(o.id), orgPath: o.path, code: o.code, name: o.name });
  const act = await seedBillingActivity(t.db, await principalOf('billing'), await principalOf('supervisor'), 7);
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
  const layout = (await t.db.query(`SELECT * FROM bank_layouts WHERE bank_code = 'DEMO-FIX'`)).rows[0];
  const L: BankLayout = {
    bankCode: 'DEMO-FIX',
    format: 'fixed',
    encoding: 'gbk',
    delimiter: '',
    header: false,
    debitFields: layout.debit_fields,
    resultFields: layout.result_fields,
    successCode: '0000',
  };
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
  assert.equal(await count(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'payment_received'`), 3);
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
});
