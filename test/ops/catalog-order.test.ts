/** Foreign-key order of tables for backup and restore: referenced tables first, cycles reported. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyOrder } from '../../src/ops/catalog.js';

const deps = (o: Record<string, string[]>) => new Map(Object.entries(o).map(([k, v]) => [k, new Set(v)]));

test('referenced tables come first; ties by name; self references ignored', () => {
  const { order, cyclic } = dependencyOrder(
    ['meters', 'service_points', 'customers', 'org_units', 'audit_log'],
    deps({ meters: ['service_points'], service_points: ['customers', 'org_units'], customers: ['org_units'], org_units: ['org_units'] }),
  );
  assert.deepEqual(order, ['audit_log', 'org_units', 'customers', 'service_points', 'meters']);
  assert.deepEqual(cyclic, []);
});

test('a cycle is named and its tables still appear once, after everything orderable', () => {
  const { order, cyclic } = dependencyOrder(['a', 'b', 'c', 'd'], deps({ a: ['b'], b: ['a'], c: ['a'], d: [] }));
  assert.deepEqual(cyclic, ['a', 'b', 'c']);
  assert.deepEqual(order, ['d', 'a', 'b', 'c']);
});

test('references to tables outside the set (other schemas) do not hold a table back', () => {
  assert.deepEqual(dependencyOrder(['x'], deps({ x: ['elsewhere'] })).order, ['x']);
});
