/**
 * Browser: from a released bill to a counter payment — the cashier finds the account, sees the
 * overdue bill with its late fee explained, takes a partial payment, gets the receipt and the history
 * row; the same payment is in the ledger; the cashier closes the day with a 1-fen difference; a
 * withholding batch is exported on the bank files screen; the portal customer sees their payment.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, pickOption, shot, startE2E, submitModal } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { registerLedgerUnit } from '../../src/modules/ledger/index.js';
import { upsertMandate } from '../../src/modules/payments/index.js';
import type { Principal } from '../../src/modules/identity/index.js';

const e = await startE2E({ customers: 60 });
const staff = async (username: string): Promise<Principal> => {
  const u = (
    await e.t.db.query(
      `SELECT u.id, u.display_name, u.role, u.org_unit_id, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`,
      [username],
    )
  ).rows[0];
  return {
    kind: 'user',
    id: Number(u.id),
    name: u.display_name,
    role: u.role,
    scopes: [],
    orgUnitId: Number(u.org_unit_id),
    orgPath: u.path,
    customerId: null,
    csrfToken: null,
    ip: null,
    userAgent: 'e2e',
  };
};
for (const o of (await e.t.db.query(`SELECT id, code, name, path FROM org_units WHERE code IN ('SF-QH', 'SF-QH-CG', 'SF-QH-HX', 'SF-QH-SH')`)).rows)
  await registerLedgerUnit(e.t.db, { orgUnitId: Number(o.id), orgPath: o.path, code: o.code, name: o.name });
const demo = await seedBillingActivity(e.t.db, await staff('billing'), await staff('supervisor'), 9);
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
    await upsertMandate(e.t.db, await staff('cashier'), {
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
    assert.deepEqual(portal.errors, []);
    await portal.ctx.close();
  });
});
