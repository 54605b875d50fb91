/**
 * Reads the statutory holiday and make-up working day data shipped in the npm package
 * `chinese-days` (2004 onward) at seed time, so the calendar table is filled from the package's
 * own data and no date is copied into griddesk's code. The same package's lunar table and
 * solar-term formula place the lunar holidays and Qingming of years not entered yet.
 */
import { createRequire } from 'node:module';
import { DAY_MS, parseIsoDate } from './local-day.js';
import type { Astronomy } from './provisional-holidays.js';
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

interface ChineseDaysLunar {
  monthDays(lunarYear: number, month: number): number;
  getYearLeapMonth(lunarYear: number): { leapMonth: number | undefined; days: number };
  getSolarTermDate(year: number, month: number, term: string): string;
}

/** Lunar years the package's table holds (1900–2100); 除夕 needs the year before, so 1901 is the first whole one. */
export const LUNAR_TABLE_YEARS = { first: 1901, last: 2099 } as const;

/** 1900-01-31 is 正月初一 of lunar year 1900, where the package's table starts. */
const LUNAR_EPOCH_DAY = parseIsoDate('1900-01-31')!;

/**
 * Lunar dates and the Qingming solar term from the `chinese-days` package's data (its lunar month
 * table 1900–2100 and its solar-term formula), for the provisional statutory holidays.
 *
 * Only the package's table lookups are used for lunar dates (month lengths, leap months); the
 * day arithmetic is ours, on day numbers: the package's own date functions read and print dates
 * in the process's local zone and come out a day early west of Greenwich. Its solar-term day is
 * printed from 00:00 UTC in local time, which is corrected the same way.
 */
export function chineseDaysAstronomy(): Astronomy {
  const require = createRequire(import.meta.url);
  const lib = require('chinese-days') as ChineseDaysLunar;
  const yearDays = new Map<number, number>();
  const lengthOfYear = (y: number) => {
    let n = yearDays.get(y);
    if (n === undefined) {
      n = lib.getYearLeapMonth(y).days;
      for (let m = 1; m <= 12; m++) n += lib.monthDays(y, m);
      yearDays.set(y, n);
    }
    return n;
  };
  const inTable = (y: number) => Number.isInteger(y) && y >= LUNAR_TABLE_YEARS.first && y <= LUNAR_TABLE_YEARS.last;
  return {
    lunarToSolar(lunarYear, month, day) {
      if (!inTable(lunarYear) || month < 1 || month > 12 || day < 1 || day > lib.monthDays(lunarYear, month)) return null;
      let offset = 0;
      for (let y = 1900; y < lunarYear; y++) offset += lengthOfYear(y);
      const leap = lib.getYearLeapMonth(lunarYear);
      for (let m = 1; m < month; m++) {
        offset += lib.monthDays(lunarYear, m);
        if (m === leap.leapMonth) offset += leap.days; // the leap month follows the month of its number
      }
      return LUNAR_EPOCH_DAY + offset + day - 1;
    },
    solarTerm(year, month, term) {
      if (!inTable(year)) return null;
      const printed = parseIsoDate(lib.getSolarTermDate(year, month, term));
      if (printed === null) return null;
      // The package builds the term's day at 00:00 UTC and prints its local date: west of Greenwich
      // (a positive getTimezoneOffset) that is the day before.
      return new Date((printed + 1) * DAY_MS).getTimezoneOffset() > 0 ? printed + 1 : printed;
    },
  };
}
