/**
 * Running counts of free (not claimed by a pinned outage) callers per device, updated in
 * O(depth) per call, so that "does this device hold?" is O(1).
 * A caller is a service point; several calls from one service point count once.
 */
import type { NetworkTree } from './network-tree.js';
import { ruleHolds, type GroupingPolicy } from './grouping-policy.js';

export class CallerCounts {
  /** Free calls per caller key within its transformer. */
  private readonly perCaller = new Map<string, number>();
  /** Distinct free callers in each device's subtree. */
  private readonly callers = new Map<number, number>();
  /** Direct children with enough free callers to count (service points for a transformer: at least one). */
  private readonly callingChildren = new Map<number, number>();

  constructor(
    private readonly tree: NetworkTree,
    private readonly policy: GroupingPolicy,
  ) {}

  add(transformer: number, caller: string): void {
    const key = `${transformer}|${caller}`;
    const before = this.perCaller.get(key) ?? 0;
    this.perCaller.set(key, before + 1);
    if (before > 0) return;
    bump(this.callingChildren, transformer, 1);
    for (let cur: number | null = transformer; cur !== null; cur = this.tree.parent(cur)) {
      const now = bump(this.callers, cur, 1);
      const parent = this.tree.parent(cur);
      if (parent !== null && now === this.perChild(parent)) bump(this.callingChildren, parent, 1);
    }
  }

  remove(transformer: number, caller: string): void {
    const key = `${transformer}|${caller}`;
    const before = this.perCaller.get(key) ?? 0;
    if (before === 0) throw new Error(`caller ${caller} has no free call under ${transformer}`);
    if (before > 1) {
      this.perCaller.set(key, before - 1);
      return;
    }
    this.perCaller.delete(key);
    bump(this.callingChildren, transformer, -1);
    for (let cur: number | null = transformer; cur !== null; cur = this.tree.parent(cur)) {
      const now = bump(this.callers, cur, -1);
      const parent = this.tree.parent(cur);
      if (parent !== null && now === this.perChild(parent) - 1) bump(this.callingChildren, parent, -1);
    }
  }

  /** Callers a child device needs to count as calling for this parent's rule. */
  private perChild(parent: number): number {
    return this.policy.rules[this.tree.kind(parent)]?.minCallersPerChild ?? 1;
  }

  callersUnder(device: number): number {
    return this.callers.get(device) ?? 0;
  }

  holds(device: number): boolean {
    const rule = this.policy.rules[this.tree.kind(device)];
    return ruleHolds(rule, this.callersUnder(device), this.callingChildren.get(device) ?? 0, this.tree.childTotal(device));
  }

  /** The highest holding device on a path (nearest-first list), or null. */
  highestHolding(path: readonly number[]): number | null {
    for (let i = path.length - 1; i >= 0; i--) if (this.holds(path[i])) return path[i];
    return null;
  }

  /** Holding devices strictly below `device` with no holding device between them and it. */
  maximalHoldersBelow(device: number): number[] {
    const out: number[] = [];
    const stack = [...this.tree.children(device)];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (this.callersUnder(cur) === 0) continue;
      if (this.holds(cur)) out.push(cur);
      else stack.push(...this.tree.children(cur));
    }
    return out;
  }
}

function bump(m: Map<number, number>, k: number, d: number): number {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
  return v;
}
