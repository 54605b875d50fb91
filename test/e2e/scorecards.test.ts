/** Browser: the benchmarking scorecard screen — the demo months' table with ranks, a drill-down from a cell to the records behind it, the trend chart, recompute, exports; zh-CN and English. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, shot, startE2E, type E2E } from './browser.js';
import { seedScorecardActivity } from '../../src/seed/scorecards-activity.js';
import { principalOf } from '../support/principals.js';

const e: E2E = await startE2E({ customers: 50 });
const supervisor = await principalOf(e.t.db, 'supervisor');
await seedScorecardActivity(e.t.db, supervisor, 5);

describe('scorecard console', () => {
  it('shows this month’s ranked stations, drills from a cell to the records, draws the trend, recomputes (zh-CN)', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/quality/scorecards`);
    const table = page.getByTestId('score-table');
    await table.locator('.ant-table-row').nth(2).waitFor();
    assert.equal(await table.locator('.ant-table-row').count(), 3, 'the county’s three stations');
    await table.getByText('城关供电所').waitFor();
    assert.match((await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href')) ?? '', /\/api\/scorecards\/runs\/\d+\/export\.xlsx/);
    assert.match((await page.getByRole('link', { name: /导出 PDF/ }).getAttribute('href')) ?? '', /\/api\/scorecards\/runs\/\d+\/export\.pdf/);
    // a missing indicator says so; the window score comes from the secret visits
    await page.getByTestId('cell-SF-QH-CG-installation_overdue').getByText('缺数据').waitFor();
    await page.getByTestId('cell-SF-QH-CG-window_score').getByText('%', { exact: false }).waitFor();
    // drill-down: the voltage figure of 城关 lists its two monitoring points
    await page.getByTestId('cell-SF-QH-CG-voltage_qualification').click();
    const drill = page.getByTestId('score-drill');
    await drill.getByText('V-SF-QH-CG-1').waitFor();
    await drill.getByText('V-SF-QH-CG-2').waitFor();
    await drill.getByText(/评分快照：\d+ \/ 86400/).waitFor();
    await shot(page, 'scorecard-drill');
    await page.locator('.ant-drawer-close').click();
    await drill.waitFor({ state: 'hidden' });
    // the trend of a unit
    await table.getByText('河西供电所').click();
    await page.getByText('河西供电所 得分趋势').waitFor();
    await page.getByTestId('score-trend').locator('canvas').waitFor();
    // the month's inspections: a secret visit per station, the hall's window inspection
    await page.getByTestId('score-inspections').locator('.ant-table-row').nth(3).waitFor();
    // recompute: a new run replaces the shown one
    const before = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    await page.getByTestId('score-compute').click();
    await page.waitForFunction((old) => document.querySelector('a[href*="export.xlsx"]')?.getAttribute('href') !== old, before);
    await table.locator('.ant-table-row').nth(2).waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('shows the scorecard tile on the supervisor board', async () => {
    const { page, ctx, errors } = await e.newPage();
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/supervisor`);
    const tile = page.getByTestId('sup-scorecard');
    await tile.getByText('装表接电超期率').waitFor();
    await tile.getByText('待整改问题').waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('reads in English', async () => {
    const { page, ctx, errors } = await e.newPage({ lang: 'en' });
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/quality/scorecards`);
    await page.getByRole('heading', { name: 'Benchmarking scorecards' }).waitFor();
    await page.getByTestId('score-table').getByText('Chengguan Supply Station').waitFor();
    await page.getByRole('columnheader', { name: 'Installation overdue' }).waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
