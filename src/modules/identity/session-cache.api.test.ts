/**
 * Session principals served from memory end as soon as the database says so: a change made by
 * another app instance, or outside the app altogether, reaches the cache through the
 * griddesk_auth_changed notification; a change made here clears it before the answer is sent.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../http/app.js';
import { createPool } from '../../db/pool.js';
import { testApp } from '../../../test/support/app.js';
import { SessionCache, sessionCacheOf } from './session-cache.js';

const t = await testApp({ customers: 20 });

// A second instance: its own pool and cache on the same database, as on another server.
const otherPool = createPool(t.db.url, 4);
const other = (await buildApp({ db: otherPool, config: t.config })).app;
await other.ready();
after(async () => {
  await other.close();
  await otherPool.end();
});

async function eventually(what: string, check: () => Promise<boolean>, ms = 5_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`${what} did not happen within ${ms} ms`);
}

test('repeated requests of a session are served from memory', async () => {
  const cache = sessionCacheOf(t.db)!;
  assert.ok(cache.enabled, 'the cache listens once the app is ready');
  const s = await t.login('marketing');
  const hits = cache.hits;
  for (let i = 0; i < 3; i++) assert.equal((await s.req('GET', '/api/auth/me')).statusCode, 200);
  assert.ok(cache.hits >= hits + 2, `hits ${hits} → ${cache.hits}`);
});

test('a user deactivated on another instance is refused here within moments, not after the cache lifetime', async () => {
  const s = await t.login('crew2');
  assert.equal((await s.req('GET', '/api/auth/me')).statusCode, 200);
  assert.equal((await s.req('GET', '/api/auth/me')).statusCode, 200); // now cached
  const id = (await t.db.query(`SELECT id FROM users WHERE username = 'crew2'`)).rows[0].id;
  const login = await other.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'griddesk2026' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const off = await other.inject({
    method: 'PATCH',
    url: `/api/users/${id}`,
    payload: { active: false },
    headers: { cookie, 'x-csrf-token': login.json().csrfToken },
  });
  assert.equal(off.statusCode, 200, off.body);
  assert.ok(t.config.sessionCacheMs > 5_000);
  await eventually('refusal of the deactivated user', async () => (await s.req('GET', '/api/customers')).statusCode === 401);
});

test('a session deleted outside the app (psql) stops working', async () => {
  const s = await t.login('billing');
  assert.equal((await s.req('GET', '/api/auth/me')).statusCode, 200);
  assert.equal((await s.req('GET', '/api/customers')).statusCode, 200);
  await t.db.query(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'billing')`);
  await eventually('refusal of the deleted session', async () => (await s.req('GET', '/api/customers')).statusCode === 401);
});

test('deactivating a user here refuses the very next request of that user', async () => {
  const s = await t.login('accountmgr');
  assert.equal((await s.req('GET', '/api/customers')).statusCode, 200);
  assert.equal((await s.req('GET', '/api/customers')).statusCode, 200);
  const admin = await t.login('admin');
  const id = (await t.db.query(`SELECT id FROM users WHERE username = 'accountmgr'`)).rows[0].id;
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { active: false })).statusCode, 200);
  assert.equal((await s.req('GET', '/api/customers')).statusCode, 401);
});

test('a password change ends the other sessions of the user and keeps the current one', async () => {
  const a = await t.login('supervisor');
  const b = await t.login('supervisor');
  assert.equal((await b.req('GET', '/api/auth/me')).statusCode, 200);
  assert.equal((await a.req('POST', '/api/auth/password', { currentPassword: 'griddesk2026', newPassword: 'another-pass-7' })).statusCode, 200);
  assert.equal((await a.req('GET', '/api/workorders')).statusCode, 200);
  assert.equal((await b.req('GET', '/api/workorders')).statusCode, 401);
});

test('a lookup that raced an invalidation is not kept', async () => {
  const cache = new SessionCache(t.db, 60_000);
  await cache.start();
  try {
    const p = {
      kind: 'user' as const,
      id: 1,
      name: 'x',
      role: 'admin' as const,
      scopes: [],
      orgUnitId: 1,
      orgPath: '/1/',
      customerId: null,
      csrfToken: 'c',
      ip: null,
      userAgent: null,
    };
    const g = cache.mark();
    cache.clear(); // a notification arrived while the lookup ran
    cache.put('h1', p, new Date(Date.now() + 60_000), g);
    assert.equal(cache.get('h1', null, null), null);
    cache.put('h2', p, new Date(Date.now() + 60_000), cache.mark());
    assert.equal(cache.get('h2', '10.0.0.1', 'ua')?.ip, '10.0.0.1');
    cache.put('h3', p, new Date(Date.now() + 50), cache.mark()); // the session itself expires first
    assert.equal(cache.get('h3', null, null, Date.now() + 100), null);
  } finally {
    await cache.stop();
  }
});

test('with GRIDDESK_SESSION_CACHE_MS=0 nothing is cached', async () => {
  const cache = new SessionCache(t.db, 0);
  await cache.start();
  assert.equal(cache.enabled, false);
  await cache.stop();
});
