/**
 * Browser: a portal customer's dispute about their own application (POST
 * /api/portal/connections/:id/disputes), in zh-CN. The customer opens the application, raises a
 * dispute, sees it recorded with its 95598 order; a second dispute while that order is open is
 * refused with the reason (the open order named) and nothing new is recorded; the staff console
 * shows the work order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, pickOption, shot, startE2E, submitModal } from './browser.js';

const e = await startE2E({ customers: 60 });

describe('web console: portal dispute about an application', () => {
  it('raises a dispute, sees it recorded, is refused a second one with the reason; staff see the order', async () => {
    const c = await e.t.login('customer1');
    const r = await c.req('POST', '/api/portal/connections', {
      kind: 'new',
      customerClass: 'residential',
      applicantName: '客户一',
      applicantPhone: '13900000001',
      address: '清河县河西镇王庄村 5 号',
      voltageKv: 0.22,
      requestedKva: 6,
    });
    assert.equal(r.statusCode, 201, r.body);
    const appNo = r.json().appNo as string;

    const { page, ctx, errors } = await e.newPage({ mobile: true });
    await login(page, e.base, 'customer1');
    await page.goto(`${e.base}/portal/connections`);
    await page.getByTestId('portal-conn-list').getByText(appNo).click();
    await page.getByTestId('portal-conn-steps').getByText('业务受理').waitFor();
    const table = page.getByTestId('portal-disputes');
    await table.getByText('暂无异议').waitFor();

    // raise one: topic and description, submitted through the dialog
    await page.getByTestId('portal-dispute-open').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '对本申请提出异议' });
    await dialog.getByTestId('portal-dispute-form').waitFor();
    await pickOption(page, dialog.locator('.ant-select'), '收费项目异议');
    await dialog.locator('textarea').fill('报价单中有一项“表箱费”，请核实是否应由我方承担');
    await shot(page, 'portal-dispute-form');
    await submitModal(page, dialog.getByRole('button', { name: /提\s*交/ }));

    // recorded: the row with the topic, the text and its 95598 order
    const row = table.locator('tbody tr.ant-table-row').filter({ hasText: '表箱费' });
    await row.getByText('收费项目异议').waitFor();
    const orderLink = row.locator('a[href^="/portal/orders/"]');
    await orderLink.waitFor();
    const orderNo = ((await orderLink.textContent()) ?? '').trim();
    assert.match(orderNo, /^\d{12}$/);
    const orderId = Number((await orderLink.getAttribute('href'))!.split('/').pop());
    await shot(page, 'portal-dispute-recorded');

    // a second one while that order is open: refused, the dialog says why and names the order
    await page.getByTestId('portal-dispute-open').click();
    await dialog.getByTestId('portal-dispute-form').waitFor();
    await dialog.locator('textarea').fill('再次提出：办理太慢');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    const refusal = dialog.getByTestId('portal-dispute-error');
    await refusal.getByText(`该申请已有处理中的异议工单 ${orderNo}，请等待处理结果`).waitFor();
    await shot(page, 'portal-dispute-refused');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await table.locator('tbody tr.ant-table-row').count(), 1, 'nothing new recorded');
    const { rows } = await e.t.db.query(
      `SELECT count(*)::int AS n FROM work_orders WHERE id IN (SELECT work_order_id FROM connection_disputes WHERE application_id = $1)`,
      [r.json().id],
    );
    assert.equal(rows[0].n, 1);
    assert.deepEqual(
      errors.filter((x) => !/HTTP 409 POST .*\/api\/portal\/connections\/\d+\/disputes$/.test(x)),
      [],
    );
    assert.equal(errors.length, 1, 'exactly the one refused dispute');
    await ctx.close();

    // the staff console: the work order, with the customer's text
    const api = await (await e.t.login('supervisor')).req('GET', `/api/workorders/${orderId}`);
    assert.equal(api.statusCode, 200, api.body);
    assert.equal(api.json().orderNo, orderNo);
    const staff = await e.newPage();
    await login(staff.page, e.base, 'supervisor');
    await staff.page.goto(`${e.base}/orders/${orderId}`);
    await staff.page.getByTestId('order-no').filter({ hasText: orderNo }).waitFor();
    await staff.page.getByText('报价单中有一项“表箱费”', { exact: false }).first().waitFor();
    await shot(staff.page, 'portal-dispute-staff-order');
    assert.deepEqual(staff.errors, []);
    await staff.ctx.close();
  });
});
