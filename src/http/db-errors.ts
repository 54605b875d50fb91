/**
 * PostgreSQL errors that mean the input was wrong, not the server: a value the column cannot
 * hold (class 22, data exception: numeric out of range, invalid text representation, ...), a
 * reference to a row that does not exist (23503), a broken check or not-null rule (23514, 23502),
 * a duplicate (23505). They answer 4xx naming the input where it can be found, never 500.
 * Anything else stays a 500 and is logged with the request id.
 */
import { AppError, type ErrorDetail } from './errors.js';

interface PgError {
  code?: string;
  message?: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

const isPgError = (e: unknown): e is PgError =>
  typeof e === 'object' && e !== null && typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code!) && 'severity' in e;

/**
 * A PostgreSQL data exception (SQLSTATE class 22: a value the column or type cannot hold), or null.
 * Each one is a schema that let through what it should have refused; the fuzz test counts them.
 */
export function dataException(e: unknown): { code: string; message: string } | null {
  return isPgError(e) && e.code!.startsWith('22') ? { code: e.code!, message: e.message ?? '' } : null;
}

/** Dotted paths of every leaf in a request part, with the leaf's value. */
function leaves(v: unknown, prefix: string, out: [string, unknown][] = [], depth = 0): [string, unknown][] {
  if (depth > 8) return out;
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${prefix}.${i}`, out, depth + 1));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) leaves(x, `${prefix}.${k}`, out, depth + 1);
  else out.push([prefix, v]);
  return out;
}

/** The input whose value PostgreSQL quoted in its message (`value "1e+308" is out of range...`), if one matches. */
export function offendingInput(message: string, req: { body?: unknown; query?: unknown; params?: unknown }): string | null {
  const quoted = [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const all = [...leaves(req.body, 'body'), ...leaves(req.query, 'querystring'), ...leaves(req.params, 'params')];
  for (const q of quoted) {
    const hit = all.find(([, v]) => v !== null && v !== undefined && String(v) === q);
    if (hit) return hit[0];
  }
  // numbers PostgreSQL prints differently (1e+308 as 1e+308, 1.5e300 ...): any number beyond the int8 range
  const huge = all.find(([, v]) => typeof v === 'number' && ((!Number.isSafeInteger(v) && Number.isInteger(v)) || Math.abs(v) > 9.2e18));
  return huge ? huge[0] : null;
}

/** The request part that carried input, when no single input can be named: the body, else the query string, else the path. */
function carrier(req: { body?: unknown; query?: unknown; params?: unknown }): string {
  const filled = (v: unknown) => typeof v === 'object' && v !== null && Object.keys(v).length > 0;
  return filled(req.body) ? 'body' : filled(req.query) ? 'querystring' : filled(req.params) ? 'params' : 'body';
}

export function fromPgError(e: unknown, req: { body?: unknown; query?: unknown; params?: unknown }): AppError | null {
  if (!isPgError(e)) return null;
  const code = e.code!;
  const detail = (field: string, rule: string, zh: string, en: string): ErrorDetail[] => [
    { field, rule, message: `${field} ${zh}`, messageEn: `${field} ${en}` },
  ];
  if (code.startsWith('22')) {
    const field = offendingInput(e.message ?? '', req) ?? (e.column ? `body.${e.column}` : carrier(req));
    return new AppError(
      400,
      'VALIDATION_FAILED',
      `请求参数有误：${field} 超出允许范围或格式不正确`,
      `Invalid request: ${field} is out of range or malformed`,
      detail(field, 'range', '超出允许范围或格式不正确', 'is out of range or malformed'),
    );
  }
  if (code === '23503') {
    return new AppError(
      400,
      'REFERENCE_NOT_FOUND',
      '请求参数有误：引用的记录不存在',
      'Invalid request: a referenced record does not exist',
      detail('body', 'exists', '引用的记录不存在', 'refers to a record that does not exist'),
    );
  }
  if (code === '23514' || code === '23502') {
    return new AppError(
      400,
      'VALIDATION_FAILED',
      '请求参数有误：不符合数据规则',
      'Invalid request: breaks a data rule',
      detail('body', e.constraint ?? 'check', '不符合数据规则', 'breaks a data rule'),
    );
  }
  if (code === '23505') {
    return new AppError(409, 'DUPLICATE', '记录已存在', 'The record already exists', detail('body', 'unique', '已存在', 'already exists'));
  }
  return null;
}
