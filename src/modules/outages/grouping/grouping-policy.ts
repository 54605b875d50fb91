/**
 * When trouble calls below a device predict that device out. Policy data (versioned in the
 * database, seeded from the defaults below), never literals in the grouping code.
 *
 * A device "holds" when all three limits are met by the active, not yet claimed calls below it:
 * - minCallers: distinct calling service points in its subtree;
 * - minCallingChildren: direct children with at least `minCallersPerChild` callers (default 1) —
 *   service points for a transformer (each is one caller), transformers for a feeder, feeders for a
 *   substation; a higher per-child minimum keeps scattered single calls from rolling a feeder up;
 * - minCallingShare: that number divided by its number of children (0 … 1).
 * A kind without a rule never holds. Calls are predicted at the highest holding device on their path.
 */
import type { DeviceKind } from './network-tree.js';

export interface GroupingRule {
  minCallers: number;
  minCallingChildren: number;
  minCallingShare: number;
  /** How many callers a child needs to count as calling (devices only; a service point is one caller). */
  minCallersPerChild?: number;
}

export interface GroupingPolicy {
  rules: Partial<Record<DeviceKind, GroupingRule>>;
  /** A call that has formed no outage after this many minutes no longer counts (absent: never expires). */
  lonelyCallMinutes?: number;
  /** How long an intake waits for its call to be grouped before answering from what is known (absent: until grouped). */
  answerWaitMs?: number;
}

/** The example: ≥ 2 callers under a transformer → the transformer; ≥ 2 calling transformers of one feeder → the feeder. */
export const DEFAULT_GROUPING_POLICY: GroupingPolicy = {
  rules: {
    transformer: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
    feeder: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
  },
  lonelyCallMinutes: 240,
  answerWaitMs: 1000,
};

export interface PolicyProblem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

export function validateGroupingPolicy(p: GroupingPolicy): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  if (p.lonelyCallMinutes !== undefined && !(typeof p.lonelyCallMinutes === 'number' && p.lonelyCallMinutes >= 1)) {
    out.push({ field: 'lonelyCallMinutes', rule: 'min', zh: '须不少于 1 分钟', en: 'must be ≥ 1 minute' });
  }
  if (p.answerWaitMs !== undefined && !(typeof p.answerWaitMs === 'number' && p.answerWaitMs >= 0 && p.answerWaitMs <= 60_000)) {
    out.push({ field: 'answerWaitMs', rule: 'range', zh: '须在 0 到 60000 毫秒之间', en: 'must be between 0 and 60000 ms' });
  }
  for (const [kind, r] of Object.entries(p.rules ?? {})) {
    if (!r) continue;
    const f = `rules.${kind}`;
    if (!['substation', 'feeder', 'transformer'].includes(kind))
      out.push({ field: f, rule: 'kind', zh: `未知设备类型 ${kind}`, en: `unknown device kind ${kind}` });
    if (!Number.isInteger(r.minCallers) || r.minCallers < 1)
      out.push({ field: `${f}.minCallers`, rule: 'min', zh: '须为不小于 1 的整数', en: 'must be an integer ≥ 1' });
    if (!Number.isInteger(r.minCallingChildren) || r.minCallingChildren < 1)
      out.push({ field: `${f}.minCallingChildren`, rule: 'min', zh: '须为不小于 1 的整数', en: 'must be an integer ≥ 1' });
    if (!(r.minCallingShare >= 0 && r.minCallingShare <= 1))
      out.push({ field: `${f}.minCallingShare`, rule: 'range', zh: '须在 0 到 1 之间', en: 'must be between 0 and 1' });
    if (r.minCallersPerChild !== undefined && (!Number.isInteger(r.minCallersPerChild) || r.minCallersPerChild < 1))
      out.push({ field: `${f}.minCallersPerChild`, rule: 'min', zh: '须为不小于 1 的整数', en: 'must be an integer ≥ 1' });
  }
  return out;
}

/** Whether a device with these counts holds under the rule. Share uses max(total, calling) so bad totals cannot exceed 1. */
export function ruleHolds(rule: GroupingRule | undefined, callers: number, callingChildren: number, childTotal: number): boolean {
  if (!rule || callers === 0) return false;
  const share = callingChildren / Math.max(childTotal, callingChildren);
  return callers >= rule.minCallers && callingChildren >= rule.minCallingChildren && share >= rule.minCallingShare;
}
