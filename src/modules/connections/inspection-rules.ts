/**
 * Pure: the large-customer annual inspection (大客户年度检查, docs/rules.md §5.6). Every large
 * customer is inspected at least once in each calendar year; the year's plan proposes a date for
 * each one; a finding has a rectification deadline; the states below drive the register and the
 * supervisor's list. Dates are local calendar dates 'YYYY-MM-DD'.
 */
import { addDays, dateIn } from '../../platform/calendar/dates.js';
import type { InspectionPolicy } from './policy.js';

export { addDays };

export type InspectionState = 'planned' | 'overdue' | 'done' | 'rectifying' | 'rectification_overdue' | 'closed';

export interface InspectionFacts {
  plannedOn: string;
  doneOn: string | null;
  /** the latest rectification deadline among the findings, null when nothing needs rectifying */
  rectificationDue: string | null;
  rectifiedOn: string | null;
}

/**
 * planned → overdue once `today` is after plannedOn + graceDays; done → rectifying while a finding
 * awaits rectification (rectification_overdue after its deadline), closed once rectified or when
 * nothing needed rectifying.
 */
export function inspectionState(f: InspectionFacts, today: string, p: InspectionPolicy): InspectionState {
  if (!f.doneOn) return today > addDays(f.plannedOn, p.graceDays) ? 'overdue' : 'planned';
  if (f.rectificationDue === null || f.rectifiedOn !== null) return f.rectificationDue === null ? 'done' : 'closed';
  return today > f.rectificationDue ? 'rectification_overdue' : 'rectifying';
}

export interface Finding {
  item: string;
  severity: 'minor' | 'major';
  /** the inspector's deadline; otherwise doneOn + rectificationDays */
  rectifyBy?: string;
}

/** The rectification deadline of an inspection: the latest of its findings' deadlines, null without findings. */
export function rectificationDue(doneOn: string, findings: readonly Finding[], p: InspectionPolicy): string | null {
  if (findings.length === 0) return null;
  return findings.map((x) => x.rectifyBy ?? addDays(doneOn, p.rectificationDays)).reduce((a, b) => (a >= b ? a : b));
}

/**
 * The year's plan: one proposed date per large customer not yet planned for that year, spread in
 * register order over the policy's months (round robin), on the policy's day of the month (clamped
 * to the month's last day). A plan made during its year moves dates already past to `notBefore`
 * (the day it is made), so no inspection is born overdue.
 */
export function proposePlan(
  entries: readonly number[],
  year: number,
  alreadyPlanned: ReadonlySet<number>,
  p: InspectionPolicy,
  notBefore = '0000-01-01',
): { id: number; plannedOn: string }[] {
  const months = p.planMonths.length ? p.planMonths : [6];
  return entries
    .filter((id) => !alreadyPlanned.has(id))
    .map((id, i) => {
      const proposed = dateIn(year, months[i % months.length], Math.max(1, p.planDay));
      return { id, plannedOn: proposed < notBefore ? notBefore : proposed };
    });
}

/** Refusals of a recorded result, each naming its field. */
export function resultProblems(
  input: { doneOn: string; findings: readonly Finding[] },
  plannedYear: number,
  today: string,
): { field: string; rule: string; zh: string; en: string }[] {
  const out: { field: string; rule: string; zh: string; en: string }[] = [];
  if (input.doneOn > today) out.push({ field: 'doneOn', rule: 'not_future', zh: '检查日期不能晚于今天', en: 'the inspection date cannot be in the future' });
  if (Number(input.doneOn.slice(0, 4)) !== plannedYear)
    out.push({
      field: 'doneOn',
      rule: 'plan_year',
      zh: `检查日期须在计划年度 ${plannedYear} 内`,
      en: `the inspection date must fall in the plan year ${plannedYear}`,
    });
  input.findings.forEach((f, i) => {
    if (f.rectifyBy !== undefined && f.rectifyBy < input.doneOn)
      out.push({
        field: `findings[${i}].rectifyBy`,
        rule: 'after_inspection',
        zh: '整改期限不能早于检查日期',
        en: 'the rectification deadline cannot precede the inspection',
      });
  });
  return out;
}
