import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRepairQuality, type RepairQualityPolicy, type RepairRecord } from './repair-quality-rules.js';

const policy: RepairQualityPolicy = {
  causesByDevice: {
    substation: ['equipment', 'protection_misoperation', 'supply_shortage'],
    feeder: ['equipment', 'lightning', 'third_party', 'tree_contact'],
    transformer: ['equipment', 'overload', 'lightning'],
    service_point: ['meter', 'service_drop', 'customer_internal'],
  },
  customerSideCauses: ['customer_internal'],
};
const t = (min: number) => new Date(Date.UTC(2026, 6, 1, 0, min));
const good: RepairRecord = {
  receivedAt: t(0),
  dispatchedAt: t(2),
  arrivedAt: t(30),
  restoredAt: t(90),
  closedAt: t(120),
  causeClass: 'overload',
  deviceKind: 'transformer',
  customerSide: false,
};

test('a complete, ordered, consistent repair passes', () => {
  assert.deepEqual(checkRepairQuality(good, policy), []);
});

test('missing and out-of-order times are named', () => {
  const r = checkRepairQuality({ ...good, arrivedAt: null, restoredAt: t(1) }, policy);
  assert.deepEqual(
    r.map((i) => [i.field, i.rule]),
    [
      ['arrivedAt', 'required'],
      ['restoredAt', 'order'],
    ],
  );
  const r2 = checkRepairQuality({ ...good, closedAt: t(89) }, policy);
  assert.deepEqual(
    r2.map((i) => [i.field, i.rule]),
    [['closedAt', 'order']],
  );
});

test('cause class must fit the device; customer-side faults must be marked and only those', () => {
  assert.deepEqual(
    checkRepairQuality({ ...good, causeClass: 'meter' }, policy).map((i) => i.rule),
    ['cause_device'],
  );
  assert.deepEqual(
    checkRepairQuality({ ...good, causeClass: null }, policy).map((i) => i.rule),
    ['required'],
  );
  const inside = { ...good, deviceKind: 'service_point' as const, causeClass: 'customer_internal' };
  assert.deepEqual(
    checkRepairQuality(inside, policy).map((i) => i.rule),
    ['customer_side_unmarked'],
  );
  assert.deepEqual(checkRepairQuality({ ...inside, customerSide: true }, policy), []);
  assert.deepEqual(
    checkRepairQuality({ ...good, customerSide: true }, policy).map((i) => i.rule),
    ['customer_side_cause'],
  );
});
