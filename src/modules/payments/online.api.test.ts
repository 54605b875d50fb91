/**
 * Online payment against a local HTTP server that speaks the documented gateway contract
 * (docs/payments.md, "Online payment"): real HTTP both ways, HMAC-SHA256 signatures both ways.
 * Order, signed callback, replayed callback, bad signature, unknown order, wrong amount, a lost
 * callback settled by query, a refund back through the gateway with approval.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { principalOf } from '../../../test/support/principals.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { signed } from './gateway-rules.js';
import { GATEWAY_MERCHANT as MERCHANT, GATEWAY_SECRET as SECRET, postCallback, startGateway } from '../../../test/support/pay-gateway.js';
import { startOnlineReconciler } from './reconciler.js';

test('online payment: order, signed callback, replay, bad signature, unknown order, wrong amount, lost callback by query, refund through the gateway', async () => {
  const gw = await startGateway();
  const t = await testApp({ customers: 40, config: { payGatewayUrl: gw.url, payGatewayMerchant: MERCHANT, payGatewaySecret: SECRET } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const notifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/payments/gateway/callback`;
  t.config.payNotifyUrl = notifyUrl;
  try {
    await registerCountyLedgerUnits(t.db);
    await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
    const mine = (
      await t.db.query(
        `SELECT a.id FROM customer_accounts a JOIN users u ON u.customer_id = a.customer_id WHERE u.username = 'customer1' ORDER BY a.id LIMIT 1`,
      )
    ).rows[0];
    const accountId = Number(mine.id);
    const other = Number((await t.db.query('SELECT id FROM customer_accounts WHERE id <> $1 ORDER BY id LIMIT 1', [accountId])).rows[0].id);
    const customer = await t.login('customer1');
    const cashier = await t.login('cashier');
    const supervisor = await t.login('supervisor');
    const count = async (sql: string) => Number((await t.db.query(sql)).rows[0].n);
    const payments = () => count(`SELECT count(*)::int AS n FROM payments WHERE channel = 'online'`);
    const entries = () => count(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'payment_received'`);

    // another customer's account: 404, no order
    assert.equal((await customer.req('POST', '/api/portal/payments/orders', { accountId: other, amountFen: 1000 })).statusCode, 404);
    // an order for the portal customer's own account: created at the gateway with a pay URL
    const owed = (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json();
    const amount = owed.totalOwedFen + 5_000; // ¥50 more: credit
    const created = await customer.req('POST', '/api/portal/payments/orders', { accountId, amountFen: amount });
    assert.equal(created.statusCode, 201, created.body);
    const order = created.json();
    assert.equal(order.payUrl, `${gw.url}/pay/${order.gatewayOrderId}`);
    // the payer comes back to the portal's result page of the order, on this server's origin
    assert.equal(gw.orders.get(order.orderNo)!.returnUrl, `${new URL(notifyUrl).origin}/portal/payments/result?orderNo=${order.orderNo}`);
    // the portal's pay panel: online payment on, the customer's own accounts with what they owe
    const info = (await customer.req('GET', '/api/portal/payments/online')).json();
    assert.equal(info.enabled, true);
    assert.ok(info.accounts.some((a: { accountId: number; totalOwedFen: number }) => a.accountId === accountId && a.totalOwedFen === owed.totalOwedFen));
    assert.ok(!info.accounts.some((a: { accountId: number }) => a.accountId === other));
    // the customer's own order by number (the result page); an unknown one is 404
    assert.equal((await customer.req('GET', `/api/portal/payments/orders/${order.orderNo}`)).json().status, 'created');
    assert.equal((await customer.req('GET', '/api/portal/payments/orders/OL2099010199999999')).statusCode, 404);
    assert.equal(order.status, 'created');
    assert.equal(gw.orders.get(order.orderNo)!.notifyUrl, notifyUrl);

    // paid: the signed callback settles it once
    const { cb, res } = await gw.pay(order.orderNo);
    assert.equal(res!.status, 200, JSON.stringify(res!.json));
    assert.deepEqual(res!.json, { result: 'accepted', orderNo: order.orderNo });
    assert.equal(await payments(), 1);
    assert.equal(await entries(), 1);
    // replayed callback: nothing happens
    const replay = await postCallback(notifyUrl, cb);
    assert.equal(replay.status, 200);
    assert.equal(replay.json.result, 'replayed');
    assert.equal(await payments(), 1);
    assert.equal(await entries(), 1);
    const settled = (await customer.req('GET', '/api/portal/payments/orders')).json()[0];
    assert.equal(settled.status, 'paid');
    assert.equal(settled.settledBy, 'callback');
    assert.equal(settled.callbacks, 2);
    const onlinePay = (await customer.req('GET', '/api/portal/payments')).json().find((p: { channel: string }) => p.channel === 'online');
    assert.equal(onlinePay.amountFen, amount);
    assert.equal(onlinePay.creditFen, 5_000);

    // a tampered callback (amount changed after signing): 401, nothing changed
    const tampered = await postCallback(notifyUrl, { ...cb, amountFen: Number(cb.amountFen) + 1 });
    assert.equal(tampered.status, 401);
    assert.equal(tampered.json.code, 'BAD_SIGNATURE');
    const unsigned = await postCallback(notifyUrl, { ...cb, sign: '' });
    assert.equal(unsigned.status, 401);
    // a well-signed callback for an order we never made: 404
    const unknown = await postCallback(notifyUrl, signed({ ...cb, orderNo: 'OL2099010199999999', sign: undefined }, SECRET));
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.code, 'UNKNOWN_ORDER');
    assert.equal(await payments(), 1);

    // a second order reported with another amount: refused, recorded on the order, not paid
    const o2 = (await customer.req('POST', '/api/portal/payments/orders', { accountId, amountFen: 1_000 })).json();
    const wrong = await postCallback(
      notifyUrl,
      signed({ merchantId: MERCHANT, orderNo: o2.orderNo, gatewayTxnId: 'TXWRONG', amountFen: 999, status: 'paid', timestamp: Date.now(), nonce: 'w' }, SECRET),
    );
    assert.equal(wrong.status, 400);
    assert.equal((wrong.json.details as { field: string }[])[0].field, 'body.amountFen');
    const o2now = (await cashier.req('GET', `/api/payments/online/orders?accountId=${accountId}`))
      .json()
      .find((o: { orderNo: string }) => o.orderNo === o2.orderNo);
    assert.equal(o2now.status, 'created');
    assert.match(o2now.lastProblem, /999/);
    assert.equal(await payments(), 1);

    // lost callback: the gateway has it paid; the query settles it; a late callback is then a replay
    const lost = await gw.pay(o2.orderNo, { lose: true });
    const queried = await cashier.req('POST', `/api/payments/online/orders/${o2.orderNo}/query`);
    assert.equal(queried.statusCode, 200, queried.body);
    assert.equal(queried.json().status, 'paid');
    assert.equal(queried.json().settledBy, 'query');
    assert.equal(await payments(), 2);
    const late = await postCallback(notifyUrl, lost.cb);
    assert.equal(late.json.result, 'replayed');
    assert.equal(await payments(), 2);
    assert.ok(gw.seen.includes('POST /orders/query'));

    // refund of the credit back through the gateway, with approval by someone else
    const credit = (await cashier.req('GET', `/api/payments/accounts/${accountId}/arrears`)).json().creditFen;
    assert.equal(credit, 5_000 + 1_000);
    const rq = await cashier.req('POST', `/api/payments/accounts/${accountId}/refund-requests`, {
      amountFen: 5_000,
      reason: '原路退回',
      paymentId: onlinePay.id,
    });
    assert.equal(rq.statusCode, 201, rq.body);
    const approved = await supervisor.req('POST', `/api/payments/requests/${rq.json().id}/approve`, {});
    assert.equal(approved.statusCode, 200, approved.body);
    assert.match(approved.json().gatewayRefundNo, /^RF\d{10}$/);
    assert.equal(gw.orders.get(order.orderNo)!.refunded, 5_000);
    assert.equal(await count(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'refund'`), 1);
    const tooBig = await cashier.req('POST', `/api/payments/accounts/${accountId}/refund-requests`, {
      amountFen: 1_001,
      reason: 'x',
      paymentId: queried.json().paymentId,
    });
    assert.equal(tooBig.statusCode, 400);
    assert.equal(tooBig.json().details[0].field, 'body.amountFen');

    // the portal's result page asks the server to query the gateway when the callback is late
    const o4 = (await customer.req('POST', '/api/portal/payments/orders', { accountId, amountFen: 1_500 })).json();
    const open4 = await customer.req('POST', `/api/portal/payments/orders/${o4.orderNo}/query`);
    assert.equal(open4.statusCode, 200, open4.body);
    assert.equal(open4.json().status, 'created', 'not paid at the gateway yet: stays open');
    await gw.pay(o4.orderNo, { lose: true });
    const paid4 = (await customer.req('POST', `/api/portal/payments/orders/${o4.orderNo}/query`)).json();
    assert.deepEqual([paid4.status, paid4.settledBy], ['paid', 'query']);
    assert.equal(await payments(), 3);

    // the timer: an order paid at the gateway whose callback never came is settled by the background reconciler
    const o3 = (await customer.req('POST', '/api/portal/payments/orders', { accountId, amountFen: 2_000 })).json();
    await gw.pay(o3.orderNo, { lose: true });
    const reconciler = startOnlineReconciler(t.db, { ...t.config, payReconcileIntervalMs: 100, payLostCallbackMs: 0 });
    try {
      const status = async () => (await t.db.query('SELECT status, settled_by FROM online_orders WHERE order_no = $1', [o3.orderNo])).rows[0];
      // waits for the condition (the test runner's timeout bounds it)
      while ((await status()).status !== 'paid') await new Promise<void>((r) => setTimeout(r, 50));
      assert.deepEqual(await status(), { status: 'paid', settled_by: 'query' });
      assert.equal(await payments(), 4);
      // another round finds nothing open; the late callback is a replay
      assert.equal(await reconciler.runOnce(), 0);
    } finally {
      await reconciler.stop();
    }
    // off without a gateway: nothing is asked
    const off = startOnlineReconciler(t.db, { ...t.config, payGatewayUrl: undefined });
    assert.equal(await off.runOnce(), 0);
    await off.stop();
  } finally {
    await gw.close();
  }
});
