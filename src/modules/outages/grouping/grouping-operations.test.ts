import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallGrouping } from './call-grouping.js';
import { closeOutage, confirmOutage, mergeOutages, moveOutage, splitOutage } from './grouping-operations.js';
import { EXAMPLE, TRANSFORMERS_ONLY, tree } from './grouping-fixture.test-support.js';

function engine(policy = EXAMPLE) {
  const g = new CallGrouping(tree(), policy);
  let n = 0;
  const call = (transformerId: number, sp: string) => {
    const callId = ++n;
    g.addCall({ callId, callerKey: sp, transformerId });
    return callId;
  };
  const deviceOf = (callId: number) => {
    const o = g.outageOfCall(callId);
    return o === null ? null : g.outage(o)!.deviceId;
  };
  return { g, call, deviceOf };
}

test('a confirmed outage stops moving: its calls no longer count toward the feeder rule, new calls below it join it', () => {
  const { g, call, deviceOf } = engine();
  const a = call(11, 's1');
  call(11, 's2');
  const id = g.outageOfCall(a)!;
  const r = confirmOutage(g, id);
  assert.deepEqual(r.events, [{ type: 'confirmed', outageId: id, deviceId: 11 }]);
  assert.deepEqual(r.assignments, []);
  assert.equal(g.outage(id)!.pinned, true);
  const b = call(12, 's5'); // alone on F1's free calls: no feeder prediction
  assert.equal(deviceOf(b), null);
  const c = call(11, 's3');
  assert.equal(g.outageOfCall(c), id);
  assert.throws(() => confirmOutage(g, id), /already confirmed/);
});

test('move up claims the calls below the new device and withdraws the prediction there; move down releases the rest', () => {
  const { g, call, deviceOf } = engine(TRANSFORMERS_ONLY);
  const a = call(11, 's1');
  call(11, 's2');
  const b = call(12, 's5');
  call(12, 's6');
  const ida = g.outageOfCall(a)!;
  const idb = g.outageOfCall(b)!;
  const up = moveOutage(g, ida, 10);
  assert.deepEqual(up.events, [
    { type: 'moved', outageId: ida, from: 11, to: 10 },
    { type: 'withdrawn', outageId: idb, deviceId: 12 },
  ]);
  assert.equal(deviceOf(b), 10);
  assert.equal(g.callsOf(ida).length, 4);
  const down = moveOutage(g, ida, 12);
  const created = down.events.find((e) => e.type === 'created');
  assert.ok(created && created.type === 'created' && created.deviceId === 11, 'released calls under T11 are predicted again');
  assert.equal(deviceOf(a), 11);
  assert.equal(g.outageOfCall(b), ida);
  assert.throws(() => moveOutage(g, ida, 999), /does not exist/);
});

test('merge places the outages at their lowest common upstream device; split divides by device', () => {
  const { g, call, deviceOf } = engine(TRANSFORMERS_ONLY);
  const a = call(11, 's1');
  call(11, 's2');
  const b = call(12, 's5');
  call(12, 's6');
  const c = call(13, 's9'); // a lone caller under T13
  const ida = g.outageOfCall(a)!;
  const idb = g.outageOfCall(b)!;
  const m = mergeOutages(g, [ida, idb]);
  assert.deepEqual(
    m.events.filter((e) => e.type === 'merged'),
    [{ type: 'merged', outageId: idb, into: ida }],
  );
  assert.equal(deviceOf(a), 10);
  assert.equal(g.outageOfCall(b), ida);
  assert.equal(g.outageOfCall(c), ida, 'the merged outage at the feeder claims the lone caller too');
  assert.equal(g.outage(idb), undefined);

  const s = splitOutage(g, ida, [11, 12]);
  const created = s.events.find((e) => e.type === 'created');
  assert.ok(created && created.type === 'created' && created.splitFrom === ida && created.deviceId === 12);
  assert.equal(deviceOf(a), 11);
  assert.equal(deviceOf(b), 12);
  assert.equal(g.outageOfCall(c), null, 'the T13 caller is released and alone does not predict');
});

test('refused operations change nothing', () => {
  const { g, call } = engine(TRANSFORMERS_ONLY);
  const a = call(11, 's1');
  call(11, 's2');
  const b = call(12, 's5');
  call(12, 's6');
  const ida = g.outageOfCall(a)!;
  const idb = g.outageOfCall(b)!;
  confirmOutage(g, idb);
  const before = JSON.stringify([g.allOutages(), g.callsOf(ida), g.callsOf(idb)]);
  assert.throws(() => moveOutage(g, ida, 12), /already has outage/);
  assert.throws(() => mergeOutages(g, [ida, ida]), /two or more/);
  assert.throws(() => mergeOutages(g, [ida, idb], 11), /not below/);
  assert.throws(() => splitOutage(g, ida, [11, 12]), /not below the outage/);
  assert.throws(() => splitOutage(g, idb, [12]), /two or more/);
  assert.throws(() => confirmOutage(g, 4242), /not active/);
  assert.equal(JSON.stringify([g.allOutages(), g.callsOf(ida), g.callsOf(idb)]), before);
  const { g: g2, call: call2 } = engine(EXAMPLE);
  const x = call2(11, 'p');
  call2(13, 'q');
  const idx = g2.outageOfCall(x)!;
  assert.throws(() => splitOutage(g2, idx, [1, 11]), /not below the outage/);
  assert.throws(() => splitOutage(g2, idx, [11, 11]), /two or more/);
});

test('closing an outage forgets its calls; a later call there starts afresh', () => {
  const { g, call, deviceOf } = engine();
  const a = call(11, 's1');
  const b = call(11, 's2');
  const id = g.outageOfCall(a)!;
  confirmOutage(g, id);
  const r = closeOutage(g, id);
  assert.deepEqual(r.events, [{ type: 'closed', outageId: id, callIds: [a, b] }]);
  assert.equal(g.hasCall(a), false);
  assert.equal(g.outage(id), undefined);
  const c = call(11, 's3');
  assert.equal(deviceOf(c), null);
});

test('nested pinned outages: the lowest claims its calls, the upper one the rest', () => {
  const { g, call } = engine(TRANSFORMERS_ONLY);
  const a = call(11, 's1');
  call(11, 's2');
  const b = call(12, 's5');
  call(12, 's6');
  const ida = g.outageOfCall(a)!;
  const idb = g.outageOfCall(b)!;
  confirmOutage(g, ida);
  moveOutage(g, idb, 10); // feeder outage above the confirmed transformer outage
  assert.equal(g.outageOfCall(a), ida);
  assert.equal(g.outageOfCall(b), idb);
  const c = call(11, 's3');
  assert.equal(g.outageOfCall(c), ida);
  const d = call(14, 's13');
  assert.equal(g.outageOfCall(d), idb);
  closeOutage(g, ida); // the calls of the closed one are gone, a new call under T11 goes to the feeder outage
  const e = call(11, 's4');
  assert.equal(g.outageOfCall(e), idb);
});
