/**
 * Refuses a policy before it is saved when it is malformed, overlaps another version of the same
 * match key, or has a clock that could never fall due or never stop (docs/rules.md §2, issue "Bad input").
 * Issues name the field and the rule, in zh-CN and English, for the API's 400.
 */
import { MAX_WORKING_DAYS } from '../calendar/work-calendar.js';
import type { ClockDef, PolicyMatch, SlaPolicy, StateVocabulary } from './policy-types.js';

export interface PolicyIssue {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

/** Ten years in minutes: a natural clock longer than that is an input error, not a commitment. */
const MAX_NATURAL_MINUTES = 10 * 366 * 24 * 60;

function reachableStates(v: StateVocabulary): Set<string> {
  const seen = new Set([v.initialState]);
  const queue = [v.initialState];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const [from, , to] of v.edges)
      if (from === s && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
  }
  return seen;
}

function clockIssues(c: ClockDef, f: string, v: StateVocabulary, reachable: Set<string>): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (field: string, rule: string, zh: string, en: string) => issues.push({ field: `${f}.${field}`, rule, zh, en });
  const states = new Set([v.initialState, ...v.edges.flatMap(([a, , b]) => [a, b])]);
  const actions = new Set(v.edges.map(([, a]) => a));
  const actionsFromReachable = new Set(v.edges.filter(([from]) => reachable.has(from)).map(([, a]) => a));

  if (!c.name || !/^[a-z][a-z0-9_]{0,39}$/.test(c.name))
    add('name', 'pattern', '时钟名称应为小写字母、数字、下划线', 'must be lower-case letters, digits, underscores');
  if (c.basis === 'natural') {
    if (!Number.isInteger(c.minutes) || c.minutes! < 1 || c.minutes! > MAX_NATURAL_MINUTES)
      add('minutes', 'range', `分钟数应为 1–${MAX_NATURAL_MINUTES} 的整数`, `must be an integer from 1 to ${MAX_NATURAL_MINUTES}`);
    if (c.workingDays !== undefined) add('workingDays', 'basis', '自然时间时钟不能设工作日', 'is not allowed on a natural-time clock');
  } else if (c.basis === 'working_days') {
    if (!Number.isInteger(c.workingDays) || c.workingDays! < 1 || c.workingDays! > MAX_WORKING_DAYS)
      add('workingDays', 'range', `工作日数应为 1–${MAX_WORKING_DAYS} 的整数`, `must be an integer from 1 to ${MAX_WORKING_DAYS}`);
    if (c.minutes !== undefined) add('minutes', 'basis', '工作日时钟不能设分钟', 'is not allowed on a working-day clock');
    if (c.convention !== undefined && c.convention !== 'end_of_day' && c.convention !== 'same_time')
      add('convention', 'enum', '应为 end_of_day 或 same_time', 'must be end_of_day or same_time');
  } else add('basis', 'enum', '应为 natural 或 working_days', 'must be natural or working_days');

  const fr = c.warnFractions ?? [];
  fr.forEach((x, i) => {
    if (!(typeof x === 'number' && x > 0 && x < 1)) add(`warnFractions[${i}]`, 'range', '预警比例应在 0 与 1 之间', 'must be between 0 and 1');
    else if (i > 0 && !(x > fr[i - 1])) add(`warnFractions[${i}]`, 'ascending', '预警比例应递增且不重复', 'must be ascending without repeats');
  });

  const unknownState = (list: string[] | undefined, field: string) =>
    (list ?? []).forEach((s, i) => {
      if (!states.has(s)) add(`${field}[${i}]`, 'unknown_state', `未知的工单状态 ${s}`, `unknown order state ${s}`);
    });
  const unknownAction = (list: string[] | undefined, field: string) =>
    (list ?? []).forEach((a, i) => {
      if (!actions.has(a)) add(`${field}[${i}]`, 'unknown_action', `未知的操作 ${a}`, `unknown action ${a}`);
    });
  unknownState(c.pauseStates, 'pauseStates');
  unknownState(c.cancelStates, 'cancelStates');
  unknownState(c.stopOn.states, 'stopOn.states');
  unknownAction(c.stopOn.actions, 'stopOn.actions');
  unknownAction(c.startOn, 'startOn');
  if (issues.length > 0) return issues;

  const stopStates = c.stopOn.states ?? [];
  const stopActions = c.stopOn.actions ?? [];
  if (stopStates.length + stopActions.length === 0)
    add('stopOn', 'required', '必须指定时钟停止的状态或操作', 'must name a state or action that stops the clock');
  const both = stopStates.find((s) => c.pauseStates.includes(s) || (c.cancelStates ?? []).includes(s));
  if (both) add('pauseStates', 'unreachable', `状态 ${both} 既暂停/取消又停止时钟`, `state ${both} both pauses/cancels and stops the clock`);
  const stopReachable = stopStates.some((s) => reachable.has(s)) || stopActions.some((a) => actionsFromReachable.has(a));
  if (issues.length === 0 && !stopReachable)
    add('stopOn', 'unreachable', '工单流程中无法到达停止条件，时钟永不停止', 'no reachable state or action stops this clock');
  const runs = [...reachable].some((s) => !c.pauseStates.includes(s) && !stopStates.includes(s) && !(c.cancelStates ?? []).includes(s));
  if (!runs) add('pauseStates', 'unreachable', '所有可达状态都暂停时钟，时钟永不到期', 'every reachable state pauses the clock: it could never fall due');
  if (c.startOn && c.startOn.length > 0 && !c.startOn.some((a) => actionsFromReachable.has(a)))
    add('startOn', 'unreachable', '启动时钟的操作无法发生', 'no action that starts this clock can happen');
  return issues;
}

export function validatePolicy(p: SlaPolicy, v: StateVocabulary): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (field: string, rule: string, zh: string, en: string) => issues.push({ field, rule, zh, en });
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(p.code ?? '')) add('code', 'pattern', '编码应为小写字母、数字、-_.', 'must be lower-case letters, digits, - _ .');
  if (!p.policySet) add('policySet', 'required', '必填', 'is required');
  if (!Number.isInteger(p.version) || p.version < 1) add('version', 'range', '版本号应为正整数', 'must be a positive integer');
  if (!p.match?.orderType) add('match.orderType', 'required', '必填', 'is required');
  const from = Date.parse(p.validFrom);
  if (Number.isNaN(from)) add('validFrom', 'format', '应为日期时间', 'must be a date-time');
  if (p.validTo !== null) {
    const to = Date.parse(p.validTo);
    if (Number.isNaN(to)) add('validTo', 'format', '应为日期时间', 'must be a date-time');
    else if (!(to > from)) add('validTo', 'after_valid_from', '失效时间应晚于生效时间', 'must be after validFrom');
  }
  if (!Array.isArray(p.clocks) || p.clocks.length === 0) add('clocks', 'required', '至少需要一个时钟', 'needs at least one clock');
  const reachable = reachableStates(v);
  const names = new Set<string>();
  (p.clocks ?? []).forEach((c, i) => {
    if (names.has(c.name)) add(`clocks[${i}].name`, 'duplicate', `时钟名称 ${c.name} 重复`, `clock name ${c.name} is used twice`);
    names.add(c.name);
    issues.push(...clockIssues(c, `clocks[${i}]`, v, reachable));
  });
  return issues;
}

const sameKey = (a: PolicyMatch, b: PolicyMatch) =>
  a.orderType === b.orderType && a.subtype === b.subtype && a.channel === b.channel && a.customerClass === b.customerClass && a.areaType === b.areaType;
const end = (to: string | null) => (to === null ? Number.POSITIVE_INFINITY : Date.parse(to));

/** The first other policy of the same set and match key whose validity overlaps the candidate's. */
export function findOverlap(candidate: SlaPolicy, others: readonly SlaPolicy[]): SlaPolicy | null {
  const [a0, a1] = [Date.parse(candidate.validFrom), end(candidate.validTo)];
  for (const o of others) {
    if (o === candidate || (candidate.id !== undefined && o.id === candidate.id)) continue;
    if (o.code === candidate.code && o.version === candidate.version && o.policySet === candidate.policySet) continue;
    if (o.policySet !== candidate.policySet || !sameKey(o.match, candidate.match)) continue;
    if (a0 < end(o.validTo) && Date.parse(o.validFrom) < a1) return o;
  }
  return null;
}

export function overlapIssue(candidate: SlaPolicy, other: SlaPolicy): PolicyIssue {
  return {
    field: 'validFrom',
    rule: 'overlap',
    zh: `与策略 ${other.code} v${other.version}（${other.validFrom} 起）的有效期重叠`,
    en: `validity overlaps policy ${other.code} v${other.version} (from ${other.validFrom}) for the same match`,
  };
}
