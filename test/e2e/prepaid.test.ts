/**
 * Browser: prepaid fee control. The portal customer's prepaid account (enrolled, one daily pass run)
 * shows its balance and daily usage; the customer sets the low-balance threshold and tops up through
 * the online payment: a local gateway speaking the documented contract (docs/payments.md) shows its
 * pay page, the customer pays, the gateway's signed callback takes the payment, and back on the
 * portal the balance has grown by the amount. The supervisor's dashboard lists the account.
 * A billing clerk enrols another account from the dashboard's form (an unknown account number is
 * named on its field first), sees it in the accounts list, and changes its threshold.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { login, pickOption, startE2E, submitModal } from './browser.js';
import { signed, verify } from '../../src/modules/payments/index.js';
import { runPrepaidDailyPass, enrollAccount, storeUsage } from '../../src/modules/prepaid/index.js';
import { principalOf } from '../support/principals.js';

const SECRET = 'e2e-gateway-secret';
const MERCHANT = 'griddesk-e2e';
const e = await startE2E({ customers: 40 });

/** The gateway: orders in, a pay page that sends the signed callback and goes back to the portal. */
const orders = new Map<string, { amountFen: number; notifyUrl: string }>();
const gw = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', async () => {
    const send = (status: number, body: Record<string, string | number>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(signed(body, SECRET)));
    };
    if (req.method === 'GET' && req.url?.startsWith('/pay/')) {
      const no = req.url.slice(5);
      const o = orders.get(no);
      if (!o) return send(404, { code: 'NO_ORDER', message: 'unknown order' });
      await fetch(o.notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          signed(
            { merchantId: MERCHANT, orderNo: no, gatewayTxnId: `TX${no}`, amountFen: o.amountFen, status: 'paid', timestamp: Date.now(), nonce: no },
            SECRET,
          ),
        ),
      });
      res.writeHead(302, { location: `${e.base}/portal/prepaid` });
      return res.end();
    }
    const msg = JSON.parse(raw || '{}') as Record<string, string | number>;
    if (!verify(msg, SECRET)) return send(401, { code: 'BAD_SIGNATURE', message: 'signature' });
    if (req.url === '/orders') {
      orders.set(String(msg.orderNo), { amountFen: Number(msg.amountFen), notifyUrl: String(msg.notifyUrl) });
      return send(200, {
        orderNo: msg.orderNo,
        gatewayOrderId: `G${msg.orderNo}`,
        payUrl: `${gwUrl}/pay/${msg.orderNo}`,
        status: 'created',
        amountFen: msg.amountFen,
      });
    }
    send(404, { code: 'NO_ROUTE', message: String(req.url) });
  });
});
await new Promise<void>((r) => gw.listen(0, '127.0.0.1', r));
const gwUrl = `http://127.0.0.1:${(gw.address() as AddressInfo).port}`;
Object.assign(e.t.config, {
  payGatewayUrl: gwUrl,
  payGatewayMerchant: MERCHANT,
  payGatewaySecret: SECRET,
  payNotifyUrl: `${e.base}/api/payments/gateway/callback`,
});
const accountId = Number(
  (
    await e.t.db.query(
      `SELECT a.id FROM customer_accounts a JOIN users u ON u.customer_id = a.customer_id WHERE u.username = 'customer1' ORDER BY a.id LIMIT 1`,
    )
  ).rows[0].id,
);
const p = await principalOf(e.t.db, 'billing');
await enrollAccount(e.t.db, p, { accountId, planCode: 'ZJ-RES-2012', openingBalanceFen: 6000 });
await storeUsage(e.t.db, p, [{ accountId, day: '2026-12-01', kwh: '20' }]);
await runPrepaidDailyPass(e.t.db, '2026-12-01'); // 20 kWh × ¥0.538 = ¥10.76 → ¥49.24, below the ¥50 threshold

describe('web console: prepaid', () => {
  it('portal: balance and daily usage, the threshold, a top-up through the gateway; the dashboard lists the account', async () => {
    try {
      const { page, ctx, errors } = await e.newPage();
      await login(page, e.base, 'customer1');
      await page.goto(`${e.base}/portal/prepaid`);
      const balance = page.getByTestId('prepaid-balance');
      await balance.getByText('¥49.24').waitFor();
      await balance.getByText('余额不足').waitFor();
      await page.getByTestId('prepaid-usage').getByText('¥10.76').waitFor();
      await page.getByTestId('prepaid-usage').getByText('日冻结电量').waitFor(); // where the day's kWh came from
      // the threshold: ¥30 → the account is no longer low
      await page.getByTestId('prepaid-threshold').locator('input').fill('30');
      await page.getByTestId('prepaid-threshold').getByRole('button').click();
      await balance.getByText('¥30.00').waitFor();
      await balance.getByText('正常').waitFor();
      // top up ¥100 through the gateway's pay page; back on the portal the balance is ¥149.24
      await page.getByTestId('prepaid-topup').locator('input').fill('100');
      await page.getByTestId('prepaid-topup').getByRole('button').click();
      await balance.getByText('¥149.24').waitFor();
      assert.deepEqual(errors, []);
      await ctx.close();

      const s = await e.newPage();
      await login(s.page, e.base, 'supervisor');
      await s.page.goto(`${e.base}/prepaid`);
      await s.page.getByTestId('prepaid-dashboard').waitFor();
      await s.page.getByTestId('prepaid-orders').waitFor();
      await s.page.getByTestId('prepaid-dashboard').getByText('预付费户数').waitFor();
      assert.deepEqual(s.errors, []);
      await s.ctx.close();
    } finally {
      await new Promise<void>((r) => gw.close(() => r()));
    }
  });

  it('console: a billing clerk enrols an account from the dashboard and sets its threshold', async () => {
    // an account of the clerk's scope with an active meter, not prepaid yet
    const target = (
      await e.t.db.query(
        `SELECT a.id, a.account_no FROM customer_accounts a JOIN service_points sp ON sp.account_id = a.id JOIN meters m ON m.service_point_id = sp.id
          JOIN org_units o ON o.id = a.org_unit_id
         WHERE a.status = 'active' AND o.path LIKE $1 || '%' AND NOT EXISTS (SELECT 1 FROM prepaid_accounts p WHERE p.account_id = a.id)
         ORDER BY a.id DESC LIMIT 1`,
        [p.orgPath],
      )
    ).rows[0];
    assert.ok(target, 'an account to enrol');
    const accountNo = target.account_no as string;
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/prepaid`);
    await page.getByTestId('prepaid-accounts').waitFor();
    await page.getByTestId('prepaid-enroll').click();
    const form = page.getByTestId('prepaid-enroll-form');
    await form.waitFor();
    // an unknown account number: the server names the field, the modal stays open, nothing is written
    await form.getByLabel('户号').fill('NO-SUCH-0000');
    await pickOption(page, page.getByTestId('prepaid-enroll-plan'), /^ZJ-RES-2012/);
    await page.getByTestId('prepaid-enroll-save').click();
    await form.locator('.ant-form-item-explain-error').getByText('户号 NO-SUCH-0000 不存在').waitFor();
    // the real number, charged from meter reads, threshold ¥30
    await form.getByLabel('户号').fill(accountNo);
    await pickOption(page, page.getByTestId('prepaid-enroll-source'), '抄表示数');
    await form.getByLabel('预警金额（元）').fill('30');
    await submitModal(page, page.getByTestId('prepaid-enroll-save'));
    const row = page.getByTestId('prepaid-accounts').locator('tr', { hasText: accountNo });
    await row.getByText('¥30.00').waitFor();
    await row.getByText('抄表示数').waitFor();
    // the threshold: ¥80
    await page.getByTestId(`prepaid-threshold-${accountNo}`).click();
    await page.getByTestId('prepaid-threshold-input').fill('80');
    await submitModal(page, page.getByTestId('prepaid-threshold-save'));
    await row.getByText('¥80.00').waitFor();
    const stored = (await e.t.db.query('SELECT usage_source, threshold_fen::int AS th FROM prepaid_accounts WHERE account_id = $1', [target.id])).rows[0];
    assert.deepEqual(stored, { usage_source: 'meter_reads', th: 8000 });
    const audits = (
      await e.t.db.query(`SELECT action FROM audit_log WHERE entity = 'prepaid_account' AND entity_id = $1 ORDER BY seq`, [String(target.id)])
    ).rows.map((r) => r.action);
    assert.deepEqual(audits, ['prepaid.enroll', 'prepaid.threshold']);
    // the one refusal asked for above, nothing else
    assert.deepEqual(errors, [`HTTP 400 POST ${e.base}/api/prepaid/accounts`]);
    await ctx.close();
  });
});
