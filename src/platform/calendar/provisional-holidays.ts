/**
 * year → the statutory holidays of that year, from the law's rules (statutory-holidays.ts) and a
 * lunar / solar-term source (Astronomy). Pure: the same year, law and source give the same days.
 *
 * Used for a year whose holiday arrangement is not entered yet: its statutory days count as
 * holidays provisionally (the make-up working days 调休, bridging days and 补假 are unknown until
 * the State Council publishes the arrangement and an administrator enters it).
 */
import { formatIsoDate, parseIsoDate } from './local-day.js';
import type { HolidayDayRule, StatutoryHolidayLaw } from './statutory-holidays.js';
import type { CalendarDayEntry } from './work-calendar.js';

/** Where lunar dates and solar terms come from; each answers a day number (days since 1970-01-01) or null when it has no data for that year. */
export interface Astronomy {
  /** the Gregorian day of a (non-leap) lunar month/day of lunar year `lunarYear` */
  lunarToSolar(lunarYear: number, month: number, day: number): number | null;
  /** the Gregorian day (Beijing time) of a solar term in the given Gregorian year and month */
  solarTerm(year: number, month: number, term: string): number | null;
}

/** The provisional days of one year: one entry per day ('holiday'), names joined when two holidays meet on one day. */
export interface ProvisionalYear {
  year: number;
  days: CalendarDayEntry[];
}

function dayOfRule(year: number, rule: HolidayDayRule, astro: Astronomy): number | null {
  switch (rule.kind) {
    case 'solar':
      return parseIsoDate(`${year}-${String(rule.month).padStart(2, '0')}-${String(rule.day).padStart(2, '0')}`);
    case 'lunar': {
      const d = astro.lunarToSolar(year, rule.month, rule.day);
      return d === null ? null : d + (rule.offsetDays ?? 0);
    }
    case 'solar_term':
      return astro.solarTerm(year, rule.month, rule.term);
  }
}

/**
 * The statutory holidays of `year` under `law`, or null when they cannot be given: a year before the
 * law's version was in force, or one the astronomy source has no data for (the caller then counts
 * Monday–Friday, as for any year without data). A day that falls outside `year` (never, for the
 * current law) is left out.
 */
export function provisionalHolidays(year: number, law: StatutoryHolidayLaw, astro: Astronomy): ProvisionalYear | null {
  if (!Number.isInteger(year) || year < law.inForceFromYear) return null;
  const names = new Map<number, string[]>();
  for (const h of law.holidays) {
    for (const rule of h.days) {
      const day = dayOfRule(year, rule, astro);
      if (day === null) return null;
      if (!formatIsoDate(day).startsWith(`${year}-`)) continue;
      const label = `${h.zh} ${h.en}`;
      const list = names.get(day) ?? [];
      if (!list.includes(label)) list.push(label);
      names.set(day, list);
    }
  }
  const days = [...names.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, list]) => ({ date: formatIsoDate(day), kind: 'holiday' as const, name: `${list.join(' / ')}（暂定 provisional）` }));
  return { year, days };
}
