/**
 * Local calendar days as integers ("day numbers": days since 1970-01-01 in the calendar's zone).
 * Deadlines are computed on day numbers so no loop ever walks minute by minute.
 *
 * Only fixed-offset zones are accepted: Asia/Shanghai has kept UTC+8 without daylight saving
 * since 1991, so every local day is exactly 24 h long and day arithmetic stays exact.
 */
export const DAY_MS = 86_400_000;

/** Zones griddesk can compute working days in, with their fixed UTC offset in minutes. */
export const FIXED_OFFSET_ZONES: Readonly<Record<string, number>> = { 'Asia/Shanghai': 480, 'Asia/Hong_Kong': 480, UTC: 0 };

export function zoneOffsetMs(timezone: string): number {
  const minutes = FIXED_OFFSET_ZONES[timezone];
  if (minutes === undefined) throw new RangeError(`unsupported timezone ${timezone}: only fixed-offset zones (${Object.keys(FIXED_OFFSET_ZONES).join(', ')})`);
  return minutes * 60_000;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → day number, or null when the text is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function formatIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The local day an instant falls on. */
export function dayOf(instantMs: number, offsetMs: number): number {
  return Math.floor((instantMs + offsetMs) / DAY_MS);
}

/** The instant a local day starts (00:00 local). */
export function startOfDay(day: number, offsetMs: number): number {
  return day * DAY_MS - offsetMs;
}
