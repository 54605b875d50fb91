/**
 * The one error format: { code, message, messages: { 'zh-CN', en }, details: [{ field, rule, message, messageEn }] }.
 * `message` follows the request's Accept-Language (zh-CN by default); both languages are always present.
 */
export interface ErrorDetail {
  field: string;
  rule: string;
  message: string;
  messageEn: string;
}

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

export const notFound = (what: string, whatZh: string) => new AppError(404, 'NOT_FOUND', `${whatZh}不存在`, `${what} not found`);
export const forbidden = () => new AppError(403, 'FORBIDDEN', '无权执行此操作', 'You are not allowed to do this');
export const unauthorized = () => new AppError(401, 'UNAUTHENTICATED', '请先登录', 'Please log in');
export const conflict = (zh: string, en: string, extra: Record<string, unknown> = {}) => new AppError(409, 'CONFLICT', zh, en, [], extra);

/** A 400 naming one field and the rule it broke. */
export function badField(field: string, rule: string, zh: string, en: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', `请求参数有误：${zh}`, `Invalid request: ${en}`, [{ field, rule, message: zh, messageEn: en }]);
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
