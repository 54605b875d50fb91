/**
 * Browser: from fault call to confirmed restoration.
 * Two call-takers' fault calls from customers under one transformer are grouped into a predicted
 * outage; the dispatcher confirms it with an ETR; a repeat call from one of the callers now shows
 * the confirmed outage and its ETR in the call-taker's screen-pop (CTI lookup); the dispatcher
 * assigns the nearest crew; the crew member on the phone page departs, arrives and restores
 * supply; the dispatcher confirms the restoration and closes the outage; the linked fault orders
 * are handled.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { login, pickOption, settled, shot, startE2E, submitModal } from './browser.js';

const e = await startE2E();
const { rows } = await e.t.db.query(`
  WITH sp AS (
    SELECT s.id AS sp_id, s.transformer_id, c.id AS customer_id, c.phone, row_number() OVER (PARTITION BY s.transformer_id ORDER BY c.id) AS n
      FROM service_points s JOIN customer_accounts a ON a.id = s.account_id JOIN customers c ON c.id = a.customer_id
      JOIN crew_members m ON true JOIN crews cr ON cr.id = m.crew_id JOIN users u ON u.id = m.user_id AND u.username = 'crew1'
      JOIN org_units ou ON ou.id = s.org_unit_id JOIN org_units co ON co.id = cr.org_unit_id
     WHERE s.transformer_id IS NOT NULL AND c.phone LIKE '1%' AND ou.path LIKE co.path || '%')
  SELECT * FROM sp WHERE transformer_id = (SELECT transformer_id FROM sp WHERE n = 2 ORDER BY transformer_id LIMIT 1) AND n <= 2 ORDER BY n`);
assert.equal(rows.length, 2, 'two customers under one transformer in crew1 territory');
const callers = rows.map((r) => ({ customerId: Number(r.customer_id), spId: Number(r.sp_id), phone: String(r.phone) }));

async function faultCall(page: Page, c: (typeof callers)[number]) {
  await page.goto(`${e.base}/console`);
  await page.getByTestId('caller-phone').fill(c.phone);
  await page.getByTestId('caller-phone').press('Enter');
  await page.getByTestId(`pop-pick-${c.customerId}`).click();
  await page.getByTestId(`pop-sp-${c.spId}`).click();
  await page.keyboard.press('Alt+1');
  await page.getByTestId('description').fill('家中停电，整栋楼都没电');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('intake-result').waitFor();
}

describe('web console: outage and repair', () => {
  it('takes fault calls to a confirmed restoration', async () => {
    const taker = await e.newPage();
    await login(taker.page, e.base, 'calltaker');
    await faultCall(taker.page, callers[0]);
    await faultCall(taker.page, callers[1]);
    await shot(taker.page, 'fault-call-result');
    assert.deepEqual(taker.errors, []);
    await taker.ctx.close();

    const disp = await e.newPage();
    await login(disp.page, e.base, 'dispatcher');
    await disp.page.goto(`${e.base}/dispatch`);
    await disp.page.getByTestId('dispatch-map').locator('canvas').waitFor({ timeout: 60_000 }); // lazy map chunk + software WebGL: slow on a loaded machine
    await disp.page.locator('a[href^="/outages/"]').first().waitFor();
    await settled(disp.page);
    await shot(disp.page, 'dispatch-map');
    await disp.page.locator('a[href^="/outages/"]').first().click();
    await disp.page.getByTestId('outage-no').waitFor();
    const outageUrl = disp.page.url();
    const step = async (page: Page, action: string, fill?: () => Promise<void>) => {
      await page.getByTestId(action).click();
      if (fill) await fill();
      await submitModal(page, page.getByTestId('outage-action-submit'));
    };
    await step(disp.page, 'outage-action-confirm', async () => {
      await disp.page.locator('.ant-modal .ant-picker input').fill(new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') + ':00');
      await disp.page.locator('.ant-modal .ant-picker input').press('Enter');
    });
    await disp.page.getByTestId('outage-state').and(disp.page.locator('[data-state=confirmed]')).waitFor();
    const outageNo = (await disp.page.getByTestId('outage-no').textContent())?.trim() ?? '';
    assert.ok(outageNo, 'the outage has a number');

    // the same caller rings again: the screen-pop (CTI lookup, as the number is typed) answers "is there an outage?" at once
    const again = await e.newPage();
    await login(again.page, e.base, 'calltaker');
    await again.page.goto(`${e.base}/console`);
    await again.page.getByTestId('caller-phone').pressSequentially(callers[1].phone);
    const pop = again.page.getByTestId('pop-outage').filter({ hasText: outageNo });
    await pop.waitFor();
    await pop.filter({ hasText: '已确认' }).waitFor();
    const etr = (await pop.getByTestId('pop-outage-etr').first().textContent()) ?? '';
    assert.match(etr, /预计恢复.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, `the ETR is shown: ${etr}`);
    await again.page.getByTestId('pop-cti-orders').waitFor(); // the caller's fault order is open
    await again.page.getByTestId(`pop-pick-${callers[1].customerId}`).waitFor();
    await shot(again.page, 'console-screen-pop-outage');
    assert.deepEqual(again.errors, []);
    await again.ctx.close();
    await step(disp.page, 'outage-action-assign', async () => {
      await pickOption(disp.page, disp.page.getByTestId('crew-select'), '城关抢修一班');
    });
    await disp.page.getByTestId('outage-state').and(disp.page.locator('[data-state=crew_assigned]')).waitFor();
    await disp.page.getByTestId('outage-acceptance').and(disp.page.locator('[data-acceptance=awaiting]')).waitFor();

    const crew = await e.newPage({ mobile: true });
    await login(crew.page, e.base, 'crew1');
    await crew.page.goto(`${e.base}/crew`);
    // the assignment waits for the crew: no depart button until it is accepted
    await crew.page.getByTestId('crew-step-decline').waitFor();
    assert.equal(await crew.page.getByTestId('crew-step-depart').count(), 0, 'no departing before accepting');
    await step(crew.page, 'crew-step-accept');
    await crew.page.getByTestId('crew-job').locator('[data-acceptance=accepted]').waitFor();
    await step(crew.page, 'crew-step-depart');
    await step(crew.page, 'crew-step-arrive');
    await shot(crew.page, 'crew-mobile-on-site');
    await step(crew.page, 'crew-step-restore', async () => {
      await pickOption(crew.page, crew.page.getByTestId('cause-select'), '设备故障');
    });
    await crew.page.getByTestId('crew-job').getByText('暂无抢修任务').waitFor(); // the job is done
    await shot(crew.page, 'crew-mobile-restored');
    assert.deepEqual(crew.errors, []);
    await crew.ctx.close();

    await disp.page.goto(outageUrl);
    await disp.page.getByTestId('outage-state').and(disp.page.locator('[data-state=restored]')).waitFor();
    await step(disp.page, 'outage-action-confirm-restoration');
    await step(disp.page, 'outage-action-close');
    await disp.page.getByTestId('outage-state').and(disp.page.locator('[data-state=closed]')).waitFor();
    await disp.page.getByRole('tab', { name: /来电/ }).click();
    await shot(disp.page, 'outage-closed');
    const orderLinks = await disp.page.locator('a[href^="/orders/"]').count();
    assert.ok(orderLinks >= 2, 'both fault orders are linked to the outage');
    await disp.page.locator('a[href^="/orders/"]').first().click();
    await disp.page.getByTestId('order-state').and(disp.page.locator('[data-state=handled], [data-state=callback], [data-state=closed]')).waitFor();
    assert.deepEqual(disp.errors, []);
    await disp.ctx.close();
  });

  it('plans an outage inside the notice window: flagged, approved by a supervisor', async () => {
    const disp = await e.newPage();
    await login(disp.page, e.base, 'dispatcher');
    await disp.page.goto(`${e.base}/planned`);
    await disp.page.getByTestId('plan-new').click();
    // tomorrow is inside the 7-day notice window of a planned outage
    const start = new Date(Date.now() + 26 * 3600_000);
    const end = new Date(start.getTime() + 4 * 3600_000);
    const fmt = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:00`;
    const inputs = disp.page.locator('.ant-modal .ant-picker-range input');
    await inputs.nth(0).click();
    await inputs.nth(0).fill(fmt(start));
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill(fmt(end));
    await inputs.nth(1).press('Enter');
    await disp.page.locator('.ant-modal #reason').fill('10kV 线路检修');
    await pickOption(disp.page, disp.page.getByTestId('plan-devices'));
    await submitModal(disp.page, disp.page.getByTestId('plan-save'));
    await disp.page.getByTestId('plan-detail').getByText('待审批').waitFor();
    await disp.page
      .getByTestId('plan-detail')
      .getByText(/须提前/)
      .first()
      .waitFor();
    await settled(disp.page); // the drawer's opening animation
    await shot(disp.page, 'planned-needs-approval');
    assert.equal(await disp.page.getByTestId('plan-approve').count(), 0, 'a dispatcher cannot approve');
    assert.deepEqual(disp.errors, []);
    await disp.ctx.close();

    const sup = await e.newPage();
    await login(sup.page, e.base, 'supervisor');
    await sup.page.goto(`${e.base}/planned`);
    await sup.page.getByTestId('plan-approve').first().click();
    await sup.page.locator('.ant-tag').filter({ hasText: '已批准' }).first().waitFor();
    assert.deepEqual(sup.errors, []);
    await sup.ctx.close();
  });
});
