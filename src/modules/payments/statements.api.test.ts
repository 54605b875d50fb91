/**
 * The gateway's daily statement (docs/payments.md "Gateway statement") against the local gateway that
 * speaks the contract (test/support/pay-gateway.ts), real HTTP both ways: a day with a payment whose
 * callback came (matched), one whose callback was lost (queried and credited), one the statement reports
 * with another amount (mismatch), one the statement lacks (ours, flagged), an order we never made
 * (unknown), a refund through the gateway (matched); the settlement posted once per ledger unit with the
 * fee; the same statement again replayed, another file for the day refused; exceptions listed and
 * resolved with a note; audited.
 */
import { test } from 'node:test';
import { principalOf } from '../../../test/support/principals.js';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { todayBeijing } from '../ledger/index.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { addDays } from '../../platform/calendar/dates.js';
import { GATEWAY_MERCHANT as MERCHANT, GATEWAY_SECRET as SECRET, gatewayFee, startGateway } from '../../../test/support/pay-gateway.js';

test('gateway statement: matched, credited, mismatch, missing, unknown, refund; settlement posted once; replay; exceptions resolved', async () => {
  const gw = await startGateway();
  const t = await testApp({ customers: 40, config: { payGatewayUrl: gw.url, payGatewayMerchant: MERCHANT, payGatewaySecret: SECRET } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.config.payNotifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/payments/gateway/callback`;
  try {
    await registerCountyLedgerUnits(t.db);
    const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
    const accounts = (
      await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id LIMIT 4`, [
        act.releasedRunId,
      ])
    ).rows.map((r) => Number(r.account_id));
    const today = todayBeijing();
    const cashier = await t.login('cashier');
    const sup = await t.login('supervisor');
    const n = async (sql: string, p: unknown[] = []) => Number((await t.db.query(sql, p)).rows[0].n);
    const settleEntries = () => n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'gateway_settled'`);
    const order = async (accountId: number, amountFen: number) => {
      const r = await cashier.req('POST', '/api/payments/online/orders', { accountId, amountFen });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as { orderNo: string; id: number };
    };

    // o1 paid (callback), then ¥50 of its credit refunded through the gateway; o2 paid, callback lost;
    // o3 paid, the statement reports ¥1 more; o4 paid, not in the statement; and an order we never made
    const owed1 = (await cashier.req('GET', `/api/payments/accounts/${accounts[0]}/arrears`)).json().totalOwedFen;
    const o1 = await order(accounts[0], owed1 + 5_000);
    const o2 = await order(accounts[1], 3_000);
    const o3 = await order(accounts[2], 4_000);
    const o4 = await order(accounts[3], 2_500);
    assert.equal((await gw.pay(o1.orderNo)).res!.status, 200);
    await gw.pay(o2.orderNo, { lose: true });
    await gw.pay(o3.orderNo);
    await gw.pay(o4.orderNo);
    gw.tweaks.amountOf.set(o3.orderNo, 4_100);
    gw.tweaks.omit.add(o4.orderNo);
    gw.tweaks.extra.push(`pay,OL2099010199999999,TXNOBODY,,500,3,${new Date().toISOString()}`);
    const pay1 = (await cashier.req('GET', `/api/payments/accounts/${accounts[0]}/payments`)).json()[0];
    const rq = (
      await cashier.req('POST', `/api/payments/accounts/${accounts[0]}/refund-requests`, { amountFen: 5_000, reason: '原路退回', paymentId: pay1.id })
    ).json();
    assert.equal((await sup.req('POST', `/api/payments/requests/${rq.id}/approve`, {})).statusCode, 200);
    assert.equal(
      (await t.db.query(`SELECT status FROM online_orders WHERE order_no = $1`, [o2.orderNo])).rows[0].status,
      'created',
      'o2 still open on our side (its callback was lost)',
    );

    // bad input
    const future = await cashier.req('POST', '/api/payments/gateway/statements', { date: addDays(today, 1) });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().details[0].field, 'body.date');
    assert.equal((await cashier.req('POST', '/api/payments/gateway/statements', { date: 'yesterday' })).statusCode, 400);
    assert.equal(await n(`SELECT count(*)::int AS n FROM gateway_statements`), 0);

    // the import
    const imp = await cashier.req('POST', '/api/payments/gateway/statements', { date: today });
    assert.equal(imp.statusCode, 201, imp.body);
    const st = imp.json();
    assert.equal(st.replayed, false);
    assert.equal(st.lines, 5, 'o1, o2, o3, the unknown order, the refund');
    assert.equal(st.matched, 2, 'o1 and the refund');
    assert.equal(st.credited, 1, 'o2');
    assert.equal(st.exceptions, 3, 'o3 mismatch, the unknown order, o4 missing at the gateway');
    const lines = (await cashier.req('GET', `/api/payments/gateway/statements/${st.id}/lines`)).json();
    const outcomeOf = (orderNo: string, kind = 'pay') => lines.find((l: { orderNo: string; kind: string }) => l.orderNo === orderNo && l.kind === kind);
    assert.equal(outcomeOf(o1.orderNo).outcome, 'matched');
    assert.equal(outcomeOf(o1.orderNo, 'refund').outcome, 'matched');
    assert.equal(outcomeOf(o2.orderNo).outcome, 'credited');
    assert.equal(outcomeOf(o3.orderNo).outcome, 'mismatch');
    assert.match(outcomeOf(o3.orderNo).reasons[0], /statement 4100, order 4000 fen/);
    assert.equal(outcomeOf('OL2099010199999999').outcome, 'unknown_order');
    assert.equal(outcomeOf(o4.orderNo, 'ours').outcome, 'missing_at_gateway');
    // o2 was credited: paid by query, its payment taken once
    const o2now = (await t.db.query(`SELECT status, settled_by, payment_id FROM online_orders WHERE order_no = $1`, [o2.orderNo])).rows[0];
    assert.deepEqual([o2now.status, o2now.settled_by], ['paid', 'query']);
    assert.equal(outcomeOf(o2.orderNo).paymentId, Number(o2now.payment_id));
    assert.equal(await n(`SELECT count(*)::int AS n FROM payments WHERE channel = 'online' AND status = 'posted'`), 4);

    // the settlement: o1 and o2 (gross), their fees, per ledger unit; Dr 100201 + Dr 660301 = Cr 101201
    const gross = owed1 + 5_000 + 3_000;
    const fee = gatewayFee(owed1 + 5_000) + gatewayFee(3_000);
    assert.equal(st.settledGrossFen, gross);
    assert.equal(st.settledFeeFen, fee);
    assert.ok(st.ledgerSources.length >= 1);
    const sums = (
      await t.db.query(
        `SELECT a.code, sum(l.debit_fen)::int AS d, sum(l.credit_fen)::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
          WHERE e.source_type = 'gateway_settled' AND e.source_id = ANY($1::text[]) GROUP BY 1 ORDER BY 1`,
        [st.ledgerSources],
      )
    ).rows;
    assert.deepEqual(sums, [
      { code: '100201', d: gross - fee, c: 0 },
      { code: '101201', d: 0, c: gross },
      { code: '660301', d: fee, c: 0 },
    ]);
    const entries = await settleEntries();
    assert.equal(entries, st.ledgerSources.length);

    // the same statement again: nothing twice; another file for the same day: refused
    const again = await cashier.req('POST', '/api/payments/gateway/statements', { date: today });
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().replayed, true);
    assert.equal(again.json().id, st.id);
    assert.equal(await settleEntries(), entries);
    gw.tweaks.extra.push(`pay,OL2099010199999998,TXNOBODY2,,700,4,${new Date().toISOString()}`);
    const changed = await cashier.req('POST', '/api/payments/gateway/statements', { date: today });
    assert.equal(changed.statusCode, 409);
    assert.equal(changed.json().code, 'STATEMENT_CHANGED');
    assert.equal(await n(`SELECT count(*)::int AS n FROM gateway_statements`), 1);

    // the exceptions screen: listed with reasons, resolved once with a note
    const ex = (await cashier.req('GET', '/api/payments/gateway/exceptions')).json();
    assert.deepEqual(ex.map((l: { outcome: string }) => l.outcome).sort(), ['mismatch', 'missing_at_gateway', 'unknown_order']);
    assert.ok(ex.every((l: { reasons: string[] }) => l.reasons.length > 0));
    const unknown = ex.find((l: { outcome: string }) => l.outcome === 'unknown_order');
    const res = await cashier.req('POST', `/api/payments/gateway/exceptions/${unknown.id}/resolve`, { resolution: '网关确认为他户订单，已退回' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().resolution, '网关确认为他户订单，已退回');
    assert.equal((await cashier.req('POST', `/api/payments/gateway/exceptions/${unknown.id}/resolve`, { resolution: 'x' })).json().code, 'ALREADY_RESOLVED');
    assert.equal((await cashier.req('POST', `/api/payments/gateway/exceptions/${unknown.id}/resolve`, {})).statusCode, 400);
    assert.equal((await cashier.req('GET', '/api/payments/gateway/exceptions')).json().length, 2);
    assert.equal((await cashier.req('GET', '/api/payments/gateway/exceptions?open=false')).json().length, 3);

    // the books balance; audited
    assert.equal(
      await n(`SELECT count(*)::int AS n FROM (SELECT org_unit_id, period FROM ledger_lines GROUP BY 1, 2 HAVING sum(debit_fen) <> sum(credit_fen)) x`),
      0,
    );
    assert.deepEqual(
      (await t.db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'gateway_statement.%' GROUP BY 1 ORDER BY 1`)).rows,
      [
        { action: 'gateway_statement.import', n: 1 },
        { action: 'gateway_statement.resolve', n: 1 },
      ],
    );
  } finally {
    await gw.close();
  }
});
