import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReceivedAt, checkType, needsCallback, orderNumber, priorityOf, withinReopenWindow } from './intake-rules.js';

const limits = { phone: 60, letter: 43200 };
const now = new Date('2025-11-03T02:00:00Z');

test('received time: not in the future, not further back than the channel allows', () => {
  assert.equal(checkReceivedAt('phone', new Date(now.getTime() - 30 * 60_000), now, limits, 120_000), null);
  assert.equal(checkReceivedAt('phone', new Date(now.getTime() + 60_000), now, limits, 120_000), null);
  assert.equal(checkReceivedAt('phone', new Date(now.getTime() + 10 * 60_000), now, limits, 120_000)?.rule, 'future');
  assert.equal(checkReceivedAt('phone', new Date(now.getTime() - 2 * 3_600_000), now, limits, 120_000)?.rule, 'backdate');
  assert.equal(checkReceivedAt('letter', new Date(now.getTime() - 10 * 86_400_000), now, limits, 120_000), null);
  assert.equal(checkReceivedAt('fax', now, now, limits, 0)?.field, 'channel');
});

test('type and subtype', () => {
  assert.equal(checkType('complaint', 'service'), null);
  assert.equal(checkType('complaint', null)?.rule, 'enum');
  assert.equal(checkType('praise', 'service')?.rule, 'not_allowed');
  assert.equal(checkType('weather', null)?.field, 'orderType');
});

test('priority: major first; an important customer moves one step up', () => {
  assert.deepEqual([priorityOf('normal', false), priorityOf('normal', true), priorityOf('urgent', false), priorityOf('major', true)], [3, 2, 2, 1]);
});

test('order numbers use the local day of receipt', () => {
  assert.equal(orderNumber(new Date('2025-11-03T17:30:00Z'), 42, 8 * 3_600_000), '251104000042');
  assert.equal(orderNumber(new Date('2025-11-03T01:00:00Z'), 1_234_567, 8 * 3_600_000), '251103234567');
});

test('callbacks: all complaints, a sample of others, never praise', () => {
  assert.equal(needsCallback('complaint', 5, 0), true);
  assert.equal(needsCallback('praise', 5, 100), false);
  const sampled = Array.from({ length: 1000 }, (_, i) => needsCallback('consultation', i + 1, 20)).filter(Boolean).length;
  assert.ok(sampled > 150 && sampled < 250, String(sampled));
  assert.equal(Array.from({ length: 100 }, (_, i) => needsCallback('fault_repair', i + 1, 0)).some(Boolean), false);
});

test('reopen window', () => {
  assert.equal(withinReopenWindow(new Date('2025-11-01T00:00:00Z'), now, 7), true);
  assert.equal(withinReopenWindow(new Date('2025-10-01T00:00:00Z'), now, 7), false);
  assert.equal(withinReopenWindow(null, now, 7), false);
});
