/**
 * docs/rules.md §1 figures and rules checked from the rule text (docs/rules-review.md): the seeded
 * policy sets end where the commitments say, a province set answers only what it defines, and
 * major complaints escalate to the province within 15 min and to the city within a further 15.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_POLICIES, SEED_POLICY_SETS, DEFAULT_POLICY_SET } from './sla-defaults.js';
import { selectPolicy } from '../../../platform/sla/select-policy.js';
import { computeClocks } from '../../../platform/sla/compute-clocks.js';
import { calendar, history, iso, local } from '../../../platform/sla/test-fixtures.js';
import { escalationEvents, escalationMessages, type EscalationTarget } from '../notify/escalation.js';

const facts = (orderType: string, subtype: string | null = null, extra: Record<string, string | null> = {}) => ({
  orderType,
  subtype,
  channel: 'phone',
  customerClass: 'residential',
  areaType: 'urban',
  ...extra,
});
const dues = (set: string, f: ReturnType<typeof facts>, received: string) => {
  const p = selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, set, f, local(received))!;
  return Object.fromEntries(computeClocks(p, calendar, history(received, received)).map((c) => [c.name, c.dueAt]));
};

test('the default set is "current" and both published sets exist', () => {
  assert.equal(DEFAULT_POLICY_SET, 'current');
  assert.ok(SEED_POLICY_SETS.some((s) => s.name === '2011'));
  assert.ok(SEED_POLICY_SETS.some((s) => s.name === 'current'));
});

test('repair arrival and restoration are natural time: a National Day night call is not moved by the holiday', () => {
  const p = selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, 'current', facts('fault_repair', null, { areaType: 'rural' }), local('2025-10-01T23:30'))!;
  const h = history('2025-10-01T23:30', '2025-10-02T03:00', [['2025-10-02T00:45', 'arrive', 'in_progress']]);
  const c = Object.fromEntries(computeClocks(p, calendar, h).map((x) => [x.name, x]));
  assert.equal(c.arrival.state, 'met'); // 75 min ≤ 90 min (rural)
  assert.equal(c.arrival.dueAt, iso('2025-10-02T01:00'));
  assert.equal(c.restoration.dueAt, iso('2025-10-02T04:45')); // 4 h after arrival (rural)
});

test('current complaint: contact within 24 h natural time, reply by 24:00 of the 5th working day', () => {
  const d = dues('current', facts('complaint', 'service'), '2025-09-30T21:00');
  assert.equal(d.contact, iso('2025-10-01T21:00'), '24 h natural, through the holiday');
  // 10-09 1, 10-10 2, 10-11 (make-up Sat) 3, 10-13 4, 10-14 5
  assert.equal(d.reply, iso('2025-10-15T00:00'));
});

test('2011 complaint: contact within 1 working day, reply within 7 (received on a Saturday)', () => {
  const d = dues('2011', facts('complaint', 'business'), '2025-11-08T10:00');
  assert.equal(d.contact, iso('2025-11-11T00:00'));
  assert.equal(d.reply, iso('2025-11-19T00:00'));
});

test('service-request limits: reconnection 24 h, appliance on site 24 h, meter fault 4 wd, reading error 6 wd, other 5 wd', () => {
  assert.equal(dues('current', facts('service_request', 'reconnection'), '2026-02-16T08:00').completion, iso('2026-02-17T08:00'));
  assert.equal(dues('current', facts('service_request', 'damaged_appliance'), '2026-02-16T08:00').arrival, iso('2026-02-17T08:00'));
  // Spring Festival 2026: received Fri 02-13 → 02-14 (Sat, make-up) 1, 02-24 2, 02-25 3, 02-26 4, 02-27 5, 02-28 (Sat) 6
  assert.equal(dues('current', facts('service_request', 'meter_fault'), '2026-02-13T10:00').completion, iso('2026-02-27T00:00'));
  assert.equal(dues('current', facts('service_request', 'other'), '2026-02-13T10:00').completion, iso('2026-02-28T00:00'));
  assert.equal(dues('current', facts('service_request', 'reading_error'), '2026-02-13T10:00').completion, iso('2026-03-01T00:00'));
});

test('Jiangsu answers complaints (24 h / 4 wd), 举报 (9 wd) and referrals; everything else falls back to current', () => {
  const js = dues('jiangsu', facts('complaint', 'outage'), '2025-11-03T10:00');
  assert.equal(js.contact, iso('2025-11-04T10:00'));
  assert.equal(js.reply, iso('2025-11-08T00:00'));
  assert.equal(dues('jiangsu', facts('report'), '2025-11-03T10:00').reply, iso('2025-11-15T00:00'));
  assert.equal(dues('jiangsu', facts('consultation', null, { channel: 'ref_12398' }), '2025-11-03T10:00').reply, iso('2025-11-18T00:00'), '12398: 10 wd');
  assert.equal(
    dues('jiangsu', facts('consultation', null, { channel: 'ref_12345' }), '2025-11-03T10:00').reply,
    iso('2025-11-10T10:00'),
    '12345: 7 days, natural',
  );
  const fallback = selectPolicy(SEED_POLICIES, SEED_POLICY_SETS, 'jiangsu', facts('service_request', 'reconnection'), local('2025-11-03T10:00'))!;
  assert.equal(fallback.policySet, 'current');
  assert.equal(fallback.clocks[0].minutes, 24 * 60);
});

const targets: EscalationTarget[] = [
  { level: 'province', recipients: [{ channel: 'email', address: 'p@example.cn' }] },
  { level: 'city', recipients: [{ channel: 'sms', address: '13800000000' }] },
];

test('major complaint escalation: province within 15 min, city within a further 15 (30 min from receipt)', () => {
  const received = local('2025-11-03T23:50');
  const ev = escalationEvents([15, 30], received);
  assert.deepEqual(
    ev.map((e) => [e.key, e.due.toISOString()]),
    [
      ['escalation:province', iso('2025-11-04T00:05')],
      ['escalation:city', iso('2025-11-04T00:20')],
    ],
  );
  const msgs = escalationMessages(targets, [15, 30], { id: 1, order_no: '251103000001', title: '停电投诉' }, received);
  const province = msgs.find((m) => m.recipient === 'p@example.cn')!;
  const city = msgs.find((m) => m.recipient === '13800000000')!;
  assert.equal(province.notBefore, undefined, 'the province is told at once');
  assert.equal(city.notBefore!.toISOString(), iso('2025-11-04T00:05'), 'the city after the province step');
  assert.ok(
    msgs.every((m) => m.urgent),
    'escalations ignore quiet hours',
  );
  assert.match(city.body, /30 分钟/);
  // the steps are data: a province using 10 + 10 minutes
  assert.deepEqual(
    escalationEvents([10, 20], received).map((e) => e.due.toISOString()),
    [iso('2025-11-04T00:00'), iso('2025-11-04T00:10')],
  );
});
