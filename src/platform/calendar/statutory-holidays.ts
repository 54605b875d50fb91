/**
 * The statutory public holidays as the law fixes them (policy data, not code): 全国年节及纪念日放假办法
 * (National Holidays and Commemorative Days), as amended by 国务院令第795号 (State Council Decree
 * No. 795, 2024-11-10), in force from 2025-01-01, article 2: 13 days for all citizens.
 *
 * These dates are fixed by law every year; what the State Council publishes each November for the
 * next year is only the arrangement around them (make-up working days 调休, bridging days, 补假
 * for a holiday falling on a weekend). For a year whose arrangement is not entered yet, the working
 * calendar counts these days as provisional holidays (provisional-holidays.ts, docs/calendar.md).
 *
 * A day is given by a rule, never by a date literal of one year:
 *  - solar:      a Gregorian month and day;
 *  - lunar:      a month and day of the lunar year that begins in the Gregorian year (正月初一 …),
 *                shifted by `offsetDays` (除夕, New Year's Eve, is the day before 正月初一: the 12th
 *                month has 29 or 30 days, so "the day before" is the only exact way to say it);
 *  - solar_term: the day of a solar term (节气) in the given Gregorian month, Beijing time.
 */

export type SolarTermKey = 'pure_brightness';

export type HolidayDayRule =
  | { kind: 'solar'; month: number; day: number }
  | { kind: 'lunar'; month: number; day: number; offsetDays?: number }
  | { kind: 'solar_term'; term: SolarTermKey; month: number };

export interface StatutoryHoliday {
  key: string;
  zh: string;
  en: string;
  /** the law's words for the days */
  lawText: string;
  days: readonly HolidayDayRule[];
}

export interface StatutoryHolidayLaw {
  title: string;
  source: string;
  /** first Gregorian year this version governs; earlier years get no provisional days */
  inForceFromYear: number;
  holidays: readonly StatutoryHoliday[];
}

export const STATUTORY_HOLIDAYS: StatutoryHolidayLaw = {
  title: '全国年节及纪念日放假办法',
  source: '全国年节及纪念日放假办法 第二条（国务院令第795号，2024年11月10日修订，2025年1月1日起施行）',
  inForceFromYear: 2025,
  holidays: [
    { key: 'new_year', zh: '元旦', en: "New Year's Day", lawText: '放假1天（1月1日）', days: [{ kind: 'solar', month: 1, day: 1 }] },
    {
      key: 'spring_festival',
      zh: '春节',
      en: 'Spring Festival',
      lawText: '放假4天（农历除夕、正月初一至初三）',
      days: [
        { kind: 'lunar', month: 1, day: 1, offsetDays: -1 },
        { kind: 'lunar', month: 1, day: 1 },
        { kind: 'lunar', month: 1, day: 2 },
        { kind: 'lunar', month: 1, day: 3 },
      ],
    },
    {
      key: 'qingming',
      zh: '清明节',
      en: 'Qingming Festival',
      lawText: '放假1天（农历清明当日）',
      days: [{ kind: 'solar_term', term: 'pure_brightness', month: 4 }],
    },
    {
      key: 'labour_day',
      zh: '劳动节',
      en: 'Labour Day',
      lawText: '放假2天（5月1日、2日）',
      days: [
        { kind: 'solar', month: 5, day: 1 },
        { kind: 'solar', month: 5, day: 2 },
      ],
    },
    { key: 'dragon_boat', zh: '端午节', en: 'Dragon Boat Festival', lawText: '放假1天（农历端午当日）', days: [{ kind: 'lunar', month: 5, day: 5 }] },
    { key: 'mid_autumn', zh: '中秋节', en: 'Mid-Autumn Festival', lawText: '放假1天（农历中秋当日）', days: [{ kind: 'lunar', month: 8, day: 15 }] },
    {
      key: 'national_day',
      zh: '国庆节',
      en: 'National Day',
      lawText: '放假3天（10月1日至3日）',
      days: [
        { kind: 'solar', month: 10, day: 1 },
        { kind: 'solar', month: 10, day: 2 },
        { kind: 'solar', month: 10, day: 3 },
      ],
    },
  ],
};
