export const pct = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(d)}%`);
export const sec = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '—' : v.toFixed(d));
export const hours = (s: number) => (s / 3600).toFixed(1);
/** Local clock time of an ISO instant at a UTC offset in minutes: HH:mm, or MM-DD HH:mm. */
export const clock = (iso: string, tzMinutes: number, withDay = false) => {
  const d = new Date(new Date(iso).getTime() + tzMinutes * 60_000).toISOString();
  return withDay ? `${d.slice(5, 10)} ${d.slice(11, 16)}` : d.slice(11, 16);
};
