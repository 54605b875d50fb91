import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

const t = await testApp({ config: { loginMaxFailures: 3 } });

test('login sets an HttpOnly SameSite cookie and returns a CSRF token', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'calltaker', password: 'griddesk2026' } });
  assert.equal(res.statusCode, 200);
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /gd_session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(res.json().csrfToken.length > 20);
});

test('me returns the role and permissions; no session answers 401', async () => {
  const s = await t.login('dispatcher');
  const me = (await s.req('GET', '/api/auth/me')).json();
  assert.equal(me.role, 'dispatcher');
  assert.ok(me.permissions.includes('outages.write'));
  const anon = await t.app.inject({ method: 'GET', url: '/api/customers' });
  assert.equal(anon.statusCode, 401);
  assert.equal(anon.json().code, 'UNAUTHENTICATED');
  assert.ok(anon.json().messages['zh-CN'] && anon.json().messages.en);
});

test('a write without the CSRF token is refused and writes nothing', async () => {
  const s = await t.login('admin');
  const before = (await t.db.query('SELECT count(*)::int AS n FROM org_units')).rows[0].n;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/org-units',
    headers: { cookie: s.cookie },
    payload: { parentId: 1, code: 'X1', name: 'x', level: 'city', areaType: 'urban' },
  });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().code, 'CSRF');
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM org_units')).rows[0].n, before);
});

test('repeated failures lock the account; the right password then still fails until unlocked', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'billing', password: 'wrong-password1' } });
    assert.equal(r.statusCode, 401);
  }
  const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'billing', password: 'griddesk2026' } });
  assert.equal(locked.statusCode, 423);
  assert.equal(locked.json().code, 'ACCOUNT_LOCKED');
  const audit = await t.db.query(`SELECT action FROM audit_log WHERE action IN ('user.login_failed','user.locked') ORDER BY seq`);
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['user.login_failed', 'user.login_failed', 'user.locked'],
  );
  const admin = await t.login('admin');
  const id = (await t.db.query(`SELECT id FROM users WHERE username = 'billing'`)).rows[0].id;
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { unlock: true })).statusCode, 200);
  await t.login('billing');
});

test('logout ends the session server-side', async () => {
  const s = await t.login('marketing');
  assert.equal((await s.req('POST', '/api/auth/logout', {})).statusCode, 200);
  assert.equal((await s.req('GET', '/api/customers')).statusCode, 401);
});

test('password change checks the current password and the policy', async () => {
  const s = await t.login('manager');
  const weak = await s.req('POST', '/api/auth/password', { currentPassword: 'griddesk2026', newPassword: 'short' });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().details[0].field, 'body.newPassword');
  const wrong = await s.req('POST', '/api/auth/password', { currentPassword: 'nope-nope1', newPassword: 'longer-pass-2' });
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().details[0].field, 'body.currentPassword');
  assert.equal((await s.req('POST', '/api/auth/password', { currentPassword: 'griddesk2026', newPassword: 'longer-pass-2' })).statusCode, 200);
  await t.login('manager', 'longer-pass-2');
});

test('API tokens authenticate integrations with their own scope only', async () => {
  const admin = await t.login('admin');
  const created = await admin.req('POST', '/api/tokens', { name: 'cti', scopes: ['customers.read'], orgUnitId: 1 });
  assert.equal(created.statusCode, 201);
  const token = created.json().token as string;
  const ok = await t.app.inject({ method: 'GET', url: '/api/customers?q=王', headers: { authorization: `Bearer ${token}` } });
  assert.equal(ok.statusCode, 200);
  const denied = await t.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
  assert.equal(denied.statusCode, 403);
  const badScope = await admin.req('POST', '/api/tokens', { name: 'x', scopes: ['users.write'], orgUnitId: 1 });
  assert.equal(badScope.statusCode, 400);
  await admin.req('DELETE', `/api/tokens/${created.json().id}`);
  const revoked = await t.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: `Bearer ${token}` } });
  assert.equal(revoked.statusCode, 401);
});

test('a percent-encoded path reaches the same route and the same checks (no way around authentication)', async () => {
  for (const url of ['/%61pi/webhooks', '/%61pi/workorders/settings', '/api/%77ebhooks', '/%61pi/roles']) {
    const r = await t.app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 401, `${url} → ${r.statusCode} ${r.body.slice(0, 100)}`);
  }
  const s = await t.login('calltaker');
  const denied = await s.req('GET', '/%61pi/webhooks');
  assert.equal(denied.statusCode, 403, 'the permission check applies too');
});
