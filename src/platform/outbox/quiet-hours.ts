/**
 * Quiet hours for non-urgent customer messages: a local-time window (e.g. 22:00–08:00) in which
 * nothing non-urgent is sent; a message falling inside waits until the window ends.
 * Times are 'HH:MM' (or 'HH:MM:SS'); a window may cross midnight; start = end means no window.
 */
export interface QuietWindow {
  start: string | null;
  end: string | null;
}

function minutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instant a message created at `at` may be sent. */
export function releaseTime(at: Date, window: QuietWindow, urgent: boolean, utcOffsetMs: number): Date {
  if (urgent || !window.start || !window.end) return at;
  const s = minutes(window.start);
  const e = minutes(window.end);
  if (s === e) return at;
  const localMs = at.getTime() + utcOffsetMs;
  const dayStart = Math.floor(localMs / 86_400_000) * 86_400_000;
  const minuteOfDay = (localMs - dayStart) / 60_000;
  const inside = s < e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
  if (!inside) return at;
  // The end of this window: today at `e` if still ahead, else tomorrow at `e`.
  let endLocal = dayStart + e * 60_000;
  if (endLocal <= localMs) endLocal += 86_400_000;
  return new Date(endLocal - utcOffsetMs);
}
