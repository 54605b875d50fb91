/**
 * Every registered API route declares its response schemas: a success (2xx) schema, so replies go
 * through the compiled serializer and carry only the fields it names, and the error format for
 * 4xx and 5xx.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test/support/app.js';
import { compileEverySchema } from './lazy-compile.js';

test('every API route has a 2xx response schema and the error format for 4xx and 5xx', async () => {
  const t = await testApp({ customers: 20 });
  assert.ok(t.routes.length > 50, `the scan sees the routes (${t.routes.length})`);
  const missing = t.routes
    .filter((r) => !r.responses.some((k) => /^2(\d\d|xx)$/.test(k)) || !r.responses.includes('4xx') || !r.responses.includes('5xx'))
    .map((r) => `${r.method} ${r.url} [${r.responses.join(',')}]`);
  assert.deepEqual(missing, [], 'declare schema.response with ok() from src/http/schemas.ts');
});

test('a response schema strips fields it does not name', async () => {
  const t = await testApp({ customers: 20 });
  const res = await t.app.inject({ method: 'GET', url: '/api/health' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.deepEqual(Object.keys(body).sort(), ['database', 'status', 'time']);
});

test("every route's validators and serializers compile (they are compiled on first use in a running server)", async () => {
  const t = await testApp({ customers: 20 });
  const n = compileEverySchema(t.app);
  // a body, query or params schema per route and a serializer per declared status: more than one per route
  assert.ok(n > t.routes.length, `compiled ${n} schemas for ${t.routes.length} routes`);
  // a reply after compiling everything is still written by its schema
  const res = await t.app.inject({ method: 'GET', url: '/api/health' });
  assert.deepEqual(Object.keys(res.json()).sort(), ['database', 'status', 'time']);
});
