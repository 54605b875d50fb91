/** Security headers are on every response: API answers, errors before authentication, unknown endpoints and the console. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test/support/app.js';
import { helmetHeaders } from './security-headers.js';

const t = await testApp({ customers: 5 });

test("helmet's headers are recorded once with our policy", () => {
  const h = helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"] } } });
  assert.match(h['content-security-policy'], /default-src 'self'/);
  assert.match(h['content-security-policy'], /script-src 'self'/);
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.match(h['strict-transport-security'], /max-age=\d+/);
  assert.equal(h['x-frame-options'], 'SAMEORIGIN');
  assert.equal(h['x-powered-by'], undefined);
});

test('every kind of response carries them', async () => {
  const me = await t.login('calltaker');
  for (const r of [
    await t.app.inject({ method: 'GET', url: '/api/health' }),
    await t.app.inject({ method: 'GET', url: '/api/workorders' }), // 401 before any route handler
    await t.app.inject({ method: 'GET', url: '/api/no-such-endpoint' }),
    await me.req('GET', '/api/workorders'),
  ]) {
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'.*connect-src 'self' https:/, `${r.statusCode} ${r.body.slice(0, 80)}`);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['strict-transport-security']);
  }
});
