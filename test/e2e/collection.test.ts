/**
 * Browser: the collections board on the demo collection (src/seed/collection-activity.ts) — ageing by
 * org unit, the important customer's stop order awaiting its second approval approved by the
 * supervisor, and an account's collection file with its fee lines and timeline.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, shot, startE2E } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { seedPaymentsActivity } from '../../src/seed/payments-activity.js';
import { seedCollectionActivity } from '../../src/seed/collection-activity.js';
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
const billing = await seedBillingActivity(e.t.db, await staff('billing'), await staff('supervisor'), 9);
await seedPaymentsActivity(e.t.db, await staff('cashier'), billing.releasedRunId, 9);
const demo = await seedCollectionActivity(e.t.db, await staff('billing'), billing.releasedRunId, 9);

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
});
