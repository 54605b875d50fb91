/**
 * Supervision rules (pure; docs/scorecards.md "Supervision"): an inspection's points against its
 * checklist version, and the photo types accepted. Every figure (an item's points) comes from the
 * checklist passed in.
 */
import type { Problem } from './rules.js';

export interface ChecklistItem {
  code: string;
  section: string;
  text: string;
  textEn: string;
  points: number;
}

export interface ItemInput {
  code: string;
  points: number;
  finding?: string;
  rectifyBy?: string;
}

/**
 * Checks the scored items against the checklist: every item exactly once, points a whole number
 * from 0 to the item's points, a finding (and a rectification date) required when points were
 * taken off. Answers the total and the maximum, or the problems (each naming `items[i]…`).
 */
export function scoreInspection(checklist: ChecklistItem[], items: ItemInput[]): { points: number; max: number; problems: Problem[] } {
  const problems: Problem[] = [];
  const byCode = new Map(checklist.map((c) => [c.code, c]));
  const seen = new Set<string>();
  let points = 0;
  items.forEach((x, i) => {
    const f = `items[${i}]`;
    const c = byCode.get(x.code);
    if (!c) return problems.push({ field: `${f}.code`, rule: 'exists', zh: '检查表中没有该项', en: 'no such item in the checklist' });
    if (seen.has(x.code)) return problems.push({ field: `${f}.code`, rule: 'unique', zh: '检查项重复', en: 'item scored twice' });
    seen.add(x.code);
    if (!Number.isInteger(x.points) || x.points < 0 || x.points > c.points)
      return problems.push({
        field: `${f}.points`,
        rule: 'range',
        zh: `得分须为 0 至 ${c.points} 的整数`,
        en: `points must be a whole number from 0 to ${c.points}`,
      });
    if (x.points < c.points && !x.finding?.trim())
      problems.push({ field: `${f}.finding`, rule: 'required', zh: '扣分项须写明问题', en: 'a finding is required where points were taken off' });
    if (x.points < c.points && !x.rectifyBy)
      problems.push({
        field: `${f}.rectifyBy`,
        rule: 'required',
        zh: '扣分项须定整改期限',
        en: 'a rectification date is required where points were taken off',
      });
    points += x.points;
  });
  checklist.forEach((c) => {
    if (!seen.has(c.code)) problems.push({ field: 'items', rule: 'complete', zh: `缺少检查项 ${c.code}`, en: `item ${c.code} is not scored` });
  });
  return { points, max: checklist.reduce((s, c) => s + c.points, 0), problems };
}

/** The image type of a photo's bytes (JPEG, PNG), or null. */
export function imageType(b: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return 'image/png';
  return null;
}
