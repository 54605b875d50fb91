/**
 * Walks every role over every API route: a role without the route's permission gets 403,
 * a role with it never gets 403 (nor a 5xx, even on an empty body), a route open to any
 * signed-in user is reached by every role, and no route but the public ones answers an
 * anonymous caller with anything but 401.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../support/app.js';
import { can, ROLES } from '../../src/modules/identity/permissions.js';

const t = await testApp({ customers: 100 });
const USERS: Record<string, string> = {
  call_taker: 'calltaker',
  dispatcher: 'dispatcher',
  crew: 'crew1',
  marketing: 'marketing',
  account_manager: 'accountmgr',
  billing_clerk: 'billing',
  supervisor: 'supervisor',
  manager: 'manager',
  admin: 'admin',
  customer: 'customer1',
  // payments (收费)
  cashier: 'cashier',
};
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/password']); // they end or change the session under test
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '999999');
const routes = t.routes.filter((r) => !SKIP.has(`${r.method} ${r.url}`));

test('the matrix covers the routes', () => {
  assert.ok(routes.length >= 20, `only ${routes.length} routes registered`);
  assert.ok(
    routes.some((r) => r.method === 'GET' && r.url === '/api/workorders/catalog' && r.authenticated),
    'the catalog is open to any signed-in user',
  );
});

test('the order catalog is read by a portal customer (no personal data in it), not by anonymous callers', async () => {
  const c = await t.login('customer1');
  const res = await c.req('GET', '/api/workorders/catalog');
  assert.equal(res.statusCode, 200, res.body);
  const complaint = res.json().orderTypes.find((o: { code: string }) => o.code === 'complaint');
  assert.ok(complaint.subtypes.length > 0 && complaint.subtypes.every((s: { code: string; zh: string }) => s.code && s.zh));
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/workorders/catalog' })).statusCode, 401);
});

test('anonymous callers get 401 on every non-public route', async () => {
  for (const r of routes) {
    const cfg = t.app.hasRoute({ method: r.method as never, url: r.url });
    assert.ok(cfg);
    if (!r.permission && !r.authenticated) continue;
    const res = await t.app.inject({ method: r.method as never, url: concrete(r.url), payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
    assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
  }
});

for (const role of ROLES) {
  test(`role ${role}: 403 exactly where the permission is missing, never a 5xx`, async () => {
    const s = await t.login(USERS[role]);
    for (const r of routes) {
      if (!r.permission && !r.authenticated) continue;
      const res = await s.req(r.method as never, concrete(r.url), ['GET', 'DELETE'].includes(r.method) ? undefined : {});
      const allowed = r.permission ? can(role, r.permission) : true;
      assert.ok(res.statusCode < 500, `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body}`);
      if (allowed) assert.notEqual(res.statusCode, 403, `${role} should reach ${r.method} ${r.url}: ${res.body}`);
      else assert.equal(res.statusCode, 403, `${role} must not reach ${r.method} ${r.url}`);
    }
  });
}
