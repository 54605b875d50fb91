/**
 * docs/rules.md §1 planned-outage notice windows, from the rule text (docs/rules-review.md):
 * 7 days before planned work; temporary maintenance 24 h to important customers. "7 days" is
 * 7 × 24 h of natural time before the start, measured to the minute (a shortfall of part of a
 * minute is a shortfall); a plan inside the window is flagged for approval, not refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPlannedNotice, DEFAULT_NOTICE_POLICY as NP } from './planned-notice-rules.js';

const noticeAt = new Date('2026-09-30T18:00:00+08:00');
const after = (ms: number) => new Date(noticeAt.getTime() + ms);
const H = 3_600_000;

test('exactly 7 × 24 h ahead is enough; 1 ms less is not, across a holiday (natural time)', () => {
  const w = { kind: 'planned' as const, noticeAt, importantCustomers: 1, ordinaryCustomers: 10 };
  const exact = checkPlannedNotice({ ...w, start: after(7 * 24 * H), end: after(7 * 24 * H + 2 * H) }, NP);
  assert.deepEqual([exact.needsApproval, exact.shortfalls], [false, []]);
  const short = checkPlannedNotice({ ...w, start: after(7 * 24 * H - 1), end: after(7 * 24 * H + 2 * H) }, NP);
  assert.equal(short.needsApproval, true);
  assert.deepEqual(
    short.shortfalls.map((s) => [s.audience, s.requiredMinutes, s.actualMinutes]),
    [
      ['important', 10080, 10079],
      ['ordinary', 10080, 10079],
    ],
  );
  assert.deepEqual(short.problems, []);
});

test('the same calendar date a week later but an earlier clock time is short', () => {
  const start = new Date('2026-10-07T08:00:00+08:00'); // 6 days 14 h after the notice
  const r = checkPlannedNotice({ kind: 'planned', start, end: new Date(start.getTime() + H), noticeAt, importantCustomers: 0, ordinaryCustomers: 5 }, NP);
  assert.equal(r.needsApproval, true);
  assert.equal(r.shortfalls[0].actualMinutes, (6 * 24 + 14) * 60);
});

test('temporary maintenance: exactly 24 h for important customers passes, ordinary customers need none by default', () => {
  const base = { kind: 'temporary_maintenance' as const, noticeAt, importantCustomers: 2, ordinaryCustomers: 40 };
  assert.equal(checkPlannedNotice({ ...base, start: after(24 * H), end: after(26 * H) }, NP).needsApproval, false);
  const r = checkPlannedNotice({ ...base, start: after(24 * H - 60_000), end: after(26 * H) }, NP);
  assert.deepEqual(
    r.shortfalls.map((s) => s.audience),
    ['important'],
  );
  assert.equal(checkPlannedNotice({ ...base, importantCustomers: 0, start: after(10 * 60_000), end: after(H) }, NP).needsApproval, false);
});

test('a plan with no affected customers needs no approval; a zero-length plan is a problem', () => {
  const r = checkPlannedNotice({ kind: 'planned', start: after(H), end: after(2 * H), noticeAt, importantCustomers: 0, ordinaryCustomers: 0 }, NP);
  assert.deepEqual([r.needsApproval, r.problems], [false, []]);
  const zero = checkPlannedNotice(
    { kind: 'planned', start: after(8 * 24 * H), end: after(8 * 24 * H), noticeAt, importantCustomers: 0, ordinaryCustomers: 1 },
    NP,
  );
  assert.deepEqual(
    zero.problems.map((p) => [p.field, p.rule]),
    [['end', 'after_start']],
  );
});
