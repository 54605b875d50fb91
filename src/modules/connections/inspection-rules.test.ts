import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, inspectionState, proposePlan, rectificationDue, resultProblems } from './inspection-rules.js';
import { DEFAULT_INSPECTION_POLICY as P } from './policy.js';

test('addDays crosses months, years and 29 February by the calendar', () => {
  assert.equal(addDays('2026-01-31', 1), '2026-02-01');
  assert.equal(addDays('2026-12-20', 30), '2027-01-19');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
});

test('a planned inspection is overdue the day after its date plus the grace days', () => {
  const f = { plannedOn: '2026-06-15', doneOn: null, rectificationDue: null, rectifiedOn: null };
  assert.equal(inspectionState(f, '2026-06-15', P), 'planned');
  assert.equal(inspectionState(f, '2026-06-16', P), 'overdue');
  assert.equal(inspectionState(f, '2026-06-20', { ...P, graceDays: 5 }), 'planned');
  assert.equal(inspectionState(f, '2026-06-21', { ...P, graceDays: 5 }), 'overdue');
});

test('after the inspection: done without findings; rectifying, then overdue after the deadline, closed once rectified', () => {
  const done = { plannedOn: '2026-06-15', doneOn: '2026-06-10', rectificationDue: null, rectifiedOn: null };
  assert.equal(inspectionState(done, '2026-12-31', P), 'done');
  const open = { ...done, rectificationDue: '2026-07-10' };
  assert.equal(inspectionState(open, '2026-07-10', P), 'rectifying');
  assert.equal(inspectionState(open, '2026-07-11', P), 'rectification_overdue');
  assert.equal(inspectionState({ ...open, rectifiedOn: '2026-07-20' }, '2026-08-01', P), 'closed');
});

test('the rectification deadline is the latest finding’s: its own date, or the inspection date plus the policy’s days', () => {
  assert.equal(rectificationDue('2026-06-10', [], P), null);
  assert.equal(rectificationDue('2026-06-10', [{ item: '接地电阻超标', severity: 'major' }], P), '2026-07-10');
  assert.equal(
    rectificationDue(
      '2026-06-10',
      [
        { item: '警示标识缺失', severity: 'minor', rectifyBy: '2026-06-20' },
        { item: '电缆沟积水', severity: 'major', rectifyBy: '2026-08-01' },
      ],
      P,
    ),
    '2026-08-01',
  );
});

test('the plan spreads the unplanned customers round robin over the policy months on the policy day, clamped to the month', () => {
  const plan = proposePlan([11, 12, 13, 14], 2027, new Set([12]), { ...P, planMonths: [2, 4], planDay: 31 });
  assert.deepEqual(plan, [
    { id: 11, plannedOn: '2027-02-28' },
    { id: 13, plannedOn: '2027-04-30' },
    { id: 14, plannedOn: '2027-02-28' },
  ]);
  assert.deepEqual(proposePlan([1], 2028, new Set(), { ...P, planMonths: [2], planDay: 29 }), [{ id: 1, plannedOn: '2028-02-29' }]);
  // made in July: March's date is already past and moves to the day of the plan; October's stays
  assert.deepEqual(proposePlan([1, 2], 2026, new Set(), { ...P, planMonths: [3, 10], planDay: 15 }, '2026-07-07'), [
    { id: 1, plannedOn: '2026-07-07' },
    { id: 2, plannedOn: '2026-10-15' },
  ]);
});

test('a result is refused in the future, outside the plan year, or with a deadline before the inspection, naming the field', () => {
  assert.deepEqual(resultProblems({ doneOn: '2026-06-10', findings: [] }, 2026, '2026-06-10'), []);
  assert.deepEqual(
    resultProblems({ doneOn: '2026-06-11', findings: [{ item: 'x', severity: 'minor', rectifyBy: '2026-06-01' }] }, 2026, '2026-06-10').map((p) => [
      p.field,
      p.rule,
    ]),
    [
      ['doneOn', 'not_future'],
      ['findings[0].rectifyBy', 'after_inspection'],
    ],
  );
  assert.deepEqual(
    resultProblems({ doneOn: '2025-12-30', findings: [] }, 2026, '2026-06-10').map((p) => p.rule),
    ['plan_year'],
  );
});
