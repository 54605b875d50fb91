/**
 * Local day numbers of a fixed-offset calendar (days since 1970-01-01 at `offsetMinutes` east of
 * UTC), as the daily rollups of the scorecard inputs key their rows (migration 730).
 */
const DAY_MS = 86_400_000;

/** The local day numbers [from, to) of an instant range when both ends are local midnights of the offset; else null. */
export function localDays(from: Date, to: Date, offsetMinutes: number): { from: number; to: number } | null {
  const a = from.getTime() + offsetMinutes * 60_000;
  const b = to.getTime() + offsetMinutes * 60_000;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a % DAY_MS !== 0 || b % DAY_MS !== 0 || b < a) return null;
  return { from: a / DAY_MS, to: b / DAY_MS };
}
