/**
 * Erlang C staffing (pure). Sources and the published check in docs/analytics.md.
 *
 *   A = λ × AHT (offered traffic in erlangs; λ and AHT in the same time unit)
 *   Erlang B by the recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))  (no factorials)
 *   P(wait) = Erlang C = N·B / (N − A·(1 − B))         for N > A; 1 when N ≤ A
 *   ASA = P(wait) × AHT / (N − A)                      (infinite when N ≤ A)
 *   SL(t) = 1 − P(wait) × e^(−(N − A)·t / AHT)          (0 when N ≤ A)
 *   required N = the smallest N > A with SL(t) ≥ target and A/N ≤ the occupancy cap
 *   scheduled = ⌈N / (1 − shrinkage)⌉
 */

export interface ErlangInput {
  /** calls arriving in the interval */
  calls: number;
  intervalS: number;
  ahtS: number;
  /** service level: answered within targetS seconds */
  targetS: number;
  /** 0…1 */
  targetSl: number;
  /** 0…1, the highest share of time agents may be busy */
  maxOccupancy: number;
  /** 0…1, the share of paid time not on the phones */
  shrinkage: number;
}

export interface ErlangAt {
  agents: number;
  trafficErlangs: number;
  pWait: number;
  /** null: infinite (N ≤ A) */
  asaS: number | null;
  serviceLevel: number;
  occupancy: number;
}

export interface ErlangResult extends ErlangAt {
  scheduled: number;
  /** no N up to the search limit meets the target */
  unreachable: boolean;
}

export function erlangB(a: number, n: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

export function erlangC(a: number, n: number): number {
  if (a <= 0) return 0;
  if (n <= a) return 1;
  const b = erlangB(a, n);
  return (n * b) / (n - a * (1 - b));
}

export function erlangAt(a: number, n: number, ahtS: number, targetS: number): ErlangAt {
  if (a <= 0) return { agents: n, trafficErlangs: 0, pWait: 0, asaS: 0, serviceLevel: 1, occupancy: 0 };
  const pWait = erlangC(a, n);
  if (n <= a) return { agents: n, trafficErlangs: a, pWait: 1, asaS: null, serviceLevel: 0, occupancy: n > 0 ? 1 : 0 };
  return {
    agents: n,
    trafficErlangs: a,
    pWait,
    asaS: (pWait * ahtS) / (n - a),
    serviceLevel: 1 - pWait * Math.exp((-(n - a) * targetS) / ahtS),
    occupancy: a / n,
  };
}

const SEARCH_LIMIT = 10_000;

/** The fewest agents meeting the service level and the occupancy cap, and the scheduled head count. */
export function requiredAgents(x: ErlangInput): ErlangResult {
  const a = (x.calls / x.intervalS) * x.ahtS;
  const sched = (n: number) => Math.ceil(n / (1 - x.shrinkage) - 1e-9);
  if (a <= 0) return { ...erlangAt(0, 0, x.ahtS, x.targetS), scheduled: 0, unreachable: false };
  for (let n = Math.max(1, Math.floor(a) + 1); n <= SEARCH_LIMIT; n++) {
    const r = erlangAt(a, n, x.ahtS, x.targetS);
    if (r.serviceLevel >= x.targetSl && r.occupancy <= x.maxOccupancy) return { ...r, scheduled: sched(n), unreachable: false };
  }
  return { ...erlangAt(a, SEARCH_LIMIT, x.ahtS, x.targetS), scheduled: sched(SEARCH_LIMIT), unreachable: true };
}

export interface IntervalHistory {
  /** epoch s of the interval's start */
  start: number;
  offered: number;
  /** total handle seconds of the answered calls */
  handleS: number;
  answered: number;
}

/**
 * Forecast of one interval: the mean offered calls (and the pooled AHT) of the same local weekday
 * and time of day over the last `weeks` weeks of history. A week before `earliest` (the first day
 * with stored calls) is not history and is not counted; inside the history, an interval without
 * calls counts as zero calls, since no calls is a fact. AHT falls back to `defaultAhtS` without
 * answered calls.
 */
export function forecastInterval(
  history: Map<number, IntervalHistory>,
  start: number,
  weeks: number,
  defaultAhtS: number,
  earliest = -Infinity,
): { calls: number; ahtS: number; weeksSeen: number } {
  let calls = 0;
  let handle = 0;
  let answered = 0;
  let seen = 0;
  for (let w = 1; w <= weeks; w++) {
    const at = start - w * 7 * 86400;
    if (at < earliest) break;
    seen++;
    const h = history.get(at);
    if (!h) continue;
    calls += h.offered;
    handle += h.handleS;
    answered += h.answered;
  }
  return { calls: seen > 0 ? calls / seen : 0, ahtS: answered > 0 ? handle / answered : defaultAhtS, weeksSeen: seen };
}
