/**
 * Gateway statement exceptions posted and the daily fetch (docs/payments.md "Gateway statement": "Exceptions
 * posted", "Daily fetch"), against the local gateway (test/support/pay-gateway.ts), real HTTP both ways:
 * the day's fetch fails once (not final) and is recorded and retried, then imports the statement: an amount
 * difference, an unknown order and an unknown refund each post their `gateway_difference`; a lost callback whose
 * query fails stays not confirmed (nothing posted) and is credited and settled by the next day's run, once; a
 * payment missing at the gateway is resolved when the next statement carries it; the same day fetched again
 * and the statement imported again post nothing; every entry balances.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { todayBeijing } from '../ledger/index.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { GATEWAY_MERCHANT as MERCHANT, GATEWAY_SECRET as SECRET, gatewayFee, startGateway } from '../../../test/support/pay-gateway.js';
import { runStatementFetch } from './index.js';

const DAY = 86_400_000;

test('statement exceptions posted per kind; daily fetch retried, once a day; late credit once; replay posts nothing', async () => {
  const gw = await startGateway();
  const t = await testApp({ customers: 40, config: { payGatewayUrl: gw.url, payGatewayMerchant: MERCHANT, payGatewaySecret: SECRET } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.config.payNotifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/payments/gateway/callback`;
  try {
    const units = await registerCountyLedgerUnits(t.db);
    const county = units.find((u) => u.code === 'SF-QH')!.id;
    const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
    const accounts = (
      await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id LIMIT 4`, [
        act.releasedRunId,
      ])
    ).rows.map((r) => Number(r.account_id));
    const today = todayBeijing();
    const cashier = await t.login('cashier');
    const n = async (sql: string, p: unknown[] = []) => Number((await t.db.query(sql, p)).rows[0].n);
    const entries = (type: string) => n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = $1`, [type]);
    const order = async (accountId: number, amountFen: number) => {
      const r = await cashier.req('POST', '/api/payments/online/orders', { accountId, amountFen });
      assert.equal(r.statusCode, 201, r.body);
      return (r.json() as { orderNo: string }).orderNo;
    };
    const o1 = await order(accounts[0], 3_000); // matched
    const o2 = await order(accounts[1], 2_000); // callback lost, query down: not confirmed
    const o3 = await order(accounts[2], 4_000); // the statement says ¥41.00
    const o4 = await order(accounts[3], 2_500); // missing at the gateway today
    await gw.pay(o1);
    await gw.pay(o2, { lose: true });
    await gw.pay(o3);
    await gw.pay(o4);
    gw.tweaks.amountOf.set(o3, 4_100);
    gw.tweaks.omit.add(o4);
    gw.tweaks.queryDown.add(o2);
    const at = new Date().toISOString();
    gw.tweaks.extra.push(`pay,OL2099010199999999,TXNOBODY,,500,3,${at}`, `refund,${o1},,RF9999999999,700,0,${at}`);

    // the day's fetch (run "tomorrow" so the day fetched is today): the gateway is not final yet → recorded, retried
    gw.tweaks.statementErrors = 1;
    const tomorrow = Date.now() + DAY;
    await assert.rejects(runStatementFetch(t.db, t.config, { now: tomorrow }), /not final|GATEWAY_UNAVAILABLE|unavailable/i);
    const fetches = (await cashier.req('GET', '/api/payments/gateway/statement-fetches')).json();
    assert.equal(fetches[0].date, today);
    assert.equal(fetches[0].status, 'retrying');
    assert.equal(fetches[0].attempts, 1);
    assert.match(fetches[0].lastError, /not final/);
    assert.equal(new Date(fetches[0].nextAttemptAt).getTime() - tomorrow, 5 * 60_000, 'the first wait of the policy');
    assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'gateway_statement.fetch_failed'`), 1);
    const waiting = await runStatementFetch(t.db, t.config, { now: tomorrow + 60_000 });
    assert.equal(waiting!.attempted, false, 'not due before its next attempt');
    const run = await runStatementFetch(t.db, t.config, { now: tomorrow + 6 * 60_000 });
    assert.equal(run!.attempted, true);
    assert.equal(run!.fetch.status, 'done');
    assert.equal(run!.fetch.attempts, 2);
    const st = (await cashier.req('GET', '/api/payments/gateway/statements')).json()[0];
    assert.equal(st.id, run!.fetch.statementId);
    const lines = (await cashier.req('GET', `/api/payments/gateway/statements/${st.id}/lines`)).json() as Array<Record<string, any>>;
    const line = (orderNo: string, kind = 'pay') => lines.find((l) => l.orderNo === orderNo && l.kind === kind)!;
    assert.equal(line(o1).outcome, 'matched');
    assert.match(line(o1).ledgerSource, /^gwsettle:\d+:\d+$/);
    assert.equal(line(o2).outcome, 'not_confirmed');
    assert.equal(line(o2).ledgerSource, null, 'not confirmed: nothing posted');
    assert.equal(line(o3).outcome, 'mismatch');
    assert.equal(line('OL2099010199999999').outcome, 'unknown_order');
    assert.equal(line(o1, 'refund').outcome, 'unmatched_refund');
    assert.equal(line(o4, 'ours').outcome, 'missing_at_gateway');
    assert.equal(line(o4, 'ours').ledgerSource, null);

    // each exception's entry, line by line
    const linesOf = async (source: string) =>
      (
        await t.db.query(
          `SELECT e.org_unit_id, a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
             JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = 'gateway_difference' AND e.source_id = $1 ORDER BY a.code, l.debit_fen DESC`,
          [source],
        )
      ).rows;
    const fee3 = gatewayFee(4_100);
    const mism = await linesOf(line(o3).ledgerSource);
    assert.deepEqual(
      mism.map((r) => [r.code, r.d, r.c]),
      [
        ['100201', 4_100 - fee3, 0],
        ['101201', 0, 4_000],
        ['224106', 0, 100],
        ['660301', fee3, 0],
      ],
    );
    const pay3 = (await t.db.query(`SELECT ledger_unit_id FROM payments WHERE id = $1`, [line(o3).paymentId])).rows[0];
    assert.equal(Number(mism[0].org_unit_id), Number(pay3.ledger_unit_id), 'in the unit of our payment');
    const unknown = await linesOf(line('OL2099010199999999').ledgerSource);
    assert.deepEqual(
      unknown.map((r) => [r.code, r.d, r.c]),
      [
        ['100201', 497, 0],
        ['224106', 0, 500],
        ['660301', 3, 0],
      ],
    );
    assert.equal(Number(unknown[0].org_unit_id), county, 'company-wide: the top ledger unit');
    const refund = await linesOf(line(o1, 'refund').ledgerSource);
    assert.deepEqual(
      refund.map((r) => [r.code, r.d, r.c]),
      [
        ['100201', 0, 700],
        ['122106', 700, 0],
      ],
    );
    assert.equal(await entries('gateway_difference'), 3);
    const settledBefore = await entries('gateway_settled');

    // the same day again: nothing; the statement imported again by hand: replayed, nothing posted
    const again = await runStatementFetch(t.db, t.config, { now: tomorrow + 60 * 60_000 });
    assert.equal(again!.attempted, false);
    const replay = await cashier.req('POST', '/api/payments/gateway/statements', { date: today });
    assert.equal(replay.json().replayed, true);
    assert.equal(await entries('gateway_difference'), 3);
    assert.equal(await entries('gateway_settled'), settledBefore);

    // the next day's run: o4 arrives in its statement (matched, the missing flag resolved); o2's query works now → credited once
    gw.tweaks.queryDown.clear();
    gw.tweaks.omit.clear();
    gw.tweaks.amountOf.clear();
    gw.tweaks.extra.length = 0;
    for (const o of gw.orders.values()) if (o.orderNo !== o4) o.paidAt = new Date(Date.now() - 3 * DAY);
    gw.orders.get(o4)!.paidAt = new Date(Date.now() + DAY);
    for (const r of gw.refunds.values()) r.at = new Date(Date.now() - 3 * DAY);
    const next = await runStatementFetch(t.db, t.config, { now: Date.now() + 2 * DAY });
    assert.equal(next!.fetch.status, 'done');
    assert.equal(next!.credited, 1, 'o2 credited by the second query');
    const o2now = (await t.db.query(`SELECT status, settled_by, payment_id FROM online_orders WHERE order_no = $1`, [o2])).rows[0];
    assert.deepEqual([o2now.status, o2now.settled_by], ['paid', 'query']);
    assert.equal(await n(`SELECT count(*)::int AS n FROM payments WHERE account_id = $1 AND channel = 'online'`, [accounts[1]]), 1);
    const l2 = (await t.db.query(`SELECT outcome, ledger_source FROM gateway_statement_lines WHERE statement_id = $1 AND order_no = $2`, [st.id, o2])).rows[0];
    assert.equal(l2.outcome, 'credited');
    assert.match(l2.ledger_source, new RegExp(`^gwsettle:${st.id}:\\d+:\\d+$`));
    const st1 = (await cashier.req('GET', '/api/payments/gateway/statements')).json().find((s: { id: number }) => s.id === st.id);
    assert.equal(st1.credited, 1);
    assert.equal(st1.settledGrossFen, st.settledGrossFen + 2_000);
    const missing = (await t.db.query(`SELECT resolved_at, resolution FROM gateway_statement_lines WHERE statement_id = $1 AND kind = 'ours'`, [st.id]))
      .rows[0];
    assert.ok(missing.resolved_at, 'the missing payment arrived in the next statement');
    assert.match(missing.resolution, /arrived in the statement of/);
    // a further run credits nothing more
    const settledNow = await entries('gateway_settled');
    await runStatementFetch(t.db, t.config, { now: Date.now() + 2 * DAY, date: today, force: true });
    assert.equal(await entries('gateway_settled'), settledNow);
    assert.equal(await n(`SELECT count(*)::int AS n FROM payments WHERE account_id = $1 AND channel = 'online'`, [accounts[1]]), 1);

    // every entry balances; audited
    assert.equal(
      await n(
        `SELECT count(*)::int AS n FROM (SELECT e.id FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id GROUP BY e.id HAVING sum(l.debit_fen) <> sum(l.credit_fen)) x`,
      ),
      0,
    );
    assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'gateway_statement.credit'`), 1);
    assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'gateway_statement.import'`), 2);
  } finally {
    await t.app.close();
    await gw.close();
  }
});
