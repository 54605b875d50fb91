import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeClock } from './compute-clocks.js';
import { breachKey, dueOutcomes, dueWarnings, warningKey } from './due-warnings.js';
import { calendar, history, local, naturalClock } from './test-fixtures.js';

const clockAt = (now: string, events: [string, string, string][] = []) =>
  computeClock(naturalClock('arrival', 40), calendar, history('2025-11-03T10:00', now, events));

test('each warning fires once: sent keys are not returned again', () => {
  const c = clockAt('2025-11-03T10:21');
  const first = dueWarnings([c], new Set(), local('2025-11-03T10:21'));
  assert.deepEqual(
    first.map((w) => [w.key, w.superseded]),
    [[warningKey('arrival', 0.5), false]],
  );
  const sent = new Set(first.map((w) => w.key));
  assert.deepEqual(dueWarnings([c], sent, local('2025-11-03T10:21')), []);
  const later = clockAt('2025-11-03T10:31');
  assert.deepEqual(
    dueWarnings([later], sent, local('2025-11-03T10:31')).map((w) => w.fraction),
    [0.75],
  );
});

test('a late scan records the skipped thresholds but notifies only the latest', () => {
  const c = clockAt('2025-11-03T10:41');
  const due = dueWarnings([c], new Set(), local('2025-11-03T10:41'));
  assert.deepEqual(
    due.map((w) => [w.key, w.superseded]),
    [
      [warningKey('arrival', 0.5), true],
      [warningKey('arrival', 0.75), true],
      [warningKey('arrival', 0.9), true],
      [breachKey('arrival'), false],
    ],
  );
  const sent = new Set(due.map((w) => w.key));
  assert.deepEqual(dueWarnings([clockAt('2025-11-03T12:00')], sent, local('2025-11-03T12:00')), []);
});

test('no warnings for a clock that stopped or is still pending', () => {
  const met = clockAt('2025-11-03T12:00', [['2025-11-03T10:30', 'handle', 'handled']]);
  assert.equal(met.state, 'met');
  assert.deepEqual(dueWarnings([met], new Set(), local('2025-11-03T12:00')), []);
  const pending = computeClock(naturalClock('restoration', 60, { startOn: ['arrive'] }), calendar, history('2025-11-03T10:00', '2025-11-03T12:00'));
  assert.deepEqual(dueWarnings([pending], new Set(), local('2025-11-03T12:00')), []);
});

test('a paused clock does not reach its next threshold while paused', () => {
  const c = clockAt('2025-11-03T11:00', [['2025-11-03T10:25', 'pause', 'waiting_customer']]);
  assert.equal(c.state, 'paused');
  const due = dueWarnings([c], new Set([warningKey('arrival', 0.5)]), local('2025-11-03T11:00'));
  assert.deepEqual(due, []);
});

test('met and missed outcomes are produced once per stop', () => {
  const late = clockAt('2025-11-03T12:00', [['2025-11-03T10:50', 'handle', 'handled']]);
  const out = dueOutcomes([late], new Set());
  assert.equal(out.length, 1);
  assert.equal(out[0].outcome, 'missed');
  assert.deepEqual(dueOutcomes([late], new Set([out[0].key])), []);
  const ok = clockAt('2025-11-03T12:00', [['2025-11-03T10:20', 'handle', 'handled']]);
  assert.equal(dueOutcomes([ok], new Set())[0].outcome, 'met');
  assert.deepEqual(dueOutcomes([clockAt('2025-11-03T10:10')], new Set()), []);
});
