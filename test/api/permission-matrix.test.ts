/**
 * Walks every role over every API route: a role without the route's permission gets 403,
 * a role with it never gets 403 (nor a 5xx, even on an empty body), and no route but the
 * public ones answers an anonymous caller with anything but 401.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../support/app.js';
import { can, ROLES } from '../../src/modules/identity/permissions.js';

const t = await testApp({ customers: 100 });
const USERS: Record<string, string> = {
  call_taker: 'calltaker', dispatcher: 'dispatcher', crew: 'crew1', marketing: 'marketing', account_manager: 'accountmgr',
  billing_clerk: 'billing', supervisor: 'supervisor', manager: 'manager', admin: 'admin', customer: 'customer1',
};
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/password']); // they end or change the session under test
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '999999');
const routes = t.routes.filter((r) => !SKIP.has(`${r.method} ${r.url}`));

test('the matrix covers the routes', () => {
  assert.ok(routes.length >= 20, `only ${routes.length} routes registered`);
});

test('anonymous callers get 401 on every non-public route', async () => {
  for (const r of routes) {
    const cfg = t.app.hasRoute({ method: r.method as never, url: r.url });
    assert.ok(cfg);
    if (!r.permission) continue;
    const res = await t.app.inject({ method: r.method as never, url: concrete(r.url), payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
    assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
  }
});

for (const role of ROLES) {
  test(`role ${role}: 403 exactly where the permission is missing, never a 5xx`, async () => {
    const s = await t.login(USERS[role]);
    for (const r of routes) {
      if (!r.permission) continue;
      const res = await s.req(r.method as never, concrete(r.url), ['GET', 'DELETE'].includes(r.method) ? undefined : {});
      const allowed = can(role, r.permission);
      assert.ok(res.statusCode < 500, `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body}`);
      if (allowed) assert.notEqual(res.statusCode, 403, `${role} should reach ${r.method} ${r.url}: ${res.body}`);
      else assert.equal(res.statusCode, 403, `${role} must not reach ${r.method} ${r.url}`);
    }
  });
}
