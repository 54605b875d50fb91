/**
 * The one error format: { code, message, messages: { 'zh-CN', en }, details: [{ field, rule, message, messageEn }] }.
 * `message` follows the request's Accept-Language (zh-CN by default); both languages are always present.
 *
 * Modules throw DomainError (src/platform/errors.ts), which knows no HTTP; this file maps its kind to a
 * status and each detail's input name to the request part that carried it (`servicePointId` →
 * `body.servicePointId`). AppError is for failures of the HTTP layer itself (CSRF, body too large...).
 */
import { DomainError, type ErrorDetail, type ErrorKind } from '../platform/errors.js';

export { DomainError, badField, notFound, conflict, forbidden } from '../platform/errors.js';
export type { ErrorDetail } from '../platform/errors.js';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    public status: number,
    public code: string,
    public zh: string,
    public en: string,
    public details: ErrorDetail[] = [],
    public extra: Record<string, unknown> = {},
  ) {
    super(en);
  }
}

export const unauthorized = () => new AppError(401, 'UNAUTHENTICATED', '请先登录', 'Please log in');

const PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/**
 * The request part an input name came in: the first part (body, query string, path) whose top level
 * holds it. A name found in none (a line of an uploaded file, `line 3.parent_code`) is left as it is.
 */
export function qualifyField(field: string, req: { body?: unknown; query?: unknown; params?: unknown }): string {
  const head = field.split('.')[0];
  if ((PARTS as readonly string[]).includes(head)) return field;
  const has = (v: unknown) => typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, head);
  if (has(req.body)) return `body.${field}`;
  if (has(req.query)) return `querystring.${field}`;
  if (has(req.params)) return `params.${field}`;
  return field;
}

/** A DomainError as the HTTP layer answers it. */
export function fromDomain(e: DomainError, req: { body?: unknown; query?: unknown; params?: unknown }): AppError {
  const details = e.details.map((d) => ({ ...d, field: qualifyField(d.field, req) }));
  return new AppError(STATUS_OF_KIND[e.kind], e.code, e.zh, e.en, details, e.extra);
}

export function errorBody(e: AppError, lang: string) {
  return {
    code: e.code,
    message: lang.startsWith('en') ? e.en : e.zh,
    messages: { 'zh-CN': e.zh, en: e.en },
    details: e.details,
    ...e.extra,
  };
}
