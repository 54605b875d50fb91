/**
 * Browser: a paid bill cancelled and rebilled (退补) — the cashier finds the account at the counter, sees the credit
 * not applied yet (待冲抵贷项) and the credit card listing the cancelled bill, applies it (立即冲抵) and sees how it was
 * used (the rebill's principal settled); the billing clerk sees the same card on the account's statement page. The
 * application is in the ledger once. docs/payments.md, "Credit bills".
 */
import { describe, it } from 'node:test';
import { principalOf } from '../support/principals.js';
import assert from 'node:assert/strict';
import { login, shot, startE2E } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { registerLedgerUnit } from '../../src/modules/ledger/index.js';
import { takeCounterPayment } from '../../src/modules/payments/index.js';
import { rebill } from '../../src/modules/billing/index.js';

const e = await startE2E({ customers: 60 });
const county = (await e.t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
await registerLedgerUnit(e.t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
const demo = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);
const bill = (
  await e.t.db.query(
    `SELECT b.id, b.account_id, b.total_fen, a.account_no FROM bills b JOIN customer_accounts a ON a.id = b.account_id
      WHERE b.run_id = $1 AND b.status = 'released' AND b.total_fen > 1000 ORDER BY b.id LIMIT 1`,
    [demo.releasedRunId],
  )
).rows[0];
// paid in full at the counter, then cancelled and rebilled by the billing clerk
await takeCounterPayment(e.t.db, await principalOf(e.t.db, 'cashier'), {
  accountId: Number(bill.account_id),
  amountFen: Number(bill.total_fen),
  method: 'cash',
  reference: `e2e-credit-${bill.id}`,
});
const rb = await rebill(e.t.db, await principalOf(e.t.db, 'billing'), Number(bill.id), '抄表差错');

describe('web console: credit bills', () => {
  it('counter: the paid cancelled bill waits as a credit, applied to the rebill with one click; the statement shows how it was used', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'cashier');
    await page.goto(`${e.base}/payments/counter`);
    await page.getByTestId('account-search').locator('input').fill(bill.account_no);
    await page.getByTestId('account-search').locator('input').press('Enter');
    await page.getByTestId('account-results').getByText(bill.account_no).click();
    await page.getByTestId('pending-credit').waitFor();
    const card = page.getByTestId('bill-credits');
    await card.getByText('待冲抵').waitFor();
    await card.getByText('作废账单已缴款').waitFor();
    await shot(page, 'credits-pending');
    await page.getByTestId('bill-credits-apply').click();
    await card.getByText('已冲抵').first().waitFor();
    await page.getByTestId(`bill-credit-${bill.id}`).getByText(`账单 ${rb.rebill.id}`).waitFor();
    await page.getByTestId('pending-credit').waitFor({ state: 'detached' });
    await page.getByTestId('payment-history').locator('tbody tr', { hasText: 'CD' }).first().waitFor();
    await shot(page, 'credits-applied');
    assert.equal(
      (await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'bill_credit_applied'`)).rows[0].n,
      1,
      'the application is in the ledger once',
    );
    assert.deepEqual(errors, []);
    await ctx.close();

    const clerk = await e.newPage();
    await login(clerk.page, e.base, 'billing');
    await clerk.page.goto(`${e.base}/billing/accounts/${bill.account_id}`);
    await clerk.page.getByTestId('bill-credits').getByText('已冲抵').waitFor();
    await clerk.page.getByTestId(`bill-credit-${bill.id}`).getByText(`账单 ${rb.rebill.id}`).waitFor();
    assert.equal(await clerk.page.getByTestId('bill-credits-apply').count(), 0, 'no apply action on the statement page');
    assert.deepEqual(clerk.errors, []);
    await clerk.ctx.close();
  });
});
