/**
 * Browser: 网上签约. An application is brought to the contract stage through the API; marketing
 * offers the supply contract on the application page; the customer, on a phone, reads the clauses
 * on the portal, ticks the agreement, types their name and signs; marketing then sees it signed
 * and the supply contract among the agreements.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, shot, startE2E } from './browser.js';

const e = await startE2E({ customers: 60 });
const PDF = Buffer.from('%PDF-1.4\n% e2e document\n').toString('base64');

describe('connections: the supply contract signed on the portal', () => {
  it('is offered by marketing, signed by the customer and seen signed by marketing', async () => {
    const c = await e.t.login('customer1');
    const m = await e.t.login('marketing');
    const r = await c.req('POST', '/api/portal/connections', {
      kind: 'new',
      customerClass: 'residential',
      applicantName: '客户一',
      applicantPhone: '13900000001',
      address: '清河县河西镇王庄村 9 号',
      voltageKv: 0.22,
      requestedKva: 6,
    });
    assert.equal(r.statusCode, 201, r.body);
    const { id, appNo } = r.json();
    for (const kind of ['id_card', 'property_proof'])
      assert.equal((await m.req('POST', `/api/connections/${id}/documents`, { kind, filename: `${kind}.pdf`, contentBase64: PDF })).statusCode, 201);
    const tr = (await e.t.db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' ORDER BY id LIMIT 1`)).rows[0].id;
    for (const to of ['survey', 'plan']) assert.equal((await m.req('POST', `/api/connections/${id}/advance`, { to })).statusCode, 200);
    assert.equal((await m.req('PUT', `/api/connections/${id}/plan`, { transformerId: tr, supplyMode: '低压 220V 单相接入' })).statusCode, 200);
    for (const to of ['completion', 'contract']) assert.equal((await m.req('POST', `/api/connections/${id}/advance`, { to })).statusCode, 200);

    // marketing offers it
    const staff = await e.newPage();
    await login(staff.page, e.base, 'marketing');
    await staff.page.goto(`${e.base}/connections/${id}`);
    await staff.page.getByRole('tab', { name: /协议|合同/ }).click();
    await staff.page.getByTestId('contract-offer').click();
    await staff.page.getByTestId('contract-status').getByText('待客户签署').waitFor();

    // the customer reads and signs on a phone
    const cust = await e.newPage({ mobile: true });
    await login(cust.page, e.base, 'customer1');
    await cust.page.goto(`${e.base}/portal/connections`);
    await cust.page.getByTestId('portal-conn-list').getByText(appNo).click();
    await cust.page
      .getByTestId('contract-clauses')
      .getByText(/供电电压 0.22 kV/)
      .waitFor();
    assert.equal(await cust.page.getByTestId('contract-sign').isDisabled(), true, 'not before agreeing and typing the name');
    await cust.page.getByTestId('contract-agree').click();
    await cust.page.getByTestId('contract-name').fill('客户二');
    await cust.page.getByTestId('contract-sign').click();
    await cust.page
      .getByTestId('contract-error')
      .getByText(/签署人姓名须与申请人/)
      .waitFor();
    await cust.page.getByTestId('contract-name').fill('客户一');
    await cust.page.getByTestId('contract-sign').click();
    await cust.page.getByTestId('contract-status').getByText('已签署').waitFor();
    await cust.page.getByTestId('contract-signer').getByText('客户一').waitFor();
    await shot(cust.page, 'conn-contract-signed-portal');

    // marketing sees it signed, and the agreement recorded
    await staff.page.reload();
    await staff.page.getByRole('tab', { name: /协议|合同/ }).click();
    await staff.page.getByTestId('contract-status').getByText('已签署').waitFor();
    await staff.page.getByText(`HT${appNo}-1`).first().waitFor();
    await shot(staff.page, 'conn-contract-signed-staff');
    assert.deepEqual(staff.errors, []);
    // the one refusal (the wrong name) is the expected 400
    assert.deepEqual(
      cust.errors.filter((x) => !/^HTTP 400 POST .*\/contract\/sign$/.test(x)),
      [],
    );
    await staff.ctx.close();
    await cust.ctx.close();
  });
});
