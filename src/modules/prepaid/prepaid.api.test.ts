/**
 * Prepaid fee control end to end (docs/prepaid.md), real PostgreSQL and real HTTP both ways: a local
 * server speaks the documented head-end contract (HMAC-SHA256 signatures both ways, idempotent by
 * command number, callbacks after its reply). Enrol, daily totals, the daily pass (tiered charge,
 * ledger, low and below-zero notices through the outbox), the disconnect only after the notice rules,
 * a failed send retried with the same number (one switch), a bad callback signature refused, a top-up
 * at the counter (payments) reconnecting on the clock, a lost callback settled by polling, the portal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testApp } from '../../../test/support/app.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { withSign, verifySign } from './head-end-rules.js';
import { headEndSettings, workPrepaidCommands } from './commands.js';
import { dailyCharge, nextInWindow } from './prepaid-rules.js';
import { prepaidPolicy } from './store.js';
import { PREPAID_POLICY } from './policy-data.js';

const SECRET = 'head-end-test-secret';

/** The head-end as documented: signed JSON in and out; a command number switches its meter once. */
async function startHeadEnd() {
  const commands = new Map<string, { action: string; meterNo: string; status: 'accepted' | 'executed'; notifyUrl: string }>();
  const switches: string[] = [];
  let failNext = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: Record<string, string | number>) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(withSign({ ...body, timestamp: Date.now() }, SECRET)));
      };
      const msg = JSON.parse(raw || '{}') as Record<string, string | number>;
      if (!verifySign(msg, SECRET)) return send(401, { code: 'BAD_SIGNATURE', message: 'signature' });
      if (req.url === '/commands') {
        if (failNext > 0) {
          failNext--;
          return send(503, { code: 'BUSY', message: 'channel busy' });
        }
        const no = String(msg.commandNo);
        if (!commands.has(no))
          commands.set(no, { action: String(msg.action), meterNo: String(msg.meterNo), status: 'accepted', notifyUrl: String(msg.notifyUrl) });
        return send(200, { commandNo: no, status: commands.get(no)!.status });
      }
      if (req.url === '/commands/query') {
        const c = commands.get(String(msg.commandNo));
        if (!c) return send(404, { code: 'NO_COMMAND', message: 'unknown' });
        return send(200, { commandNo: String(msg.commandNo), status: c.status, ...(c.status === 'executed' ? { executedAt: new Date().toISOString() } : {}) });
      }
      send(404, { code: 'NO_ROUTE', message: String(req.url) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  /** The relay switches (once per number); the result is called back unless lost. */
  const execute = async (commandNo: string, opts: { lose?: boolean } = {}) => {
    const c = commands.get(commandNo)!;
    if (c.status !== 'executed') switches.push(`${c.action}:${c.meterNo}`);
    c.status = 'executed';
    const cb = withSign({ commandNo, status: 'executed', executedAt: new Date().toISOString(), timestamp: Date.now(), nonce: `n${switches.length}` }, SECRET);
    if (opts.lose) return { cb, status: 0, json: {} as Record<string, unknown> };
    const r = await fetch(c.notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cb) });
    return { cb, status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    commands,
    switches,
    execute,
    failNextSends: (n: number) => (failNext = n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test('prepaid: daily pass, notices, disconnect after the notice, retried send, bad signature, top-up reconnects on the clock, polling, portal', async () => {
  const he = await startHeadEnd();
  const t = await testApp({ customers: 40, config: { headEndUrl: he.url, headEndSecret: SECRET } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const notifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/prepaid/head-end/callback`;
  t.config.headEndNotifyUrl = notifyUrl;
  const settings = headEndSettings(t.config)!;
  try {
    assert.deepEqual(await prepaidPolicy(t.db), PREPAID_POLICY, 'migration 620 seeds the shipped policy');
    await registerCountyLedgerUnits(t.db);
    const accountId = Number(
      (
        await t.db.query(
          `SELECT a.id FROM customer_accounts a JOIN users u ON u.customer_id = a.customer_id WHERE u.username = 'customer1' ORDER BY a.id LIMIT 1`,
        )
      ).rows[0].id,
    );
    const other = Number((await t.db.query('SELECT id FROM customer_accounts WHERE id <> $1 ORDER BY id LIMIT 1', [accountId])).rows[0].id);
    const clerk = await t.login('billing');
    const admin = await t.login('admin');
    const cashier = await t.login('cashier');
    const supervisor = await t.login('supervisor');
    const customer = await t.login('customer1');
    const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
    const account = async () =>
      (await t.db.query('SELECT balance_fen::int AS b, supply, low_notice_id, zero_notice_id FROM prepaid_accounts WHERE account_id = $1', [accountId]))
        .rows[0];

    // enrol: a bad plan is named and writes nothing; then the account with ¥60 and the default ¥50 threshold
    const badPlan = await clerk.req('POST', '/api/prepaid/accounts', { accountId, planCode: 'NOPE' });
    assert.equal(badPlan.statusCode, 400);
    assert.equal(badPlan.json().details[0].field, 'body.planCode');
    const enrolled = await clerk.req('POST', '/api/prepaid/accounts', { accountId, planCode: 'ZJ-RES-2012', openingBalanceFen: 6000 });
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    assert.equal(enrolled.json().thresholdFen, 5000);
    assert.equal((await clerk.req('POST', '/api/prepaid/accounts', { accountId, planCode: 'ZJ-RES-2012' })).statusCode, 409);
    assert.equal((await customer.req('POST', '/api/prepaid/accounts', { accountId, planCode: 'ZJ-RES-2012' })).statusCode, 403);

    // daily totals: an account that is not prepaid is named, nothing stored
    const bad = await clerk.req('POST', '/api/prepaid/usage', {
      days: [
        { accountId, day: '2026-12-01', kwh: '20' },
        { accountId: other, day: '2026-12-01', kwh: '1' },
      ],
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().details[0].field, 'body.days.1.accountId');
    assert.equal(await n('SELECT count(*)::int AS n FROM prepaid_usage'), 0);
    const stored = await clerk.req('POST', '/api/prepaid/usage', {
      days: [
        { accountId, day: '2026-12-01', kwh: '20' },
        { accountId, day: '2026-12-02', kwh: '100' },
      ],
    });
    assert.deepEqual(stored.json(), { stored: 2, repeated: 0 });
    assert.deepEqual((await clerk.req('POST', '/api/prepaid/usage', { days: [{ accountId, day: '2026-12-01', kwh: '99' }] })).json(), {
      stored: 0,
      repeated: 1,
    });

    // day 1: 20 kWh × 0.538 = ¥10.76 → ¥49.24, below the ¥50 threshold: a low notice through the outbox; posted to the ledger
    assert.equal((await clerk.req('POST', '/api/prepaid/daily-pass', { day: '2026-12-01' })).statusCode, 403);
    const p1 = await admin.req('POST', '/api/prepaid/daily-pass', { day: '2026-12-01' });
    assert.equal(p1.statusCode, 200, p1.body);
    assert.equal(p1.json().charged, 1);
    assert.equal(p1.json().chargeFen, 1076);
    assert.equal(p1.json().lowNotices, 1);
    assert.equal((await account()).b, 4924);
    assert.ok(await n(`SELECT count(*)::int AS n FROM outbox WHERE event = 'prepaid.low'`));
    assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'prepaid_consumption'`), 1);
    // the same day again charges nothing
    const again = (await admin.req('POST', '/api/prepaid/daily-pass', { day: '2026-12-01' })).json();
    assert.equal(again.charged, 0);
    assert.equal(again.lowNotices, 0);
    assert.equal((await account()).b, 4924);

    // day 2: 100 kWh → ¥53.80 → −¥4.56: the below-zero notice, not yet a disconnect
    const p2 = (await admin.req('POST', '/api/prepaid/daily-pass', { day: '2026-12-02' })).json();
    assert.equal(p2.chargeFen, 5380);
    const plan = { boundsKwh: ['2760', '4800'], pricesYuan: ['0.538', '0.588', '0.838'] };
    assert.equal(dailyCharge(plan, '0', '20').chargeFen + dailyCharge(plan, '20', '100').chargeFen, p1.json().chargeFen + p2.chargeFen, 'SQL and rule agree');
    assert.equal(p2.zeroNotices, 1);
    assert.equal((await account()).b, -456);
    const notice = (await t.db.query(`SELECT id, send_after FROM prepaid_notices WHERE account_id = $1 AND kind = 'zero'`, [accountId])).rows[0];

    // a disconnect without a notice is impossible (the table refuses it)
    await assert.rejects(
      t.db.query(`INSERT INTO prepaid_commands (command_no, account_id, kind, balance_fen) VALUES ('X1', $1, 'disconnect', -1)`, [accountId]),
      /check constraint/,
    );
    // before the notice lead: no order
    const early = new Date(new Date(notice.send_after).getTime() + (PREPAID_POLICY.disconnectAfterNoticeHours - 1) * 3_600_000);
    assert.equal((await workPrepaidCommands(t.db, settings, early)).ordered, 0);
    // after it, inside the disconnect window: one order; the head-end is busy, so it is retried later with the same number
    const due = nextInWindow(
      new Date(new Date(notice.send_after).getTime() + (PREPAID_POLICY.disconnectAfterNoticeHours + 1) * 3_600_000),
      PREPAID_POLICY.disconnectWindow,
      480,
    );
    he.failNextSends(1);
    const w1 = await workPrepaidCommands(t.db, settings, due);
    assert.deepEqual(w1, { ordered: 1, sent: 0, polled: 0, failed: 1 });
    const dc = (await t.db.query(`SELECT * FROM prepaid_commands WHERE account_id = $1 AND kind = 'disconnect'`, [accountId])).rows[0];
    assert.equal(dc.status, 'queued');
    assert.equal(Number(dc.notice_id), Number(notice.id));
    assert.match(dc.last_error, /503/);
    assert.equal((await workPrepaidCommands(t.db, settings, due)).sent, 0, 'not before the retry time');
    const retry = new Date(due.getTime() + PREPAID_POLICY.retryAfterMinutes * 60_000);
    const w2 = await workPrepaidCommands(t.db, settings, retry);
    assert.deepEqual(w2, { ordered: 0, sent: 1, polled: 0, failed: 0 });
    // the head-end got the same command again (a network retry): still one command, one switch
    const resend = await fetch(`${he.url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        withSign({ commandNo: dc.command_no, action: 'disconnect', meterNo: 'M', accountNo: 'A', notifyUrl, timestamp: Date.now(), nonce: 'r' }, SECRET),
      ),
    });
    assert.equal(resend.status, 200);
    assert.equal(he.commands.size, 1);

    // a callback with a bad signature is refused and changes nothing
    const forged = await fetch(notifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...withSign({ commandNo: dc.command_no, status: 'executed', timestamp: Date.now(), nonce: 'f' }, 'wrong-secret') }),
    });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).code, 'BAD_SIGNATURE');
    assert.equal((await account()).supply, 'on');
    // executed: the callback switches the supply off; the same callback again is a replay
    const ex = await he.execute(dc.command_no);
    assert.equal(ex.status, 200, JSON.stringify(ex.json));
    assert.deepEqual(ex.json, { commandNo: dc.command_no, status: 'executed', replayed: false });
    assert.equal((await account()).supply, 'off');
    const replay = await fetch(notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ex.cb) });
    assert.equal((await replay.json()).replayed, true);
    assert.deepEqual(he.switches, [
      `disconnect:${dc.command_no ? (await t.db.query('SELECT meter_no FROM prepaid_accounts WHERE account_id = $1', [accountId])).rows[0].meter_no : ''}`,
    ]);
    assert.equal((await workPrepaidCommands(t.db, settings, retry)).ordered, 0, 'supply off: no second disconnect');

    // a top-up at the counter (payments): the credit goes into the balance, a reconnection is ordered on the 24 h clock
    const pay = await cashier.req('POST', '/api/payments/counter', {
      accountId,
      amountFen: 10_000,
      method: 'cash',
      reference: 'PP-TOPUP-1',
      confirmOverpay: true,
    });
    assert.equal(pay.statusCode, 201, pay.body);
    assert.equal((await account()).b, 9544);
    assert.equal((await account()).zero_notice_id, null, 'the below-zero episode ended');
    assert.equal((await account()).low_notice_id, null, 'above the threshold again');
    const again2 = await cashier.req('POST', '/api/payments/counter', {
      accountId,
      amountFen: 10_000,
      method: 'cash',
      reference: 'PP-TOPUP-1',
      confirmOverpay: true,
    });
    assert.equal(again2.json().replayed, true);
    assert.equal((await account()).b, 9544, 'a replayed payment tops up once');
    const credit = await n(
      `SELECT count(*)::int AS n FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id JOIN ledger_accounts a ON a.id = l.account_id
        WHERE e.source_type = 'payment_received' AND a.code = '22030101' AND l.credit_fen = 10000`,
    );
    assert.equal(credit, 1, 'the top-up posts Cr 22030101 prepaid balances');
    const detail = (await supervisor.req('GET', `/api/prepaid/accounts/${accountId}`)).json();
    const rc = detail.commands.find((c: { kind: string }) => c.kind === 'reconnect');
    assert.equal(rc.status, 'queued');
    assert.equal(rc.clock.state, 'running');
    assert.equal(new Date(rc.clock.dueAt).getTime() - new Date(rc.requestedAt).getTime(), 24 * 3_600_000);
    assert.equal(detail.topups[0].amountFen, 10_000);
    assert.deepEqual(
      detail.usage.map((u: { day: string; chargeFen: number }) => [u.day, u.chargeFen]),
      [
        ['2026-12-02', 5380],
        ['2026-12-01', 1076],
      ],
    );

    // the reconnection is sent; its callback is lost; polling settles it and stops the clock (met)
    const now = new Date();
    assert.equal((await workPrepaidCommands(t.db, settings, now)).sent, 1);
    const rcNo = (await t.db.query(`SELECT command_no FROM prepaid_commands WHERE account_id = $1 AND kind = 'reconnect'`, [accountId])).rows[0].command_no;
    assert.equal(he.commands.get(rcNo)?.action, 'reconnect');
    await he.execute(rcNo, { lose: true });
    const polled = await workPrepaidCommands(t.db, settings, new Date(now.getTime() + (PREPAID_POLICY.pollAfterMinutes + 1) * 60_000));
    assert.equal(polled.polled, 1);
    assert.equal((await account()).supply, 'on');
    const dash = await supervisor.req('GET', '/api/prepaid/dashboard');
    assert.equal(dash.statusCode, 200, dash.body);
    const d = dash.json();
    assert.equal(d.accounts, 1);
    assert.equal(d.disconnected, 0);
    assert.equal(d.headEnd.configured, true);
    assert.equal(d.commands.find((c: { kind: string }) => c.kind === 'reconnect').clock.state, 'met');
    assert.equal((await n(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'prepaid.%'`)) >= 8, true);

    // portal: own balance and usage, the threshold within bounds; another account is not found
    const mine = (await customer.req('GET', '/api/portal/prepaid')).json();
    assert.equal(mine.length, 1);
    assert.equal(mine[0].balanceFen, 9544);
    assert.equal((await customer.req('GET', `/api/portal/prepaid/${accountId}`)).json().usage.length, 2);
    assert.equal((await customer.req('GET', `/api/portal/prepaid/${other}`)).statusCode, 404);
    const tooHigh = await customer.req('PUT', `/api/portal/prepaid/${accountId}/threshold`, { thresholdFen: PREPAID_POLICY.maxThresholdFen + 1 });
    assert.equal(tooHigh.statusCode, 400);
    assert.equal(tooHigh.json().details[0].field, 'body.thresholdFen');
    const set = await customer.req('PUT', `/api/portal/prepaid/${accountId}/threshold`, { thresholdFen: 20_000 });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().state, 'low');
    assert.equal((await customer.req('PUT', `/api/portal/prepaid/${other}/threshold`, { thresholdFen: 100 })).statusCode, 404);
  } finally {
    await t.app.close();
    await he.close();
  }
});
