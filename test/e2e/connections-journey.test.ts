/**
 * Browser, zh-CN: one connection application (业扩报装) from the portal to power-on (issue 9).
 * A customer applies online for a 2,500 kVA high-voltage dual-supply connection — a class that needs
 * the joint review — and uploads the documents the checklist asks; marketing finds it on the
 * workbench with its stage clock, checks every document and accepts it, records the survey and the
 * supply plan (transformer picked from the network model) and is refused the plan reply until the
 * reviews are done; the supervisor records the first review (design office, dispatch, production)
 * and then the leaders' joint review on the review board; marketing takes it through design review,
 * mid inspection (a customer pause for building works) and completion, offers the supply contract,
 * which the customer signs on the portal, records the dispatch agreement dual supply needs, and
 * energises it. What each of them sees is asserted at each step, and at the end the records
 * power-on made: the customer's new account, service point under the chosen transformer with the
 * contracted capacity, and meter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { login, pickOption, shot, startE2E } from './browser.js';

const e = await startE2E({ customers: 60 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-conn-journey-'));
const APPLICANT = '清河县宏达机械制造有限公司';
const KVA = 2500;
/** the checklist of a 10 kV legal entity's new connection (policy data), as the document kinds read in zh-CN */
const DOCS = ['营业执照', '法定代表人身份证明', '项目批复文件', '用电地址总平面图', '用电设备清单', '变电所设计资料', '近远期用电容量'];

/** Waits for the application page's stage tag to read `stage`. */
const atStage = (page: Page, stage: string) => page.getByTestId('conn-stage').getByText(stage, { exact: true }).waitFor();

/** Presses the stage action and waits for the next stage to show. */
async function advanceTo(page: Page, stage: string) {
  await page.getByTestId('conn-advance').click();
  await atStage(page, stage);
}

describe('connections: a portal application through the joint review to power-on', () => {
  it('is applied for with documents, accepted, reviewed, contracted, signed and energised', async () => {
    // set-up the test is not about: the transformer the plan will name, the customer behind the portal account
    const m = await e.t.login('marketing');
    const tr = (await m.req('GET', '/api/network/devices?kind=transformer&limit=1')).json()[0] as { id: number; code: string };
    const customerId = (await e.t.db.query(`SELECT customer_id FROM users WHERE username = 'customer1'`)).rows[0].customer_id as number;
    const reviewer = (await e.t.db.query(`SELECT display_name FROM users WHERE username = 'marketing'`)).rows[0].display_name as string;
    const today = (await e.t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d`)).rows[0].d as string;

    // 1. the customer applies on the portal and uploads the documents
    const cust = await e.newPage();
    await login(cust.page, e.base, 'customer1');
    await cust.page.goto(`${e.base}/portal/connections`);
    await cust.page.getByTestId('portal-conn-apply').click();
    await cust.page.getByTestId('conn-form').waitFor();
    await pickOption(cust.page, cust.page.getByTestId('conn-class'), '高压双电源');
    await cust.page.getByTestId('conn-applicant').fill(APPLICANT);
    await cust.page.getByTestId('conn-phone').fill('13900000001');
    await cust.page.getByTestId('conn-address').fill('清河县经济开发区创业大道 8 号');
    await cust.page.locator('#requestedKva').fill(String(KVA));
    await cust.page.getByRole('checkbox', { name: '法人客户' }).check();
    assert.equal(await cust.page.locator('#voltageKv').inputValue(), '10', 'an HV class is supplied at 10 kV');
    await cust.page.getByTestId('conn-submit').click();
    await cust.page.waitForURL(/\/portal\/connections\/\d+$/);
    const id = Number(cust.page.url().split('/').pop());
    const appNo = ((await cust.page.getByTestId('portal-conn-no').textContent()) ?? '').trim();
    assert.match(appNo, /^YK\d{14}$/);
    await cust.page.getByTestId('portal-conn-steps').getByText('设计审查').waitFor();
    const checklist = cust.page.getByTestId('conn-checklist');
    for (const d of DOCS) await checklist.getByText(d, { exact: true }).waitFor();
    assert.equal(await checklist.locator('.ant-tag-volcano').count(), DOCS.length, 'every item missing before the uploads');
    const docRows = cust.page.getByTestId('conn-docs').locator('tbody tr.ant-table-row');
    for (const [i, d] of DOCS.entries()) {
      await pickOption(cust.page, cust.page.getByTestId('conn-doc-kind'), new RegExp(`^${d}$`));
      const file = path.join(dir, `${i + 1}-${d}.pdf`);
      fs.writeFileSync(file, `%PDF-1.4\n% ${d}\n`);
      await cust.page.locator('input[type=file]').setInputFiles(file);
      await docRows
        .nth(i)
        .getByText(`${i + 1}-${d}.pdf`)
        .waitFor();
    }
    await checklist
      .locator('.ant-tag-green')
      .nth(DOCS.length - 1)
      .waitFor();
    assert.equal(await checklist.locator('.ant-tag-volcano').count(), 0);
    await shot(cust.page, 'conn-journey-portal-uploaded');

    // 2. marketing: the workbench lists it with its stage clock and no missing documents
    const staff = await e.newPage();
    await login(staff.page, e.base, 'marketing');
    await staff.page.goto(`${e.base}/connections`);
    await staff.page.getByPlaceholder('编号 / 申请人 / 地址').fill(appNo);
    await staff.page.getByPlaceholder('编号 / 申请人 / 地址').press('Enter');
    const row = staff.page.getByTestId('conn-table').locator('tbody tr', { hasText: appNo });
    await row.getByText('业务受理').waitFor();
    await row.getByText('高压双电源').waitFor();
    await row.getByTestId('conn-clock').waitFor();
    await row.getByText('资料齐全').waitFor();
    await shot(staff.page, 'conn-journey-workbench');
    await row.getByRole('link', { name: appNo }).click();
    await staff.page.waitForURL(new RegExp(`/connections/${id}$`));
    await atStage(staff.page, '业务受理');
    const overview = staff.page.getByTestId('conn-overview');
    await overview.getByText('网上国网', { exact: true }).waitFor();
    await overview.getByText('客户申请', { exact: true }).waitFor();

    // checks every document, then accepts
    await staff.page.getByRole('tab', { name: /申请资料/ }).click();
    const checks = staff.page.getByTestId('conn-docs').getByRole('button', { name: /^核\s?验$/ });
    await checks.first().waitFor();
    for (let left = DOCS.length; left > 0; left--) {
      await checks.first().click();
      if (left > 1) await checks.nth(left - 1).waitFor({ state: 'detached' });
      else await checks.first().waitFor({ state: 'detached' });
    }
    assert.equal(await staff.page.getByTestId('conn-docs').locator('tbody tr.ant-table-row', { hasText: reviewer }).count(), DOCS.length);
    await advanceTo(staff.page, '现场勘查');
    await advanceTo(staff.page, '供电方案答复');

    // the supply plan, with the transformer found in the network model
    await staff.page.getByRole('tab', { name: '供电方案', exact: true }).click();
    await pickOption(staff.page, staff.page.getByTestId('conn-plan-transformer'), tr.code);
    await staff.page.getByTestId('conn-plan-mode').fill('两路 10 kV 电源（一主一备），高供高计');
    await staff.page.getByTestId('conn-plan-save').click();
    await staff.page.getByTestId('conn-plan').getByText('两路 10 kV 电源（一主一备），高供高计').waitFor();
    await staff.page
      .getByTestId('conn-plan-transformer-shown')
      .getByText(new RegExp(`^${tr.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `))
      .waitFor();
    // the plan cannot be replied before the reviews: the refusal names both
    await staff.page.getByTestId('conn-advance').click();
    const refusal = staff.page.getByTestId('conn-action-error');
    await refusal.getByText(/须经设计部门会同调度、生产部门初审通过/).waitFor();
    assert.match((await refusal.textContent()) ?? '', /须经公司领导联合会审通过/);
    await atStage(staff.page, '供电方案答复');

    // 3. the supervisor: the review board lists it awaiting the first review, with why
    const sup = await e.newPage();
    await login(sup.page, e.base, 'supervisor');
    await sup.page.goto(`${e.base}/connections/reviews`);
    await sup.page.getByRole('heading', { name: '方案会审看板' }).waitFor();
    const boardRow = sup.page.getByTestId('review-board').locator('tbody tr.ant-table-row', { hasText: appNo });
    await boardRow.getByTestId('review-awaiting').getByText('待初审').waitFor();
    await boardRow.locator('.ant-tag', { hasText: '高压双电源' }).waitFor();
    await boardRow.locator('.ant-tag', { hasText: '单次申请容量 ≥ 2000 kVA' }).waitFor();
    await boardRow.getByTestId('conn-clock').waitFor();
    await boardRow.locator('.ant-table-row-expand-icon').click();
    const reviews = sup.page.getByTestId('conn-reviews');
    await reviews.waitFor();
    // first review: design office with dispatch and production
    await sup.page.getByTestId('conn-review-level').getByText('初审（设计、调度、生产）').waitFor();
    await sup.page.getByTestId('conn-review-participants').fill('设计室 张工；调度中心 李工；生产技术部 王工');
    await sup.page.getByTestId('conn-review-note').fill('两路电源取自不同变电站，方案可行');
    await sup.page.getByTestId('conn-review-save').click();
    await reviews.locator('tbody tr.ant-table-row', { hasText: '设计室 张工' }).getByText('通过').waitFor();
    await boardRow.getByTestId('review-awaiting').getByText('待联合会审').waitFor();
    // then the leaders' joint review (the form moves on to it)
    await sup.page.getByTestId('conn-review-level').getByText('联合会审（公司领导）').waitFor();
    await sup.page.getByTestId('conn-review-participants').fill('总经理 赵总；分管副总经理 钱总；营销部 孙主任');
    await sup.page.getByTestId('conn-review-save').click();
    await reviews.locator('tbody tr.ant-table-row', { hasText: '总经理 赵总' }).getByText('通过').waitFor();
    await boardRow.getByTestId('review-awaiting').getByText('会审通过').waitFor();
    assert.equal(await reviews.locator('tbody tr.ant-table-row').count(), 2, 'each review recorded');
    await shot(sup.page, 'conn-journey-review-board');

    // 4. marketing replies the plan and takes it through design review, mid inspection and completion
    await staff.page.reload();
    await atStage(staff.page, '供电方案答复');
    await advanceTo(staff.page, '设计审查');
    await advanceTo(staff.page, '中间检查');
    // the customer builds: their time pauses the clock and is shown apart
    await staff.page.getByTestId('conn-wait-start').click();
    await staff.page.getByText('客户原因暂停 · 客户土建施工').waitFor();
    await staff.page.getByTestId('conn-wait-end').waitFor();
    await advanceTo(staff.page, '竣工检验');
    await staff.page.getByTestId('conn-wait-start').waitFor();
    await advanceTo(staff.page, '合同签订');

    // 5. the supply contract: offered by marketing, signed by the customer on the portal
    await staff.page.getByRole('tab', { name: /送电前协议/ }).click();
    await staff.page.getByTestId('contract-offer').click();
    await staff.page.getByTestId('contract-status').getByText('待客户签署').waitFor();
    await cust.page.reload();
    await cust.page.getByTestId('contract-clauses').waitFor();
    await cust.page.getByTestId('contract-agree').click();
    await cust.page.getByTestId('contract-name').fill(APPLICANT);
    await cust.page.getByTestId('contract-sign').click();
    await cust.page.getByTestId('contract-status').getByText('已签署').waitFor();
    await cust.page.getByTestId('contract-signer').getByText(APPLICANT).waitFor();

    // marketing sees it signed; dual supply also needs the dispatch agreement before energising
    await staff.page.reload();
    await staff.page.getByRole('tab', { name: /送电前协议/ }).click();
    await staff.page.getByTestId('contract-status').getByText('已签署').waitFor();
    const required = staff.page.getByTestId('conn-agreements-required');
    await required.locator('.ant-tag-green', { hasText: '供用电合同' }).waitFor();
    await required.locator('.ant-tag-volcano', { hasText: '调度协议' }).waitFor();
    await pickOption(staff.page, staff.page.getByTestId('conn-agreement-kind'), '调度协议');
    await staff.page.getByTestId('conn-agreement-ref').fill('DD-2026-118');
    const signedOn = staff.page.getByPlaceholder('签订日期');
    await signedOn.click();
    await signedOn.fill(today);
    await signedOn.press('Enter');
    await staff.page.getByTestId('conn-agreement-save').click();
    await staff.page.getByTestId('conn-agreements').getByText('DD-2026-118').waitFor();
    await required.locator('.ant-tag-green', { hasText: '调度协议' }).waitFor();
    await shot(staff.page, 'conn-journey-agreements');

    // 6. power-on: meter installed, supply energised, then archived
    await advanceTo(staff.page, '装表接电');
    await advanceTo(staff.page, '资料归档');
    await staff.page.getByRole('tab', { name: '详情', exact: true }).click();
    await staff.page.getByTestId('conn-overview').getByText('用电点编号').waitFor();
    await staff.page.getByTestId('conn-advance').click();
    await atStage(staff.page, '已归档');
    await staff.page.getByTestId('conn-advance').waitFor({ state: 'detached' });
    await shot(staff.page, 'conn-journey-archived');

    // the customer follows it to the end
    await cust.page.goto(`${e.base}/portal/connections`);
    await cust.page.getByTestId('portal-conn-list').locator('.ant-list-item', { hasText: appNo }).getByText('已归档').waitFor();

    // the records power-on made: an account of the portal customer, a service point on the plan's
    // transformer with the contracted capacity, a meter
    const a = (await e.t.db.query(`SELECT status, customer_id, service_point_id, power_on_at, initiator FROM connection_applications WHERE id = $1`, [id]))
      .rows[0];
    assert.equal(a.status, 'archived');
    assert.equal(a.initiator, 'customer');
    assert.ok(a.power_on_at);
    assert.equal(Number(a.customer_id), Number(customerId));
    const sp = (
      await e.t.db.query(
        `SELECT sp.customer_id, sp.transformer_id, sp.contracted_kva, sp.customer_class, sp.supply_voltage_kv, ac.account_no, ac.customer_id AS account_customer
           FROM service_points sp JOIN customer_accounts ac ON ac.id = sp.account_id WHERE sp.id = $1`,
        [a.service_point_id],
      )
    ).rows[0];
    assert.equal(Number(sp.customer_id), Number(customerId));
    assert.equal(Number(sp.account_customer), Number(customerId));
    assert.equal(Number(sp.transformer_id), tr.id, 'placed on the network under the transformer chosen on the plan');
    assert.equal(Number(sp.contracted_kva), KVA);
    assert.equal(sp.customer_class, 'hv');
    assert.equal(Number(sp.supply_voltage_kv), 10);
    assert.equal(sp.account_no, `YK${String(id).padStart(10, '0')}`);
    const meters = (
      await e.t.db.query(`SELECT meter_no, to_char(installed_on, 'YYYY-MM-DD') AS d FROM meters WHERE service_point_id = $1`, [a.service_point_id])
    ).rows;
    assert.deepEqual(meters, [{ meter_no: `YKM${String(id).padStart(10, '0')}`, d: today }]);
    const reviewRows = (await e.t.db.query(`SELECT level, decision, participants FROM connection_reviews WHERE application_id = $1 ORDER BY at, id`, [id]))
      .rows;
    assert.deepEqual(
      reviewRows.map((r) => [r.level, r.decision]),
      [
        ['first', 'approved'],
        ['joint', 'approved'],
      ],
    );
    const agreements = (await e.t.db.query(`SELECT kind, ref_no FROM connection_agreements WHERE application_id = $1 ORDER BY kind`, [id])).rows;
    assert.deepEqual(agreements, [
      { kind: 'dispatch_agreement', ref_no: 'DD-2026-118' },
      { kind: 'supply_contract', ref_no: `HT${appNo}-1` },
    ]);
    const audited = new Set(
      (await e.t.db.query(`SELECT action FROM audit_log WHERE entity = 'connection_application' AND entity_id = $1`, [String(id)])).rows.map((r) => r.action),
    );
    for (const action of ['connection.create', 'connection.review_first', 'connection.review_joint', 'connection.advance', 'connection.archive'])
      assert.ok(audited.has(action), `audited ${action}`);
    const notices = (
      await e.t.db.query(`SELECT DISTINCT event FROM outbox WHERE payload->>'applicationId' = $1 OR payload->>'appNo' = $2`, [String(id), appNo])
    ).rows.map((r) => r.event);
    for (const ev of ['connection.accepted', 'connection.plan_ready', 'connection.power_on_date']) assert.ok(notices.includes(ev), `notice ${ev}`);

    // the one refusal was the plan reply before the reviews
    assert.deepEqual(
      staff.errors.filter((x) => !new RegExp(`^HTTP 400 POST .*/api/connections/${id}/advance$`).test(x)),
      [],
    );
    assert.equal(staff.errors.length, 1);
    assert.deepEqual(cust.errors, []);
    assert.deepEqual(sup.errors, []);
    await Promise.all([cust.ctx.close(), staff.ctx.close(), sup.ctx.close()]);
  });
});
