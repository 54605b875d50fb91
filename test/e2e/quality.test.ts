/** Browser: the service-quality screens — call-centre dashboard (zh-CN and English), Erlang C calculator and forecast, a queue_log upload with its problem lines. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { login, shot, startE2E, type E2E } from './browser.js';
import { seedCallCentre } from '../../src/modules/analytics/index.js';
import { principalOf } from '../support/principals.js';
import { HAND_LOG } from '../../src/modules/analytics/fixtures/hand.js';

const e: E2E = await startE2E({ customers: 50 });
const supervisor = await principalOf(e.t.db, 'supervisor');
await seedCallCentre(e.t.db, supervisor, { seed: 5, weeks: 2, callsPerDay: 300 });

describe('web console: service quality', () => {
  it('shows the call-centre dashboard with charts and agents, in Chinese and English', async () => {
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'supervisor');
    await page.getByText('服务质量').first().waitFor(); // the menu group
    await page.goto(`${e.base}/quality/call-centre`);
    await page.getByTestId('qa-cards').waitFor();
    await page.getByTestId('qa-heatmap').locator('canvas').first().waitFor();
    assert.ok((await page.getByTestId('qa-agents').locator('tbody tr').count()) > 3);
    assert.match(await page.getByTestId('qa-cards').innerText(), /服务水平/);
    await shot(page, 'quality-call-centre-zh');
    await page.evaluate(() => localStorage.setItem('griddesk.lang', 'en'));
    await page.reload();
    await page.getByTestId('qa-cards').waitFor();
    assert.match(await page.getByTestId('qa-cards').innerText(), /Service level/);
    await shot(page, 'quality-call-centre-en');
    assert.deepEqual(errors, []);
  });

  it('computes Erlang C (the published check) and charts the forecast against actual staffing', async () => {
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/quality/staffing`);
    const result = page.getByTestId('qa-erlang-result');
    await result.waitFor();
    const text = await result.innerText();
    assert.match(text, /14/);
    assert.match(text, /20/);
    assert.match(text, /88\.84%/);
    await page.getByTestId('qa-forecast').locator('canvas').first().waitFor();
    await shot(page, 'quality-staffing');
    assert.deepEqual(errors, []);
  });

  it('uploads a queue_log and lists its problem lines', async () => {
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'admin');
    await page.goto(`${e.base}/quality/imports`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qa-e2e-')), 'queue_log');
    fs.writeFileSync(file, HAND_LOG);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('qa-problems').waitFor();
    assert.match(await page.getByTestId('qa-problems').innerText(), /未知事件/);
    await shot(page, 'quality-import');
    assert.deepEqual(errors, []);
  });
});
