/**
 * Time of use (分时电价, 发改价格〔2021〕1093号): pure.
 *
 * A tariff's TOU calendar is data: seasons (sets of months), each with hour ranges mapped to a period
 * (critical peak 尖峰, peak 高峰, flat 平段, valley 低谷). Ranges are local time (China Standard Time,
 * no daylight saving), `from` inclusive, `to` exclusive, never wrapping midnight (22:00–06:00 is two
 * ranges), on quarter-hour marks so a 15-minute interval falls in exactly one period. A calendar may
 * say how public holidays are priced (`holidays`: the day's ranges on a holiday of the platform calendar,
 * e.g. all day valley); interval sums then take each quarter hour of a holiday by those ranges.
 */
import { D, dec, type Dec } from './decimal.js';
import { PERIODS, type BillingPolicy, type HolidayDays, type Period, type PriceSet, type TouCalendar } from './schemas.js';

export interface Problem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

const minutes = (t: string) => +t.slice(0, 2) * 60 + +t.slice(3, 5);

/** Every month in exactly one season; every season's day covered once, on quarter hours. */
export function validateCalendar(cal: TouCalendar, field = 'touCalendar'): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<number, string>();
  cal.seasons.forEach((s, si) => {
    for (const m of s.months) {
      if (seen.has(m))
        out.push({
          field: `${field}.seasons.${si}.months`,
          rule: 'month_twice',
          zh: `${m} 月同时属于“${seen.get(m)}”和“${s.name}”`,
          en: `month ${m} is in both '${seen.get(m)}' and '${s.name}'`,
        });
      seen.set(m, s.name);
    }
    out.push(...dayProblems(s.name, s.ranges, `${field}.seasons.${si}.ranges`));
  });
  for (let m = 1; m <= 12; m++)
    if (!seen.has(m)) out.push({ field: `${field}.seasons`, rule: 'month_missing', zh: `${m} 月不属于任何季节`, en: `month ${m} is in no season` });
  if (cal.holidays) out.push(...dayProblems('节假日 holidays', cal.holidays.ranges, `${field}.holidays.ranges`));
  return out;
}

/** One day's ranges: on quarter hours, in order, covering 00:00–24:00 once (named by `where`). */
function dayProblems(name: string, dayRanges: TouCalendar['seasons'][number]['ranges'], where: string): Problem[] {
  const out: Problem[] = [];
  const s = { name };
  const ranges = [...dayRanges].sort((a, b) => minutes(a.from) - minutes(b.from));
  let at = 0;
  for (const r of ranges) {
    const f = minutes(r.from),
      t = minutes(r.to);
    if (f % 15 || t % 15)
      out.push({
        field: where,
        rule: 'quarter_hour',
        zh: `时段 ${r.from}–${r.to} 不在整刻钟上`,
        en: `range ${r.from}–${r.to} is not on quarter hours`,
      });
    if (t <= f)
      out.push({
        field: where,
        rule: 'order',
        zh: `时段 ${r.from}–${r.to} 结束不晚于开始（跨零点请拆成两段）`,
        en: `range ${r.from}–${r.to} ends before it starts (split ranges at midnight)`,
      });
    else if (f > at)
      out.push({
        field: where,
        rule: 'gap',
        zh: `“${s.name}”在 ${fmt(at)}–${r.from} 没有时段`,
        en: `'${s.name}' has no period from ${fmt(at)} to ${r.from}`,
      });
    else if (f < at)
      out.push({
        field: where,
        rule: 'overlap',
        zh: `“${s.name}”的时段在 ${r.from}–${fmt(Math.min(at, t))} 重叠`,
        en: `'${s.name}' has overlapping periods at ${r.from}–${fmt(Math.min(at, t))}`,
      });
    at = Math.max(at, t);
  }
  if (at < 1440)
    out.push({
      field: where,
      rule: 'gap',
      zh: `“${s.name}”在 ${fmt(at)}–24:00 没有时段`,
      en: `'${s.name}' has no period from ${fmt(at)} to 24:00`,
    });
  return out;
}
const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Every period a calendar uses, in its seasons and on holidays. */
export function periodsUsed(cal: TouCalendar): Set<Period> {
  return new Set([...cal.seasons.flatMap((s) => s.ranges), ...(cal.holidays?.ranges ?? [])].map((r) => r.period));
}

/** Whether a day is priced as a holiday: it is a holiday of the platform calendar and, when the calendar names holidays, one of those. */
export function holidayPriced(cal: TouCalendar, day: string, holidays: HolidayDays | undefined): boolean {
  if (!cal.holidays || !holidays?.has(day)) return false;
  const name = holidays.get(day);
  return !cal.holidays.names || (name !== null && name !== undefined && cal.holidays.names.some((n) => name.includes(n)));
}

/**
 * The period of a local time 'YYYY-MM-DDTHH:MM' under a (valid) calendar: on a holiday priced as such
 * (`holidayPriced`), the calendar's holiday ranges; otherwise its season's.
 */
export function periodAt(cal: TouCalendar, local: string, holidays?: HolidayDays): Period {
  const month = +local.slice(5, 7);
  const m = minutes(local.slice(11, 16));
  const ranges = holidayPriced(cal, local.slice(0, 10), holidays) ? cal.holidays!.ranges : cal.seasons.find((s) => s.months.includes(month))?.ranges;
  const r = ranges?.find((x) => minutes(x.from) <= m && m < minutes(x.to));
  if (!r) throw new RangeError(`no TOU period at ${local}`);
  return r.period;
}

/**
 * Sums 15-minute interval values (kWh in the quarter hour starting at `start`, local time) into periods.
 * An interval not starting on a quarter hour is refused. Returns every period, zero when unused.
 */
export function sumIntervals(cal: TouCalendar, intervals: { start: string; kwh: number | string }[], holidays?: HolidayDays): Record<Period, Dec> {
  const sums = Object.fromEntries(PERIODS.map((p) => [p, new D(0)])) as Record<Period, Dec>;
  for (const [i, iv] of intervals.entries()) {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(iv.start) || minutes(iv.start.slice(11, 16)) % 15)
      throw new RangeError(`interval ${i} does not start on a quarter hour: ${iv.start}`);
    const p = periodAt(cal, iv.start, holidays);
    sums[p] = sums[p].plus(dec(iv.kwh));
  }
  return sums;
}

/** Warnings (not refusals) on TOU prices: critical peak below peak × 1.2, peak : valley below the policy ratio. */
export function touPriceWarnings(prices: PriceSet, policy: BillingPolicy['tou'], where: string): string[] {
  const out: string[] = [];
  if (prices.critical && prices.peak && dec(prices.critical).lt(dec(prices.peak).times(dec(policy.criticalOverPeakMin))))
    out.push(
      `${where}：尖峰电价 ${prices.critical} 低于高峰 ${prices.peak} × ${policy.criticalOverPeakMin} / ${where}: critical peak ${prices.critical} is below peak ${prices.peak} × ${policy.criticalOverPeakMin}`,
    );
  if (prices.peak && prices.valley && !dec(prices.valley).isZero() && dec(prices.peak).div(dec(prices.valley)).lt(dec(policy.peakValleyRatioMin)))
    out.push(
      `${where}：峰谷比 ${dec(prices.peak).div(dec(prices.valley)).toDecimalPlaces(2)} 低于 ${policy.peakValleyRatioMin}:1 / ${where}: peak:valley ratio ${dec(prices.peak).div(dec(prices.valley)).toDecimalPlaces(2)} is below ${policy.peakValleyRatioMin}:1`,
    );
  return out;
}
