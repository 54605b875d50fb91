import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedActions, lifecycleEdges, ORDER_ACTIONS, ORDER_STATES, OPEN_STATES, transition, type OrderState } from './lifecycle-rules.js';

function walk(start: OrderState, steps: [string, Record<string, string>?][]): string {
  let s: string = start;
  for (const [action, ctx] of steps) {
    const r = transition(s, action, ctx ?? {});
    assert.ok(r.ok, `${s} --${action}--> refused`);
    s = r.state;
  }
  return s;
}

test('the main line: accepted → dispatched → in progress → waiting → handled → callback → closed', () => {
  assert.equal(walk('accepted', [['dispatch'], ['start'], ['pause', { pauseReason: 'waiting_parts' }]]), 'waiting_parts');
  assert.equal(walk('waiting_parts', [['resume'], ['handle'], ['start_callback'], ['close']]), 'closed');
});

test('退单, transfer, suspend/resume, reopen and supervised termination', () => {
  assert.equal(walk('dispatched', [['return']]), 'returned');
  assert.equal(walk('returned', [['dispatch'], ['transfer']]), 'dispatched');
  assert.equal(walk('in_progress', [['suspend'], ['resume', { returnTo: 'in_progress' }]]), 'in_progress');
  assert.equal(walk('callback', [['reopen']]), 'dispatched');
  assert.equal(walk('closed', [['reopen']]), 'dispatched');
  assert.equal(walk('waiting_customer', [['request_termination'], ['reject_termination', { returnTo: 'waiting_customer' }]]), 'waiting_customer');
  assert.equal(walk('dispatched', [['request_termination'], ['approve_termination']]), 'terminated');
  assert.equal(walk('accepted', [['close_on_spot']]), 'closed');
});

test('milestones keep the state', () => {
  assert.equal(walk('in_progress', [['record_contact'], ['arrive']]), 'in_progress');
  assert.equal(walk('dispatched', [['arrive']]), 'in_progress');
});

test('every invalid transition names the current state and the allowed actions', () => {
  let refused = 0;
  for (const state of ORDER_STATES) {
    for (const action of ORDER_ACTIONS) {
      const r = transition(state, action, { pauseReason: 'waiting_customer', returnTo: 'accepted' });
      if (allowedActions(state).includes(action)) continue;
      assert.equal(r.ok, false);
      if (r.ok || r.kind !== 'not_allowed') continue;
      assert.equal(r.currentState, state);
      assert.deepEqual(r.allowed, allowedActions(state));
      refused++;
    }
  }
  assert.ok(refused > 150);
  const r = transition('closed', 'handle');
  assert.deepEqual(r, { ok: false, kind: 'not_allowed', currentState: 'closed', action: 'handle', allowed: ['reopen'] });
});

test('terminal states allow nothing', () => {
  assert.deepEqual(allowedActions('terminated'), []);
  assert.deepEqual(allowedActions('merged'), []);
  assert.ok(!OPEN_STATES.includes('closed') && OPEN_STATES.includes('handled'));
});

test('a pause needs a known reason; resume from suspension needs a state it could come from', () => {
  assert.deepEqual(transition('in_progress', 'pause', { pauseReason: 'lunch' }), {
    ok: false,
    kind: 'bad_param',
    field: 'reason',
    allowedValues: ['waiting_customer', 'waiting_parts', 'waiting_third_party'],
  });
  const r = transition('suspended', 'resume', { returnTo: 'closed' });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.kind === 'bad_param' && r.field, 'returnTo');
  assert.equal(transition('nonsense', 'dispatch').ok, false);
});

test('the edge list covers every state reachable from accepted', () => {
  const edges = lifecycleEdges();
  const reach = new Set<string>(['accepted']);
  for (let grew = true; grew;) {
    grew = false;
    for (const [a, , b] of edges)
      if (reach.has(a) && !reach.has(b)) {
        reach.add(b);
        grew = true;
      }
  }
  assert.deepEqual([...reach].sort(), [...ORDER_STATES].sort());
});
