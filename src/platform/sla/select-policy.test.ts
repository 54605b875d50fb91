import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policySetChain, selectPolicy, type OrderFacts } from './select-policy.js';
import type { PolicySet, SlaPolicy } from './policy-types.js';
import { naturalClock } from './test-fixtures.js';

const sets: PolicySet[] = [
  { name: 'current', fallback: null },
  { name: 'jiangsu', fallback: 'current' },
  { name: 'loop-a', fallback: 'loop-b' },
  { name: 'loop-b', fallback: 'loop-a' },
];
function p(code: string, policySet: string, match: Partial<SlaPolicy['match']>, extra: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    code,
    policySet,
    version: 1,
    match: { orderType: 'complaint', subtype: null, channel: null, customerClass: null, areaType: null, ...match },
    validFrom: '2000-01-01T00:00:00Z',
    validTo: null,
    clocks: [naturalClock('reply', 60)],
    ...extra,
  };
}
const order = (o: Partial<OrderFacts> = {}): OrderFacts => ({
  orderType: 'complaint',
  subtype: 'service',
  channel: 'phone',
  customerClass: 'residential',
  areaType: 'urban',
  ...o,
});
const at = new Date('2025-06-01T00:00:00Z');

test('the provincial set falls back to current for what it does not define', () => {
  const policies = [p('complaint', 'current', {}), p('complaint', 'jiangsu', {}), p('report', 'current', { orderType: 'report' })];
  assert.equal(selectPolicy(policies, sets, 'jiangsu', order(), at)!.policySet, 'jiangsu');
  assert.equal(selectPolicy(policies, sets, 'jiangsu', order({ orderType: 'report', subtype: null }), at)!.code, 'report');
  assert.equal(selectPolicy(policies, sets, 'current', order({ orderType: 'praise' }), at), null);
});

test('the most specific match wins; channel before subtype before class before area', () => {
  const policies = [
    p('any', 'current', {}),
    p('sub', 'current', { subtype: 'service' }),
    p('chan', 'current', { channel: 'ref_12398' }),
    p('area', 'current', { areaType: 'urban' }),
  ];
  assert.equal(selectPolicy(policies, sets, 'current', order(), at)!.code, 'sub');
  assert.equal(selectPolicy(policies, sets, 'current', order({ channel: 'ref_12398' }), at)!.code, 'chan');
  assert.equal(selectPolicy(policies, sets, 'current', order({ subtype: 'outage' }), at)!.code, 'area');
  assert.equal(selectPolicy(policies, sets, 'current', order({ subtype: 'outage', areaType: 'rural' }), at)!.code, 'any');
});

test('validity windows choose the version in force at receipt', () => {
  const policies = [
    p('c', 'current', {}, { version: 1, validTo: '2025-01-01T00:00:00Z' }),
    p('c', 'current', {}, { version: 2, validFrom: '2025-01-01T00:00:00Z' }),
  ];
  assert.equal(selectPolicy(policies, sets, 'current', order(), new Date('2024-12-31T23:59:59Z'))!.version, 1);
  assert.equal(selectPolicy(policies, sets, 'current', order(), new Date('2025-01-01T00:00:00Z'))!.version, 2);
});

test('a fallback cycle ends the chain instead of looping', () => {
  assert.deepEqual(policySetChain(sets, 'loop-a'), ['loop-a', 'loop-b']);
  assert.deepEqual(policySetChain(sets, 'nope'), []);
});
