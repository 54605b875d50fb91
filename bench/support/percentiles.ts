/** Latency statistics: nearest-rank percentiles over a sample (in whatever unit it is in). */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    mean,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** `RESULT bench=NAME k=v ...`: the one line every bench ends with. */
export function resultLine(bench: string, figures: Record<string, number | string>): string {
  return `RESULT bench=${bench} ${Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
}
