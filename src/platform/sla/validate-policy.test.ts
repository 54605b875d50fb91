import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOverlap, validatePolicy } from './validate-policy.js';
import type { SlaPolicy, StateVocabulary } from './policy-types.js';
import { naturalClock, wdClock } from './test-fixtures.js';

const vocab: StateVocabulary = {
  initialState: 'accepted',
  edges: [
    ['accepted', 'start', 'in_progress'],
    ['in_progress', 'pause', 'waiting_customer'],
    ['waiting_customer', 'resume', 'in_progress'],
    ['in_progress', 'record_contact', 'in_progress'],
    ['in_progress', 'handle', 'handled'],
    ['handled', 'close', 'closed'],
    ['accepted', 'approve_termination', 'terminated'],
    ['callback', 'close', 'closed'], // callback is never reached from accepted
  ],
};
function p(extra: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    code: 'complaint',
    policySet: 'current',
    version: 1,
    match: { orderType: 'complaint', subtype: null, channel: null, customerClass: null, areaType: null },
    validFrom: '2025-01-01T00:00:00Z',
    validTo: null,
    clocks: [
      naturalClock('contact', 1440, { stopOn: { actions: ['record_contact'], states: ['handled', 'closed'] }, cancelStates: ['terminated'] }),
      wdClock('reply', 7, { stopOn: { states: ['handled', 'closed'] }, cancelStates: ['terminated'] }),
    ],
    ...extra,
  };
}
const fields = (q: SlaPolicy) => validatePolicy(q, vocab).map((i) => `${i.field}:${i.rule}`);

test('a well-formed policy passes', () => {
  assert.deepEqual(fields(p()), []);
});

test('bad numbers and fractions name the field', () => {
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 0, { stopOn: { states: ['handled'] }, cancelStates: [] })] })), ['clocks[0].minutes:range']);
  assert.deepEqual(fields(p({ clocks: [wdClock('a', 2.5, { stopOn: { states: ['handled'] }, cancelStates: [] })] })), ['clocks[0].workingDays:range']);
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: { states: ['handled'] }, cancelStates: [], warnFractions: [0.5, 0.5] })] })), [
    'clocks[0].warnFractions[1]:ascending',
  ]);
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: { states: ['handled'] }, cancelStates: [], warnFractions: [1.2] })] })), [
    'clocks[0].warnFractions[0]:range',
  ]);
  assert.deepEqual(fields(p({ validTo: '2024-01-01T00:00:00Z' })), ['validTo:after_valid_from']);
  assert.deepEqual(fields(p({ clocks: [] })), ['clocks:required']);
});

test('unknown states and actions are refused', () => {
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: { states: ['done'] }, cancelStates: [] })] })), [
    'clocks[0].stopOn.states[0]:unknown_state',
  ]);
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: { actions: ['finish'] }, cancelStates: [] })] })), [
    'clocks[0].stopOn.actions[0]:unknown_action',
  ]);
});

test('a clock that could never stop or never run is refused as unreachable', () => {
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: {}, cancelStates: [] })] })), ['clocks[0].stopOn:required']);
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: { states: ['callback'] }, cancelStates: [] })] })), ['clocks[0].stopOn:unreachable']);
  assert.deepEqual(fields(p({ clocks: [naturalClock('a', 10, { stopOn: { states: ['handled'] }, pauseStates: ['handled'], cancelStates: [] })] })), [
    'clocks[0].pauseStates:unreachable',
  ]);
  assert.deepEqual(
    fields(
      p({
        clocks: [
          naturalClock('a', 10, {
            stopOn: { states: ['handled'] },
            pauseStates: ['accepted', 'in_progress', 'waiting_customer', 'closed'],
            cancelStates: ['terminated'],
          }),
        ],
      }),
    ),
    ['clocks[0].pauseStates:unreachable'],
  );
});

test('clock names must be unique within a policy', () => {
  const c = naturalClock('a', 10, { stopOn: { states: ['handled'] }, cancelStates: [] });
  assert.deepEqual(fields(p({ clocks: [c, c] })), ['clocks[1].name:duplicate']);
});

test('overlapping validity for the same set and match key is refused; adjacent windows are fine', () => {
  const v1 = p({ id: 1, version: 1, validTo: '2026-01-01T00:00:00Z' });
  assert.equal(findOverlap(p({ version: 2, validFrom: '2026-01-01T00:00:00Z' }), [v1]), null);
  assert.equal(findOverlap(p({ version: 2, validFrom: '2025-06-01T00:00:00Z' }), [v1]), v1);
  assert.equal(findOverlap(p({ version: 2, validFrom: '2025-06-01T00:00:00Z', policySet: 'jiangsu' }), [v1]), null);
  assert.equal(findOverlap(p({ version: 2, match: { ...v1.match, channel: 'web' } }), [v1]), null);
  assert.equal(findOverlap({ ...v1 }, [v1]), null); // editing itself
});
