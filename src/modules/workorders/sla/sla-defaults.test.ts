import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_POLICIES, SEED_POLICY_SETS, DEFAULT_POLICY_SET } from './sla-defaults.js';
import { findOverlap, validatePolicy } from '../../../platform/sla/validate-policy.js';
import { selectPolicy } from '../../../platform/sla/select-policy.js';
import { computeClocks } from '../../../platform/sla/compute-clocks.js';
import { INITIAL_STATE, lifecycleEdges } from '../lifecycle/lifecycle-rules.js';
import { calendar, history, iso } from '../../../platform/sla/test-fixtures.js';

const vocab = { initialState: INITIAL_STATE, edges: lifecycleEdges() };
const facts = (orderType: string, subtype: string | null = null, extra: Record<string, string | null> = {}) => ({
  orderType,
  subtype,
  channel: 'phone',
  customerClass: 'residential',
  areaType: 'urban',
  ...extra,
});
const recv = new Date('2025-09-26T02:00:00Z');

test('every seed policy is valid and none overlaps another', () => {
  for (const p of SEED_POLICIES) {
    assert.deepEqual(validatePolicy(p, vocab), [], `${p.policySet}/${p.code}`);
    assert.equal(
      findOverlap(
        p,
        SEED_POLICIES.filter((o) => o !== p),
      ),
      null,
      `${p.policySet}/${p.code}`,
    );
  }
  assert.ok(SEED_POLICY_SETS.some((s) => s.name === DEFAULT_POLICY_SET));
});

test('seed figures: complaint 1/7 working days in 2011, 24 h / 4 working days in Jiangsu', () => {
  const p2011 = selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, '2011', facts('complaint', 'service'), recv)!;
  const c2011 = computeClocks(p2011, calendar, history('2025-09-26T10:00', '2025-09-26T10:05'));
  assert.deepEqual(
    c2011.map((c) => [c.name, c.dueAt]),
    [
      ['contact', iso('2025-09-29T00:00')],
      ['reply', iso('2025-10-14T00:00')],
    ],
  );
  const js = selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, 'jiangsu', facts('complaint', 'service'), recv)!;
  const cjs = computeClocks(js, calendar, history('2025-09-26T10:00', '2025-09-26T10:05'));
  assert.deepEqual(
    cjs.map((c) => [c.name, c.basis, c.dueAt]),
    [
      ['contact', 'natural', iso('2025-09-27T10:00')],
      ['reply', 'working_days', iso('2025-10-10T00:00')],
    ],
  );
});

test('seed figures: repair arrival by area type, restoration after arrival', () => {
  const at = (area: string) => selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, 'current', facts('fault_repair', null, { areaType: area }), recv)!;
  assert.deepEqual(
    ['urban', 'rural', 'remote'].map((a) => at(a).clocks.find((c) => c.name === 'arrival')!.minutes),
    [45, 90, 120],
  );
  assert.deepEqual(
    ['urban', 'rural'].map((a) => at(a).clocks.find((c) => c.name === 'restoration')!.minutes),
    [180, 240],
  );
  const y2011 = selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, '2011', facts('fault_repair'), recv)!;
  assert.deepEqual(
    y2011.clocks.map((c) => c.name),
    ['arrival'],
  );
});

test('seed figures: service requests, 举报 and referrals', () => {
  const clock = (set: string, f: ReturnType<typeof facts>) => selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, set, f, recv)!.clocks.at(-1)!;
  assert.equal(clock('current', facts('service_request', 'reconnection')).minutes, 1440);
  assert.equal(clock('current', facts('service_request', 'damaged_appliance')).minutes, 1440);
  assert.equal(clock('current', facts('service_request', 'meter_fault')).workingDays, 4);
  assert.equal(clock('current', facts('service_request', 'reading_error')).workingDays, 6);
  assert.equal(clock('current', facts('service_request', 'reading_dispute')).workingDays, 5);
  assert.equal(clock('2011', facts('service_request', 'reading_dispute')).workingDays, 7);
  assert.equal(clock('current', facts('service_request', 'meter_test')).workingDays, 5);
  assert.equal(clock('current', facts('service_request', 'other')).workingDays, 5);
  assert.equal(clock('jiangsu', facts('report')).workingDays, 9);
  assert.equal(clock('current', facts('service_request', 'meter_test', { channel: 'ref_12398' })).workingDays, 10);
  assert.equal(clock('jiangsu', facts('complaint', 'service', { channel: 'ref_12345' })).minutes, 7 * 1440);
  assert.equal(selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, 'current', facts('praise'), recv), null);
});
