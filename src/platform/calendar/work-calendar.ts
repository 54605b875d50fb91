/**
 * The working-day calendar (docs/rules.md §2): Monday–Friday are working days unless listed as a
 * statutory holiday; a weekend day listed as a make-up working day (调休) is a working day.
 * Built from data only (a table seeded from `chinese-days`, edited by admins), never from code.
 *
 * "Working time" (used to add back pauses on working-day clocks) is every millisecond that falls
 * on a working day: each working day weighs 24 h, every other day weighs nothing.
 *
 * A year without listed days (its arrangement not entered yet: every December for the next
 * year) is counted Monday–Friday, or, when the calendar is built with a `provisional` rule, with the
 * statutory holidays the rule gives for that year (provisional-holidays.ts): the days the law fixes
 * are known, only the make-up days (调休) and bridging days are not. Answers that lean on such a
 * year say so (`coversDays`, `provisionalBetween`).
 *
 * Every loop is bounded: a calendar with WORKING_DAY_WINDOW (366) consecutive days without a
 * working day is refused when built, so a walk of N working days never needs more than
 * (N + 1) × WORKING_DAY_WINDOW steps; the walkers still check that bound and throw.
 */
import { DAY_MS, dayOf, formatIsoDate, parseIsoDate, startOfDay, weekday, zoneOffsetMs } from './local-day.js';

export type DayKind = 'holiday' | 'workday';
export interface CalendarDayEntry {
  date: string; // YYYY-MM-DD, local
  kind: DayKind;
  name?: string | null;
}
export interface CalendarData {
  timezone: string;
  days: readonly CalendarDayEntry[];
}
export type DeadlineConvention = 'end_of_day' | 'same_time';

/** year → that year's provisional holiday dates (YYYY-MM-DD), or null when none can be given. */
export type ProvisionalRule = (year: number) => readonly string[] | null;
export interface CalendarOptions {
  /** statutory holidays for years without listed data (null: those years count Monday–Friday) */
  provisional?: ProvisionalRule | null;
}

/** A calendar that cannot be built or a walk that cannot finish; carries the field and rule for a 400. */
export class CalendarError extends Error {
  constructor(
    public readonly field: string,
    public readonly rule: string,
    public readonly zh: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every window of this many consecutive days must hold a working day. */
export const WORKING_DAY_WINDOW = 366;
/** Longest working-day count a deadline may ask for (10 years); larger requests are input errors. */
export const MAX_WORKING_DAYS = 2_600;

export class WorkCalendar {
  private constructor(
    readonly timezone: string,
    private readonly offsetMs: number,
    private readonly holidays: ReadonlySet<number>,
    private readonly workdays: ReadonlySet<number>,
    readonly firstListed: number | null,
    readonly lastListed: number | null,
    private readonly provisional: ProvisionalRule | null = null,
  ) {
    for (const d of holidays) this.listedYears.add(yearOf(d));
    for (const d of workdays) this.listedYears.add(yearOf(d));
  }

  /** Years with at least one listed day: their arrangement is entered, so they are known in full. */
  private readonly listedYears = new Set<number>();
  /** provisional holidays per year not covered, computed once per year on first use (null: none) */
  private readonly provisionalByYear = new Map<number, ReadonlySet<number> | null>();

  /** Validates and builds; throws CalendarError naming the offending entry. */
  static create(data: CalendarData, options: CalendarOptions = {}): WorkCalendar {
    let offsetMs: number;
    try {
      offsetMs = zoneOffsetMs(data.timezone);
    } catch (e) {
      throw new CalendarError('timezone', 'fixed_offset', '仅支持固定时差的时区', (e as Error).message);
    }
    const holidays = new Set<number>();
    const workdays = new Set<number>();
    let first: number | null = null;
    let last: number | null = null;
    data.days.forEach((entry, i) => {
      const day = parseIsoDate(entry.date);
      if (day === null)
        throw new CalendarError(`days[${i}].date`, 'date', '日期格式应为 YYYY-MM-DD', `days[${i}].date ${entry.date} is not a date (YYYY-MM-DD)`);
      if (entry.kind !== 'holiday' && entry.kind !== 'workday') {
        throw new CalendarError(`days[${i}].kind`, 'enum', '类型应为 holiday 或 workday', `days[${i}].kind must be holiday or workday`);
      }
      if (holidays.has(day) || workdays.has(day)) {
        throw new CalendarError(`days[${i}].date`, 'duplicate', `日期 ${entry.date} 重复出现`, `day ${entry.date} is listed twice`);
      }
      (entry.kind === 'holiday' ? holidays : workdays).add(day);
      first = first === null ? day : Math.min(first, day);
      last = last === null ? day : Math.max(last, day);
    });
    const cal = new WorkCalendar(data.timezone, offsetMs, holidays, workdays, first, last, options.provisional ?? null);
    cal.assertWorkingDaysReachable();
    return cal;
  }

  /**
   * Working-day flags of one whole year at a time (1 = working), computed on first use from the
   * rule below and kept: clocks walk days in order, often across years (a long-open order's clock
   * walks every day since it was received), so a walk costs one range check and one array read a
   * day instead of two set look-ups, a date's year and the provisional year's set.
   */
  private readonly yearFlags = new Map<number, { from: number; flags: Uint8Array }>();
  private flagsFrom = 0;
  private flags: Uint8Array = new Uint8Array(0);

  isWorkingDay(day: number): boolean {
    const i = day - this.flagsFrom;
    if (i >= 0 && i < this.flags.length) return this.flags[i] === 1;
    const year = yearOf(day);
    let y = this.yearFlags.get(year);
    if (!y) {
      const from = Date.UTC(year, 0, 1) / DAY_MS;
      const flags = new Uint8Array(Date.UTC(year + 1, 0, 1) / DAY_MS - from);
      for (let k = 0; k < flags.length; k++) flags[k] = this.isWorkingDayByRule(from + k) ? 1 : 0;
      y = { from, flags };
      this.yearFlags.set(year, y);
    }
    this.flagsFrom = y.from;
    this.flags = y.flags;
    return y.flags[day - y.from] === 1;
  }

  /** The rule itself: listed days first, then the weekend, then (years not listed) the provisional statutory holidays. */
  private isWorkingDayByRule(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const w = weekday(day);
    if (w === 0 || w === 6) return false;
    if (!this.provisional) return true;
    const year = yearOf(day);
    return this.listedYears.has(year) || !this.provisionalYear(year)?.has(day);
  }

  /** The provisional holidays of a year (day numbers), or null when the rule gives none. */
  private provisionalYear(year: number): ReadonlySet<number> | null {
    if (!this.provisional) return null;
    let set = this.provisionalByYear.get(year);
    if (set === undefined) {
      const dates = this.provisional(year);
      set = dates === null ? null : new Set(dates.map((d) => parseIsoDate(d)).filter((d): d is number => d !== null));
      this.provisionalByYear.set(year, set);
    }
    return set;
  }

  /** The provisional holidays of a year not covered by data (YYYY-MM-DD, in order), or null: a covered year, or none can be given. */
  provisionalHolidays(year: number): string[] | null {
    if (this.listedYears.has(year)) return null;
    const set = this.provisionalYear(year);
    return set === null ? null : [...set].sort((a, b) => a - b).map(formatIsoDate);
  }

  /**
   * True when [fromDay, toDay] passes a year not covered by data and every such year is counted
   * with provisional statutory holidays: the answer is provisional (it may move once the year's
   * arrangement is entered) but not a plain Monday–Friday guess.
   */
  provisionalBetween(fromDay: number, toDay: number): boolean {
    let uncovered = 0;
    for (let y = yearOf(fromDay); y <= yearOf(toDay); y++) {
      if (this.listedYears.has(y)) continue;
      uncovered++;
      if (this.provisionalYear(y) === null) return false;
    }
    return uncovered > 0;
  }

  isWorkingDate(isoDate: string): boolean {
    const day = parseIsoDate(isoDate);
    if (day === null) throw new RangeError(`not a date: ${isoDate}`);
    return this.isWorkingDay(day);
  }

  /** The local day (number) an instant falls on in this calendar's zone. */
  dayOf(instantMs: number): number {
    return dayOf(instantMs, this.offsetMs);
  }

  startOfDay(day: number): number {
    return startOfDay(day, this.offsetMs);
  }

  /**
   * True when the day lies in a year the calendar has data for: a year with any listed day (the
   * State Council publishes a whole year's arrangement at once, so a year with any entry is known in
   * full). In any other year the calendar still answers (Monday–Friday, with the provisional
   * statutory holidays when built with a rule), but the answer may move once the year is entered.
   */
  coversDay(day: number): boolean {
    return this.listedYears.has(yearOf(day));
  }

  /** The last local day (YYYY-MM-DD) whose kind comes from data, or null for a calendar without entries. */
  coveredThrough(): string | null {
    return this.lastListed === null ? null : `${new Date(this.lastListed * DAY_MS).getUTCFullYear()}-12-31`;
  }

  /** True when every day of [fromDay, toDay] is covered by data (see coversDay): every year between is entered. */
  coversDays(fromDay: number, toDay: number): boolean {
    for (let y = yearOf(fromDay); y <= yearOf(toDay); y++) if (!this.listedYears.has(y)) return false;
    return true;
  }

  /** The Nth working day strictly after `day` (the day itself is never counted). */
  nthWorkingDayAfter(day: number, n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKING_DAYS) throw new RangeError(`working days must be an integer in [1, ${MAX_WORKING_DAYS}], got ${n}`);
    const limit = (n + 1) * WORKING_DAY_WINDOW;
    let found = 0;
    for (let d = day + 1, steps = 0; steps < limit; d++, steps++) {
      if (this.isWorkingDay(d) && ++found === n) return d;
    }
    throw this.unreachable(day);
  }

  /**
   * Deadline of n working days for something received at `receivedAt` (docs/rules.md §2).
   * end_of_day: 24:00 local of the Nth working day after the day of receipt (= 00:00 the next day).
   * same_time: the same local clock time on that Nth working day.
   */
  addWorkingDays(receivedAt: Date, n: number, convention: DeadlineConvention = 'end_of_day'): Date {
    const t = receivedAt.getTime();
    const day = this.dayOf(t);
    const nth = this.nthWorkingDayAfter(day, n);
    if (convention === 'end_of_day') return new Date(this.startOfDay(nth + 1));
    if (convention === 'same_time') return new Date(this.startOfDay(nth) + (t - this.startOfDay(day)));
    throw new RangeError(`unknown deadline convention ${String(convention)}`);
  }

  /** Working time (ms on working days) inside [fromMs, toMs). */
  workingMs(fromMs: number, toMs: number): number {
    if (!(toMs > fromMs)) return 0;
    let total = 0;
    const lastDay = this.dayOf(toMs - 1);
    for (let d = this.dayOf(fromMs); d <= lastDay; d++) {
      if (!this.isWorkingDay(d)) continue;
      const a = Math.max(fromMs, this.startOfDay(d));
      const b = Math.min(toMs, this.startOfDay(d + 1));
      total += b - a;
    }
    return total;
  }

  /** The earliest instant at which `amountMs` of working time has passed since `fromMs`. */
  advanceWorking(fromMs: number, amountMs: number): number {
    if (amountMs <= 0) return fromMs;
    const days = Math.ceil(amountMs / DAY_MS);
    if (days > MAX_WORKING_DAYS) throw new RangeError(`working time ${amountMs} ms exceeds ${MAX_WORKING_DAYS} working days`);
    const limit = (days + 1) * WORKING_DAY_WINDOW;
    let pos = fromMs;
    let remaining = amountMs;
    let d = this.dayOf(fromMs);
    for (let steps = 0; steps < limit; steps++, d++) {
      const end = this.startOfDay(d + 1);
      if (this.isWorkingDay(d)) {
        const available = end - pos;
        if (remaining <= available) return pos + remaining;
        remaining -= available;
      }
      pos = end;
    }
    throw this.unreachable(this.dayOf(fromMs));
  }

  /** Entries in date order (for the admin listing and for persisting). */
  entries(): { date: string; kind: DayKind }[] {
    const out: { day: number; kind: DayKind }[] = [];
    for (const d of this.holidays) out.push({ day: d, kind: 'holiday' });
    for (const d of this.workdays) out.push({ day: d, kind: 'workday' });
    return out.sort((a, b) => a.day - b.day).map((e) => ({ date: formatIsoDate(e.day), kind: e.kind }));
  }

  private assertWorkingDaysReachable(): void {
    if (this.firstListed === null || this.lastListed === null) return; // plain Monday–Friday
    let run = 0;
    // Outside the listed range only weekends (and the law's few provisional days, never a week) are off,
    // so a week of margin on each side suffices.
    for (let d = this.firstListed - 7; d <= this.lastListed + 7; d++) {
      run = this.isWorkingDay(d) ? 0 : run + 1;
      if (run >= WORKING_DAY_WINDOW) {
        throw new CalendarError(
          'days',
          'no_working_day',
          `${formatIsoDate(d - run + 1)} 起连续 ${WORKING_DAY_WINDOW} 天没有工作日，时限无法到期`,
          `no working day in the ${WORKING_DAY_WINDOW} days from ${formatIsoDate(d - run + 1)}: deadlines could never fall due`,
        );
      }
    }
  }

  private unreachable(from: number): CalendarError {
    return new CalendarError(
      'days',
      'no_working_day',
      `自 ${formatIsoDate(from)} 起找不到足够的工作日`,
      `not enough working days after ${formatIsoDate(from)}`,
    );
  }
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
