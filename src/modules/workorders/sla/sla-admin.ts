/**
 * Administering SLA policies, the active policy set and the working-day calendar. Every change
 * is validated whole before anything is written (400 naming the field and rule), bumps the SLA
 * revision, is audited, and is followed by a recompute of open orders from their history.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { deleteCalendarDays, loadCalendarEntries, statutoryProvisionalDays, upsertCalendarDays } from '../../../platform/calendar/calendar-store.js';
import { STATUTORY_HOLIDAYS } from '../../../platform/calendar/statutory-holidays.js';
import { parseIsoDate } from '../../../platform/calendar/local-day.js';
import { CalendarError, WorkCalendar, type CalendarDayEntry } from '../../../platform/calendar/work-calendar.js';
import { insertPolicy, loadPolicies, loadPolicySets, lockPolicy, updatePolicyTerms } from '../../../platform/sla/policy-store.js';
import { lockSlaSettings, readSlaSettings, setActivePolicySetName } from '../../../platform/sla/settings-store.js';
import type { SlaPolicy } from '../../../platform/sla/policy-types.js';
import type { DeadlineAsk, PolicyChange, PolicyInput } from '../schemas.js';
import { bumpSlaRevision, forgetSlaContext, getSlaContext } from '../../../platform/sla/sla-context.js';
import { findOverlap, overlapIssue, validatePolicy, type PolicyIssue } from '../../../platform/sla/validate-policy.js';
import { DomainError, badField, notFound } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { INITIAL_STATE, lifecycleEdges } from '../lifecycle/lifecycle-rules.js';
import { recomputeOpenOrders } from './recompute.js';
import { DEFAULT_WARN_FRACTIONS } from './sla-defaults.js';

const vocabulary = () => ({ initialState: INITIAL_STATE, edges: lifecycleEdges() });

function issuesError(issues: PolicyIssue[], prefix = 'body.'): DomainError {
  const first = issues[0];
  return new DomainError(
    'invalid',
    'VALIDATION_FAILED',
    `请求参数有误：${first.zh}`,
    `Invalid request: ${first.en}`,
    issues.map((i) => ({ field: prefix + i.field, rule: i.rule, message: i.zh, messageEn: i.en })),
  );
}

export async function listPolicies(db: Db) {
  const [policies, sets, settings] = await Promise.all([loadPolicies(db), loadPolicySets(db), readSlaSettings(db)]);
  return { activePolicySet: settings.activePolicySet, revision: settings.revision, sets, policies };
}

async function afterChange(db: Db) {
  forgetSlaContext(db);
  return recomputeOpenOrders(db);
}

export async function createPolicy(db: Db, p: Principal, input: PolicyInput) {
  const policy: SlaPolicy = { ...input, clocks: input.clocks.map((c) => ({ ...c, warnFractions: c.warnFractions ?? DEFAULT_WARN_FRACTIONS })) };
  const issues = validatePolicy(policy, vocabulary());
  if (issues.length) throw issuesError(issues);
  const actor = actorOf(p);
  const saved = await withTx(db, async (tx) => {
    await lockSlaSettings(tx); // one policy change at a time
    const sets = await loadPolicySets(tx);
    if (!sets.some((s) => s.name === policy.policySet)) throw badField('body.policySet', 'exists', '策略集不存在', 'unknown policy set');
    const others = await loadPolicies(tx);
    if (others.some((o) => o.policySet === policy.policySet && o.code === policy.code && o.version === policy.version)) {
      throw badField('body.version', 'unique', '该策略版本已存在', 'this code and version already exist in the set');
    }
    const overlap = findOverlap(policy, others);
    if (overlap) throw issuesError([overlapIssue(policy, overlap)]);
    const row = await insertPolicy(tx, policy, actor.id);
    await bumpSlaRevision(tx);
    await recordAudit(tx, actor, { action: 'sla.policy_create', entity: 'sla_policy', entityId: row.id, after: row });
    return row;
  });
  return { policy: saved, ...(await afterChange(db)) };
}

export async function updatePolicy(db: Db, p: Principal, id: number, patch: PolicyChange) {
  const actor = actorOf(p);
  const saved = await withTx(db, async (tx) => {
    await lockSlaSettings(tx);
    const before = await lockPolicy(tx, id);
    if (!before) throw notFound('SLA policy', '时限策略');
    const next: SlaPolicy = {
      ...before,
      validTo: patch.validTo === undefined ? before.validTo : patch.validTo,
      clocks: patch.clocks ? patch.clocks.map((c) => ({ ...c, warnFractions: c.warnFractions ?? DEFAULT_WARN_FRACTIONS })) : before.clocks,
      title: patch.title ?? before.title,
      source: patch.source ?? before.source,
    };
    const issues = validatePolicy(next, vocabulary());
    if (issues.length) throw issuesError(issues);
    const overlap = findOverlap(next, await loadPolicies(tx));
    if (overlap) throw issuesError([overlapIssue(next, overlap)]);
    const stored = await updatePolicyTerms(tx, id, next);
    await bumpSlaRevision(tx);
    await recordAudit(tx, actor, { action: 'sla.policy_update', entity: 'sla_policy', entityId: id, before, after: next });
    return stored;
  });
  return { policy: saved, ...(await afterChange(db)) };
}

export async function setActivePolicySet(db: Db, p: Principal, name: string) {
  const actor = actorOf(p);
  await withTx(db, async (tx) => {
    const sets = await loadPolicySets(tx);
    if (!sets.some((s) => s.name === name)) throw badField('body.activePolicySet', 'exists', '策略集不存在', 'unknown policy set');
    const before = (await readSlaSettings(tx, true)).activePolicySet;
    await setActivePolicySetName(tx, name);
    await bumpSlaRevision(tx);
    await recordAudit(tx, actor, {
      action: 'sla.settings_update',
      entity: 'sla_settings',
      entityId: 1,
      before: { activePolicySet: before },
      after: { activePolicySet: name },
    });
  });
  forgetSlaContext(db);
  return { activePolicySet: name };
}

/**
 * One year's entries, and the last day the calendar data covers. Working-day deadlines beyond it
 * are counted with that year's statutory holidays, provisionally (`provisional`: the days the law
 * fixes, from `provisionalSource`), until an administrator enters that year's arrangement; a year
 * the law's rules cannot place (before 2025, or past the lunar table) is counted Monday–Friday.
 */
export async function listCalendar(db: Db, year: number) {
  const all = await loadCalendarEntries(db);
  const last = all.reduce<string | null>((m, d) => (m === null || d.date > m ? d.date : m), null);
  const coveredThrough = last === null ? null : `${last.slice(0, 4)}-12-31`;
  const days = all.filter((d) => d.date.startsWith(`${year}-`));
  const covered = days.length > 0; // a year with any entry is entered in full (WorkCalendar.coversDay)
  const provisional = covered ? null : statutoryProvisionalDays(year);
  return {
    year,
    days,
    coveredThrough,
    covered,
    provisional: provisional ?? [],
    provisionalSource: provisional ? STATUTORY_HOLIDAYS.source : null,
  };
}

/** GET /api/calendar/deadline: N working days from an instant under a deadline convention (end_of_day by default). */
export async function deadlineFrom(db: Db, q: DeadlineAsk) {
  const ctx = await getSlaContext(db);
  const from = new Date(q.from);
  const convention = q.convention ?? 'end_of_day';
  return {
    from: from.toISOString(),
    workingDays: q.workingDays,
    convention,
    dueAt: ctx.calendar.addWorkingDays(from, q.workingDays, convention).toISOString(),
  };
}

/** Replaces one year's holidays and make-up days; refuses duplicates, dates outside the year, and a calendar with no reachable working day. */
export async function replaceCalendarYear(db: Db, p: Principal, year: number, days: CalendarDayEntry[]) {
  const seen = new Map<string, number>();
  days.forEach((d, i) => {
    if (parseIsoDate(d.date) === null) throw badField(`body.days[${i}].date`, 'date', '日期格式应为 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
    if (!d.date.startsWith(`${year}-`)) throw badField(`body.days[${i}].date`, 'year', `日期应在 ${year} 年内`, `must lie in ${year}`);
    if (seen.has(d.date))
      throw badField(`body.days[${i}].date`, 'duplicate', `日期 ${d.date} 重复出现（第 ${seen.get(d.date)! + 1} 项）`, `day ${d.date} is listed twice`);
    seen.set(d.date, i);
  });
  const actor = actorOf(p);
  await withTx(db, async (tx) => {
    const tz = (await readSlaSettings(tx, true)).timezone;
    const current = await loadCalendarEntries(tx);
    const before = current.filter((d) => d.date.startsWith(`${year}-`));
    const merged = [...current.filter((d) => !d.date.startsWith(`${year}-`)), ...days];
    try {
      WorkCalendar.create({ timezone: tz, days: merged });
    } catch (e) {
      if (e instanceof CalendarError) throw badField('body.days', e.rule, e.zh, e.message);
      throw e;
    }
    await deleteCalendarDays(
      tx,
      before.map((d) => d.date),
    );
    await upsertCalendarDays(tx, days, 'admin');
    await bumpSlaRevision(tx);
    await recordAudit(tx, actor, { action: 'calendar.replace_year', entity: 'calendar', entityId: year, before, after: days });
  });
  return { year, days: days.length, ...(await afterChange(db)) };
}
