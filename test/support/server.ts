/**
 * The whole griddesk HTTP server listening on a free port over a fresh seeded test database,
 * for end-to-end tests in a real browser. Serves the built console from web-dist/.
 */
import { after } from 'node:test';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { startBackground } from '../../src/background.js';
import { seed } from '../../src/seed/seed.js';
import { testDb } from './db.js';

export async function startTestServer(opts: { customers?: number; config?: Partial<Config> } = {}) {
  const db = await testDb();
  await seed(db, { customers: opts.customers ?? 300, seed: 11 });
  const config = { ...loadConfig({}), loginRateLimitPerMinute: 1000, ...opts.config };
  const { app } = await buildApp({ db, config });
  const background = await startBackground({ db, config, url: db.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  after(async () => {
    await app.close();
    await background.stop();
  });
  return { baseUrl: `http://127.0.0.1:${port}`, db, app, config };
}
