/**
 * Browser: the collections board on the demo collection (src/seed/collection-activity.ts) — ageing by
 * org unit, the important customer's stop order awaiting its second approval approved by the
 * supervisor, and an account's collection file with its fee lines and timeline; a bad-debt write-off
 * proposed on an account's page by the billing clerk and approved on the board by the supervisor.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, shot, startE2E, submitModal } from './browser.js';
import { addDays } from '../../src/platform/calendar/dates.js';
import { todayBeijing } from '../../src/modules/ledger/index.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { seedPaymentsActivity } from '../../src/seed/payments-activity.js';
import { seedCollectionActivity } from '../../src/seed/collection-activity.js';
import { principalOf } from '../support/principals.js';

const e = await startE2E({ customers: 60 });
const billing = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);
await seedPaymentsActivity(e.t.db, await principalOf(e.t.db, 'cashier'), billing.releasedRunId, 9);
const demo = await seedCollectionActivity(e.t.db, await principalOf(e.t.db, 'billing'), billing.releasedRunId, 9);

describe('web console: collection', () => {
  it('board: ageing, the stop order approved by a second person; the account file with fee lines and timeline', async () => {
    assert.ok(demo.stopOrderId, 'the demo has a stop order awaiting approval');
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/collection`);
    await page.getByTestId('coll-ageing').locator('tbody tr.ant-table-row').first().waitFor();
    const row = page.getByTestId('coll-stop-orders').locator('tbody tr.ant-table-row').first();
    await row.getByText('待第二人审批').waitFor();
    await shot(page, 'collection-board');
    await row.getByRole('button', { name: '批准' }).click();
    await row.getByText('已批准').waitFor();
    const status = await e.t.db.query('SELECT status FROM collection_steps WHERE id = $1', [demo.stopOrderId]);
    assert.equal(status.rows[0].status, 'approved');
    // the account's file from the risk list
    await page.getByTestId('coll-risky').locator('tbody tr.ant-table-row a').first().click();
    await page.getByTestId('coll-bills').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('coll-bills').locator('tbody tr.ant-table-row .ant-table-row-expand-icon').first().click();
    await page.getByTestId('coll-bills').getByText(/天 ×/).first().waitFor();
    await shot(page, 'collection-account');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('write-off: proposed on the account page by the clerk, approved on the board by the supervisor, posted', async () => {
    // an account with an unpaid bill of the run, made a year and more overdue
    const acct = (
      await e.t.db.query(
        `SELECT b.account_id, b.id FROM bills b WHERE b.run_id = $1 AND b.status = 'released' AND b.total_fen > 0
            AND NOT EXISTS (SELECT 1 FROM payment_allocations a WHERE a.bill_id = b.id) ORDER BY b.account_id DESC LIMIT 1`,
        [billing.releasedRunId],
      )
    ).rows[0];
    assert.ok(acct, 'an unpaid bill');
    await e.t.db.query(`UPDATE bills SET due_date = $2::date WHERE id = $1`, [acct.id, addDays(todayBeijing(), -400)]);
    const clerk = await e.newPage();
    await login(clerk.page, e.base, 'billing');
    await clerk.page.goto(`${e.base}/collection/accounts/${acct.account_id}`);
    await clerk.page.getByTestId('coll-write-off').click();
    await clerk.page.getByTestId('coll-write-off-reason').fill('用户失联，催收无果');
    await submitModal(clerk.page, clerk.page.locator('.ant-modal .ant-btn-primary'));
    await clerk.page.getByText('坏账核销', { exact: true }).first().waitFor();
    const w = (await e.t.db.query(`SELECT id, status FROM bad_debt_write_offs WHERE account_id = $1`, [acct.account_id])).rows[0];
    assert.equal(w.status, 'pending');
    assert.deepEqual(clerk.errors, []);
    await clerk.ctx.close();

    const sup = await e.newPage();
    await login(sup.page, e.base, 'supervisor');
    await sup.page.goto(`${e.base}/collection`);
    const approve = sup.page.getByTestId(`coll-write-off-approve-${w.id}`);
    await approve.waitFor();
    await shot(sup.page, 'collection-write-off');
    await approve.click();
    await approve.waitFor({ state: 'detached' });
    const after = (await e.t.db.query(`SELECT status, ledger_source FROM bad_debt_write_offs WHERE id = $1`, [w.id])).rows[0];
    assert.equal(after.status, 'approved');
    const entries = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'write_off' AND source_id = $1`, [
      `writeoff:${w.id}`,
    ]);
    assert.equal(entries.rows[0].n, after.ledger_source ? 1 : 0);
    assert.deepEqual(sup.errors, []);
    await sup.ctx.close();
  });
});
