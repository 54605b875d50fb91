/**
 * The satisfaction index (docs/rules.md §10, docs/satisfaction.md): pure, exact, from policy data.
 *
 * Every score is kept as what the customer pressed or ticked on its own scale (`v` on `min..max`).
 * Two stated methods turn scores into an index from 0 to 100:
 * - `mean`: each score mapped linearly to 0–100 ((v − min) / (max − min) × 100), then the mean;
 *   a 1–5 answer gives 0, 25, 50, 75, 100.
 * - `top_box`: the share of scores in the top `topBoxes` points of their scale (top-2-box: 4 and 5
 *   on 1–5, 9 and 10 on 1–10), in per cent.
 * The arithmetic is exact (integer fractions) and rounded once, half up, to `decimals` places.
 * A figure is shown only when at least `minSample` scores stand behind it; below that it is null.
 */

export interface Score {
  v: number;
  min: number;
  max: number;
}

export type IndexMethod = 'mean' | 'top_box';
export type Segment = 'residential' | 'non_residential' | 'large';
export type Dimension = 'segment' | 'area' | 'channel' | 'orderType' | 'orgUnit' | 'method';

export interface SatisfactionPolicy {
  /** how scores become the index */
  indexMethod: IndexMethod;
  /** for `top_box`: how many top points of a scale count as satisfied */
  topBoxes: number;
  /** decimals of a shown index (rounded half up once) */
  decimals: number;
  /** fewest scores behind a shown index */
  minSample: number;
  /** fewest responses with both the attribute and the overall score before a driver is shown */
  minSampleDriver: number;
  /** decimals of a driver's correlation (rounded half away from zero) */
  driverDecimals: number;
  /** the scale of an IVR key press and of the end-of-call question */
  ivrScale: { min: number; max: number };
  endOfCallScale: { min: number; max: number };
  /** a callback result as a score on `callbackScale`; unreachable gives no score */
  callbackScale: { min: number; max: number };
  callbackScores: { satisfied: number; basically_satisfied: number; dissatisfied: number };
  /** customer class of the order → segment; an order flagged important counts as `large` when set */
  segmentOfClass: Record<string, Segment>;
  importantIsLarge: boolean;
  /** months are calendar months at this offset from UTC (Beijing time: 480) */
  utcOffsetMinutes: number;
  /** survey links: days an invitation stays open */
  invitationDays: number;
  /** the address the SMS link starts with (the portal as customers reach it); the page is `<base>/public/survey/<token>` */
  surveyLinkBase: string;
}

export const DEFAULT_SATISFACTION_POLICY: SatisfactionPolicy = {
  indexMethod: 'mean',
  topBoxes: 2,
  decimals: 1,
  minSample: 30,
  minSampleDriver: 30,
  driverDecimals: 3,
  ivrScale: { min: 1, max: 5 },
  endOfCallScale: { min: 1, max: 5 },
  callbackScale: { min: 1, max: 5 },
  callbackScores: { satisfied: 5, basically_satisfied: 4, dissatisfied: 1 },
  segmentOfClass: { residential: 'residential', lv_nonresidential: 'non_residential', hv: 'large' },
  importantIsLarge: true,
  utcOffsetMinutes: 480,
  invitationDays: 7,
  surveyLinkBase: 'http://localhost:8080',
};

/** One measured response, with the segment it was taken in. */
export interface Fact {
  at: Date;
  method: string;
  overall: Score;
  attributes: Record<string, Score>;
  segment: Segment | null;
  area: string | null;
  channel: string | null;
  orderType: string | null;
  orgUnit: number | null;
}

export interface IndexFigure {
  n: number;
  /** null when n < minSample (or n = 0) */
  value: number | null;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

/** num/den (den > 0) rounded half up (half away from zero for a negative) to `decimals` places, as a number. */
export function roundHalfUp(num: bigint, den: bigint, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  const neg = num < 0n;
  const abs = ((neg ? -num : num) * scale * 2n + den) / (den * 2n);
  const int = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, '0');
  return Number(`${neg ? '-' : ''}${int}${decimals > 0 ? '.' + frac : ''}`);
}

function checkScore(s: Score) {
  if (!Number.isInteger(s.v) || !Number.isInteger(s.min) || !Number.isInteger(s.max) || s.max <= s.min || s.v < s.min || s.v > s.max)
    throw new RangeError(`score ${s.v} outside ${s.min}..${s.max}`);
}

/** Whether a score is in the top boxes of its scale. */
export const inTopBox = (s: Score, topBoxes: number) => s.v > s.max - topBoxes;

/** The exact index of some scores as a fraction num/den (0..100), or null for none. */
export function indexFraction(scores: readonly Score[], policy: Pick<SatisfactionPolicy, 'indexMethod' | 'topBoxes'>): { num: bigint; den: bigint } | null {
  if (scores.length === 0) return null;
  const n = BigInt(scores.length);
  if (policy.indexMethod === 'top_box') {
    let hits = 0n;
    for (const s of scores) {
      checkScore(s);
      if (inTopBox(s, policy.topBoxes)) hits++;
    }
    return { num: hits * 100n, den: n };
  }
  // Σ (v − min)/(max − min), summed over a common denominator
  let num = 0n;
  let den = 1n;
  for (const s of scores) {
    checkScore(s);
    const r = BigInt(s.max - s.min);
    const a = BigInt(s.v - s.min);
    // num/den + a/r
    num = num * r + a * den;
    den = den * r;
    const g = gcd(num, den) || 1n;
    num /= g;
    den /= g;
  }
  return { num: num * 100n, den: den * n };
}

/** The index of some scores with the minimum-sample rule. */
export function indexOf(scores: readonly Score[], policy: SatisfactionPolicy): IndexFigure {
  const n = scores.length;
  const f = indexFraction(scores, policy);
  if (!f || n < policy.minSample) return { n, value: null };
  return { n, value: roundHalfUp(f.num, f.den, policy.decimals) };
}

/** The segment of an order's customer: class through the policy's table, an important customer as large when the policy says so. */
export function segmentOf(customerClass: string | null, important: boolean, policy: SatisfactionPolicy): Segment | null {
  if (important && policy.importantIsLarge) return 'large';
  return customerClass ? (policy.segmentOfClass[customerClass] ?? null) : null;
}

/** A callback result as a score, or null (unreachable, unknown). */
export function callbackScore(result: string | null, policy: SatisfactionPolicy): Score | null {
  const v = result ? (policy.callbackScores as Record<string, number>)[result] : undefined;
  return v === undefined ? null : { v, min: policy.callbackScale.min, max: policy.callbackScale.max };
}

const keyOf = (f: Fact, d: Dimension): string | null =>
  d === 'segment'
    ? f.segment
    : d === 'area'
      ? f.area
      : d === 'channel'
        ? f.channel
        : d === 'orderType'
          ? f.orderType
          : d === 'orgUnit'
            ? f.orgUnit === null
              ? null
              : String(f.orgUnit)
            : f.method;

/** The index by one dimension; facts without a value for it are left out. Keys in code order. */
export function indexBy(facts: readonly Fact[], dimension: Dimension, policy: SatisfactionPolicy): ({ key: string } & IndexFigure)[] {
  const groups = new Map<string, Score[]>();
  for (const f of facts) {
    const k = keyOf(f, dimension);
    if (k === null) continue;
    const g = groups.get(k);
    if (g) g.push(f.overall);
    else groups.set(k, [f.overall]);
  }
  return [...groups.keys()].sort().map((key) => ({ key, ...indexOf(groups.get(key)!, policy) }));
}

/** The calendar month (YYYY-MM) of an instant at the policy's offset. */
export function monthOf(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 7);
}

/** The index by month, every month from the first to the last present (months without responses show n = 0). */
export function trendByMonth(facts: readonly Fact[], policy: SatisfactionPolicy, range?: { from: string; to: string }): ({ month: string } & IndexFigure)[] {
  const groups = new Map<string, Score[]>();
  for (const f of facts) {
    const m = monthOf(f.at, policy.utcOffsetMinutes);
    const g = groups.get(m);
    if (g) g.push(f.overall);
    else groups.set(m, [f.overall]);
  }
  const months = [...groups.keys()].sort();
  const first = range?.from ?? months[0];
  const last = range?.to ?? months[months.length - 1];
  if (!first || !last) return [];
  const out: ({ month: string } & IndexFigure)[] = [];
  let [y, mo] = first.split('-').map(Number);
  for (;;) {
    const m = `${y}-${String(mo).padStart(2, '0')}`;
    if (m > last) break;
    out.push({ month: m, ...indexOf(groups.get(m) ?? [], policy) });
    mo++;
    if (mo > 12) {
      mo = 1;
      y++;
    }
  }
  return out;
}

/** The instant a local calendar day (YYYY-MM-DD) begins at `utcOffsetMinutes` from UTC. */
export function localDayStart(day: string, utcOffsetMinutes: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - utcOffsetMinutes * 60_000);
}

/** The local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
