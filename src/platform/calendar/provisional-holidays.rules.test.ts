/**
 * year → the statutory holidays of 全国年节及纪念日放假办法 (2024 amendment, in force 2025), placed by
 * the lunar table and the Qingming solar term of chinese-days: checked against the arrangements
 * the State Council published (2025, 2026), against known dates of later years, and in a process
 * west of Greenwich (the package's own date functions slip a day there; ours must not).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chineseDaysAstronomy, chineseDaysEntries, LUNAR_TABLE_YEARS } from './chinese-days-source.js';
import { provisionalHolidays, type Astronomy } from './provisional-holidays.js';
import { STATUTORY_HOLIDAYS, type StatutoryHolidayLaw } from './statutory-holidays.js';
import { formatIsoDate, parseIsoDate } from './local-day.js';

const astro = chineseDaysAstronomy();
const dates = (year: number) => provisionalHolidays(year, STATUTORY_HOLIDAYS, astro)?.days.map((d) => d.date) ?? null;

test('2027, a year without a published arrangement: the 13 statutory days, lunar ones from the table', () => {
  assert.deepEqual(dates(2027), [
    '2027-01-01', // 元旦
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08', // 除夕 (腊月廿九: a 29-day 12th month), 正月初一–初三
    '2027-04-05', // 清明
    '2027-05-01',
    '2027-05-02', // 劳动节
    '2027-06-09', // 端午 (五月初五)
    '2027-09-15', // 中秋 (八月十五)
    '2027-10-01',
    '2027-10-02',
    '2027-10-03', // 国庆节
  ]);
  const names = provisionalHolidays(2027, STATUTORY_HOLIDAYS, astro)!.days;
  assert.ok(names.every((d) => d.kind === 'holiday' && /暂定 provisional/.test(d.name!)));
  assert.match(names.find((d) => d.date === '2027-02-05')!.name!, /春节 Spring Festival/);
});

test("the law's days lie inside every arrangement published under it (2025, 2026): only the make-up and bridging days were unknown", () => {
  const published = chineseDaysEntries();
  for (const year of [2025, 2026]) {
    const holidays = new Set(published.filter((e) => e.kind === 'holiday' && e.date.startsWith(`${year}-`)).map((e) => e.date));
    assert.ok(holidays.size > 13, `${year} is published`);
    const law = dates(year)!;
    assert.equal(law.length, 13, `${year}: 13 statutory days`);
    for (const d of law) assert.ok(holidays.has(d), `${year}: statutory day ${d} is a published holiday`);
  }
});

test('later years on both sides of leap months and early/late new years match known dates', () => {
  // 2028: leap 5th month — 端午 is the ordinary 五月初五 (05-28), not the leap one; 除夕 01-25
  const y2028 = dates(2028)!;
  for (const d of ['2028-01-25', '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03']) assert.ok(y2028.includes(d), d);
  assert.ok(!y2028.includes('2028-06-27'));
  // 2030: 春节 02-03 (除夕 02-02), 清明 04-05, 端午 06-05, 中秋 09-12
  const y2030 = dates(2030)!;
  for (const d of ['2030-02-02', '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12']) assert.ok(y2030.includes(d), d);
});

test('every year the rule can give: 除夕 is the day before 正月初一, Qingming falls 04-04..04-06, lunar days agree with the package', () => {
  const lib = createRequire(import.meta.url)('chinese-days') as { getLunarDate(d: string): { lunarMon: number; lunarDay: number; isLeap: boolean } };
  const east = new Date().getTimezoneOffset() <= 0; // the package's own conversion is right only here
  for (let year = STATUTORY_HOLIDAYS.inForceFromYear; year <= LUNAR_TABLE_YEARS.last; year++) {
    const newYear = astro.lunarToSolar(year, 1, 1)!;
    const eve = provisionalHolidays(year, STATUTORY_HOLIDAYS, astro)!.days.find((d) => /春节/.test(d.name!))!;
    assert.equal(eve.date, formatIsoDate(newYear - 1), `${year}`);
    const qingming = formatIsoDate(astro.solarTerm(year, 4, 'pure_brightness')!);
    assert.ok(qingming >= `${year}-04-04` && qingming <= `${year}-04-06`, `${year}: ${qingming}`);
    if (east) {
      for (const [m, d] of [
        [1, 1],
        [5, 5],
        [8, 15],
      ]) {
        const l = lib.getLunarDate(formatIsoDate(astro.lunarToSolar(year, m, d)!));
        assert.deepEqual([l.lunarMon, l.lunarDay, l.isLeap], [m, d, false], `${year} ${m}/${d}`);
      }
      const before = lib.getLunarDate(formatIsoDate(newYear - 1));
      assert.ok(before.lunarMon === 12 && (before.lunarDay === 29 || before.lunarDay === 30), `${year}: 除夕 is the last day of the 12th month`);
    }
  }
});

test('two holidays on one day (中秋 on a National Day) give one day with both names', () => {
  const clash = Array.from({ length: 75 }, (_, i) => 2025 + i).find((y) => {
    const mid = formatIsoDate(astro.lunarToSolar(y, 8, 15)!);
    return mid >= `${y}-10-01` && mid <= `${y}-10-03`;
  })!;
  assert.ok(clash, 'some year has 中秋 on 10-01..03');
  const days = provisionalHolidays(clash, STATUTORY_HOLIDAYS, astro)!.days;
  assert.equal(days.length, 12);
  assert.ok(days.some((d) => /国庆节.*中秋节|中秋节.*国庆节/.test(d.name!)));
});

test("no provisional days before the law's version was in force, nor past the lunar table", () => {
  assert.equal(dates(2024), null, 'the 2013 version (11 days) governed 2024');
  assert.equal(dates(LUNAR_TABLE_YEARS.last + 1), null);
  assert.notEqual(dates(LUNAR_TABLE_YEARS.last), null);
  // a source without data for a year gives nothing for it, never a partial year
  const blind: Astronomy = { lunarToSolar: () => null, solarTerm: (y) => parseIsoDate(`${y}-04-05`) };
  assert.equal(provisionalHolidays(2027, STATUTORY_HOLIDAYS, blind), null);
});

test('the rule reads the law as data: a law with other days gives other days', () => {
  const other: StatutoryHolidayLaw = {
    ...STATUTORY_HOLIDAYS,
    holidays: [
      {
        key: 'x',
        zh: '测试',
        en: 'Test',
        lawText: '',
        days: [
          { kind: 'solar', month: 3, day: 8 },
          { kind: 'lunar', month: 1, day: 15 },
        ],
      },
    ],
  };
  assert.deepEqual(
    provisionalHolidays(2027, other, astro)!.days.map((d) => d.date),
    ['2027-02-20', '2027-03-08'],
  );
});

test("the same days in a process west of Greenwich (the package's own date functions slip a day there)", () => {
  const here = fileURLToPath(new URL('./chinese-days-source.js', import.meta.url));
  const rule = fileURLToPath(new URL('./provisional-holidays.js', import.meta.url));
  const law = fileURLToPath(new URL('./statutory-holidays.js', import.meta.url));
  const script = `const { chineseDaysAstronomy } = await import(${JSON.stringify(here)});
    const { provisionalHolidays } = await import(${JSON.stringify(rule)});
    const { STATUTORY_HOLIDAYS } = await import(${JSON.stringify(law)});
    const a = chineseDaysAstronomy();
    console.log(JSON.stringify([2027, 2028, 2031, 2050].map((y) => provisionalHolidays(y, STATUTORY_HOLIDAYS, a).days.map((d) => d.date))));`;
  for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout),
      [2027, 2028, 2031, 2050].map((y) => dates(y)),
      tz,
    );
  }
});
