/**
 * Browser-test support: the full app (API + built web console from web-dist) listening on a random
 * port against a fresh seeded test database, and Debian's Chromium driven by playwright-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testApp, type TestApp } from '../support/app.js';

export const CHROMIUM = process.env.GRIDDESK_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS_DIR = path.resolve('test-results', 'screenshots');
export const PASSWORD = 'griddesk2026';

export interface E2E {
  t: TestApp;
  base: string;
  browser: Browser;
  /** a fresh browser context (own cookies/localStorage) and page */
  newPage(opts?: { mobile?: boolean; lang?: 'zh-CN' | 'en' }): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }>;
}

export async function startE2E(opts: { customers?: number } = {}): Promise<E2E> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set GRIDDESK_CHROMIUM)`);
  const t = await testApp({ customers: opts.customers ?? 200 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const index = await fetch(`${base}/`);
  const html = await index.text();
  if (!html.includes('<div id="root">')) throw new Error('the web console is not built: run `npm run build:web` (web-dist) before the browser tests');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  after(async () => {
    await browser.close();
  });
  return {
    t, base, browser,
    async newPage({ mobile = false, lang = 'zh-CN' } = {}) {
      const ctx = await browser.newContext(mobile
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang }
        : { viewport: { width: 1440, height: 900 }, locale: lang });
      await ctx.addInitScript((l) => { if (!localStorage.getItem('griddesk.lang')) localStorage.setItem('griddesk.lang', l); }, lang);
      const page = await ctx.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // failed requests are reported below with their URL
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
      });
      page.on('response', (r) => {
        // the very first /api/auth/me before login answers 401 by design
        if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/api/auth/me'))) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
      });
      return { ctx, page, errors };
    },
  };
}

export async function login(page: Page, base: string, username: string, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Presses a modal's submit once the modal has finished opening (a click during AntD's zoom-in
 * animation can be lost) and waits until it closes, pressing again if the first press was lost.
 */
export async function submitModal(page: Page, submit: import('playwright-core').Locator) {
  for (let attempt = 0; ; attempt++) {
    await page.locator('.ant-modal:not(.ant-zoom)').first().waitFor();
    await submit.click();
    try {
      await page.locator('.ant-modal').waitFor({ state: 'detached', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}
