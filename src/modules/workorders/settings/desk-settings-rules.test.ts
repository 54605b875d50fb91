import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDeskSettings, type DeskSettings } from './desk-settings-rules.js';

const channels = ['phone', 'letter', 'ref_12345'];
const ok: DeskSettings = {
  duplicateWindowHours: 72,
  reopenWindowDays: 7,
  callbackSamplePercent: 20,
  maxBackdateMinutes: { phone: 60, letter: 43200, ref_12345: 43200 },
  escalationMinutes: [15, 30],
};
const rules = (s: DeskSettings) => checkDeskSettings(s, channels, ['letter', 'ref_12345'], ['province', 'city']).map((i) => [i.field, i.rule]);

test('the published escalation (15 min to the province, a further 15 to the city) is accepted', () => {
  assert.deepEqual(rules(ok), []);
});

test('escalation steps must rise strictly; equal or earlier steps are named', () => {
  assert.deepEqual(rules({ ...ok, escalationMinutes: [15, 15] }), [['escalationMinutes[1]', 'ascending']]);
  assert.deepEqual(rules({ ...ok, escalationMinutes: [10, 25] }), []);
});

test('one step per escalation level: a missing or an extra level is refused', () => {
  assert.deepEqual(rules({ ...ok, escalationMinutes: [20] }), [['escalationMinutes', 'length']]);
  assert.deepEqual(rules({ ...ok, escalationMinutes: [15, 30, 45] }), [['escalationMinutes', 'length']]);
  assert.deepEqual(rules({ ...ok, escalationMinutes: [] }), [['escalationMinutes', 'length']]);
});

test('every channel needs a backdating limit; unknown channels are refused; staff-entered channels may not be 0', () => {
  assert.deepEqual(rules({ ...ok, maxBackdateMinutes: { phone: 60, letter: 43200 } }), [['maxBackdateMinutes.ref_12345', 'required']]);
  assert.deepEqual(rules({ ...ok, maxBackdateMinutes: { ...ok.maxBackdateMinutes, pigeon: 5 } }), [['maxBackdateMinutes.pigeon', 'enum']]);
  assert.deepEqual(rules({ ...ok, maxBackdateMinutes: { ...ok.maxBackdateMinutes, letter: 0 } }), [['maxBackdateMinutes.letter', 'reachable']]);
  assert.deepEqual(rules({ ...ok, maxBackdateMinutes: { ...ok.maxBackdateMinutes, phone: 0 } }), []);
});
