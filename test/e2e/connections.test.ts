/**
 * Browser: connection applications (业扩报装). Marketing receives a residential application at the
 * counter, is refused acceptance with the missing documents named, uploads them, moves to the
 * site survey and finds it on the workbench with its clock; the English console shows the same
 * screens; a portal customer follows an application of theirs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { login, pickOption, shot, startE2E } from './browser.js';

const e = await startE2E({ customers: 60 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-conn-e2e-'));
const pdf = path.join(dir, 'id-card.pdf');
fs.writeFileSync(pdf, '%PDF-1.4\n% e2e document\n');

describe('web console: connections', () => {
  it('receives an application, is refused acceptance naming the missing documents, uploads them and moves on', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'marketing');
    await page.goto(`${e.base}/connections/new`);
    await page.getByTestId('conn-applicant').fill('李四');
    await page.getByTestId('conn-phone').fill('13800138001');
    await page.getByTestId('conn-address').fill('清河县城关镇建设路 18 号');
    await page.getByTestId('conn-submit').click();
    await page.waitForURL(/\/connections\/\d+$/);
    await page.getByTestId('conn-stage').getByText('业务受理').waitFor();
    await page.getByTestId('conn-clock').waitFor();

    // acceptance is refused, naming each missing item
    await page.getByTestId('conn-advance').click();
    const refusal = page.getByTestId('conn-action-error');
    await refusal.getByText(/身份证明/).waitFor();
    assert.match((await refusal.textContent()) ?? '', /房屋产权证明/);
    await shot(page, 'conn-refused-acceptance');

    // upload both documents (the type is judged from the content)
    await page.getByRole('tab', { name: /申请资料/ }).click();
    for (const kind of ['身份证明', '房屋产权证明']) {
      assert.equal(await pickOption(page, page.getByTestId('conn-doc-kind'), new RegExp(`^${kind}$`)), kind);
      const rows = await page.getByTestId('conn-docs').locator('tbody tr.ant-table-row').count();
      await page.locator('input[type=file]').setInputFiles(pdf);
      await page.getByTestId('conn-docs').locator('tbody tr.ant-table-row').nth(rows).waitFor();
    }
    await page.getByTestId('conn-checklist').locator('.ant-tag-green').nth(1).waitFor();
    await page.getByTestId('conn-advance').click();
    await page.getByTestId('conn-stage').getByText('现场勘查').waitFor();
    await shot(page, 'conn-survey');

    // the workbench lists it with its stage and clock
    await page.goto(`${e.base}/connections`);
    const row = page.getByTestId('conn-table').locator('tbody tr', { hasText: '李四' });
    await row.getByText('现场勘查').waitFor();
    await row.getByTestId('conn-clock').waitFor();
    await shot(page, 'conn-workbench');
    assert.deepEqual(
      errors.filter((x) => !/HTTP 400 POST .*\/advance$/.test(x)),
      [],
    );
    assert.equal(errors.length, 1, 'exactly the one refused acceptance');
    await ctx.close();
  });

  it('shows the workbench and the large-customer register in English', async () => {
    const { page, ctx, errors } = await e.newPage({ lang: 'en' });
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/connections`);
    await page.getByRole('heading', { name: 'Connections workbench' }).waitFor();
    await page.getByTestId('conn-counts').waitFor();
    await page.goto(`${e.base}/connections/large-customers`);
    await page.getByRole('heading', { name: 'Large-customer register' }).waitFor();
    await page.goto(`${e.base}/connections/policy`);
    await page.getByRole('heading', { name: 'Connection limits and fees' }).waitFor();
    await page.getByTestId('conn-sla-table').getByText('Whole process 32 working days').waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('lets a portal customer follow their application', async () => {
    const c = await e.t.login('customer1');
    const r = await c.req('POST', '/api/portal/connections', {
      kind: 'new',
      customerClass: 'residential',
      applicantName: '客户一',
      applicantPhone: '13900000001',
      address: '清河县河西镇王庄村 3 号',
      voltageKv: 0.22,
      requestedKva: 6,
    });
    assert.equal(r.statusCode, 201, r.body);
    const { page, ctx, errors } = await e.newPage({ mobile: true });
    await login(page, e.base, 'customer1');
    await page.goto(`${e.base}/portal/connections`);
    await page.getByTestId('portal-conn-list').getByText(r.json().appNo).click();
    await page.getByTestId('portal-conn-steps').getByText('业务受理').waitFor();
    await page.getByTestId('conn-checklist').getByText('身份证明').waitFor();
    await shot(page, 'conn-portal');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
