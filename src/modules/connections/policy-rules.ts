/** Pure: refusals for a connection policy document an administrator saves (shape and ranges), each naming the field. */
import { DOCUMENT_KINDS } from './document-rules.js';
import { DEFAULT_CONNECTION_POLICY } from './policy.js';
import { CUSTOMER_CLASSES, INITIATORS, KINDS } from './stage-rules.js';

export interface PolicyProblem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

/** Top-level parts a stored document may lack (they came later; their defaults apply). */
const OPTIONAL_PARTS = new Set(['inspection', 'closure', 'contract']);

/** Every number of the default document must be present as a non-negative finite number; lists and the set name must be there. */
export function policyProblems(data: unknown): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const walk = (tmpl: unknown, v: unknown, path: string) => {
    if (typeof tmpl === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        out.push({ field: path, rule: 'non_negative_number', zh: `${path} 须为非负数`, en: `${path} must be a non-negative number` });
    } else if (typeof tmpl === 'string') {
      if (typeof v !== 'string' || v.length === 0) out.push({ field: path, rule: 'text', zh: `${path} 须为非空文本`, en: `${path} must be non-empty text` });
    } else if (Array.isArray(tmpl)) {
      if (!Array.isArray(v)) out.push({ field: path, rule: 'list', zh: `${path} 须为列表`, en: `${path} must be a list` });
    } else if (tmpl && typeof tmpl === 'object') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        out.push({ field: path || 'data', rule: 'object', zh: `${path || 'data'} 须为对象`, en: `${path || 'data'} must be an object` });
        return;
      }
      for (const k of Object.keys(tmpl)) {
        // parts added after the first version may be absent (the default applies)
        if (!path && OPTIONAL_PARTS.has(k) && (v as Record<string, unknown>)[k] === undefined) continue;
        walk((tmpl as Record<string, unknown>)[k], (v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
    }
  };
  walk(DEFAULT_CONNECTION_POLICY, data, '');
  const checklist = (data as { documents?: { checklist?: unknown } } | null)?.documents?.checklist;
  if (Array.isArray(checklist)) out.push(...checklistProblems(checklist));
  const d = data as { activeSet?: unknown };
  if (out.length === 0 && !['2011', 'current'].includes(String(d.activeSet)))
    out.push({ field: 'activeSet', rule: 'policy_set', zh: '时限政策集须为 2011 或 current', en: "activeSet must be '2011' or 'current'" });
  return out;
}

const LISTS: Record<string, readonly string[]> = {
  classes: CUSTOMER_CLASSES,
  kinds: KINDS,
  notKinds: KINDS,
  initiators: INITIATORS,
  notInitiators: INITIATORS,
};

/**
 * The document checklist's entries: `items` a non-empty list of known document kinds; `when` only the
 * known conditions (a misspelt one would silently not restrict), each list of known values, and no
 * kind or initiator both asked for and excluded. Fields named `documents.checklist.<i>.…`.
 */
export function checklistProblems(checklist: readonly unknown[]): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const bad = (field: string, rule: string, zh: string, en: string): void => {
    out.push({ field, rule, zh: `${field} ${zh}`, en: `${field} ${en}` });
  };
  checklist.forEach((e, i) => {
    const at = `documents.checklist.${i}`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) return bad(at, 'object', '须为对象', 'must be an object');
    const { when, items } = e as { when?: unknown; items?: unknown };
    if (!Array.isArray(items) || items.length === 0 || !items.every((x) => typeof x === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(x)))
      bad(
        `${at}.items`,
        'document_kind',
        `须为资料种类列表（${DOCUMENT_KINDS.join('、')}）`,
        `must be a list of document kinds (${DOCUMENT_KINDS.join(', ')})`,
      );
    if (!when || typeof when !== 'object' || Array.isArray(when)) return bad(`${at}.when`, 'object', '须为对象', 'must be an object');
    const w = when as Record<string, unknown>;
    for (const [k, v] of Object.entries(w)) {
      const f = `${at}.when.${k}`;
      if (k in LISTS) {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && LISTS[k].includes(x)))
          bad(f, 'known_value', `须为以下值的列表：${LISTS[k].join('、')}`, `must be a list of: ${LISTS[k].join(', ')}`);
      } else if (k === 'minVoltageKv') {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(f, 'non_negative_number', '须为非负数', 'must be a non-negative number');
      } else if (k === 'legalEntity' || k === 'highEnergy') {
        if (typeof v !== 'boolean') bad(f, 'boolean', '须为 true 或 false', 'must be true or false');
      } else bad(f, 'unknown_condition', '不是已知的适用条件', 'is not a known condition');
    }
    for (const [yes, no] of [
      ['kinds', 'notKinds'],
      ['initiators', 'notInitiators'],
    ] as const) {
      const a = w[yes];
      const b = w[no];
      const both = Array.isArray(a) && Array.isArray(b) ? a.filter((x) => b.includes(x)) : [];
      if (both.length) bad(`${at}.when.${no}`, 'contradiction', `与 ${yes} 同时列出：${both.join('、')}`, `lists what ${yes} also lists: ${both.join(', ')}`);
    }
  });
  return out;
}
