import { test } from 'node:test';
import assert from 'node:assert/strict';
import { releaseTime } from './quiet-hours.js';
import { afterFailure } from './backoff.js';

const CST = 8 * 3_600_000;
const at = (s: string) => new Date(`${s}+08:00`);

test('quiet hours across midnight hold non-urgent messages until the window ends', () => {
  const w = { start: '22:00', end: '08:00' };
  assert.equal(releaseTime(at('2025-11-03T23:30:00'), w, false, CST).toISOString(), at('2025-11-04T08:00:00').toISOString());
  assert.equal(releaseTime(at('2025-11-04T06:10:00'), w, false, CST).toISOString(), at('2025-11-04T08:00:00').toISOString());
  assert.equal(releaseTime(at('2025-11-04T08:00:00'), w, false, CST).toISOString(), at('2025-11-04T08:00:00').toISOString());
  assert.equal(releaseTime(at('2025-11-04T21:59:00'), w, false, CST).toISOString(), at('2025-11-04T21:59:00').toISOString());
});

test('urgent messages and empty windows are never held', () => {
  assert.equal(releaseTime(at('2025-11-03T23:30:00'), { start: '22:00', end: '08:00' }, true, CST).toISOString(), at('2025-11-03T23:30:00').toISOString());
  assert.equal(releaseTime(at('2025-11-03T23:30:00'), { start: null, end: null }, false, CST).toISOString(), at('2025-11-03T23:30:00').toISOString());
  assert.equal(releaseTime(at('2025-11-03T23:30:00'), { start: '08:00', end: '08:00' }, false, CST).toISOString(), at('2025-11-03T23:30:00').toISOString());
});

test('a same-day window (12:00–14:00)', () => {
  const w = { start: '12:00', end: '14:00:00' };
  assert.equal(releaseTime(at('2025-11-03T13:00:00'), w, false, CST).toISOString(), at('2025-11-03T14:00:00').toISOString());
  assert.equal(releaseTime(at('2025-11-03T14:30:00'), w, false, CST).toISOString(), at('2025-11-03T14:30:00').toISOString());
  assert.throws(() => releaseTime(at('2025-11-03T13:00:00'), { start: '25:00', end: '08:00' }, false, CST), RangeError);
});

test('retries back off step by step, then the message is dead', () => {
  const p = { maxAttempts: 4, backoffSeconds: [30, 120] };
  const now = new Date('2025-11-03T00:00:00Z');
  assert.deepEqual(afterFailure(1, p, now), { status: 'failed', nextAttemptAt: new Date(now.getTime() + 30_000) });
  assert.deepEqual(afterFailure(2, p, now), { status: 'failed', nextAttemptAt: new Date(now.getTime() + 120_000) });
  assert.deepEqual(afterFailure(3, p, now), { status: 'failed', nextAttemptAt: new Date(now.getTime() + 120_000) });
  assert.deepEqual(afterFailure(4, p, now), { status: 'dead' });
});
