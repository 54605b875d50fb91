/**
 * Random call storms and operator actions, checked after every step against a from-scratch
 * recomputation that shares no code with the incremental engine, and against the events and
 * assignments the engine reported (what the database layer persists).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallGrouping, GroupingError, type GroupingResult } from './call-grouping.js';
import { closeOutage, confirmOutage, mergeOutages, moveOutage, splitOutage } from './grouping-operations.js';
import type { GroupingPolicy } from './grouping-policy.js';
import { DEVICES, EXAMPLE, SHARE, TRANSFORMERS_ONLY, tree } from './grouping-fixture.test-support.js';

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parentOf = new Map(DEVICES.map((d) => [d.id, d.parentId]));
const kindOf = new Map(DEVICES.map((d) => [d.id, d.kind]));
const pathOf = (id: number) => {
  const out: number[] = [];
  for (let c: number | null = id; c !== null; c = parentOf.get(c) ?? null) out.push(c);
  return out;
};
const childTotal = (id: number) =>
  kindOf.get(id) === 'transformer' ? DEVICES.find((d) => d.id === id)!.servicePoints! : DEVICES.filter((d) => d.parentId === id).length;

/** Expected device for each free call, computed from scratch. */
function reference(policy: GroupingPolicy, free: { transformer: number; caller: string }[]): (transformer: number) => number | null {
  const callers = new Map<number, Set<string>>();
  const childCalling = new Map<number, Set<string>>();
  for (const c of free) {
    const key = `${c.transformer}|${c.caller}`;
    const p = pathOf(c.transformer);
    for (const d of p) (callers.get(d) ?? callers.set(d, new Set()).get(d)!).add(key);
    (childCalling.get(c.transformer) ?? childCalling.set(c.transformer, new Set()).get(c.transformer)!).add(key);
  }
  for (const [d, set] of callers) {
    const parent = parentOf.get(d) ?? null;
    if (parent === null) continue;
    const need = policy.rules[kindOf.get(parent)!]?.minCallersPerChild ?? 1;
    if (set.size >= need) (childCalling.get(parent) ?? childCalling.set(parent, new Set()).get(parent)!).add(String(d));
  }
  const holds = (d: number) => {
    const r = policy.rules[kindOf.get(d)!];
    const n = callers.get(d)?.size ?? 0;
    const k = childCalling.get(d)?.size ?? 0;
    return !!r && n > 0 && n >= r.minCallers && k >= r.minCallingChildren && k / Math.max(childTotal(d), k) >= r.minCallingShare;
  };
  return (t) => [...pathOf(t)].reverse().find(holds) ?? null;
}

function storm(seed: number, policy: GroupingPolicy, steps: number, operate: boolean) {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const g = new CallGrouping(tree(), policy);
  const transformers = DEVICES.filter((d) => d.kind === 'transformer');
  const active = new Map<number, { transformer: number; caller: string }>();
  const mine = new Map<number, number | null>();
  const live = new Set<number>();
  let nextCall = 1;
  const apply = (r: GroupingResult) => {
    for (const a of r.assignments) if (active.has(a.callId)) mine.set(a.callId, a.outageId);
    for (const e of r.events) {
      if (e.type === 'created') live.add(e.outageId);
      if (e.type === 'merged' || e.type === 'withdrawn' || e.type === 'closed') live.delete(e.outageId);
      if (e.type === 'closed')
        for (const c of e.callIds) {
          active.delete(c);
          mine.delete(c);
        }
    }
  };
  for (let step = 0; step < steps; step++) {
    const roll = rand();
    try {
      if (roll < 0.6 || active.size === 0) {
        const t = pick(transformers);
        const caller = `sp${Math.floor(rand() * t.servicePoints!)}`;
        const callId = nextCall++;
        active.set(callId, { transformer: t.id, caller });
        mine.set(callId, null);
        apply(g.addCall({ callId, callerKey: caller, transformerId: t.id }));
      } else if (roll < 0.85 || !operate) {
        const callId = pick([...active.keys()]);
        const r = g.cancelCall(callId);
        active.delete(callId);
        mine.delete(callId);
        apply(r);
      } else {
        const outs = g.allOutages();
        if (outs.length === 0) continue;
        const o = pick(outs);
        const op = rand();
        if (op < 0.3 && !o.pinned) apply(confirmOutage(g, o.id));
        else if (op < 0.5) apply(moveOutage(g, o.id, pick(DEVICES).id));
        else if (op < 0.65 && outs.length > 1) apply(mergeOutages(g, [o.id, pick(outs.filter((x) => x.id !== o.id)).id]));
        else if (op < 0.8) apply(splitOutage(g, o.id, [pick(DEVICES).id, pick(DEVICES).id]));
        else if (o.pinned) apply(closeOutage(g, o.id));
      }
    } catch (e) {
      if (!(e instanceof GroupingError)) throw e; // refused operations are fine, anything else is a bug
    }
    check(g, policy, active, mine, live, `seed ${seed} step ${step}`);
  }
  return g;
}

function check(
  g: CallGrouping,
  policy: GroupingPolicy,
  active: Map<number, { transformer: number; caller: string }>,
  mine: Map<number, number | null>,
  live: Set<number>,
  where: string,
) {
  const outs = g.allOutages();
  assert.deepEqual(new Set(outs.map((o) => o.id)), live, `${where}: events track the live outages`);
  assert.equal(new Set(outs.map((o) => o.deviceId)).size, outs.length, `${where}: one outage per device`);
  const pinnedAt = new Map(outs.filter((o) => o.pinned).map((o) => [o.deviceId, o.id]));
  const free: { id: number; transformer: number; caller: string }[] = [];
  const byCaller = new Map<string, number | null>();
  for (const [id, c] of active) {
    const got = g.outageOfCall(id);
    assert.equal(mine.get(id), got, `${where}: reported assignment of call ${id}`);
    const key = `${c.transformer}|${c.caller}`;
    if (byCaller.has(key)) assert.equal(byCaller.get(key), got, `${where}: one outage per customer`);
    byCaller.set(key, got);
    const pin = pathOf(c.transformer)
      .map((d) => pinnedAt.get(d))
      .find((x) => x !== undefined);
    if (pin !== undefined) assert.equal(got, pin, `${where}: call ${id} belongs to the lowest pinned outage`);
    else free.push({ id, ...c });
  }
  const expected = reference(policy, free);
  for (const c of free) {
    const got = g.outageOfCall(c.id);
    const device = got === null ? null : g.outage(got)!.deviceId;
    assert.equal(device, expected(c.transformer), `${where}: call ${c.id} under ${c.transformer}`);
    if (got !== null) assert.equal(g.outage(got)!.pinned, false);
  }
  for (const o of outs) if (!o.pinned) assert.ok(g.callsOf(o.id).length > 0, `${where}: auto outage ${o.id} has calls`);
}

const PER_CHILD: GroupingPolicy = {
  rules: {
    transformer: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
    feeder: { minCallers: 3, minCallingChildren: 2, minCallingShare: 0.5, minCallersPerChild: 2 },
    substation: { minCallers: 4, minCallingChildren: 2, minCallingShare: 0, minCallersPerChild: 3 },
  },
};

for (const [name, policy] of [
  ['example', EXAMPLE],
  ['share', SHARE],
  ['transformers only', TRANSFORMERS_ONLY],
  ['callers per child', PER_CHILD],
] as const) {
  test(`random calls and cancels match a from-scratch prediction (${name} policy)`, () => {
    for (const seed of [1, 2, 3]) storm(seed, policy, 400, false);
  });
  test(`random calls, cancels and operator actions keep every invariant (${name} policy)`, () => {
    for (const seed of [11, 12, 13, 14]) storm(seed, policy, 500, true);
  });
}
