/**
 * Browser: the billing workbench (runs with progress, accounts not billed, reading exceptions), an
 * account statement with its usage chart, phone reading entry, and the portal's bills — on demo billing
 * data made through the billing services (src/seed/billing-activity.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, pickOption, shot, startE2E } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { principalOf } from '../support/principals.js';
import { importReadings } from '../../src/modules/billing/index.js';

const e = await startE2E({ customers: 120 });
// a two-part account for the billing-parameters step (a county of 120 customers may have none): the last
// non-residential account made 630 kVA at 10 kV before the billing activity is seeded
await e.t.db.query(
  `UPDATE service_points SET customer_class = 'hv', contracted_kva = 630, supply_voltage_kv = 10
    WHERE account_id = (SELECT max(sp.account_id) FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id
                         WHERE sp.customer_class <> 'residential'
                           AND o.path LIKE (SELECT b.path FROM users u JOIN org_units b ON b.id = u.org_unit_id WHERE u.username = 'billing') || '%')`,
);
const demo = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);

describe('web console: billing', () => {
  it('workbench: runs with progress, the accounts a run did not bill, the reading exceptions queue', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/billing/runs`);
    const runs = page.getByTestId('runs-table');
    await runs.getByText('已发行').waitFor();
    await runs.getByText('待审核').waitFor();
    await runs.locator('.ant-progress').first().waitFor();
    await runs.locator('tr', { hasText: '待审核' }).click();
    const skipped = page.getByTestId('run-exceptions');
    await skipped.getByText('抄表异常未处理').first().waitFor();
    await shot(page, 'billing-workbench');
    await page.getByRole('tab', { name: '抄表异常队列' }).click();
    const queue = page.getByTestId('reading-exceptions');
    await queue.getByText('电量突增').waitFor();
    await queue.getByText('示数倒走').waitFor();
    // an account statement from the queue: usage chart and bills
    await queue.locator('tbody tr a').first().click();
    await page.waitForURL(/\/billing\/accounts\/\d+$/);
    await page.getByTestId('usage-chart').locator('canvas').waitFor();
    await page.getByTestId('statement-bills').locator('tbody tr').first().waitFor();
    await shot(page, 'billing-statement');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('billing parameters: the card shows the version and the pause entered in billing, a refused field under it; the bill line names the pause', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    assert.ok(demo.paramAccounts.excess, 'the demo county has a two-part account');
    await page.goto(`${e.base}/billing/accounts/${demo.paramAccounts.excess}`);
    const card = page.getByTestId('billing-params');
    await card.getByTestId('params-versions').getByText('按需量').waitFor();
    await card.getByTestId('params-events').getByText('计费录入').waitFor();
    // a version from the 15th is refused: the reason is shown under the field, nothing is saved
    await card.getByTestId('params-from').fill('2099-01-15');
    await card.getByTestId('params-save').click();
    await card
      .getByText(/计费参数自某月 1 日起生效/)
      .first()
      .waitFor();
    assert.equal(await card.getByTestId('params-versions').locator('tbody tr').count(), 1);
    // last month's bill (the run under review): the basic-charge lines name the pause and the parameter version
    await page.getByTestId('statement-bills').locator('tbody tr .ant-table-row-expand-icon').first().click();
    await page
      .getByTestId('bill-line-note')
      .filter({ hasText: /暂停 pause 计费#\d+/ })
      .first()
      .waitFor();
    await page
      .getByTestId('bill-line-note')
      .filter({ hasText: /计费参数 parameters #\d+/ })
      .first()
      .waitFor();
    await shot(page, 'billing-params');
    // the refused version is the one expected 400
    assert.deepEqual(
      errors.filter((x) => !/HTTP 400 PUT .*\/api\/billing\/accounts\/\d+\/parameters$/.test(x)),
      [],
    );
    await ctx.close();
  });

  it('reading entry on a phone; the portal customer sees their bills with lines', async () => {
    const meterNo = (
      await e.t.db.query(
        `SELECT m.meter_no FROM meters m JOIN service_points sp ON sp.id = m.service_point_id WHERE sp.customer_class = 'residential' ORDER BY m.id DESC LIMIT 1`,
      )
    ).rows[0].meter_no;
    const { page, ctx, errors } = await e.newPage({ mobile: true });
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/billing/reading-entry`);
    await page.locator('#meterNo').fill(meterNo);
    await page.locator('#readAt').fill('2099-01-25 09:00');
    await page.locator('#kwh_total').fill('99999');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('entry-result').waitFor();
    await shot(page, 'billing-reading-entry');
    assert.deepEqual(errors, []);
    await ctx.close();

    const portal = await e.newPage({ mobile: true });
    await login(portal.page, e.base, 'customer1');
    await portal.page.goto(`${e.base}/portal/bills`);
    const bills = portal.page.getByTestId('portal-bills');
    await bills.getByText('已发行').first().waitFor();
    await bills.locator('.ant-table-row-expand-icon').first().click();
    await portal.page.getByText('合计').first().waitFor();
    await shot(portal.page, 'portal-bills');
    assert.deepEqual(portal.errors, []);
    assert.ok(demo.releasedRunId > 0);
    await portal.ctx.close();
  });

  it("bill documents: a run's print file and Excel export, a bill's PDF for staff and for the customer from the e-bill link", async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/billing/runs`);
    await page.getByTestId('runs-table').locator('tr', { hasText: '已发行' }).click();
    const print = page.getByTestId('run-print');
    await print.waitFor();
    const printed = await page.request.get(new URL((await print.getAttribute('href'))!, e.base).href);
    assert.equal(printed.status(), 200);
    assert.equal(printed.headers()['content-type'], 'application/pdf');
    assert.equal((await printed.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    const excel = await page.request.get(new URL((await page.getByTestId('run-excel').getAttribute('href'))!, e.base).href);
    assert.equal(excel.status(), 200);
    assert.equal((await excel.body()).subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip');
    await shot(page, 'billing-run-documents');
    assert.deepEqual(errors, []);
    await ctx.close();

    // the customer follows the e-bill link: the bill is open with its PDF
    const mine = (
      await e.t.db.query(
        `SELECT b.id FROM bills b JOIN customer_accounts a ON a.id = b.account_id JOIN users u ON u.customer_id = a.customer_id
          WHERE u.username = 'customer1' AND b.status = 'released' ORDER BY b.id LIMIT 1`,
      )
    ).rows[0].id;
    const portal = await e.newPage({ mobile: true });
    await login(portal.page, e.base, 'customer1');
    await portal.page.goto(`${e.base}/portal/bills?bill=${mine}`);
    const link = portal.page.getByTestId('bill-pdf');
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `/api/portal/bills/${mine}/pdf`);
    const pdf = await portal.page.request.get(`${e.base}/api/portal/bills/${mine}/pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    await shot(portal.page, 'portal-bill-pdf');
    assert.deepEqual(portal.errors, []);
    await portal.ctx.close();
  });

  it('split reading: the schedule set on the account page, the reading of its day listed, the interim bill issued from it', async () => {
    // this month (China Standard Time) and its first day, which has always come: the reading day of the test
    const cycle = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const acc = (
      await e.t.db.query(
        `SELECT sp.account_id, min(m.meter_no) AS meter_no FROM meters m JOIN service_points sp ON sp.id = m.service_point_id JOIN org_units o ON o.id = sp.org_unit_id
          WHERE sp.customer_class = 'residential'
            AND o.path LIKE (SELECT b.path FROM users u JOIN org_units b ON b.id = u.org_unit_id WHERE u.username = 'billing') || '%'
            AND NOT EXISTS (SELECT 1 FROM reading_exceptions x WHERE x.account_id = sp.account_id AND x.status IN ('open', 'disputed'))
            AND EXISTS (SELECT 1 FROM meter_readings r WHERE r.account_id = sp.account_id AND r.register = 'kwh_total' AND r.read_at < $1::timestamptz)
          GROUP BY sp.account_id HAVING count(*) = 1 ORDER BY sp.account_id LIMIT 1`,
        [`${cycle}-01T00:00:00+08:00`],
      )
    ).rows[0];
    assert.ok(acc, 'a residential account with readings and no open exception');
    const last = (
      await e.t.db.query(
        `SELECT value::text AS v FROM meter_readings WHERE account_id = $1 AND register = 'kwh_total' AND mode = 'index' AND read_at < $2::timestamptz ORDER BY read_at DESC LIMIT 1`,
        [acc.account_id, `${cycle}-01T00:00:00+08:00`],
      )
    ).rows[0].v;
    await importReadings(e.t.db, await principalOf(e.t.db, 'billing'), {
      fileName: 'e2e-split-reading.csv',
      text: `meter_no,register,read_at,value,flag\n${acc.meter_no},kwh_total,${cycle}-01 00:30,${Number(last) + 50},`,
      source: 'api',
    });
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/billing/accounts/${acc.account_id}`);
    const card = page.getByTestId('split-settlement');
    await card.getByText('未签订分次结算协议').waitFor();
    await pickOption(page, card.getByTestId('split-basis'), '按分次抄表电量（分次抄表）');
    await card.getByTestId('split-days').fill('1');
    await card.getByTestId('split-save').click();
    // the reading day of this month with the reading taken that day, no bill yet
    const reads = card.getByTestId('split-reads');
    await reads.getByText(`${cycle}-01 00:30`).waitFor();
    await reads.getByText('未出账').waitFor();
    await card.getByTestId('split-issue').click();
    await reads.getByText(/ · 50 kWh · ¥/).waitFor();
    await page.getByTestId('statement-bills').getByText('第 1 次').first().waitFor();
    assert.equal(
      Number((await e.t.db.query(`SELECT count(*) FROM bills WHERE account_id = $1 AND kind = 'interim' AND kwh = 50`, [acc.account_id])).rows[0].count),
      1,
    );
    await shot(page, 'billing-split-reading');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('metering split (定比定量) on the billing parameters card: a share above 100 % refused under the field, then saved and shown', async () => {
    const acc = (
      await e.t.db.query(
        `SELECT sp.account_id FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id
          WHERE sp.customer_class <> 'residential'
            AND o.path LIKE (SELECT b.path FROM users u JOIN org_units b ON b.id = u.org_unit_id WHERE u.username = 'billing') || '%'
            AND NOT EXISTS (SELECT 1 FROM billing_parameters p WHERE p.account_id = sp.account_id)
          ORDER BY sp.account_id LIMIT 1`,
      )
    ).rows[0];
    assert.ok(acc, 'a non-residential account without billing parameters');
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/billing/accounts/${acc.account_id}`);
    const card = page.getByTestId('billing-params');
    await card.getByText('没有计费参数').waitFor();
    await pickOption(page, card.getByTestId('params-split-kind'), '定比（按比例）');
    await card.getByTestId('params-split-pct').fill('120');
    await card.getByTestId('params-save').click();
    await card.getByText('定比比例须大于 0% 且不超过 100%').first().waitFor();
    assert.equal(Number((await e.t.db.query(`SELECT count(*) FROM billing_parameters WHERE account_id = $1`, [acc.account_id])).rows[0].count), 0);
    await card.getByTestId('params-split-pct').fill('20');
    await card.getByTestId('params-save').click();
    await card.getByTestId('params-versions').getByText('定比（按比例） 20% → 居民生活').waitFor();
    const row = (await e.t.db.query(`SELECT metering_split FROM billing_parameters WHERE account_id = $1`, [acc.account_id])).rows[0];
    assert.deepEqual(row.metering_split, { kind: 'ratio', customerClass: 'residential', sharePct: '20' });
    await shot(page, 'billing-metering-split');
    // the refused version is the one expected 400
    assert.deepEqual(
      errors.filter((x) => !/HTTP 400 PUT .*\/api\/billing\/accounts\/\d+\/parameters$/.test(x)),
      [],
    );
    await ctx.close();
  });

  it('public tariff notice: from the login page, without logging in, the tables in force with their TOU hours', async () => {
    const { page, ctx, errors } = await e.newPage();
    await page.goto(`${e.base}/login`);
    await page.getByRole('link', { name: '查看电价信息（无需登录）' }).click();
    await page.waitForURL(/\/public\/tariffs$/);
    const list = page.getByTestId('public-tariffs');
    await list.getByText('ZJ-CI1-LV-2024').waitFor();
    await list.getByText('分时时段').first().waitFor();
    await list.getByText('22:00–24:00 低谷').first().waitFor();
    await shot(page, 'public-tariffs');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('tariff editor: change a price, compare what a customer pays under the draft, publish the next version', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'admin');
    await page.goto(`${e.base}/billing/tariffs`);
    await page.getByRole('tab', { name: '电价编辑与模拟' }).click();
    await pickOption(page, page.getByTestId('editor-base'), /^ZJ-RES-2012/);
    const tier1 = page.getByTestId('editor-rates-0-all');
    await tier1.fill('0.600');
    await page.getByTestId('editor-kwh').fill('300');
    await page.getByTestId('editor-simulate').click();
    const compare = page.getByTestId('editor-compare');
    // 300 kWh in tier 1: 300 × 0.538 = ¥161.40 today, 300 × 0.600 = ¥180.00 under the draft
    await compare.getByText('¥161.40').waitFor();
    await compare.getByText('¥180.00').waitFor();
    await compare.getByText('¥18.60').waitFor();
    await page.getByTestId('editor-code').fill('ZJ-RES-E2E');
    await page.getByTestId('editor-publish').click();
    await page.getByText('已发布电价版本 ZJ-RES-E2E').waitFor();
    const row = (
      await e.t.db.query(`SELECT content->'rates'->0->>'all' AS p, to_char(valid_from, 'YYYY-MM-DD') AS f FROM tariff_versions WHERE code = 'ZJ-RES-E2E'`)
    ).rows[0];
    assert.equal(row.p, '0.600');
    // the same start again overlaps the version just published: refused, named, nothing written
    await page.getByTestId('editor-code').fill('ZJ-RES-E2E-2');
    await page.getByTestId('editor-publish').click();
    await page.getByTestId('editor-error').waitFor();
    assert.equal(Number((await e.t.db.query(`SELECT count(*) FROM tariff_versions WHERE code = 'ZJ-RES-E2E-2'`)).rows[0].count), 0);
    await shot(page, 'billing-tariff-editor');
    assert.deepEqual(
      errors.filter((x) => !x.includes('/api/billing/tariffs')),
      [],
    );
    await ctx.close();
  });

  it("simulator with an account: picked by its number, the form takes its parameters and the run applies its metering split, the split's lines marked", async () => {
    // a C&I account without billing parameters, given from this month a version (C&I, single-part, low voltage, no TOU) with a 20 % residential split
    const acc = (
      await e.t.db.query(
        `SELECT sp.account_id, a.account_no FROM service_points sp JOIN customer_accounts a ON a.id = sp.account_id JOIN org_units o ON o.id = sp.org_unit_id
          WHERE sp.customer_class NOT IN ('residential', 'hv')
            AND o.path LIKE (SELECT b.path FROM users u JOIN org_units b ON b.id = u.org_unit_id WHERE u.username = 'billing') || '%'
            AND NOT EXISTS (SELECT 1 FROM billing_parameters p WHERE p.account_id = sp.account_id)
          ORDER BY sp.account_id DESC LIMIT 1`,
      )
    ).rows[0];
    assert.ok(acc, 'a non-residential account without billing parameters');
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const clerk = await e.t.login('billing');
    const put = await clerk.req('PUT', `/api/billing/accounts/${acc.account_id}/parameters`, {
      validFrom: `${month}-01`,
      validTo: null,
      customerClass: 'commercial_industrial',
      pricing: 'single',
      voltage: 'lv',
      tou: false,
      basicBasis: null,
      contractKva: null,
      contractDemandKw: null,
      highLoadEligible: true,
      meteringSplit: { kind: 'ratio', customerClass: 'residential', sharePct: '20' },
    });
    assert.equal(put.statusCode, 200, put.body);

    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/billing/tariffs`);
    await page.getByRole('tab', { name: '电费模拟计算' }).click();
    const picker = page.getByTestId('sim-account');
    await picker.click();
    await picker.locator('input').fill(acc.account_no);
    await pickOption(page, picker, acc.account_no);
    // the account's split in force this month, and its province and class taken into the form
    await page.getByTestId('sim-split-in-force').getByText(`${month} 执行定比定量：定比（按比例） 20% → 居民生活`).waitFor();
    await page.getByTestId('sim-province').getByText('浙江').waitFor();
    await page.getByTestId('sim-class').getByText('工商业').waitFor();
    await page.locator('#total').fill('1000');
    await page
      .getByRole('button', { name: '计 算' })
      .or(page.getByRole('button', { name: '计算' }))
      .click();
    // 20 % of 1 000 kWh = 200 kWh rated residential (ZJ-RES-2012, tier 1: 200 × 0.538 = ¥107.60), 800 kWh stay C&I
    await page.getByTestId('sim-split').getByText('定比定量：200 kWh 按居民生活计费，主类 800 kWh').waitFor();
    await page.getByTestId('sim-split').getByText('定比 20% × 1000 kWh = 200 kWh（取整 kWh）→ 居民生活').waitFor();
    const lines = page.getByTestId('sim-lines');
    const splitRow = lines.locator('tr.sim-split-line', { hasText: '200 kWh' }).filter({ hasText: 'ZJ-RES-2012' }).first();
    await splitRow.getByText('¥107.60').waitFor();
    await splitRow.getByTestId('sim-split-tag').waitFor();
    await lines.locator('tr:not(.sim-split-line)', { hasText: '800 kWh' }).first().waitFor();
    await shot(page, 'billing-simulator-split');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
