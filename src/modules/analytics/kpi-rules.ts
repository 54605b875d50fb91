/**
 * Call-centre KPIs on call records (pure). Every threshold comes from the policy; docs/analytics.md
 * states each definition and its source.
 *
 * Counting (per interval by the time the call entered the queue, per queue, per agent):
 *  - answered   = calls connected to an agent (completed or transferred afterwards)
 *  - abandoned  = the caller hung up in the queue (ABANDON); with overflowAs 'abandoned', also
 *                 timeout / exit-empty / exit-key
 *  - overflow   = timeout / exit-empty / exit-key: the queue let the call go elsewhere by its own
 *                 rule (overflowAs 'excluded', the default: neither offered nor abandoned)
 *  - rejected   = refused at the door (FULL, JOINEMPTY, ...): never queued, never offered
 *  - offered    = answered + abandoned
 *  - short abandons: abandoned with wait < shortAbandonS; left out of the adjusted abandonment
 *    rate and of all three service levels (they leave the numerator and the denominator)
 */
import type { AgentSpan, CallRecord } from './calls-rules.js';

export const SL_CONVENTIONS = ['abandons_ignored', 'abandons_against', 'abandons_for'] as const;
export type SlConvention = (typeof SL_CONVENTIONS)[number];
export const INTERVALS = [15, 30, 60] as const;

export interface KpiPolicy {
  intervalMinutes: 15 | 30 | 60;
  /** the T of "answered within T seconds" */
  serviceLevelS: number;
  /** abandons with a wait shorter than this are left out (0: none) */
  shortAbandonS: number;
  /** which convention `serviceLevel` reports (all three are always given) */
  slConvention: SlConvention;
  /** timeout / exit-empty / exit-key: not offered ('excluded') or counted as abandoned */
  overflowAs: 'excluded' | 'abandoned';
  /** after-call work per answered call, when known (queue_log does not carry it) */
  wrapUpS: number | null;
  /** local time offset for intervals and weekdays (China: +480) */
  tzOffsetMinutes: number;
}

export const DEFAULT_KPI_POLICY: KpiPolicy = {
  intervalMinutes: 30,
  serviceLevelS: 20,
  shortAbandonS: 10,
  slConvention: 'abandons_against',
  overflowAs: 'excluded',
  wrapUpS: null,
  tzOffsetMinutes: 480,
};

export interface Kpis {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandons: number;
  overflow: number;
  rejected: number;
  answeredWithinT: number;
  /** abandoned within T, short abandons left out */
  abandonedWithinT: number;
  abandonRate: number | null;
  abandonRateAdjusted: number | null;
  asaS: number | null;
  avgQueueS: number | null;
  serviceLevel: number | null;
  slConvention: SlConvention;
  sl: { abandonsIgnored: number | null; abandonsAgainst: number | null; abandonsFor: number | null };
  ringsBeforeAnswer: number | null;
  abandonedWhileRinging: number;
  ahtS: number | null;
  talkS: number;
  availableS: number;
  pausedS: number;
  occupancy: number | null;
}

interface Acc {
  answered: number;
  abandoned: number;
  short: number;
  overflow: number;
  rejected: number;
  ansT: number;
  abnT: number;
  waitAnswered: number;
  waitOffered: number;
  rings: number;
  whileRinging: number;
  talk: number;
  busy: number;
  available: number;
  paused: number;
}
const acc = (): Acc => ({
  answered: 0,
  abandoned: 0,
  short: 0,
  overflow: 0,
  rejected: 0,
  ansT: 0,
  abnT: 0,
  waitAnswered: 0,
  waitOffered: 0,
  rings: 0,
  whileRinging: 0,
  talk: 0,
  busy: 0,
  available: 0,
  paused: 0,
});
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function addCall(a: Acc, c: CallRecord, p: KpiPolicy) {
  const overflow = c.outcome === 'timeout' || c.outcome === 'exit_empty' || c.outcome === 'exit_key';
  if (c.outcome === 'rejected') {
    a.rejected++;
    return;
  }
  if (overflow && p.overflowAs === 'excluded') {
    a.overflow++;
    return;
  }
  if (c.outcome === 'answered' || c.outcome === 'transferred') {
    a.answered++;
    a.waitAnswered += c.waitS;
    a.waitOffered += c.waitS;
    if (c.waitS <= p.serviceLevelS) a.ansT++;
    a.rings += c.ringsBeforeAnswer;
    a.talk += c.talkS ?? 0;
    return;
  }
  // abandoned (or overflow counted as abandoned)
  a.abandoned++;
  a.waitOffered += c.waitS;
  if (c.abandonedWhileRinging) a.whileRinging++;
  if (c.waitS < p.shortAbandonS) a.short++;
  else if (c.waitS <= p.serviceLevelS) a.abnT++;
}

function finish(a: Acc, p: KpiPolicy): Kpis {
  const offered = a.answered + a.abandoned;
  const counted = offered - a.short; // short abandons left out
  const sl = {
    abandonsIgnored: ratio(a.ansT, counted - a.abnT),
    abandonsAgainst: ratio(a.ansT, counted),
    abandonsFor: ratio(a.ansT + a.abnT, counted),
  };
  const wrap = p.wrapUpS ?? 0;
  return {
    offered,
    answered: a.answered,
    abandoned: a.abandoned,
    shortAbandons: a.short,
    overflow: a.overflow,
    rejected: a.rejected,
    answeredWithinT: a.ansT,
    abandonedWithinT: a.abnT,
    abandonRate: ratio(a.abandoned, offered),
    abandonRateAdjusted: ratio(a.abandoned - a.short, counted),
    asaS: ratio(a.waitAnswered, a.answered),
    avgQueueS: ratio(a.waitOffered, offered),
    serviceLevel: p.slConvention === 'abandons_ignored' ? sl.abandonsIgnored : p.slConvention === 'abandons_for' ? sl.abandonsFor : sl.abandonsAgainst,
    slConvention: p.slConvention,
    sl,
    ringsBeforeAnswer: ratio(a.rings, a.answered),
    abandonedWhileRinging: a.whileRinging,
    ahtS: ratio(a.talk + wrap * a.answered, a.answered),
    talkS: a.talk,
    availableS: a.available,
    pausedS: a.paused,
    occupancy: ratio(a.busy, a.available),
  };
}

/** Kpis of a set of calls (and the agent spans over the same time), all in one. */
export function kpisOf(calls: CallRecord[], spans: AgentSpan[], p: KpiPolicy): Kpis {
  const a = acc();
  for (const c of calls) addCall(a, c, p);
  for (const c of calls) if (c.answeredAt !== null) a.busy += (c.talkS ?? 0) + (p.wrapUpS ?? 0);
  for (const s of spans) {
    if (s.state === 'available') a.available += s.to - s.from;
    else a.paused += s.to - s.from;
  }
  return finish(a, p);
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/** Start (epoch s) of the local interval holding t. */
export function intervalStart(t: number, p: Pick<KpiPolicy, 'intervalMinutes' | 'tzOffsetMinutes'>): number {
  const len = p.intervalMinutes * 60;
  const off = p.tzOffsetMinutes * 60;
  return Math.floor((t + off) / len) * len - off;
}

/**
 * KPIs per interval over [from, to) (epoch s), every interval listed even when empty. Calls count in
 * the interval they entered the queue; talk (and wrap) and agent time are split over the intervals
 * they overlap, so occupancy is exact per interval.
 */
export function kpisByInterval(calls: CallRecord[], spans: AgentSpan[], p: KpiPolicy, from: number, to: number): ({ start: number } & Kpis)[] {
  const len = p.intervalMinutes * 60;
  const first = intervalStart(from, p);
  const n = Math.max(0, Math.ceil((to - first) / len));
  const accs = Array.from({ length: n }, acc);
  const at = (t: number) => Math.floor((t - first) / len);
  for (const c of calls) {
    const i = at(c.enterAt);
    if (i >= 0 && i < n) addCall(accs[i], c, p);
    if (c.answeredAt !== null) spread(c.answeredAt, c.answeredAt + (c.talkS ?? 0) + (p.wrapUpS ?? 0), (j, s) => (accs[j].busy += s));
  }
  for (const s of spans) spread(s.from, s.to, (j, sec) => (s.state === 'available' ? (accs[j].available += sec) : (accs[j].paused += sec)));
  return accs.map((a, i) => ({ start: first + i * len, ...finish(a, p) }));

  function spread(t0: number, t1: number, add: (i: number, s: number) => void) {
    for (let i = Math.max(0, at(t0)); i < n && first + i * len < t1; i++) {
      const s = overlap(t0, t1, first + i * len, first + (i + 1) * len);
      if (s > 0) add(i, s);
    }
  }
}

/** KPIs per key (queue, agent): calls grouped by `key`, spans by `spanKey` (null: spans not used). */
export function kpisBy(
  calls: CallRecord[],
  spans: AgentSpan[],
  p: KpiPolicy,
  key: (c: CallRecord) => string | null,
  spanKey: ((s: AgentSpan) => string) | null,
): ({ key: string } & Kpis)[] {
  const groups = new Map<string, { calls: CallRecord[]; spans: AgentSpan[] }>();
  const g = (k: string) => groups.get(k) ?? groups.set(k, { calls: [], spans: [] }).get(k)!;
  for (const c of calls) {
    const k = key(c);
    if (k !== null) g(k).calls.push(c);
  }
  if (spanKey) for (const s of spans) g(spanKey(s)).spans.push(s);
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ({ key: k, ...kpisOf(v.calls, v.spans, p) }));
}

/** Abandonment by local weekday (1 = Monday … 7 = Sunday) × interval of the day. */
export function abandonHeatmap(
  calls: CallRecord[],
  p: KpiPolicy,
): { weekday: number; slot: number; offered: number; abandoned: number; rate: number | null }[] {
  const perDay = (24 * 60) / p.intervalMinutes;
  const cells = Array.from({ length: 7 * perDay }, () => acc());
  for (const c of calls) {
    const local = c.enterAt + p.tzOffsetMinutes * 60;
    const wd = (new Date(local * 1000).getUTCDay() + 6) % 7; // Monday 0
    const slot = Math.floor((local % 86400) / (p.intervalMinutes * 60));
    addCall(cells[wd * perDay + slot], c, p);
  }
  return cells.map((a, i) => {
    const offered = a.answered + a.abandoned;
    return { weekday: Math.floor(i / perDay) + 1, slot: i % perDay, offered, abandoned: a.abandoned, rate: ratio(a.abandoned, offered) };
  });
}
