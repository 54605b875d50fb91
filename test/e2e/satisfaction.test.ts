/**
 * Browser: the satisfaction survey path. A supervisor publishes a survey and invites the customer of
 * a handled order (API); the customer opens the SMS link on a phone without logging in, is stopped
 * by a missing required answer, answers and is thanked; the used link then says it is used. The
 * supervisor sees the answer in the survey's results and the dashboard's charts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, settled, shot, startE2E } from './browser.js';

const e = await startE2E({ customers: 60 });

describe('web console: satisfaction survey', () => {
  it('answers a survey from the SMS link without login, once; the supervisor sees it', async () => {
    const sup = await e.t.login('supervisor');
    const taker = await e.t.login('calltaker');
    const dispatcher = await e.t.login('dispatcher');
    const cust = (
      await e.t.db.query(`SELECT c.id, sp.id AS sp_id FROM customers c JOIN service_points sp ON sp.customer_id = c.id JOIN org_units o ON o.id = sp.org_unit_id
        WHERE o.code = 'SF-QH-CG' ORDER BY c.id LIMIT 1`)
    ).rows[0];
    const station = (await e.t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH-CG'`)).rows[0].id as number;
    const created = await taker.req('POST', '/api/workorders', {
      orderType: 'complaint',
      subtype: 'service',
      channel: 'phone',
      customerId: cust.id,
      servicePointId: cust.sp_id,
      callerPhone: '13912345678',
      description: '营业厅排队时间太长',
    });
    assert.equal(created.statusCode, 201, created.body);
    const order = created.json().order as { id: number; orderNo: string };
    for (const body of [{ action: 'dispatch', orgUnitId: station }, { action: 'start' }, { action: 'handle', result: '已致歉并增开窗口' }]) {
      const r = await dispatcher.req('POST', `/api/workorders/${order.id}/transitions`, body);
      assert.equal(r.statusCode, 200, r.body);
    }
    const survey = await sup.req('POST', '/api/satisfaction/surveys', {
      name: '投诉处理满意度',
      touchPoint: 'complaint',
      questions: [
        { key: 'overall', type: 'scale5', textZh: '您对本次服务总体是否满意？', textEn: 'Overall satisfaction', required: true, role: 'overall' },
        { key: 'speed', type: 'scale10', textZh: '处理是否及时？', textEn: 'Timeliness', required: true, role: 'attribute', attribute: 'speed' },
        { key: 'note', type: 'text', textZh: '其他意见', textEn: 'Comments', required: false },
      ],
    });
    assert.equal(survey.statusCode, 201, survey.body);
    const id = survey.json().id as number;
    assert.equal((await sup.req('POST', `/api/satisfaction/surveys/${id}/publish`)).statusCode, 200);
    const inv = await sup.req('POST', `/api/satisfaction/surveys/${id}/invitations`, { orderIds: [order.id] });
    assert.equal(inv.json().invited, 1, inv.body);
    const sms = (await e.t.db.query(`SELECT body FROM outbox WHERE event = 'survey.invitation' AND order_id = $1`, [order.id])).rows[0].body as string;
    const path = /\/public\/survey\/[^\s（]+/.exec(sms)![0];

    // the customer, on a phone, no login
    const { page, ctx, errors } = await e.newPage({ mobile: true });
    await page.goto(`${e.base}${path}`);
    await page.getByText(order.orderNo).waitFor();
    await page.getByTestId('survey-submit').click();
    await page.getByText('请回答此题').first().waitFor(); // required answers missing: nothing sent
    await page.getByTestId('q-overall').locator('li').nth(3).click(); // 4 of 5
    await page.getByTestId('q-speed').getByText('9', { exact: true }).click();
    await page.getByTestId('q-note').fill('处理很及时');
    await settled(page);
    await shot(page, 'survey-answer');
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-thanks').waitFor();
    const stored = (await e.t.db.query(`SELECT overall, attributes, comment FROM sat_responses WHERE method = 'survey' AND order_id = $1`, [order.id])).rows;
    assert.deepEqual(stored, [{ overall: 4, attributes: { speed: [9, 1, 10] }, comment: '处理很及时' }]);
    // the link again: used
    await page.reload();
    await page.getByTestId('survey-gone').waitFor();
    assert.deepEqual(
      errors.filter((x) => !/HTTP 409 GET .*\/api\/public\/surveys\//.test(x)),
      [],
    );
    await ctx.close();

    // the supervisor: the survey's results and the dashboard
    const staff = await e.newPage();
    await login(staff.page, e.base, 'supervisor');
    await staff.page.goto(`${e.base}/quality/surveys`);
    await staff.page
      .getByRole('row', { name: /投诉处理满意度/ })
      .getByRole('button', { name: '结果' })
      .click();
    await staff.page.getByText('“处理很及时”').waitFor();
    await staff.page.goto(`${e.base}/quality/satisfaction`);
    await staff.page.getByTestId('sat-trend').locator('canvas').waitFor();
    await staff.page.getByTestId('sat-quadrant').locator('canvas').waitFor();
    await settled(staff.page);
    await shot(staff.page, 'satisfaction-dashboard');
    assert.deepEqual(staff.errors, []);
    await staff.ctx.close();
  });
});
