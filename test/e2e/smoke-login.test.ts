/** The console loads in a real browser and a call-taker logs in and finds a customer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.js';
import { chromiumMissing, launchBrowser } from '../support/browser.js';

const missing = chromiumMissing();

test('login → customer search → 360° page', { skip: missing }, async () => {
  const srv = await startTestServer();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const c = (await srv.db.query(`SELECT c.id, c.name, a.account_no FROM customers c JOIN customer_accounts a ON a.customer_id = c.id ORDER BY c.id LIMIT 1`)).rows[0];
  await page.goto(srv.baseUrl + '/');
  await page.locator('input#username, input[name=username]').first().fill('calltaker');
  await page.locator('input[type=password]').first().fill('griddesk2026');
  await page.locator('button[type=submit]').first().click();
  await page.waitForResponse((r) => r.url().includes('/api/auth/me') && r.status() === 200);
  const res = await page.request.get(srv.baseUrl + `/api/customers?q=${c.account_no}`);
  assert.equal(res.status(), 200);
  assert.equal((await res.json()).items[0].id, c.id);
});
