/**
 * Incremental trouble-call grouping (the prediction engine of an outage management system).
 *
 * Calls are placed on their transformer. Free calls (not claimed by an operator-owned outage)
 * are predicted at the highest device on their path whose grouping rule holds; one "auto"
 * outage sits at each such maximal device. A pinned outage (confirmed, moved, merged, split by
 * an operator) claims every call below its device; nested pinned outages: the lowest one wins.
 * So every call, and every service point, maps to at most one active outage.
 *
 * Each change runs in O(depth) unless the structure changes (an outage created, moved up/down,
 * merged, withdrawn), which re-assigns the free calls below the device involved once.
 * Results are events (for persistence) and the calls whose outage changed.
 */
import type { NetworkTree } from './network-tree.js';
import type { GroupingPolicy } from './grouping-policy.js';
import { CallerCounts } from './caller-counts.js';

export interface FaultCallInput {
  callId: number;
  /** Service point (or another stable caller key); several calls from one key count once. */
  callerKey: string;
  transformerId: number | null;
}

export type GroupingEvent =
  | { type: 'created'; outageId: number; deviceId: number; splitFrom?: number }
  | { type: 'moved'; outageId: number; from: number; to: number }
  | { type: 'merged'; outageId: number; into: number }
  | { type: 'withdrawn'; outageId: number; deviceId: number }
  | { type: 'confirmed'; outageId: number; deviceId: number }
  | { type: 'closed'; outageId: number; callIds: number[] };

export interface GroupingResult {
  events: GroupingEvent[];
  /** Calls whose outage changed, with their outage now (null: not in any outage). */
  assignments: { callId: number; outageId: number | null }[];
  unplaced?: boolean;
}

export class GroupingError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface CallState {
  id: number;
  caller: string;
  transformer: number | null;
  outage: number | null;
  pinned: boolean;
}

export interface OutageView {
  id: number;
  deviceId: number;
  pinned: boolean;
}

export class CallGrouping {
  private readonly counts: CallerCounts;
  private readonly calls = new Map<number, CallState>();
  private readonly callsAt = new Map<number, Set<number>>();
  private readonly outages = new Map<number, OutageView>();
  private readonly autoAt = new Map<number, number>();
  private readonly pinnedAt = new Map<number, number>();
  private readonly autoBelow = new Map<number, Set<number>>();
  private nextLocalId = 1;
  /** Counts every change of state, so a caller can tell whether a failed operation touched it. */
  mutations = 0;
  // the change being built
  private events: GroupingEvent[] = [];
  private before = new Map<number, number | null>();
  private dirtyPaths = new Set<number>();
  private dirtyCalls = new Set<number>();
  private resubtree = new Set<number>();

  constructor(
    readonly tree: NetworkTree,
    policy: GroupingPolicy,
    private readonly newId: () => number = () => this.nextLocalId++,
  ) {
    this.counts = new CallerCounts(tree, policy);
  }

  // ---- queries ----
  outage(id: number): OutageView | undefined {
    const o = this.outages.get(id);
    return o && { ...o };
  }
  allOutages(): OutageView[] {
    return [...this.outages.values()].map((o) => ({ ...o }));
  }
  outageOfCall(callId: number): number | null {
    return this.calls.get(callId)?.outage ?? null;
  }
  hasCall(callId: number): boolean {
    return this.calls.has(callId);
  }
  callsOf(outageId: number): number[] {
    return [...this.calls.values()].filter((c) => c.outage === outageId).map((c) => c.id);
  }
  /** The outage at the lowest device on a transformer's path: the one its customers are in. */
  outageCovering(transformer: number): number | null {
    for (const d of this.tree.path(transformer)) {
      const id = this.pinnedAt.get(d) ?? this.autoAt.get(d);
      if (id !== undefined) return id;
    }
    return null;
  }
  /** The operator-owned outage placed exactly at a device, if any. */
  pinnedAtDevice(deviceId: number): number | null {
    return this.pinnedAt.get(deviceId) ?? null;
  }
  /** The pinned outage that would claim a call under this transformer, if any. */
  lowestPinned(transformer: number, except?: number): number | null {
    for (const d of this.tree.path(transformer)) {
      const id = this.pinnedAt.get(d);
      if (id !== undefined && id !== except) return id;
    }
    return null;
  }

  // ---- calls ----
  addCall(input: FaultCallInput): GroupingResult {
    this.mutations++;
    if (this.calls.has(input.callId)) throw new GroupingError('duplicate_call', `call ${input.callId} already placed`);
    const placed = input.transformerId !== null && this.tree.has(input.transformerId);
    const c: CallState = { id: input.callId, caller: input.callerKey, transformer: placed ? input.transformerId : null, outage: null, pinned: false };
    this.calls.set(c.id, c);
    if (c.transformer === null) return { events: [], assignments: [{ callId: c.id, outageId: null }], unplaced: true };
    setAdd(this.callsAt, c.transformer, c.id);
    const pin = this.lowestPinned(c.transformer);
    if (pin !== null) {
      c.pinned = true;
      c.outage = pin;
      return { events: [], assignments: [{ callId: c.id, outageId: pin }] };
    }
    this.makeFree(c);
    return this.settle([c.id]);
  }

  cancelCall(callId: number): GroupingResult {
    const c = this.calls.get(callId);
    if (!c) throw new GroupingError('unknown_call', `call ${callId} is not active`);
    this.calls.delete(callId);
    if (c.transformer === null) return { events: [], assignments: [] };
    this.callsAt.get(c.transformer)!.delete(callId);
    if (!c.pinned) this.makeClaimed(c, null);
    else this.touch(c, null);
    return this.settle([]);
  }

  // ---- primitives for operator operations (grouping-operations.ts) ----
  /** Turns an auto outage into a pinned one at the same device, claiming its calls. */
  pinAuto(outageId: number): void {
    const o = this.requireOutage(outageId);
    if (o.pinned) return;
    this.mutations++;
    this.unplaceAuto(o);
    this.placePinned(o, o.deviceId);
  }

  /** Removes a pinned outage from its device; its calls fall to another pinned outage or become free. */
  unpin(outageId: number): void {
    const o = this.requireOutage(outageId);
    if (!o.pinned) throw new GroupingError('not_pinned', `outage ${outageId} is not operator-owned`);
    this.mutations++;
    this.pinnedAt.delete(o.deviceId);
    for (const c of this.callsUnder(o.deviceId)) {
      if (c.outage !== outageId) continue;
      const other = this.lowestPinned(c.transformer!);
      if (other !== null) this.touch(c, other);
      else {
        c.pinned = false;
        this.makeFree(c);
      }
    }
  }

  /** Places a pinned outage (existing or new) at a device and claims the calls below it. */
  placePinned(o: OutageView, deviceId: number): void {
    if (!this.tree.has(deviceId)) throw new GroupingError('unknown_device', `device ${deviceId} does not exist`);
    const holder = this.pinnedAt.get(deviceId);
    if (holder !== undefined && holder !== o.id) throw new GroupingError('device_has_outage', `device ${deviceId} already has outage ${holder}`);
    this.mutations++;
    o.pinned = true;
    o.deviceId = deviceId;
    this.outages.set(o.id, o);
    this.pinnedAt.set(deviceId, o.id);
    for (const c of this.callsUnder(deviceId)) {
      if (c.pinned && this.lowestPinned(c.transformer!) !== o.id) continue; // a lower pinned outage keeps it
      if (!c.pinned) this.makeClaimed(c, o.id);
      else this.touch(c, o.id);
    }
  }

  createPinned(deviceId: number): OutageView {
    const o: OutageView = { id: this.newId(), deviceId, pinned: true };
    this.placePinned(o, deviceId);
    return o;
  }

  /** Forgets an outage and its calls (closed after confirmed restoration). */
  drop(outageId: number): number[] {
    const o = this.requireOutage(outageId);
    this.mutations++;
    if (o.pinned) this.unpinKeepCalls(o);
    else this.unplaceAuto(o);
    const gone = [...this.calls.values()].filter((c) => c.outage === outageId);
    for (const c of gone) {
      this.calls.delete(c.id);
      this.callsAt.get(c.transformer!)!.delete(c.id);
      if (!c.pinned) this.makeClaimed(c, null);
    }
    this.outages.delete(outageId);
    return gone.map((c) => c.id);
  }

  forget(outageId: number): void {
    this.mutations++;
    this.outages.delete(outageId);
  }

  emit(e: GroupingEvent): void {
    this.events.push(e);
  }

  requireOutage(id: number): OutageView {
    const o = this.outages.get(id);
    if (!o) throw new GroupingError('unknown_outage', `outage ${id} is not active`);
    return o;
  }

  /** Re-establishes the auto outages on every changed path and reports the change. */
  settle(newCalls: number[]): GroupingResult {
    this.mutations++;
    for (const id of newCalls) this.dirtyCalls.add(id);
    for (const t of this.dirtyPaths) this.reconcile(t);
    for (const d of this.resubtree) for (const c of this.callsUnder(d)) if (!c.pinned) this.touch(c, this.predicted(c.transformer!));
    for (const id of this.dirtyCalls) {
      const c = this.calls.get(id);
      if (c && !c.pinned && c.transformer !== null) this.touch(c, this.predicted(c.transformer));
    }
    const assignments: GroupingResult['assignments'] = [];
    for (const [callId, was] of this.before) {
      const now = this.calls.get(callId)?.outage ?? null;
      if (now !== was || !this.calls.has(callId)) assignments.push({ callId, outageId: now });
    }
    const events = this.events;
    this.events = [];
    this.before = new Map();
    this.dirtyPaths = new Set();
    this.dirtyCalls = new Set();
    this.resubtree = new Set();
    return { events, assignments };
  }

  // ---- internals ----
  private predicted(transformer: number): number | null {
    const top = this.counts.highestHolding(this.tree.path(transformer));
    return top === null ? null : (this.autoAt.get(top) ?? null);
  }

  private reconcile(transformer: number): void {
    const path = this.tree.path(transformer);
    const top = this.counts.highestHolding(path);
    const topIdx = top === null ? -1 : path.indexOf(top);
    for (let i = path.length - 1; i > topIdx; i--) if (this.autoAt.has(path[i])) this.dissolve(path[i]);
    if (top !== null) this.ensureAt(top);
  }

  /** The device no longer holds: its outage moves down to the holders below, splits, or is withdrawn. */
  private dissolve(device: number): void {
    const o = this.outages.get(this.autoAt.get(device)!)!;
    this.unplaceAuto(o);
    this.resubtree.add(device);
    const holders = this.counts.maximalHoldersBelow(device).filter((h) => !this.autoAt.has(h));
    holders.sort((a, b) => this.counts.callersUnder(b) - this.counts.callersUnder(a) || a - b);
    if (holders.length === 0) {
      this.outages.delete(o.id);
      this.emit({ type: 'withdrawn', outageId: o.id, deviceId: device });
      return;
    }
    this.placeAuto(o, holders[0]);
    this.emit({ type: 'moved', outageId: o.id, from: device, to: holders[0] });
    for (const h of holders.slice(1)) {
      const n: OutageView = { id: this.newId(), deviceId: h, pinned: false };
      this.placeAuto(n, h);
      this.emit({ type: 'created', outageId: n.id, deviceId: h, splitFrom: o.id });
    }
  }

  /** The device holds: one auto outage there, absorbing every auto outage below it. */
  private ensureAt(top: number): void {
    const below = [...(this.autoBelow.get(top) ?? [])].sort((a, b) => a - b);
    let survivor = this.autoAt.get(top);
    if (survivor === undefined && below.length === 0) {
      const o: OutageView = { id: this.newId(), deviceId: top, pinned: false };
      this.placeAuto(o, top);
      this.emit({ type: 'created', outageId: o.id, deviceId: top });
      this.resubtree.add(top);
      return;
    }
    if (survivor === undefined) {
      const o = this.outages.get(below.shift()!)!;
      const from = o.deviceId;
      this.unplaceAuto(o);
      this.placeAuto(o, top);
      this.emit({ type: 'moved', outageId: o.id, from, to: top });
      survivor = o.id;
      this.resubtree.add(top);
    }
    for (const id of below) {
      this.unplaceAuto(this.outages.get(id)!);
      this.outages.delete(id);
      this.emit({ type: 'merged', outageId: id, into: survivor });
      this.resubtree.add(top);
    }
  }

  private placeAuto(o: OutageView, device: number): void {
    o.deviceId = device;
    o.pinned = false;
    this.outages.set(o.id, o);
    this.autoAt.set(device, o.id);
    for (const a of this.tree.path(device).slice(1)) setAdd(this.autoBelow, a, o.id);
  }

  private unplaceAuto(o: OutageView): void {
    this.autoAt.delete(o.deviceId);
    for (const a of this.tree.path(o.deviceId).slice(1)) this.autoBelow.get(a)?.delete(o.id);
  }

  private unpinKeepCalls(o: OutageView): void {
    this.pinnedAt.delete(o.deviceId);
  }

  private makeFree(c: CallState): void {
    this.counts.add(c.transformer!, c.caller);
    this.dirtyPaths.add(c.transformer!);
    this.dirtyCalls.add(c.id);
  }

  private makeClaimed(c: CallState, outage: number | null): void {
    this.counts.remove(c.transformer!, c.caller);
    this.dirtyPaths.add(c.transformer!);
    c.pinned = outage !== null;
    this.touch(c, outage);
  }

  private touch(c: CallState, outage: number | null): void {
    if (!this.before.has(c.id)) this.before.set(c.id, c.outage);
    c.outage = outage;
  }

  private *callsUnder(device: number): Generator<CallState> {
    for (const t of this.tree.transformersUnder(device)) for (const id of this.callsAt.get(t) ?? []) yield this.calls.get(id)!;
  }
}

function setAdd(m: Map<number, Set<number>>, k: number, v: number): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}
