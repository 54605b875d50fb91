/**
 * Browser: the customer portal and the public outage page.
 * A portal customer submits a fault on a service point, pins the spot of the fault on the map (sent
 * as the order's location, shown back on the order), follows it, and after staff handle it rates the service; the public outage page needs no login and lists a confirmed outage.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, pickOption, settled, shot, startE2E } from './browser.js';

const e = await startE2E();
// a map is a lazily loaded chunk plus a WebGL context drawn in software by headless Chromium: on a
// loaded CI machine its first canvas has been seen to take longer than the default 15 s
const MAP = { timeout: 60_000 };

describe('web console: customer portal', () => {
  it('submits a fault with a location on the map, follows it and rates the service', async () => {
    const { page, ctx, errors } = await e.newPage({ mobile: true });
    await login(page, e.base, 'customer1');
    await page.waitForURL(/\/portal$/);
    await page.getByTestId('portal-new').click();
    await page.waitForURL(/\/portal\/new$/);
    await page.getByTestId('portal-map').locator('canvas').waitFor(MAP);
    // mark the fault location: the map may not take clicks until it has loaded, so click until the pin is shown
    const pinned = page.getByTestId('portal-pinned');
    for (let i = 0; i < 15 && !(await pinned.isVisible()); i++) {
      await page.getByTestId('portal-map').click({ position: { x: 40, y: 40 } });
      await pinned.waitFor({ timeout: 1_000 }).catch(() => {});
    }
    await pinned.waitFor();
    const [pinLon, pinLat] = ((await pinned.textContent()) ?? '').match(/-?\d+\.\d{6}/g)!.map(Number);
    await page.getByTestId('portal-spot-text').fill('小区门口第二根电杆');
    await pickOption(page, page.getByTestId('portal-sp'));
    await page.getByTestId('portal-description').fill('家里没电了，请尽快来修');
    await shot(page, 'portal-submit');
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('portal-created').waitFor();
    const orderNo = (await page.getByTestId('portal-order-no').textContent())?.trim() ?? '';
    assert.match(orderNo, /^\d{12}$/);
    const id = Number(page.url().split('/').pop());
    // the order shows the pinned spot on its own small map, as a reported location
    await page.getByTestId('order-location-map').locator('canvas').waitFor(MAP);
    await page.getByTestId('order-location-source').getByText('报告位置').waitFor();
    await page.getByTestId('order-location-text').getByText('小区门口第二根电杆').waitFor();
    const shown = ((await page.getByTestId('order-location-lonlat').textContent()) ?? '').match(/-?\d+\.\d{6}/g)!.map(Number);
    assert.deepEqual(shown, [pinLon, pinLat]);
    await shot(page, 'portal-order-location');

    // staff handle it (API, as the supervisor)
    const sup = await e.t.login('supervisor');
    const order = (await sup.req('GET', `/api/workorders/${id}`)).json();
    assert.equal(order.location.source, 'reported');
    assert.ok(Math.abs(order.location.lon - pinLon) < 1e-6 && Math.abs(order.location.lat - pinLat) < 1e-6, JSON.stringify(order.location));
    assert.equal(order.location.text, '小区门口第二根电杆');
    assert.equal(order.description, '家里没电了，请尽快来修', 'the location is data, not pasted into the text');
    for (const body of [{ action: 'dispatch', orgUnitId: order.orgUnitId }, { action: 'start' }, { action: 'handle', result: '已更换熔断器，恢复供电' }]) {
      const r = await sup.req('POST', `/api/workorders/${id}/transitions`, body);
      assert.equal(r.statusCode, 200, r.body);
    }
    await page.reload();
    await page.getByTestId('portal-rate').locator('li').nth(4).click();
    await page.getByTestId('portal-rate-submit').click();
    await page.getByText('感谢您的评价').first().waitFor();
    await shot(page, 'portal-rated');
    await page.goto(`${e.base}/portal`);
    await page.getByTestId('portal-orders').getByText(orderNo).waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('reports a fault at a spot, without a service point', async () => {
    const { page, ctx, errors } = await e.newPage({ mobile: true });
    await login(page, e.base, 'customer1');
    await page.waitForURL(/\/portal$/);
    await page.getByTestId('portal-new').click();
    await page.getByTestId('portal-spot-only').check();
    await page.getByTestId('portal-sp').waitFor({ state: 'detached' });
    await page.getByTestId('portal-description').fill('路边电线在冒火花');
    // submitting before a spot is marked says what is missing, and sends nothing
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('portal-error').getByText('请在地图上点击标出故障位置').waitFor();
    await page.getByTestId('portal-map').locator('canvas').waitFor(MAP);
    const pinned = page.getByTestId('portal-pinned');
    for (let i = 0; i < 15 && !(await pinned.isVisible()); i++) {
      await page.getByTestId('portal-map').click({ position: { x: 60, y: 60 } });
      await pinned.waitFor({ timeout: 1_000 }).catch(() => {});
    }
    await pinned.waitFor();
    const [pinLon, pinLat] = ((await pinned.textContent()) ?? '').match(/-?\d+\.\d{6}/g)!.map(Number);
    await page.getByTestId('portal-spot-text').fill('菜市场北口');
    await shot(page, 'portal-spot-only');
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('portal-created').waitFor();
    await page.getByTestId('order-location-source').getByText('报告位置').waitFor();
    const id = Number(page.url().split('/').pop());
    const order = (await e.t.db.query('SELECT service_point_id, location_source, location_lon, location_lat FROM work_orders WHERE id = $1', [id])).rows[0];
    assert.equal(order.service_point_id, null);
    assert.equal(order.location_source, 'reported');
    assert.ok(Math.abs(order.location_lon - pinLon) < 1e-6 && Math.abs(order.location_lat - pinLat) < 1e-6);
    // a trouble call with the spot and no customer: under the nearest transformer, or unplaced for a dispatcher
    const call = (await e.t.db.query('SELECT service_point_id, customer_id, status, spot_lon FROM outage_calls WHERE order_id = $1', [id])).rows[0];
    assert.ok(call, 'placed as a trouble call');
    assert.equal(call.service_point_id, null);
    assert.equal(call.customer_id, null);
    assert.ok(['pending', 'grouped', 'unplaced'].includes(call.status), call.status);
    assert.ok(Math.abs(call.spot_lon - pinLon) < 1e-6);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('shows current outages on the public page without login', async () => {
    const { page, ctx, errors } = await e.newPage();
    // two fault calls under one transformer make a predicted outage; the dispatcher confirms it (API)
    const { rows } = await e.t.db.query(`SELECT s.id, s.transformer_id FROM service_points s
      WHERE s.transformer_id = (SELECT transformer_id FROM service_points WHERE transformer_id IS NOT NULL GROUP BY transformer_id HAVING count(*) >= 2 ORDER BY transformer_id DESC LIMIT 1) ORDER BY s.id LIMIT 2`);
    const disp = await e.t.login('dispatcher');
    for (const r of rows) assert.equal((await disp.req('POST', '/api/outages/calls', { servicePointId: Number(r.id) })).statusCode, 201);
    const list = (await disp.req('GET', '/api/outages?status=active')).json() as { id: number; device: { id: number } }[];
    const outage = list.find((o) => o.device.id === Number(rows[0].transformer_id));
    assert.ok(outage, 'a predicted outage at the transformer');
    assert.equal((await disp.req('POST', `/api/outages/${outage.id}/confirm`, { etr: new Date(Date.now() + 7200_000).toISOString() })).statusCode, 200);

    await page.goto(`${e.base}/login`);
    await page.getByRole('link', { name: '查看停电信息（无需登录）' }).click();
    await page.getByTestId('public-current').locator('.ant-list-item').first().waitFor();
    await page.getByTestId('public-map').locator('canvas').waitFor(MAP);
    await settled(page);
    await shot(page, 'public-outages');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
