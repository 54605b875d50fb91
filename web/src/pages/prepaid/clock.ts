/** The reconnection clock as text: remaining or overdue hours and minutes (from the server's remainingMs). */
import type { TFunction } from 'i18next';

export function clockText(t: TFunction, remainingMs: number | null): string {
  if (remainingMs === null) return '';
  const ms = Math.abs(remainingMs);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return t(remainingMs >= 0 ? 'prepaid.remaining' : 'prepaid.overdue', { h, m });
}
