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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  after(async () => {
    await browser.close();
  });
  return {
    t,
    base,
    browser,
    async newPage({ mobile = false, lang = 'zh-CN' } = {}) {
      const ctx = await browser.newContext(
        mobile
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: lang }
          : { viewport: { width: 1440, height: 900 }, locale: lang },
      );
      await ctx.addInitScript((l) => {
        if (!localStorage.getItem('griddesk.lang')) localStorage.setItem('griddesk.lang', l);
      }, lang);
      const page = await ctx.newPage();
      // every wait is a condition; this is only how long a condition may take to come true. The
      // clean-clone CI runs two test files at once beside Chromium on two shared cores, and three
      // of its runs failed at 15 s on conditions that came true on every local run (a menu entry,
      // the fault map's canvas, the gateway's pay page); a passing test waits no longer for it.
      page.setDefaultTimeout(30_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // failed requests are reported below with their URL
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
      });
      page.on('response', (r) => {
        // the very first /api/auth/me before login answers 401 by design
        if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/api/auth/me')))
          errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
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
 * Waits until the page is still: no CSS animation or transition running (a drawer opening, a
 * result fading in) for two animation frames in a row. Used before screenshots instead of a
 * fixed sleep, which is too short on a loaded machine and wasted on a quiet one.
 */
export async function settled(page: Page) {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const still = () => document.getAnimations().every((a) => a.playState !== 'running');
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(still())));
      }),
    undefined,
    { polling: 100 },
  );
}

type Locator = import('playwright-core').Locator;

/** Select and date-picker dropdowns (a closed one lingers hidden in the page; one closing is still visible). */
const DROPDOWNS = '.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-picker-dropdown:not(.ant-picker-dropdown-hidden)';

/**
 * Makes the open modal ready to take a press: waits for its opening animation to end (a click during
 * AntD's zoom-in can be lost) and closes any dropdown still open over it by a click on the modal's
 * title, which touches no field (a press while a dropdown is open may only close the dropdown, or
 * land on the dropdown's options where they cover the footer).
 */
export async function settleModal(page: Page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.ant-modal')].every((m) => !m.classList.contains('ant-zoom')));
  const open = page.locator(DROPDOWNS).filter({ visible: true });
  if ((await open.count()) > 0 && (await page.locator('.ant-modal').count()) > 0) {
    await page.locator('.ant-modal .ant-modal-title').first().click();
    await open.first().waitFor({ state: 'hidden' });
  }
}

/**
 * Presses a modal's submit once the modal is ready (settleModal) and waits until it closes, pressing
 * again if the press was lost. A press answered late is not repeated: the button shows loading (and
 * takes no press) while the request runs, and a modal already gone is not pressed again. Fails with
 * what the modal shows (the server's or the form's errors) if it never closes.
 */
export async function submitModal(page: Page, submit: Locator) {
  const modal = page.locator('.ant-modal');
  const gone = async () => (await modal.count()) === 0;
  for (let attempt = 0; ; attempt++) {
    await settleModal(page);
    if (await gone()) return;
    await submit.click({ timeout: 5_000 }).catch(async (err) => {
      if (!(await gone())) throw err;
    });
    try {
      await modal.first().waitFor({ state: 'detached', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 2) {
        const shown = await page.locator('.ant-modal .ant-alert, .ant-modal .ant-form-item-explain-error').allTextContents();
        throw new Error(`the modal did not close after ${attempt + 1} presses${shown.length ? `; it shows: ${shown.join(' | ')}` : ''}`, { cause: err });
      }
    }
  }
}

/**
 * Picks an option of an AntD Select (the first, or the first whose text has `option`) and returns
 * its text once the select itself shows it: opens the select's own dropdown (found through its
 * input's aria-controls, so a lingering dropdown of another select is never used), waits for the
 * dropdown's opening animation to end and clicks again if a click was lost. In a multiple select an
 * option already chosen is not clicked again (that would remove it); its dropdown stays open
 * (settleModal closes it before a modal is submitted).
 */
export async function pickOption(page: Page, select: Locator, option?: string | RegExp): Promise<string> {
  const input = select.locator('input[role=combobox]').first();
  const multiple = await select.evaluate((el) => el.classList.contains('ant-select-multiple'));
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await input.getAttribute('aria-expanded')) !== 'true') await select.click();
      await select.locator('input[role=combobox][aria-expanded=true]').waitFor({ timeout: 2_000 });
      const listId = await input.getAttribute('aria-controls');
      const dropdown = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not(.ant-slide-up):not(.ant-slide-down)')
        .filter({ has: page.locator(`[id="${listId}"]`) });
      const options = dropdown.locator('.ant-select-item-option');
      const opt = (option === undefined ? options : options.filter({ hasText: option })).first();
      await opt.waitFor({ timeout: 5_000 });
      // the option's label as the select shows it once picked: its title (a text label, even where the
      // dropdown renders the option richer), else the option's text
      const text = ((await opt.getAttribute('title')) ?? (await opt.locator('.ant-select-item-option-content').textContent()) ?? '').trim();
      if (!text) throw new Error('pickOption needs options with text, to confirm the pick on the select');
      const chosen = await opt.evaluate((el) => el.classList.contains('ant-select-item-option-selected'));
      if (!(multiple && chosen)) await opt.click({ timeout: 2_000 });
      await select.locator('.ant-select-content-has-value, .ant-select-selection-item').filter({ hasText: text }).first().waitFor({ timeout: 2_000 });
      return text;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * Picks the node of an AntD TreeSelect whose title has `text`, typing it to filter first, the way
 * pickOption does for a Select: waits for the select's own dropdown to end its opening animation,
 * confirms the pick on the select and opens the dropdown again if a click was lost.
 */
export async function pickTreeNode(page: Page, select: Locator, text: string): Promise<void> {
  const input = select.locator('input[role=combobox]').first();
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await input.getAttribute('aria-expanded')) !== 'true') await select.click();
      await select.locator('input[role=combobox][aria-expanded=true]').waitFor({ timeout: 2_000 });
      if ((await input.inputValue()) !== text) await input.fill(text);
      const node = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not(.ant-slide-up):not(.ant-slide-down) .ant-select-tree-node-content-wrapper')
        .filter({ visible: true })
        .filter({ hasText: text })
        .first();
      await node.waitFor({ timeout: 5_000 });
      await node.click({ timeout: 2_000 });
      await select.locator('.ant-select-content-has-value, .ant-select-selection-item').filter({ hasText: text }).first().waitFor({ timeout: 2_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
