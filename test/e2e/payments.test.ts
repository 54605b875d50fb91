/**
 * Browser: from a released bill to a counter payment — the cashier finds the account, sees the
 * overdue bill with its late fee explained, takes a partial payment, gets the receipt and the history
 * row; the same payment is in the ledger; the cashier closes the day with a 1-fen difference; a
 * withholding batch is exported on the bank files screen; the portal customer sees their payment; with
 * online payment off the portal's pay button says so; with the local test gateway on, the customer pays the
 * rest of the bill online (gateway page → callback → result page) and tops up with a callback that never
 * comes (the result page asks the server to query the gateway) — both online payments and the counter
 * payment are in the ledger.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, pickOption, shot, startE2E, submitModal } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { upsertMandate } from '../../src/modules/payments/index.js';
import { principalOf } from '../support/principals.js';
import { registerCountyLedgerUnits } from '../support/ledger.js';
import { GATEWAY_MERCHANT, GATEWAY_SECRET, startGateway } from '../support/pay-gateway.js';

/**
 * After the portal's pay button: the server creates the order at the gateway (its adapter allows the
 * gateway 10 s) and the browser is sent to the gateway's pay page. Waits for that page, or fails with
 * the portal's error message if one is shown instead (a loaded CI machine once spent the page's whole
 * 15 s default here without saying which).
 */
async function toGateway(pg: import('playwright-core').Page) {
  const either = pg.locator('[data-testid="gw-order"], .ant-message-error').first();
  await either.waitFor({ timeout: 45_000 });
  const error = pg.locator('.ant-message-error');
  if (await error.count()) throw new Error(`the portal showed an error instead of the gateway page: ${await error.first().textContent()}`);
}

const e = await startE2E({ customers: 60 });
await registerCountyLedgerUnits(e.t.db);
const demo = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);
// the portal customer's account and its released bill
const mine = (
  await e.t.db.query(
    `SELECT b.id, b.total_fen, a.account_no FROM bills b JOIN customer_accounts a ON a.id = b.account_id JOIN users u ON u.customer_id = a.customer_id
      WHERE u.username = 'customer1' AND b.run_id = $1 AND b.status = 'released' ORDER BY b.id LIMIT 1`,
    [demo.releasedRunId],
  )
).rows[0];

describe('web console: payments', () => {
  it('counter: find the account, pay part of the bill, receipt and history; the close records a 1-fen difference; the portal shows the payment', async () => {
    assert.ok(mine, 'the portal customer has a released bill');
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'cashier');
    await page.goto(`${e.base}/payments/counter`);
    await page.getByTestId('account-search').locator('input').fill(mine.account_no);
    await page.getByTestId('account-search').locator('input').press('Enter');
    await page.getByTestId('account-results').getByText(mine.account_no).click();
    await page.getByTestId('arrears-lines').locator('tbody tr').first().waitFor();
    await page.getByTestId(`fee-${mine.id}`).or(page.getByText('未逾期，无违约金')).first().waitFor();
    // pay 1.00 yuan less than the bill: part-paid
    const part = Number(mine.total_fen) - 100;
    const yuanText = `${Math.floor(part / 100)}.${String(part % 100).padStart(2, '0')}`;
    await page.getByTestId('pay-amount').fill(yuanText);
    await page.getByTestId('pay-submit').click();
    await page.getByTestId('pay-result').waitFor();
    const href = await page.getByTestId('receipt-link').getAttribute('href');
    const pdf = await page.request.get(`${e.base}${href}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await page.getByTestId('payment-history').locator('tbody tr', { hasText: 'SK' }).first().waitFor();
    await page.getByTestId('total-owed').getByText('¥1.00').waitFor();
    await shot(page, 'payments-counter');

    const posted = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'payment_received'`);
    assert.equal(posted.rows[0].n, 1, 'the payment is in the ledger');

    await page.goto(`${e.base}/payments/day`);
    await page.getByTestId('day-payments').locator('tbody tr', { hasText: 'SK' }).waitFor();
    await page.getByTestId('declared-cash').fill(`${Math.floor((part - 1) / 100)}.${String((part - 1) % 100).padStart(2, '0')}`);
    await page.getByTestId('declared-card').fill('0');
    await page.getByTestId('declared-transfer').fill('0');
    await page.getByTestId('close-submit').click();
    await submitModal(page, page.locator('.ant-modal .ant-btn-primary'));
    await page.getByTestId('close-result').getByText('日结不平').waitFor();
    await page.getByTestId('close-result').getByText('−¥0.01').waitFor();
    await shot(page, 'payments-close');
    assert.deepEqual(errors, []);
    await ctx.close();

    // bank files: a mandate for another account that owes; the batch is exported and listed with its reconciliation
    const other = (
      await e.t.db.query(`SELECT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 AND id <> $2 ORDER BY account_id LIMIT 1`, [
        demo.releasedRunId,
        mine.id,
      ])
    ).rows[0];
    await upsertMandate(e.t.db, await principalOf(e.t.db, 'cashier'), {
      accountId: Number(other.account_id),
      bankCode: 'DEMO-FIX',
      bankAccountNo: '6222020000000001',
      holderName: '张三',
    });
    const bankPage = await e.newPage();
    await login(bankPage.page, e.base, 'cashier');
    await bankPage.page.goto(`${e.base}/payments/bank-files`);
    await pickOption(bankPage.page, bankPage.page.getByTestId('wh-bank'), 'DEMO-FIX');
    await bankPage.page.getByTestId('wh-export').click();
    await bankPage.page.getByTestId('wh-batches').locator('tbody tr', { hasText: 'WH' }).first().waitFor();
    await bankPage.page.getByTestId('wh-batches').getByText('待回盘').waitFor();
    await shot(bankPage.page, 'payments-bank-files');
    assert.deepEqual(bankPage.errors, []);
    await bankPage.ctx.close();

    // approvals: the supervisor's screen of pending reversal and refund requests opens
    const sup = await e.newPage();
    await login(sup.page, e.base, 'supervisor');
    await sup.page.goto(`${e.base}/payments/approvals`);
    await sup.page.getByTestId('pay-requests').waitFor();
    await sup.page.getByText('缴费审批').first().waitFor();
    assert.deepEqual(sup.errors, []);
    await sup.ctx.close();

    const portal = await e.newPage();
    await login(portal.page, e.base, 'customer1');
    await portal.page.goto(`${e.base}/portal/payments`);
    await portal.page.getByTestId('portal-payments').getByText(mine.account_no).waitFor();
    // online payment off (no gateway configured): the pay button says so
    await portal.page.goto(`${e.base}/portal/bills`);
    await portal.page.getByTestId('portal-pay-off').waitFor();
    assert.equal(await portal.page.getByTestId(`portal-pay-${mine.account_no}`).count(), 0);

    // online payment on, through the local test gateway
    const gw = await startGateway();
    try {
      Object.assign(e.t.config, {
        payGatewayUrl: gw.url,
        payGatewayMerchant: GATEWAY_MERCHANT,
        payGatewaySecret: GATEWAY_SECRET,
        payNotifyUrl: `${e.base}/api/payments/gateway/callback`,
      });
      const pg = portal.page;
      // the rest of the bill (¥1.00 after the counter payment): gateway page, callback, back to the result page
      await pg.reload();
      await pg.getByTestId(`portal-pay-${mine.account_no}`).click();
      assert.equal(await pg.getByTestId('portal-pay-amount').inputValue(), '1.00');
      await pg.getByTestId('portal-pay-go').click();
      await toGateway(pg);
      await pg.getByTestId('gw-pay').click();
      await pg.waitForURL(/\/portal\/payments\/result\?orderNo=OL\d{16}$/);
      await pg.getByTestId('pay-result-status').getByText('已缴费').waitFor();
      await pg.getByTestId('pay-result-paid').waitFor();
      await shot(pg, 'payments-portal-paid');
      // a top-up whose callback is lost: the result page asks the server, which queries the gateway
      await pg.goto(`${e.base}/portal/bills`);
      await pg.getByTestId(`portal-pay-${mine.account_no}`).getByText('预存').waitFor();
      await pg.getByTestId(`portal-pay-${mine.account_no}`).click();
      await pg.getByTestId('portal-pay-amount').fill('20.00');
      await pg.getByTestId('portal-pay-go').click();
      await toGateway(pg);
      await pg.getByTestId('gw-pay-lose').click();
      await pg.waitForURL(/\/portal\/payments\/result\?orderNo=OL\d{16}$/);
      await pg.getByTestId('pay-result-status').getByText('已缴费').waitFor();
      const orders = (await e.t.db.query(`SELECT status, settled_by, amount_fen FROM online_orders ORDER BY id`)).rows;
      assert.deepEqual(
        orders.map((o) => [o.status, o.settled_by, Number(o.amount_fen)]),
        [
          ['paid', 'callback', 100],
          ['paid', 'query', 2000],
        ],
      );
      await pg.goto(`${e.base}/portal/payments`);
      await pg.getByTestId('portal-payments').locator('tbody tr', { hasText: '网上' }).nth(1).waitFor();
      // the counter payment and both online payments are in the ledger, the bill paid off
      const ledger = (
        await e.t.db.query(
          `SELECT e.source_id, l.debit_fen FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id AND l.line_no = 1
            WHERE e.source_type = 'payment_received' ORDER BY e.id`,
        )
      ).rows;
      assert.deepEqual(
        ledger.map((r) => Number(r.debit_fen)),
        [part, 100, 2000],
      );
      const owed = (await e.t.db.query(`SELECT count(*)::int AS n FROM payments WHERE account_id = (SELECT account_id FROM bills WHERE id = $1)`, [mine.id]))
        .rows[0].n;
      assert.equal(owed, 3);
      assert.deepEqual(portal.errors, []);
    } finally {
      Object.assign(e.t.config, { payGatewayUrl: undefined, payGatewaySecret: undefined, payNotifyUrl: undefined });
      await portal.ctx.close();
      await gw.close();
    }
  });
});
