/**
 * Pure: pause (暂停) and capacity reduction (减容) requests under 供电营业规则 (1996) Art. 23/24 —
 * apply five days ahead; a pause lasts at least 15 days, at most twice per calendar year and at
 * most six months (policy: days) a year in total, whole transformers only; a reduction lasts six
 * months to two years, and its restoration needs five days' notice. Each refusal names its rule.
 * Dates are local calendar dates 'YYYY-MM-DD'.
 */
import type { ConnectionPolicy } from './policy.js';

export interface Problem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

const DAY = 86_400_000;
const toDay = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
/** Whole days from a to b (b − a). */
export const daysBetween = (a: string, b: string) => toDay(b) - toDay(a);
export function addMonths(d: string, months: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(day, last))).toISOString().slice(0, 10);
}

export interface PastPause {
  startsOn: string;
  endsOn: string;
}

export interface PauseRequest {
  requestedOn: string;
  startsOn: string;
  endsOn: string;
  /** capacity to pause, kVA */
  kva: number;
  /** capacities of the transformers installed at the service point, kVA each */
  transformers: number[];
}

/** Whether `kva` is the sum of some whole transformers. */
export function wholeTransformers(kva: number, units: readonly number[]): boolean {
  let reach = new Set([0]);
  for (const u of units) reach = new Set([...reach, ...[...reach].map((s) => Math.round((s + u) * 100) / 100)]);
  return kva > 0 && reach.has(Math.round(kva * 100) / 100);
}

/** Days of [start, end) that fall in the given calendar year. */
function daysInYear(p: PastPause, year: number): number {
  const from = Math.max(toDay(p.startsOn), toDay(`${year}-01-01`));
  const to = Math.min(toDay(p.endsOn), toDay(`${year + 1}-01-01`));
  return Math.max(0, to - from);
}

export function pauseProblems(r: PauseRequest, past: readonly PastPause[], p: ConnectionPolicy['pause']): Problem[] {
  const out: Problem[] = [];
  if (daysBetween(r.requestedOn, r.startsOn) < p.noticeDays)
    out.push({ field: 'startsOn', rule: 'notice_days', zh: `暂停须提前 ${p.noticeDays} 天申请`, en: `a pause must be applied for ${p.noticeDays} days ahead` });
  const len = daysBetween(r.startsOn, r.endsOn);
  if (len < p.minDays)
    out.push({
      field: 'endsOn',
      rule: 'min_days',
      zh: `每次暂停不得少于 ${p.minDays} 天（本次 ${len} 天）`,
      en: `each pause lasts at least ${p.minDays} days (this one ${len})`,
    });
  if (!wholeTransformers(r.kva, r.transformers))
    out.push({
      field: 'kva',
      rule: 'whole_transformer',
      zh: `暂停容量须为整台变压器容量之和（现有 ${r.transformers.join('、')} kVA）`,
      en: `a pause covers whole transformers only (installed: ${r.transformers.join(', ')} kVA)`,
    });
  const year = Number(r.startsOn.slice(0, 4));
  const sameYear = past.filter((x) => daysInYear(x, year) > 0 || Number(x.startsOn.slice(0, 4)) === year);
  if (sameYear.length >= p.maxPerYear)
    out.push({
      field: 'startsOn',
      rule: 'max_per_year',
      zh: `每一日历年内暂停不得超过 ${p.maxPerYear} 次（${year} 年已 ${sameYear.length} 次）`,
      en: `at most ${p.maxPerYear} pauses per calendar year (${sameYear.length} already in ${year})`,
    });
  const years = new Set([year, Number(r.endsOn.slice(0, 4))]);
  for (const y of years) {
    const total = [...past, { startsOn: r.startsOn, endsOn: r.endsOn }].reduce((s, x) => s + daysInYear(x, y), 0);
    if (total > p.maxDaysPerYear) {
      out.push({
        field: 'endsOn',
        rule: 'max_days_per_year',
        zh: `${y} 年累计暂停 ${total} 天，超过六个月（${p.maxDaysPerYear} 天）`,
        en: `${total} days paused in ${y}, over six months (${p.maxDaysPerYear} days)`,
      });
      break;
    }
  }
  return out;
}

export interface ReductionRequest {
  requestedOn: string;
  startsOn: string;
  endsOn: string;
  kva: number;
  contractedKva: number;
}

export function reductionProblems(r: ReductionRequest, p: ConnectionPolicy['reduction']): Problem[] {
  const out: Problem[] = [];
  if (daysBetween(r.requestedOn, r.startsOn) < p.noticeDays)
    out.push({
      field: 'startsOn',
      rule: 'notice_days',
      zh: `减容须提前 ${p.noticeDays} 天申请`,
      en: `a reduction must be applied for ${p.noticeDays} days ahead`,
    });
  if (r.endsOn < addMonths(r.startsOn, p.minMonths))
    out.push({ field: 'endsOn', rule: 'min_months', zh: `减容期限不得少于 ${p.minMonths} 个月`, en: `a reduction lasts at least ${p.minMonths} months` });
  if (r.endsOn > addMonths(r.startsOn, p.maxMonths))
    out.push({ field: 'endsOn', rule: 'max_months', zh: `减容期限不得超过 ${p.maxMonths} 个月`, en: `a reduction lasts at most ${p.maxMonths} months` });
  if (r.kva <= 0 || r.kva >= r.contractedKva)
    out.push({
      field: 'kva',
      rule: 'reduction_kva',
      zh: `减容容量须大于 0 且小于合同容量 ${r.contractedKva} kVA`,
      en: `the reduction must be above 0 and below the contracted ${r.contractedKva} kVA`,
    });
  return out;
}

/** Restoring a reduction (减容恢复): five days' notice before the restore date. */
export function restoreProblems(r: { requestedOn: string; restoreOn: string }, p: ConnectionPolicy['reduction']): Problem[] {
  return daysBetween(r.requestedOn, r.restoreOn) < p.restoreNoticeDays
    ? [
        {
          field: 'restoreOn',
          rule: 'restore_notice_days',
          zh: `减容恢复须提前 ${p.restoreNoticeDays} 天申请`,
          en: `restoring a reduction needs ${p.restoreNoticeDays} days' notice`,
        },
      ]
    : [];
}
