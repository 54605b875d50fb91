import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { compileEverySchema } from './lazy-compile.js';
import { installSerialization } from './serialization.js';
import { installValidation } from './validation.js';

function appWith(response: object, querystring: object) {
  const app = Fastify();
  installValidation(app);
  installSerialization(app);
  app.get('/x', { schema: { querystring, response: { 200: response } } }, async (req) => ({ a: 'ok', extra: 'not named', q: req.query }));
  return app;
}

const goodResponse = { type: 'object', properties: { a: { type: 'string' } } };
const goodQuery = { type: 'object', properties: { n: { type: 'integer' } } };

test('schemas compiled on first use: the reply is written by its schema and the query is validated (with coercion)', async () => {
  const app = appWith(goodResponse, goodQuery);
  await app.ready();
  const ok = await app.inject({ url: '/x?n=3' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { a: 'ok' }, 'the serializer writes only the named field');
  const bad = await app.inject({ url: '/x?n=three' });
  assert.equal(bad.statusCode, 400, 'the validator (with query coercion) refuses a non-integer');
  assert.ok(compileEverySchema(app) >= 2);
});

test('compileEverySchema fails on a response schema that cannot be compiled (a planted bad $ref)', async () => {
  const app = appWith({ type: 'object', properties: { a: { $ref: '#/definitions/missing' } } }, goodQuery);
  await app.ready();
  assert.throws(() => compileEverySchema(app));
});

test('compileEverySchema fails on a request schema that cannot be compiled (a planted unknown type)', async () => {
  const app = appWith(goodResponse, { type: 'object', properties: { n: { type: 'no-such-type' } } });
  await app.ready();
  assert.throws(() => compileEverySchema(app));
});
