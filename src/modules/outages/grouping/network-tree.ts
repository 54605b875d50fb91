/**
 * The distribution network as an in-memory tree (substation → feeder → transformer), built from
 * `network_devices` rows. Trouble-call grouping walks it upward, O(depth) per call.
 */
export type DeviceKind = 'substation' | 'feeder' | 'transformer';

export interface DeviceInput {
  id: number;
  kind: DeviceKind;
  parentId: number | null;
  /** For transformers: how many service points hang below it (the "children" of a transformer). */
  servicePoints?: number;
}

interface Node {
  kind: DeviceKind;
  parent: number | null;
  depth: number;
  children: number[];
  servicePoints: number;
}

export class NetworkTree {
  private readonly nodes = new Map<number, Node>();

  constructor(devices: readonly DeviceInput[]) {
    for (const d of devices) {
      if (this.nodes.has(d.id)) throw new Error(`duplicate device ${d.id}`);
      this.nodes.set(d.id, { kind: d.kind, parent: d.parentId, depth: -1, children: [], servicePoints: d.servicePoints ?? 0 });
    }
    for (const [id, n] of this.nodes) {
      if (n.parent === null) continue;
      const p = this.nodes.get(n.parent);
      if (!p) throw new Error(`device ${id} has unknown parent ${n.parent}`);
      p.children.push(id);
    }
    for (const id of this.nodes.keys()) this.depthOf(id, new Set());
  }

  private depthOf(id: number, seen: Set<number>): number {
    const n = this.nodes.get(id)!;
    if (n.depth >= 0) return n.depth;
    if (seen.has(id)) throw new Error(`cycle in network at device ${id}`);
    seen.add(id);
    n.depth = n.parent === null ? 0 : this.depthOf(n.parent, seen) + 1;
    return n.depth;
  }

  has(id: number): boolean {
    return this.nodes.has(id);
  }

  kind(id: number): DeviceKind {
    return this.node(id).kind;
  }

  parent(id: number): number | null {
    return this.node(id).parent;
  }

  children(id: number): readonly number[] {
    return this.node(id).children;
  }

  /** Direct children counted for share rules: child devices, or service points for a transformer. */
  childTotal(id: number): number {
    const n = this.node(id);
    return n.kind === 'transformer' ? n.servicePoints : n.children.length;
  }

  /** The device and its ancestors, nearest first. */
  path(id: number): number[] {
    const out: number[] = [];
    for (let cur: number | null = id; cur !== null; cur = this.node(cur).parent) out.push(cur);
    return out;
  }

  /** True when `ancestor` is `id` or lies above it. */
  covers(ancestor: number, id: number): boolean {
    const target = this.node(ancestor).depth;
    let cur: number | null = id;
    while (cur !== null) {
      const n = this.node(cur);
      if (n.depth < target) return false;
      if (cur === ancestor) return true;
      cur = n.parent;
    }
    return false;
  }

  /** Lowest common upstream device of the given devices, or null when they share no root. */
  lowestCommonAncestor(ids: readonly number[]): number | null {
    if (ids.length === 0) return null;
    let common: number | null = ids[0];
    for (const id of ids.slice(1)) {
      if (common === null) return null;
      const onPath: Set<number> = new Set(this.path(common));
      const found: number | undefined = this.path(id).find((a) => onPath.has(a));
      common = found ?? null;
    }
    return common;
  }

  /** All transformers at or below a device. */
  transformersUnder(id: number): number[] {
    const out: number[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      const n = this.node(cur);
      if (n.kind === 'transformer') out.push(cur);
      stack.push(...n.children);
    }
    return out;
  }

  private node(id: number): Node {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown device ${id}`);
    return n;
  }
}
