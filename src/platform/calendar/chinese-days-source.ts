/**
 * Reads the statutory holiday and make-up working day data shipped in the npm package
 * `chinese-days` (2004 onward) at seed time, so the calendar table is filled from the package's
 * own data and no date is copied into griddesk's code.
 */
import { createRequire } from 'node:module';
import type { CalendarDayEntry } from './work-calendar.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** "National Day,国庆节,3" → "国庆节 National Day". */
function holidayName(raw: string): string {
  const [en, zh] = raw.split(',');
  return [zh, en].filter(Boolean).join(' ');
}

export function chineseDaysEntries(): CalendarDayEntry[] {
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const out: CalendarDayEntry[] = [];
  for (const [date, raw] of Object.entries(data.holidays)) out.push({ date, kind: 'holiday', name: holidayName(raw) });
  for (const [date, raw] of Object.entries(data.workdays)) out.push({ date, kind: 'workday', name: `${holidayName(raw)} 调休上班` });
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
