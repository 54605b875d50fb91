import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPlannedNotice, DEFAULT_NOTICE_POLICY as NP, inWindow } from '../planned/planned-notice-rules.js';
import { isRepeatFault, repeatFaultKeys } from './repeat-fault-rules.js';

const day = 86_400_000;
const now = new Date('2026-04-01T09:00:00+08:00');
const at = (ms: number) => new Date(now.getTime() + ms);

test('planned work 7 days ahead needs no approval; 6 days 23 h does, with the shortfall', () => {
  const ok = checkPlannedNotice(
    { kind: 'planned', start: at(7 * day), end: at(7 * day + 4 * 3600_000), noticeAt: now, importantCustomers: 2, ordinaryCustomers: 300 },
    NP,
  );
  assert.deepEqual(ok, { problems: [], needsApproval: false, shortfalls: [] });
  const short = checkPlannedNotice(
    { kind: 'planned', start: at(7 * day - 3600_000), end: at(8 * day), noticeAt: now, importantCustomers: 0, ordinaryCustomers: 300 },
    NP,
  );
  assert.equal(short.needsApproval, true);
  assert.deepEqual(short.shortfalls, [{ audience: 'ordinary', requiredMinutes: 10080, actualMinutes: 10020 }]);
});

test('temporary maintenance: 24 h to important customers; ordinary customers per policy', () => {
  const w = { kind: 'temporary_maintenance' as const, start: at(day), end: at(day + 3600_000), noticeAt: now, importantCustomers: 1, ordinaryCustomers: 50 };
  assert.equal(checkPlannedNotice(w, NP).needsApproval, false);
  const late = checkPlannedNotice({ ...w, start: at(day - 60_000) }, NP);
  assert.deepEqual(late.shortfalls, [{ audience: 'important', requiredMinutes: 1440, actualMinutes: 1439 }]);
  const noImportant = checkPlannedNotice({ ...w, start: at(3600_000), importantCustomers: 0 }, NP);
  assert.equal(noImportant.needsApproval, false, 'no important customers, no 24 h rule');
  const province = { leadMinutes: { ...NP.leadMinutes, temporary_maintenance: { important: 1440, ordinary: 720 } } };
  assert.equal(checkPlannedNotice({ ...w, start: at(3600_000), importantCustomers: 0 }, province).needsApproval, true);
});

test('a plan ending before it starts, or starting in the past, is a problem naming the field', () => {
  const r = checkPlannedNotice({ kind: 'planned', start: at(-day), end: at(-2 * day), noticeAt: now, importantCustomers: 0, ordinaryCustomers: 1 }, NP);
  assert.deepEqual(
    r.problems.map((p) => [p.field, p.rule]),
    [
      ['end', 'after_start'],
      ['start', 'in_past'],
    ],
  );
  assert.equal(inWindow(at(1), { start: now, end: at(2) }), true);
  assert.equal(inWindow(at(2), { start: now, end: at(2) }), false);
});

test('repeat faults: the third fault within 30 days is flagged; older faults fall out of the window', () => {
  const policy = { count: 3, windowDays: 30 };
  assert.deepEqual(isRepeatFault([at(-10 * day), at(-29 * day)], now, policy), { flagged: true, inWindow: 3 });
  assert.deepEqual(isRepeatFault([at(-10 * day), at(-30 * day)], now, policy), { flagged: false, inWindow: 2 });
  assert.deepEqual(isRepeatFault([], now, { count: 1, windowDays: 1 }), { flagged: true, inWindow: 1 });
  const history = [
    { key: 'T11', at: at(0) },
    { key: 'T11', at: at(40 * day) },
    { key: 'T11', at: at(50 * day) }, // 3 in 50 days: no
    { key: 'sp9', at: at(0) },
    { key: 'sp9', at: at(20 * day) },
    { key: 'sp9', at: at(29 * day) }, // 3 in 29 days: yes
    { key: 'F1', at: at(5 * day) },
    { key: 'F1', at: at(1 * day) },
    { key: 'F1', at: at(2 * day) }, // unsorted input
  ];
  assert.deepEqual(repeatFaultKeys(history, policy), ['F1', 'sp9']);
  assert.deepEqual(repeatFaultKeys(history, { count: 3, windowDays: 60 }), ['F1', 'T11', 'sp9']);
});
