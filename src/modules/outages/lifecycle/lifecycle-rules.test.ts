import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedActions, applyLifecycle, awaitingAcceptance, newLifecycle, type LifecycleAction, type OutageLifecycle } from './lifecycle-rules.js';

const t = (min: number) => new Date(Date.UTC(2026, 5, 1, 2, 0) + min * 60_000);

function run(actions: LifecycleAction[]): OutageLifecycle {
  let s = newLifecycle(t(0));
  for (const a of actions) {
    const r = applyLifecycle(s, a);
    if (!r.ok) throw new Error(`${a.type}: ${r.code}`);
    s = r.state;
  }
  return s;
}

test('the whole path: predicted → confirmed (with ETR) → crew → accepted → en route → on site → partial → restored → confirmed → closed', () => {
  const s = run([
    { type: 'confirm', at: t(3), etr: t(180) },
    { type: 'assign_crew', at: t(4), crewId: 7 },
    { type: 'accept_assignment', at: t(4) },
    { type: 'depart', at: t(5) },
    { type: 'arrive', at: t(40) },
    { type: 'restore_partial', at: t(90), deviceId: 11 },
    { type: 'restore', at: t(120) },
    { type: 'confirm_restoration', at: t(125), source: 'callback' },
    { type: 'close', at: t(130) },
  ]);
  assert.equal(s.status, 'closed');
  assert.equal(s.crewId, 7);
  assert.deepEqual(s.etr, t(180));
  assert.deepEqual(s.partialRestorations, [{ deviceId: 11, at: t(90) }]);
  assert.deepEqual(s.restorationConfirmation, { at: t(125), source: 'callback' });
});

test('restoring when no crew is on site is refused with the reason', () => {
  for (const upTo of [0, 1, 2, 3, 4]) {
    const steps: LifecycleAction[] = [
      { type: 'confirm', at: t(1) },
      { type: 'assign_crew', at: t(2), crewId: 1 },
      { type: 'accept_assignment', at: t(2) },
      { type: 'depart', at: t(3) },
    ];
    const s = run(steps.slice(0, upTo));
    for (const a of [
      { type: 'restore', at: t(9) },
      { type: 'restore_partial', at: t(9), deviceId: 3 },
    ] as LifecycleAction[]) {
      const r = applyLifecycle(s, a);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.code, 'not_on_site');
      assert.match(!r.ok ? r.en : '', /no crew is on site/);
    }
  }
});

test('closing without confirmed restoration is refused; closing an unrestored outage too', () => {
  const restored = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 1 },
    { type: 'accept_assignment', at: t(2) },
    { type: 'depart', at: t(3) },
    { type: 'arrive', at: t(4) },
    { type: 'restore', at: t(5) },
  ]);
  const r = applyLifecycle(restored, { type: 'close', at: t(6) });
  assert.equal(!r.ok && r.code, 'restoration_unconfirmed');
  const onSite = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 1 },
    { type: 'accept_assignment', at: t(2) },
    { type: 'depart', at: t(3) },
    { type: 'arrive', at: t(4) },
  ]);
  const r2 = applyLifecycle(onSite, { type: 'close', at: t(6) });
  assert.equal(!r2.ok && r2.code, 'invalid_transition');
  const r3 = applyLifecycle(onSite, { type: 'confirm_restoration', at: t(6), source: 'meter' });
  assert.equal(!r3.ok && r3.code, 'invalid_transition');
});

test('out-of-order steps, skipped steps, ETR in the past, double partial restoration and late cancel are refused', () => {
  const s = run([{ type: 'confirm', at: t(10) }]);
  assert.equal((applyLifecycle(s, { type: 'assign_crew', at: t(5), crewId: 1 }) as { code: string }).code, 'time_before_previous');
  assert.equal((applyLifecycle(s, { type: 'arrive', at: t(11) }) as { code: string }).code, 'invalid_transition');
  assert.equal((applyLifecycle(s, { type: 'set_etr', at: t(11), etr: t(11) }) as { code: string }).code, 'etr_in_past');
  assert.equal((applyLifecycle(newLifecycle(t(0)), { type: 'confirm', at: t(1), etr: t(0) }) as { code: string }).code, 'etr_in_past');
  const onSite = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 1 },
    { type: 'accept_assignment', at: t(2) },
    { type: 'depart', at: t(3) },
    { type: 'arrive', at: t(4) },
    { type: 'restore_partial', at: t(5), deviceId: 11 },
  ]);
  assert.equal((applyLifecycle(onSite, { type: 'restore_partial', at: t(6), deviceId: 11 }) as { code: string }).code, 'already_restored');
  assert.equal((applyLifecycle(onSite, { type: 'cancel', at: t(6) }) as { code: string }).code, 'invalid_transition');
  assert.equal(run([{ type: 'cancel', at: t(1) }]).status, 'cancelled');
});

test('a crew can be replaced while assigned or en route; the ETR can move while active', () => {
  const s = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 1 },
    { type: 'accept_assignment', at: t(2) },
    { type: 'depart', at: t(3) },
    { type: 'assign_crew', at: t(4), crewId: 2 },
    { type: 'set_etr', at: t(5), etr: t(300) },
  ]);
  assert.equal(s.status, 'crew_assigned');
  assert.equal(s.crewId, 2);
  assert.equal(s.crewAccepted, false, 'the new crew has to accept again');
  assert.deepEqual(s.etr, t(300));
});

test('an assignment waits for the crew: accept once, then depart; depart before accepting is refused with what is allowed', () => {
  const assigned = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 4 },
  ]);
  assert.equal(awaitingAcceptance(assigned), true);
  const early = applyLifecycle(assigned, { type: 'depart', at: t(3) });
  assert.equal(!early.ok && early.code, 'not_accepted');
  assert.match(!early.ok ? early.en : '', /not accepted/);
  assert.deepEqual(allowedActions(assigned), ['set_etr', 'assign_crew', 'accept_assignment', 'decline_assignment']);
  const accepted = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 4 },
    { type: 'accept_assignment', at: t(3) },
  ]);
  assert.equal(accepted.status, 'crew_assigned');
  assert.equal(accepted.crewAccepted, true);
  assert.equal(awaitingAcceptance(accepted), false);
  assert.deepEqual(allowedActions(accepted), ['set_etr', 'assign_crew', 'depart']);
  assert.equal((applyLifecycle(accepted, { type: 'accept_assignment', at: t(4) }) as { code: string }).code, 'already_accepted');
  assert.equal((applyLifecycle(accepted, { type: 'decline_assignment', at: t(4), reason: '车坏了' }) as { code: string }).code, 'already_accepted');
  const r = applyLifecycle(accepted, { type: 'depart', at: t(4) });
  assert.equal(r.ok && r.state.status, 'en_route');
});

test('a declined assignment goes back to the dispatcher as needing a crew; a decline needs a reason; no accept without an assignment', () => {
  const assigned = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 4 },
  ]);
  assert.equal((applyLifecycle(assigned, { type: 'decline_assignment', at: t(3), reason: '  ' }) as { code: string }).code, 'reason_required');
  const declined = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 4 },
    { type: 'decline_assignment', at: t(3), reason: '班组在另一处抢修' },
  ]);
  assert.equal(declined.status, 'confirmed');
  assert.equal(declined.crewId, null);
  assert.equal(declined.crewAccepted, false);
  assert.ok(allowedActions(declined).includes('assign_crew'));
  assert.equal((applyLifecycle(declined, { type: 'accept_assignment', at: t(4) }) as { code: string }).code, 'invalid_transition');
  assert.equal((applyLifecycle(declined, { type: 'depart', at: t(4) }) as { code: string }).code, 'invalid_transition');
  const again = run([
    { type: 'confirm', at: t(1) },
    { type: 'assign_crew', at: t(2), crewId: 4 },
    { type: 'decline_assignment', at: t(3), reason: 'x' },
    { type: 'assign_crew', at: t(4), crewId: 5 },
    { type: 'accept_assignment', at: t(5) },
  ]);
  assert.equal(again.crewId, 5);
  assert.equal(again.crewAccepted, true);
  const predicted = newLifecycle(t(0));
  assert.equal((applyLifecycle(predicted, { type: 'accept_assignment', at: t(1) }) as { code: string }).code, 'invalid_transition');
  assert.equal((applyLifecycle(predicted, { type: 'decline_assignment', at: t(1), reason: 'x' }) as { code: string }).code, 'invalid_transition');
});
