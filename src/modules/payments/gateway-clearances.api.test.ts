/**
 * Clearing gateway statement exceptions (docs/payments.md "Clearing an exception's balance") against the local
 * gateway, real HTTP both ways: a statement with an amount above our payment (224106 over), an unknown order (224106
 * over) and a refund we never made (122106 short); the over refunded to the payer and the short recovered from the
 * gateway, each asked for by a clerk and approved by a supervisor (not by the clerk: SAME_PERSON), posted line by
 * line and the exception resolved; the unknown order's write-off rejected and then written off to income; a wrong
 * action named, a second clearance of a cleared line refused, a decided one not decided again; 224106 and 122106
 * back to zero; audited; every entry balanced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../ledger/index.js';
import { GATEWAY_MERCHANT as MERCHANT, GATEWAY_SECRET as SECRET, startGateway } from '../../../test/support/pay-gateway.js';

test('gateway exceptions cleared with a second person: refund the payer, recover from the gateway, write off', async () => {
  const gw = await startGateway();
  const t = await testApp({ customers: 40, config: { payGatewayUrl: gw.url, payGatewayMerchant: MERCHANT, payGatewaySecret: SECRET } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.config.payNotifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/payments/gateway/callback`;
  try {
    const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
    await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
    const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
    const accounts = (
      await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id LIMIT 2`, [
        act.releasedRunId,
      ])
    ).rows.map((r) => Number(r.account_id));
    const cashier = await t.login('cashier');
    const sup = await t.login('supervisor');
    const balanceOf = async (code: string) =>
      Number(
        (
          await t.db.query(
            `SELECT coalesce(sum(l.debit_fen - l.credit_fen), 0)::bigint AS b FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = $1`,
            [code],
          )
        ).rows[0].b,
      );
    const order = async (accountId: number, amountFen: number) => {
      const r = await cashier.req('POST', '/api/payments/online/orders', { accountId, amountFen });
      assert.equal(r.statusCode, 201, r.body);
      return (r.json() as { orderNo: string }).orderNo;
    };
    const o1 = await order(accounts[0], 3_000);
    const o2 = await order(accounts[1], 4_000); // the statement says ¥41.00
    await gw.pay(o1);
    await gw.pay(o2);
    gw.tweaks.amountOf.set(o2, 4_100);
    const at = new Date().toISOString();
    gw.tweaks.extra.push(`pay,OL2099010199999999,TXNOBODY,,500,3,${at}`, `refund,${o1},,RF9999999999,700,0,${at}`);
    const imp = await cashier.req('POST', '/api/payments/gateway/statements', { date: todayBeijing() });
    assert.equal(imp.statusCode, 201, imp.body);
    const lines = (await cashier.req('GET', `/api/payments/gateway/statements/${imp.json().id}/lines`)).json() as Array<Record<string, any>>;
    const mismatch = lines.find((l) => l.orderNo === o2 && l.outcome === 'mismatch')!;
    const unknown = lines.find((l) => l.outcome === 'unknown_order')!;
    const refund = lines.find((l) => l.outcome === 'unmatched_refund')!;
    const matched = lines.find((l) => l.outcome === 'matched')!;
    assert.deepEqual([await balanceOf('224106'), await balanceOf('122106')], [-(100 + 500), 700]);

    const ask = (lineId: number, body: Record<string, unknown>) => cashier.req('POST', `/api/payments/gateway/exceptions/${lineId}/clearances`, body);
    // refused: a wrong action for the balance (named), a matched line (not an exception), bad input
    const wrong = await ask(mismatch.id, { action: 'recover_from_gateway', reason: '网关多付' });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.equal(wrong.json().details[0].field, 'body.action');
    assert.equal((await ask(matched.id, { action: 'write_off', reason: 'x' })).statusCode, 404);
    assert.equal((await ask(mismatch.id, { action: 'refund_payer' })).statusCode, 400);
    assert.equal(await balanceOf('671101'), 0);
    assert.equal(Number((await t.db.query(`SELECT count(*) FROM gateway_exception_clearances`)).rows[0].count), 0, 'refused requests write nothing');

    // the ¥1.00 paid above our order refunded to the payer: asked, not decidable by the asker, approved by the supervisor
    const c1 = await ask(mismatch.id, { action: 'refund_payer', reason: '用户多付 1 元，已原路退回', externalRef: 'RF-OUT-0001' });
    assert.equal(c1.statusCode, 201, c1.body);
    assert.deepEqual([c1.json().side, c1.json().amountFen, c1.json().status], ['over', 100, 'pending']);
    assert.equal((await ask(mismatch.id, { action: 'write_off', reason: 'again' })).json().code, 'ALREADY_CLEARED');
    const self = await cashier.req('POST', `/api/payments/gateway/clearances/${c1.json().id}/approve`, {});
    assert.equal(self.statusCode, 403, 'the cashier holds no payments.approve');
    const ok1 = await sup.req('POST', `/api/payments/gateway/clearances/${c1.json().id}/approve`, { note: '核实退款凭证' });
    assert.equal(ok1.statusCode, 200, ok1.body);
    assert.deepEqual([ok1.json().status, ok1.json().ledgerSource], ['approved', `gwclear:${c1.json().id}`]);
    const entry = async (source: string) =>
      (
        await t.db.query(
          `SELECT a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
             JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = 'gateway_difference_cleared' AND e.source_id = $1 ORDER BY l.line_no`,
          [source],
        )
      ).rows.map((r) => [r.code, r.d, r.c]);
    assert.deepEqual(await entry(`gwclear:${c1.json().id}`), [
      ['224106', 100, 0],
      ['100201', 0, 100],
    ]);
    assert.equal((await sup.req('POST', `/api/payments/gateway/clearances/${c1.json().id}/reject`, {})).json().code, 'REQUEST_DECIDED');
    const exc = (await cashier.req('GET', '/api/payments/gateway/exceptions?open=false')).json() as Array<Record<string, any>>;
    assert.match(exc.find((l) => l.id === mismatch.id)!.resolution, /cleared \(refund_payer/);

    // the refund we never made recovered from the gateway
    const c2 = await ask(refund.id, { action: 'recover_from_gateway', reason: '网关误退，已追回', externalRef: 'GW-RECOVER-01' });
    assert.equal(c2.statusCode, 201, c2.body);
    assert.equal((await sup.req('POST', `/api/payments/gateway/clearances/${c2.json().id}/approve`, {})).statusCode, 200);
    assert.deepEqual(await entry(`gwclear:${c2.json().id}`), [
      ['100201', 700, 0],
      ['122106', 0, 700],
    ]);

    // the unknown order: a write-off rejected (nothing posted, the line free again), then written off to income
    const c3 = await ask(unknown.id, { action: 'write_off', reason: '无法查明付款人' });
    assert.equal(
      (await sup.req('POST', `/api/payments/gateway/clearances/${c3.json().id}/reject`, { note: '先联系网关查询付款人' })).json().status,
      'rejected',
    );
    assert.deepEqual(await entry(`gwclear:${c3.json().id}`), []);
    const c4 = await ask(unknown.id, { action: 'write_off', reason: '网关确认付款人无法联系，转营业外收入' });
    assert.equal(c4.statusCode, 201, c4.body);
    assert.equal((await sup.req('POST', `/api/payments/gateway/clearances/${c4.json().id}/approve`, {})).statusCode, 200);
    assert.deepEqual(await entry(`gwclear:${c4.json().id}`), [
      ['224106', 500, 0],
      ['630102', 0, 500],
    ]);

    // balances cleared; lists; audit; books balanced
    assert.deepEqual([await balanceOf('224106'), await balanceOf('122106')], [0, 0]);
    assert.equal((await sup.req('GET', '/api/payments/gateway/clearances?status=approved')).json().length, 3);
    const audits = (
      await t.db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE entity = 'gateway_exception_clearance' GROUP BY 1 ORDER BY 1`)
    ).rows.map((r) => [r.action, r.n]);
    assert.deepEqual(audits, [
      ['gateway_exception.clear_approve', 3],
      ['gateway_exception.clear_reject', 1],
      ['gateway_exception.clear_request', 4],
    ]);
    const unbalanced = await t.db.query(`SELECT entry_id FROM ledger_lines GROUP BY entry_id HAVING sum(debit_fen) <> sum(credit_fen)`);
    assert.equal(unbalanced.rowCount, 0);
  } finally {
    await t.app.close();
    await gw.close();
  }
});
