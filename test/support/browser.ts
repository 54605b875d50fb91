/**
 * Debian's Chromium driven by playwright-core. The flags keep Chromium off the network
 * (this machine's network is closed; background services would fail many times a start).
 */
import { after } from 'node:test';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissing(): string | false {
  return fs.existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) — .ci/run does`;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  after(async () => {
    await browser.close(); // playwright made (and now removes) a fresh empty profile
  });
  return browser;
}
