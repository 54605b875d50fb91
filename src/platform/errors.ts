/**
 * Domain errors: what went wrong, in the domain's words, without HTTP.
 *
 * A use case or rule throws a DomainError with a `kind` (what sort of failure), a stable `code`,
 * a zh-CN and an English message, and details naming the offending input by its own name
 * (`servicePointId`, `items.2.amount`), never by where it travelled (`body.…`). The HTTP layer
 * (src/http/errors.ts) maps the kind to a status and the input name to the request part that
 * carried it, and answers in the one error format.
 */
export type ErrorKind =
  | 'invalid' // the input breaks a rule (400)
  | 'unauthenticated' // nobody signed in, or wrong credentials (401)
  | 'forbidden' // signed in, but not allowed (403)
  | 'not_found' // no such thing, or not visible to the caller (404)
  | 'conflict' // the thing's current state does not allow it (409)
  | 'locked' // the account or thing is locked for a while (423)
  | 'unavailable' // a dependency is down or the work cannot be done now (503)
  | 'internal'; // a broken invariant: a bug, logged (500)

export interface ErrorDetail {
  /** the input's name, dotted for nested fields (`location.lon`); the HTTP layer may prefix the request part */
  field: string;
  rule: string;
  message: string;
  messageEn: string;
}

export class DomainError extends Error {
  constructor(
    public kind: ErrorKind,
    public code: string,
    public zh: string,
    public en: string,
    public details: ErrorDetail[] = [],
    public extra: Record<string, unknown> = {},
  ) {
    super(en);
  }
}

/** One input broke one rule. `field` is the input's name (`servicePointId`, `location.lon`). */
export function badField(field: string, rule: string, zh: string, en: string): DomainError {
  return new DomainError('invalid', 'VALIDATION_FAILED', `请求参数有误：${zh}`, `Invalid request: ${en}`, [{ field, rule, message: zh, messageEn: en }]);
}

/** Several inputs broke rules; the first names the message. */
export function badFields(code: string, zh: string, en: string, problems: { field: string; rule: string; zh: string; en: string }[]): DomainError {
  return new DomainError(
    'invalid',
    code,
    zh,
    en,
    problems.map((p) => ({ field: p.field, rule: p.rule, message: p.zh, messageEn: p.en })),
  );
}

export const notFound = (what: string, whatZh: string) => new DomainError('not_found', 'NOT_FOUND', `${whatZh}不存在`, `${what} not found`);
export const forbidden = (zh = '无权执行此操作', en = 'You are not allowed to do this', code = 'FORBIDDEN', details: ErrorDetail[] = []) =>
  new DomainError('forbidden', code, zh, en, details);
export const conflict = (zh: string, en: string, extra: Record<string, unknown> = {}, code = 'CONFLICT', details: ErrorDetail[] = []) =>
  new DomainError('conflict', code, zh, en, details, extra);
export const internal = (zh: string, en: string) => new DomainError('internal', 'INTERNAL', zh, en);
