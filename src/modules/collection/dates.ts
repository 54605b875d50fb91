/** Calendar dates (YYYY-MM-DD, no time zone) as whole day numbers; pure. */
const DAY = 86_400_000;
export const dayNo = (d: string): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY;
export const fromDayNo = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);
export const addDays = (d: string, n: number): string => fromDayNo(dayNo(d) + n);
/** A date in a year, clamped to the month's last day (Feb 30 → Feb 28/29). */
export function dateIn(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
