/**
 * Browser: billing settings (the billing administrator saves, a refused field is shown under the
 * field), the pay QR code on the portal's bill, and the portal's usage page with kWh by TOU
 * period and the load-shifting what-if (docs/billing.md §13, §17, §18) — on demo billing data made
 * through the billing services.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, shot, startE2E } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { principalOf } from '../support/principals.js';

const e = await startE2E({ customers: 120 });
const demo = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);

describe('web console: billing settings, pay QR code, portal usage and what-if', () => {
  it('the billing administrator saves the pay link; a link without {payRef} is refused under its field', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'admin');
    await page.goto(`${e.base}/billing/settings`);
    const link = page.getByTestId('settings-payLink');
    await link.waitFor();
    await link.fill('https://pay.example.cn/bill');
    await page.getByTestId('settings-save').click();
    await page.getByText('缴费链接须含 {payRef}').first().waitFor();
    await link.fill('https://pay.example.cn/bill?ref={payRef}');
    await page.getByTestId('settings-save').click();
    await page.getByText('电费设置已保存').waitFor();
    await shot(page, 'billing-settings');
    // the one refusal is the expected 400 of the link without {payRef}
    assert.deepEqual(
      errors.filter((x) => !/HTTP 400 PUT .*\/api\/billing\/settings$/.test(x)),
      [],
    );
    await ctx.close();
    const saved = (await e.t.db.query(`SELECT pay_link FROM billing_settings`)).rows[0].pay_link;
    assert.equal(saved, 'https://pay.example.cn/bill?ref={payRef}');
  });

  it('the portal: a bill with its pay QR code; usage by TOU period and the what-if saving', async () => {
    const mine = (
      await e.t.db.query(
        `SELECT b.id FROM bills b JOIN customer_accounts a ON a.id = b.account_id JOIN users u ON u.customer_id = a.customer_id
          WHERE u.username = 'customer1' AND b.status = 'released' AND b.total_fen > 0 ORDER BY b.id LIMIT 1`,
      )
    ).rows[0].id;
    const portal = await e.newPage({ mobile: true });
    await login(portal.page, e.base, 'customer1');
    await portal.page.goto(`${e.base}/portal/bills?bill=${mine}`);
    await portal.page.getByTestId('pay-qr').locator('img').waitFor();
    await portal.page.getByTestId('pay-qr').getByText('缴费编号').waitFor();
    await shot(portal.page, 'portal-pay-qr');
    assert.deepEqual(portal.errors, []);
    await portal.ctx.close();

    // a commercial customer billed by TOU period
    const tou = (
      await e.t.db.query(`SELECT customer_id FROM bills WHERE run_id = $1 AND (inputs -> 'account' ->> 'tou')::boolean ORDER BY id LIMIT 1`, [
        demo.releasedRunId,
      ])
    ).rows[0];
    assert.ok(tou);
    await e.t.db.query(
      `INSERT INTO users (username, display_name, role, org_unit_id, customer_id, password_hash)
       SELECT 'e2e_ci', '工商业客户', 'customer', org_unit_id, $1, password_hash FROM users WHERE username = 'customer1'`,
      [tou.customer_id],
    );
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'e2e_ci');
    await page.goto(`${e.base}/portal/usage`);
    const months = page.getByTestId('usage-months');
    await months.getByText('高峰').waitFor();
    await months.locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('what-if-run').click();
    const saving = page.getByTestId('what-if-saving');
    await saving.waitFor();
    await page.getByText(/转移电量 [\d.]+ kWh/).waitFor();
    assert.match((await saving.textContent()) ?? '', /¥\s?[1-9][\d,]*\.\d\d/);
    await shot(page, 'portal-usage-what-if');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
