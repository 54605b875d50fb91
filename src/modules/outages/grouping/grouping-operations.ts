/**
 * What a dispatcher does to a prediction: confirm it, move it to another device, merge several
 * into one, split one into several, or close it after confirmed restoration. Each makes the
 * outage operator-owned ("pinned"): it then claims every call below its device and the automatic
 * prediction no longer moves it.
 */
import { GroupingError, type CallGrouping, type GroupingResult } from './call-grouping.js';

export function confirmOutage(g: CallGrouping, outageId: number): GroupingResult {
  const o = g.requireOutage(outageId);
  if (o.pinned) throw new GroupingError('already_confirmed', `outage ${outageId} is already confirmed`);
  g.pinAuto(outageId);
  g.emit({ type: 'confirmed', outageId, deviceId: o.deviceId });
  return g.settle([]);
}

/** Moves an outage up or down the network; calls below the new device join it, the others are released. */
export function moveOutage(g: CallGrouping, outageId: number, deviceId: number): GroupingResult {
  const o = g.requireOutage(outageId);
  if (!g.tree.has(deviceId)) throw new GroupingError('unknown_device', `device ${deviceId} does not exist`);
  requireFree(g, deviceId, [outageId]);
  const from = o.deviceId;
  g.pinAuto(outageId);
  g.unpin(outageId);
  g.placePinned(o, deviceId);
  g.emit({ type: 'moved', outageId, from, to: deviceId });
  return g.settle([]);
}

/** Merges outages into the first one, placed at the given device or their lowest common upstream device. */
export function mergeOutages(g: CallGrouping, outageIds: number[], deviceId?: number): GroupingResult {
  if (new Set(outageIds).size !== outageIds.length || outageIds.length < 2)
    throw new GroupingError('merge_needs_two', 'merge needs two or more distinct outages');
  const list = outageIds.map((id) => g.requireOutage(id));
  const target = deviceId ?? g.tree.lowestCommonAncestor(list.map((o) => o.deviceId));
  if (target === null) throw new GroupingError('no_common_device', 'these outages share no upstream device');
  if (!g.tree.has(target)) throw new GroupingError('unknown_device', `device ${target} does not exist`);
  for (const o of list) if (!g.tree.covers(target, o.deviceId)) throw new GroupingError('not_under_device', `outage ${o.id} is not below device ${target}`);
  requireFree(g, target, outageIds);
  const [survivor, ...rest] = list;
  const from = survivor.deviceId;
  for (const o of list) {
    g.pinAuto(o.id);
    g.unpin(o.id);
  }
  for (const o of rest) {
    g.forget(o.id);
    g.emit({ type: 'merged', outageId: o.id, into: survivor.id });
  }
  g.placePinned(survivor, target);
  if (from !== target) g.emit({ type: 'moved', outageId: survivor.id, from, to: target });
  return g.settle([]);
}

/** Splits an outage into one outage per given device (each strictly below it, none below another). */
export function splitOutage(g: CallGrouping, outageId: number, deviceIds: number[]): GroupingResult {
  const o = g.requireOutage(outageId);
  if (deviceIds.length < 2 || new Set(deviceIds).size !== deviceIds.length)
    throw new GroupingError('split_needs_two', 'split needs two or more distinct devices');
  for (const d of deviceIds) {
    if (!g.tree.has(d)) throw new GroupingError('unknown_device', `device ${d} does not exist`);
    if (d === o.deviceId || !g.tree.covers(o.deviceId, d))
      throw new GroupingError('not_under_outage', `device ${d} is not below the outage's device ${o.deviceId}`);
  }
  for (const a of deviceIds)
    for (const b of deviceIds) {
      if (a !== b && g.tree.covers(a, b)) throw new GroupingError('nested_devices', `device ${b} lies below device ${a}`);
    }
  for (const d of deviceIds) requireFree(g, d, [outageId]);
  const from = o.deviceId;
  g.pinAuto(outageId);
  g.unpin(outageId);
  g.placePinned(o, deviceIds[0]);
  g.emit({ type: 'moved', outageId, from, to: deviceIds[0] });
  for (const d of deviceIds.slice(1)) {
    const n = g.createPinned(d);
    g.emit({ type: 'created', outageId: n.id, deviceId: d, splitFrom: outageId });
  }
  return g.settle([]);
}

/** Removes a closed outage and its calls from the live grouping. */
export function closeOutage(g: CallGrouping, outageId: number): GroupingResult {
  const callIds = g.drop(outageId);
  g.emit({ type: 'closed', outageId, callIds });
  return g.settle([]);
}

/** Checks before any change, so a refused operation leaves the grouping untouched. */
function requireFree(g: CallGrouping, deviceId: number, allowed: number[]): void {
  const holder = g.pinnedAtDevice(deviceId);
  if (holder !== null && !allowed.includes(holder)) throw new GroupingError('device_has_outage', `device ${deviceId} already has outage ${holder}`);
}
