/** Browser: the ledger page on the demo books — trial balance with its totals row and check mark, entries with lines, consolidation, chart tree, Excel link; zh-CN and English. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, pickOption, settleModal, shot, startE2E, submitModal } from './browser.js';
import { seedLedgerActivity } from '../../src/seed/ledger-activity.js';
import { principalOf } from '../support/principals.js';

const e = await startE2E({ customers: 60 });
const admin = await principalOf(e.t.db, 'admin');
await seedLedgerActivity(e.t.db, admin, 7);

describe('ledger console', () => {
  it('shows the balanced trial balance, entries, consolidation and the chart (zh-CN)', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/ledger`);
    const totals = page.locator('.ant-table-summary').first();
    await totals.getByText('借贷平衡').waitFor();
    assert.ok((await totals.locator('.anticon-check-circle').count()) > 0, 'a check mark when it balances');
    assert.match(
      (await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href')) ?? '',
      /\/api\/ledger\/trial-balance\.xlsx\?orgUnitId=\d+&period=\d{6}/,
    );
    await page.getByRole('tab', { name: '凭证' }).click();
    await page.locator('.ant-table-row').filter({ visible: true }).first().waitFor();
    await page.getByRole('tab', { name: '合并报表' }).click();
    await page.getByText('内部往来双方已对平').waitFor();
    await page.getByRole('tab', { name: '会计科目' }).click();
    await page.getByText(/^1122 应收账款/).waitFor();
    await shot(page, 'ledger-chart');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('posts a manual entry: an unbalanced one is refused by the server with its reason, the balanced one is listed', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/ledger`);
    await page.getByRole('tab', { name: '凭证' }).click();
    await page.getByRole('button', { name: /新增手工凭证/ }).click();
    const modal = page.locator('.ant-modal');
    await modal.waitFor();
    await settleModal(page);
    await modal.locator('#memo').fill('现金存入银行（浏览器测试）');
    await pickOption(page, modal.locator('.ant-select').nth(0), /^1001 /);
    await pickOption(page, modal.locator('.ant-select').nth(1), /^100201 /);
    await modal.getByPlaceholder('本期借方').first().fill('10');
    await modal.getByPlaceholder('本期贷方').nth(1).fill('9.99');
    await settleModal(page);
    await modal.getByRole('button', { name: /提\s*交/ }).click();
    await modal.getByTestId('form-error').filter({ hasText: '借贷不平' }).waitFor();
    await modal.getByPlaceholder('本期贷方').nth(1).fill('10');
    await submitModal(page, modal.getByRole('button', { name: /提\s*交/ }));
    await page.locator('.ant-table-row').filter({ visible: true }).filter({ hasText: '现金存入银行（浏览器测试）' }).waitFor();
    assert.deepEqual(
      errors.filter((x) => !/HTTP 400 POST .*\/api\/ledger\/entries$/.test(x)),
      [],
    );
    await ctx.close();
  });

  it('in English', async () => {
    const { page, ctx, errors } = await e.newPage({ lang: 'en' });
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/ledger`);
    await page.locator('.ant-table-summary').first().getByText('Balanced').waitFor();
    await shot(page, 'ledger-trial-balance-en');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
