/**
 * Rules for the service-desk settings an administrator edits (the workorder_settings row): the
 * duplicate window, the reopen window, the callback sample, how far back each channel may date a
 * received time, and the major-complaint escalation steps. Pure: the settings in, problems out.
 */
import type { DeskSettings } from '../schemas.js';

export type { DeskSettings };

export interface SettingsIssue {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

export function checkDeskSettings(
  s: DeskSettings,
  channels: readonly string[],
  staffEntered: readonly string[],
  escalationLevels: readonly string[],
): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  for (const c of Object.keys(s.maxBackdateMinutes)) {
    if (!channels.includes(c)) issues.push({ field: `maxBackdateMinutes.${c}`, rule: 'enum', zh: `未知渠道 ${c}`, en: `unknown channel ${c}` });
  }
  for (const c of channels) {
    if (s.maxBackdateMinutes[c] === undefined)
      issues.push({ field: `maxBackdateMinutes.${c}`, rule: 'required', zh: `缺少渠道 ${c} 的补录时限`, en: `the limit for channel ${c} is missing` });
  }
  // Letters, faxes and referrals are entered after they arrive: a limit of 0 would refuse every one.
  for (const c of staffEntered) {
    if (s.maxBackdateMinutes[c] === 0)
      issues.push({
        field: `maxBackdateMinutes.${c}`,
        rule: 'reachable',
        zh: '人工录入的渠道须允许补录实际收到时间',
        en: 'a staff-entered channel must allow the time actually received to be recorded',
      });
  }
  if (s.escalationMinutes.length !== escalationLevels.length) {
    issues.push({
      field: 'escalationMinutes',
      rule: 'length',
      zh: `须为每一级（${escalationLevels.join('、')}）各给出一个时限`,
      en: `one step per level (${escalationLevels.join(', ')}) is needed`,
    });
  }
  s.escalationMinutes.forEach((m, i) => {
    if (i > 0 && m <= s.escalationMinutes[i - 1]) {
      issues.push({
        field: `escalationMinutes[${i}]`,
        rule: 'ascending',
        zh: '下一级的升级时限须晚于上一级',
        en: 'each level must come after the one before (minutes from receipt)',
      });
    }
  });
  return issues;
}
