/**
 * The whole HTTP app on a fresh seeded test database, with helpers to log in as any demo
 * user and make requests through app.inject (real HTTP semantics, no socket).
 */
import { after } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import type { RouteRecord } from '../../src/http/auth.js';
import type { Db } from '../../src/db/pool.js';
import { seed } from '../../src/seed/seed.js';
import { PASSWORD } from '../../src/seed/territory.js';
import { testDb } from './db.js';

export interface Session {
  username: string;
  cookie: string;
  csrf: string;
  req(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db & { url: string };
  config: Config;
  routes: RouteRecord[];
  login(username: string, password?: string): Promise<Session>;
}

export async function testApp(
  opts: {
    customers?: number;
    config?: Partial<Config>;
    /** hooks added before the app is ready */ beforeReady?: (app: FastifyInstance) => void;
    /**
     * serve this database as it is (e.g. a restored one) instead of a fresh seeded one; its own end hook
     * (pool end, drop) was registered first and would wait for the app's listening connection, so close
     * the app yourself before the test ends (`try { … } finally { await app.close() }`)
     */
    db?: Db & { url: string };
  } = {},
): Promise<TestApp> {
  // Registered before testDb's own hook (hooks run in order): the app, with its session-cache
  // listener holding a pooled connection, closes before the pool ends.
  const built: { app?: FastifyInstance } = {};
  after(async () => {
    await built.app?.close();
  });
  const db = opts.db ?? (await testDb());
  if (!opts.db) await seed(db, { customers: opts.customers ?? 200, seed: 7 });
  const config = { ...loadConfig({}), loginRateLimitPerMinute: 1000, ...opts.config };
  const { app, routes } = await buildApp({ db, config });
  built.app = app;
  opts.beforeReady?.(app);
  await app.ready();
  const login = async (username: string, password = PASSWORD): Promise<Session> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const csrf = res.json().csrfToken as string;
    return {
      username,
      cookie,
      csrf,
      req: (method, url, body, headers = {}) =>
        app.inject({ method, url, payload: body as InjectOptions['payload'], headers: { cookie, 'x-csrf-token': csrf, ...headers } }),
    };
  };
  return { app, db, config, routes, login };
}
