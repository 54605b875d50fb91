/** Pure: refusals for a connection policy document an administrator saves (shape and ranges), each naming the field. */
import { DEFAULT_CONNECTION_POLICY } from './policy.js';

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
  const d = data as { activeSet?: unknown };
  if (out.length === 0 && !['2011', 'current'].includes(String(d.activeSet)))
    out.push({ field: 'activeSet', rule: 'policy_set', zh: '时限政策集须为 2011 或 current', en: "activeSet must be '2011' or 'current'" });
  return out;
}
