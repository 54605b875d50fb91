/**
 * Browser: the connection additions. Marketing raises a dispute on an application (it becomes a
 * 95598 order whose number links to the order page), downloads a document from the documents tab,
 * and runs the 长期不用电销户 check from its page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, shot, startE2E } from './browser.js';

const e = await startE2E({ customers: 40 });

describe('web console: connection disputes, document download, closures', () => {
  it('raises a dispute as a 95598 order, downloads a document, checks readings for closures', async () => {
    const m = await e.t.login('marketing');
    const created = await m.req('POST', '/api/connections', {
      kind: 'new',
      customerClass: 'residential',
      channel: 'counter',
      applicantName: '赵六',
      applicantPhone: '13800138006',
      address: '清河县城关镇建设路 26 号',
      voltageKv: 0.22,
      requestedKva: 8,
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const up = await m.req('POST', `/api/connections/${id}/documents`, {
      kind: 'id_card',
      filename: '身份证.pdf',
      contentBase64: Buffer.from('%PDF-1.4\n% e2e download\n').toString('base64'),
    });
    assert.equal(up.statusCode, 201, up.body);

    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'marketing');
    await page.goto(`${e.base}/connections/${id}`);
    await page.getByTestId('conn-stage').getByText('业务受理').waitFor();

    // the document downloads with the session, as a PDF
    await page.getByRole('tab', { name: /申请资料/ }).click();
    const link = page.getByTestId(`conn-doc-download-${up.json().id}`);
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.equal(href, `/api/connections/${id}/documents/${up.json().id}/content`);
    const file = await ctx.request.get(`${e.base}${href}`);
    assert.equal(file.status(), 200);
    assert.equal(file.headers()['content-type'], 'application/pdf');

    // a dispute becomes an order listed on the application
    await page.getByRole('tab', { name: /异议工单/ }).click();
    await page.getByTestId('conn-dispute-form').locator('textarea').fill('客户反映勘查预约后无人上门');
    await page.getByTestId('conn-dispute-submit').click();
    const row = page.getByTestId('conn-disputes').locator('tbody tr.ant-table-row').first();
    await row.getByText('客户反映勘查预约后无人上门').waitFor();
    await page.getByRole('tab', { name: /异议工单 \(1\)/ }).waitFor();
    await shot(page, 'conn-dispute');
    await row.locator('a').click();
    await page.waitForURL(/\/orders\/\d+$/);

    // the closures page: check readings, the counts by status
    await page.goto(`${e.base}/connections/closures`);
    await page.getByRole('heading', { name: '长期不用电销户' }).waitFor();
    await page.getByTestId('closure-scan').click();
    await page
      .locator('.ant-message')
      .getByText(/新提出 0 件/)
      .waitFor();
    await page.getByTestId('closure-cases').waitFor();
    await shot(page, 'conn-closures');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
