/**
 * Calendar dates (YYYY-MM-DD, no time zone) as whole days; pure. One set of date arithmetic for every
 * module (billing periods, late-fee days, due dates, inspection plans): no module keeps its own copy.
 */
const DAY = 86_400_000;

export const dayNo = (d: string): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY;
export const fromDayNo = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);
/** Recent answers of addDays: a payment or a late-fee pass asks the same few (day, n) pairs for every bill. */
const addDaysSeen = new Map<string, string>();
export const addDays = (d: string, n: number): string => {
  const key = `${d}|${n}`;
  let out = addDaysSeen.get(key);
  if (out === undefined) {
    out = fromDayNo(dayNo(d) + n);
    if (addDaysSeen.size >= 4096) addDaysSeen.clear();
    addDaysSeen.set(key, out);
  }
  return out;
};
/** Days from `from` to `to`, both included (0 when to < from). */
export const daysIncl = (from: string, to: string): number => Math.max(0, dayNo(to) - dayNo(from) + 1);
export const daysInMonth = (d: string): number => new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).getUTCDate();
export const monthOf = (d: string): number => +d.slice(5, 7);
export const minDate = (a: string, b: string) => (a < b ? a : b);
export const maxDate = (a: string, b: string) => (a > b ? a : b);
/** The overlap of two inclusive date ranges (`to` null = open), or null when they do not meet. */
export function overlap(a: { from: string; to: string | null }, b: { from: string; to: string | null }): { from: string; to: string } | null {
  const from = maxDate(a.from, b.from);
  const to = a.to === null ? b.to : b.to === null ? a.to : minDate(a.to, b.to);
  if (to === null) return null;
  return from <= to ? { from, to } : null;
}
/** A date in a year, clamped to the month's last day (Feb 30 → Feb 28/29). */
export function dateIn(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
