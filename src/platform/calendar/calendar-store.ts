/** The calendar table: load it as a WorkCalendar, seed it from chinese-days, edit days. */
import type { Queryable } from '../../db/pool.js';
import { chineseDaysAstronomy, chineseDaysEntries } from './chinese-days-source.js';
import { provisionalHolidays } from './provisional-holidays.js';
import { STATUTORY_HOLIDAYS } from './statutory-holidays.js';
import { WorkCalendar, type CalendarDayEntry, type ProvisionalRule } from './work-calendar.js';

let astronomy: ReturnType<typeof chineseDaysAstronomy> | null = null;

/** The provisional days of a year not entered yet: the statutory holidays of the law in force (STATUTORY_HOLIDAYS), placed by chinese-days' lunar data. */
export function statutoryProvisionalDays(year: number): CalendarDayEntry[] | null {
  astronomy ??= chineseDaysAstronomy();
  return provisionalHolidays(year, STATUTORY_HOLIDAYS, astronomy)?.days ?? null;
}

export const statutoryProvisionalRule: ProvisionalRule = (year) => statutoryProvisionalDays(year)?.map((d) => d.date) ?? null;

/** The working calendar griddesk counts with: the listed days, and for years not listed the statutory holidays provisionally. */
export function buildCalendar(timezone: string, days: readonly CalendarDayEntry[]): WorkCalendar {
  return WorkCalendar.create({ timezone, days }, { provisional: statutoryProvisionalRule });
}

export async function loadCalendarEntries(db: Queryable): Promise<CalendarDayEntry[]> {
  const { rows } = await db.query<{ day: string; kind: 'holiday' | 'workday'; name: string | null }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_days ORDER BY day`,
  );
  return rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name }));
}

export async function loadCalendar(db: Queryable, timezone: string): Promise<WorkCalendar> {
  return buildCalendar(timezone, await loadCalendarEntries(db));
}

/** Writes entries (insert or replace by day) in one statement. */
export async function upsertCalendarDays(db: Queryable, entries: readonly CalendarDayEntry[], source: string): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO calendar_days (day, kind, name, source, updated_at)
     SELECT d::date, k, n, $4, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(d, k, n)
     ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source, updated_at = now()`,
    [entries.map((e) => e.date), entries.map((e) => e.kind), entries.map((e) => e.name ?? null), source],
  );
}

export async function deleteCalendarDays(db: Queryable, dates: readonly string[]): Promise<number> {
  if (dates.length === 0) return 0;
  const r = await db.query(`DELETE FROM calendar_days WHERE day = ANY($1::date[])`, [dates]);
  return r.rowCount ?? 0;
}

/** First-start seed: statutory holidays and make-up days from the chinese-days package data. */
export async function seedCalendarFromChineseDays(db: Queryable): Promise<number> {
  const entries = chineseDaysEntries();
  WorkCalendar.create({ timezone: 'Asia/Shanghai', days: entries }); // refuse bad package data before writing
  await upsertCalendarDays(db, entries, 'chinese-days');
  return entries.length;
}

/**
 * The holidays between two local dates (inclusive) → their names: the listed days of kind 'holiday', and
 * for a year with no listed days the statutory holidays of the law in force, provisionally (as buildCalendar).
 */
export async function holidaysBetween(db: Queryable, from: string, to: string): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ day: string; kind: 'holiday' | 'workday'; name: string | null }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_days WHERE day BETWEEN $1::date AND $2::date ORDER BY day`,
    [from, to],
  );
  const out = new Map<string, string | null>();
  for (const r of rows) if (r.kind === 'holiday') out.set(r.day, r.name);
  for (let y = +from.slice(0, 4); y <= +to.slice(0, 4); y++) {
    const listed = (await db.query(`SELECT 1 FROM calendar_days WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1) LIMIT 1`, [y])).rowCount;
    if (listed) continue;
    for (const d of statutoryProvisionalDays(y) ?? []) if (d.kind === 'holiday' && d.date >= from && d.date <= to) out.set(d.date, d.name ?? null);
  }
  return out;
}
