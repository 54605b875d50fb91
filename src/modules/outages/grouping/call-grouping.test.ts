import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallGrouping } from './call-grouping.js';
import { EXAMPLE, SHARE, tree } from './grouping-fixture.test-support.js';

function engine(policy = EXAMPLE) {
  const g = new CallGrouping(tree(), policy);
  let n = 0;
  const call = (transformerId: number | null, sp: string) => {
    const callId = ++n;
    return { callId, ...g.addCall({ callId, callerKey: sp, transformerId }) };
  };
  const deviceOf = (callId: number) => {
    const o = g.outageOfCall(callId);
    return o === null ? null : g.outage(o)!.deviceId;
  };
  return { g, call, deviceOf };
}

test('one caller predicts nothing; a second caller on the same transformer predicts the transformer', () => {
  const { g, call, deviceOf } = engine();
  const a = call(11, 'sp1');
  assert.deepEqual(a.events, []);
  assert.equal(deviceOf(a.callId), null);
  const again = call(11, 'sp1'); // the same customer calling twice is still one caller
  assert.deepEqual(again.events, []);
  const b = call(11, 'sp2');
  assert.equal(b.events.length, 1);
  assert.equal(b.events[0].type, 'created');
  const id = g.outageOfCall(b.callId)!;
  assert.deepEqual(b.events[0], { type: 'created', outageId: id, deviceId: 11 });
  assert.deepEqual(g.callsOf(id).sort(), [a.callId, again.callId, b.callId]);
  assert.deepEqual(b.assignments.map((x) => x.callId).sort(), [a.callId, again.callId, b.callId]);
});

test('a call under a second transformer of the feeder moves the prediction up; cancelling moves it down, then withdraws it', () => {
  const { g, call, deviceOf } = engine();
  const a = call(11, 'sp1');
  const b = call(11, 'sp2');
  const id = g.outageOfCall(b.callId)!;
  const c = call(12, 'sp5');
  assert.deepEqual(c.events, [{ type: 'moved', outageId: id, from: 11, to: 10 }]);
  assert.equal(deviceOf(c.callId), 10);
  assert.equal(deviceOf(a.callId), 10);
  const down = g.cancelCall(c.callId);
  assert.deepEqual(down.events, [{ type: 'moved', outageId: id, from: 10, to: 11 }]);
  assert.equal(deviceOf(a.callId), 11);
  const gone = g.cancelCall(b.callId);
  assert.deepEqual(gone.events, [{ type: 'withdrawn', outageId: id, deviceId: 11 }]);
  assert.equal(g.outageOfCall(a.callId), null);
  const byCall = [...gone.assignments].sort((x, y) => x.callId - y.callId);
  assert.deepEqual(byCall, [
    { callId: a.callId, outageId: null },
    { callId: b.callId, outageId: null },
  ]);
});

test('two single callers under different transformers of one feeder predict the feeder (issue example)', () => {
  const { call, deviceOf } = engine();
  const a = call(11, 'sp1');
  const b = call(13, 'sp9');
  assert.equal(b.events[0].type, 'created');
  assert.equal(deviceOf(a.callId), 10);
  assert.equal(deviceOf(b.callId), 10);
});

test('share rule: two transformer outages stay apart until three of four transformers call, then merge into the older', () => {
  const { g, call, deviceOf } = engine(SHARE);
  call(11, 'a1');
  const a = call(11, 'a2');
  call(12, 'b1');
  const b = call(12, 'b2');
  const ida = g.outageOfCall(a.callId)!;
  const idb = g.outageOfCall(b.callId)!;
  assert.notEqual(ida, idb);
  assert.equal(deviceOf(a.callId), 11);
  assert.equal(deviceOf(b.callId), 12);
  const c = call(13, 'c1');
  assert.deepEqual(c.events, [
    { type: 'moved', outageId: ida, from: 11, to: 10 },
    { type: 'merged', outageId: idb, into: ida },
  ]);
  assert.equal(g.callsOf(ida).length, 5);
  assert.equal(g.outage(idb), undefined);
  // cancel the third transformer's caller: 2 of 4 is below 0.75, the feeder outage splits down
  const split = g.cancelCall(c.callId);
  const newId = g.outageOfCall(b.callId)!;
  assert.deepEqual(split.events, [
    { type: 'moved', outageId: ida, from: 10, to: 11 },
    { type: 'created', outageId: newId, deviceId: 12, splitFrom: ida },
  ]);
  assert.equal(deviceOf(a.callId), 11);
  assert.equal(deviceOf(b.callId), 12);
});

test('substation rule with share 1: every feeder must call', () => {
  const { call, deviceOf } = engine(SHARE);
  const a = call(21, 'x1');
  const b = call(22, 'x2'); // F2: 2 of 2 transformers, 2 callers < 3 → not the feeder; transformers have 1 caller each
  assert.equal(deviceOf(b.callId), null);
  const c = call(21, 'x3'); // F2 now 3 callers, share 1 → F2
  assert.equal(deviceOf(c.callId), 20);
  assert.equal(deviceOf(a.callId), 20);
  const d = call(11, 'y1'); // S1: F1 and F2 calling, share 2/2, callers 4 → S1
  assert.equal(deviceOf(d.callId), 1);
  assert.equal(deviceOf(a.callId), 1);
  const e = call(31, 'z1'); // another substation: separate
  assert.equal(deviceOf(e.callId), null);
});

test('calls from a service point not on the network are kept and flagged unplaced', () => {
  const { g, call } = engine();
  const a = call(null, 'sp-x');
  assert.equal(a.unplaced, true);
  assert.equal(g.hasCall(a.callId), true);
  const b = call(999, 'sp-y'); // transformer unknown to the network
  assert.equal(b.unplaced, true);
  assert.equal(g.outageOfCall(b.callId), null);
  assert.deepEqual(g.cancelCall(a.callId).events, []);
});

test('duplicate and unknown call ids are refused', () => {
  const { g } = engine();
  g.addCall({ callId: 7, callerKey: 's', transformerId: 11 });
  assert.throws(() => g.addCall({ callId: 7, callerKey: 's', transformerId: 11 }), /already placed/);
  assert.throws(() => g.cancelCall(8), /not active/);
});
