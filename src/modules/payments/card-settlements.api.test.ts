/**
 * The card acquirer's settlement file (docs/payments.md "Card acquirer settlement") through HTTP on real PostgreSQL,
 * in the published DEMO-ACQ layout: counter card takings settled (Dr 100201 net + Dr 660302 fee / Cr 101202 gross,
 * line by line), the lines that match nothing, name a cash payment, differ in amount or do not fit quarantined with
 * their reasons; the same file imported again answers the first import and posts nothing; a second file carrying a
 * settled taking again quarantines it and settles the corrected one, 101202 back to zero; a settled taking cannot be
 * reversed; bad input names the field and writes nothing; audited; every entry balances.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../ledger/index.js';

const HEADER = 'settleDate,merchantNo,terminalId,batchNo,traceNo,reference,txnTime,amountFen,feeFen,netFen';
const b64 = (lines: string[]) => Buffer.from([HEADER, ...lines, ''].join('\r\n'), 'utf8').toString('base64');

test('card settlement file: matched takings posted, mismatches quarantined, the same file twice posts once', async () => {
  const t = await testApp({ customers: 40 });
  const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const accounts = (
    await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 10000 ORDER BY account_id LIMIT 4`, [
      act.releasedRunId,
    ])
  ).rows.map((r) => Number(r.account_id));
  const today = todayBeijing();
  const cashier = await t.login('cashier');
  const pay = async (accountId: number, amountFen: number, method: string, reference: string) => {
    const r = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen, method, reference, confirmOverpay: true });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: number };
  };
  const balanceOf = async (code: string) =>
    Number(
      (
        await t.db.query(
          `SELECT coalesce(sum(l.debit_fen - l.credit_fen), 0)::bigint AS b FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = $1`,
          [code],
        )
      ).rows[0].b,
    );
  const count = async (sql: string) => Number((await t.db.query(sql)).rows[0].n);

  // three card takings (the POS slip's reference number keyed as the payment's reference) and one cash payment
  const a = await pay(accounts[0], 5_000, 'card', 'RRN000000101');
  const b = await pay(accounts[1], 3_000, 'card', 'RRN000000102');
  await pay(accounts[2], 2_000, 'card', 'RRN000000103');
  await pay(accounts[3], 4_000, 'cash', 'CASH-000104');
  assert.equal(await balanceOf('101202'), 10_000);
  const bank0 = await balanceOf('100201');

  // bad input: an unknown acquirer names the field and writes nothing
  const unknown = await cashier.req('POST', '/api/payments/card-settlements', { acquirerCode: 'NO-SUCH', fileName: 'x.csv', contentBase64: b64([]) });
  assert.equal(unknown.statusCode, 400, unknown.body);
  assert.equal(unknown.json().details[0].field, 'body.acquirerCode');
  assert.equal(await count(`SELECT count(*) AS n FROM card_settlement_imports`), 0);

  const file1 = b64([
    `${today},898110048990001,T0000017,000123,000101,RRN000000101,${today}T10:00:00+08:00,5000,28,4972`,
    `${today},898110048990001,T0000017,000123,000102,RRN000000102,${today}T10:05:00+08:00,3000,17,2983`,
    `${today},898110048990001,T0000017,000123,000103,RRN000000103,${today}T10:10:00+08:00,2100,12,2088`, // ¥1.00 more than our taking
    `${today},898110048990001,T0000017,000123,000104,RRN000000999,${today}T10:15:00+08:00,1500,8,1492`, // no such taking
    `${today},898110048990001,T0000017,000123,000105,CASH-000104,${today}T10:20:00+08:00,4000,22,3978`, // a cash payment's reference
    'garbage line',
  ]);
  const r1 = await cashier.req('POST', '/api/payments/card-settlements', { acquirerCode: 'DEMO-ACQ', fileName: 'settle-1.csv', contentBase64: file1 });
  assert.equal(r1.statusCode, 201, r1.body);
  const imp1 = r1.json();
  assert.deepEqual([imp1.lines, imp1.settled, imp1.grossFen, imp1.feeFen, imp1.netFen, imp1.quarantined, imp1.replayed], [6, 2, 8_000, 45, 7_955, 4, false]);
  const unit = Number(county.id);
  assert.deepEqual(imp1.ledgerSources, [`cardsettle:${imp1.id}:${unit}:${today}`]);
  const entryLines = (
    await t.db.query(
      `SELECT a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
         JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = 'card_settlement' AND e.source_id = $1 ORDER BY l.line_no`,
      [imp1.ledgerSources[0]],
    )
  ).rows.map((r) => [r.code, r.d, r.c]);
  assert.deepEqual(entryLines, [
    ['100201', 7_955, 0],
    ['660302', 45, 0],
    ['101202', 0, 8_000],
  ]);
  assert.equal(await balanceOf('101202'), 2_000, 'the mismatched taking still waits in 101202');
  assert.equal(await balanceOf('100201'), bank0 + 7_955);

  // the quarantine names each line's reason
  const q = (await cashier.req('GET', `/api/payments/card-settlements/quarantine?importId=${imp1.id}`)).json() as {
    lineNo: number;
    outcome: string;
    detail: string;
  }[];
  assert.deepEqual(
    q.map((x) => [x.lineNo, x.outcome]),
    [
      [4, 'amount_mismatch'],
      [5, 'unknown_payment'],
      [6, 'unknown_payment'],
      [7, 'bad_line'],
    ],
  );
  assert.equal(q[0].detail, 'the card taking RRN000000103 is 2000 fen, the file says 2100');
  const all = (await cashier.req('GET', `/api/payments/card-settlements/${imp1.id}/lines`)).json() as {
    outcome: string;
    paymentId: number | null;
    terminalId: string;
  }[];
  assert.deepEqual(
    all.filter((l) => l.outcome === 'settled').map((l) => [l.paymentId, l.terminalId]),
    [
      [a.id, 'T0000017'],
      [b.id, 'T0000017'],
    ],
  );

  // the same file again: the first import, nothing new written or posted
  const entries0 = await count(`SELECT count(*) AS n FROM ledger_entries`);
  const r2 = await cashier.req('POST', '/api/payments/card-settlements', { acquirerCode: 'DEMO-ACQ', fileName: 'settle-1-again.csv', contentBase64: file1 });
  assert.equal(r2.statusCode, 201, r2.body);
  assert.deepEqual([r2.json().id, r2.json().replayed, r2.json().settled], [imp1.id, true, 2]);
  assert.equal(await count(`SELECT count(*) AS n FROM ledger_entries`), entries0);
  assert.equal(await count(`SELECT count(*) AS n FROM card_settlement_lines`), 6);
  assert.equal(await balanceOf('101202'), 2_000);

  // the acquirer's corrected file: the taking settled before is quarantined, the corrected line settles, 101202 is cleared
  const r3 = await cashier.req('POST', '/api/payments/card-settlements', {
    acquirerCode: 'DEMO-ACQ',
    fileName: 'settle-2.csv',
    contentBase64: b64([
      `${today},898110048990001,T0000017,000123,000101,RRN000000101,${today}T10:00:00+08:00,5000,28,4972`,
      `${today},898110048990001,T0000017,000124,000103,RRN000000103,${today}T10:10:00+08:00,2000,11,1989`,
    ]),
  });
  assert.equal(r3.statusCode, 201, r3.body);
  assert.deepEqual([r3.json().settled, r3.json().quarantined, r3.json().netFen], [1, 1, 1_989]);
  const q2 = (await cashier.req('GET', `/api/payments/card-settlements/quarantine?importId=${r3.json().id}`)).json();
  assert.deepEqual(
    q2.map((x: { outcome: string }) => x.outcome),
    ['already_settled'],
  );
  assert.equal(await balanceOf('101202'), 0);
  assert.equal(await balanceOf('660302'), 45 + 11);
  assert.equal(await count(`SELECT count(*) AS n FROM card_settlement_lines WHERE payment_id = ${a.id} AND outcome = 'settled'`), 1);

  // a settled card taking cannot be reversed: the money has left 101202
  const rv = await cashier.req('POST', `/api/payments/${a.id}/reversal-requests`, { reason: '刷卡错误' });
  assert.equal(rv.statusCode, 409, rv.body);
  assert.equal(rv.json().code, 'CARD_SETTLED');

  // audited once per import (the replay writes nothing); the list shows both files; every entry balances
  assert.equal(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'card_settlement.import'`), 2);
  assert.equal((await cashier.req('GET', '/api/payments/card-settlements')).json().length, 2);
  assert.equal((await cashier.req('GET', '/api/payments/card-settlements/acquirers')).json()[0].fields.join(','), HEADER);
  assert.equal(await count(`SELECT count(*) AS n FROM (SELECT entry_id FROM ledger_lines GROUP BY entry_id HAVING sum(debit_fen) <> sum(credit_fen)) x`), 0);
});
