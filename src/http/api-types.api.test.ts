/**
 * The console's generated API types (web/src/api/schema.gen.ts) match the server's schemas: a route
 * or schema changed without `npm run gen:api` fails here, so the console never compiles against a
 * contract the server no longer has.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { testApp } from '../../test/support/app.js';
import { API_TYPES_FILE, generateApiTypes, openApiDocument } from '../../test/support/api-types.js';

test('web/src/api/schema.gen.ts is generated from the current schemas (run `npm run gen:api` after changing a route)', async () => {
  const t = await testApp({ customers: 20 });
  const expected = await generateApiTypes(await openApiDocument(t.app));
  const actual = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : '(missing)';
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const i = e.findIndex((line, k) => line !== a[k]);
    assert.fail(`stale at line ${i + 1}: file has ${JSON.stringify(a[i])}, schemas give ${JSON.stringify(e[i])}. Run: npm run gen:api`);
  }
});
