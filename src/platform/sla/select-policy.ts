/**
 * Chooses the SLA policy for an order: within a policy set (then its fallbacks), the policies
 * valid at the time of receipt whose match fields are equal or wildcards (null); the most
 * specific wins, fields weighed in the order channel > subtype > customer class > area type
 * (a referral's channel carries the referring body's deadline, which beats the subtype's).
 */
import type { PolicyMatch, PolicySet, SlaPolicy } from './policy-types.js';

export type OrderFacts = { orderType: string; subtype: string | null; channel: string | null; customerClass: string | null; areaType: string | null };

const SPECIFICITY: (keyof PolicyMatch)[] = ['channel', 'subtype', 'customerClass', 'areaType'];

/** The set and its fallbacks in order; a cycle or an unknown name ends the chain (never loops). */
export function policySetChain(sets: readonly PolicySet[], name: string): string[] {
  const byName = new Map(sets.map((s) => [s.name, s]));
  const chain: string[] = [];
  let cur: string | null = name;
  while (cur !== null && byName.has(cur) && !chain.includes(cur)) {
    chain.push(cur);
    cur = byName.get(cur)!.fallback;
  }
  return chain;
}

export function validAt(p: Pick<SlaPolicy, 'validFrom' | 'validTo'>, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(p.validFrom) <= t && (p.validTo === null || t < Date.parse(p.validTo));
}

export function matches(m: PolicyMatch, order: OrderFacts): boolean {
  return m.orderType === order.orderType && SPECIFICITY.every((k) => m[k] === null || m[k] === order[k]);
}

function moreSpecific(a: PolicyMatch, b: PolicyMatch): number {
  for (const k of SPECIFICITY) {
    const d = Number(a[k] !== null) - Number(b[k] !== null);
    if (d !== 0) return d;
  }
  return 0;
}

export function selectPolicy(
  policies: readonly SlaPolicy[],
  sets: readonly PolicySet[],
  setName: string,
  order: OrderFacts,
  receivedAt: Date,
): SlaPolicy | null {
  for (const set of policySetChain(sets, setName)) {
    const candidates = policies.filter((p) => p.policySet === set && validAt(p, receivedAt) && matches(p.match, order));
    if (candidates.length === 0) continue;
    // Ties cannot survive validation (same key, overlapping validity is refused); keep the newest version to be deterministic.
    return candidates.reduce((best, p) => {
      const d = moreSpecific(p.match, best.match);
      return d > 0 || (d === 0 && p.version > best.version) ? p : best;
    });
  }
  return null;
}
