/**
 * The console's session state and error format: the CSRF token writes carry, the listeners told when
 * the session is gone, ApiError (the server's zh-CN/English error body). Requests go through the
 * typed client in http.ts.
 */
import i18n from '../i18n';

export interface ErrorDetail {
  field: string;
  rule: string;
  message: string;
  messageEn: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  messages?: { 'zh-CN': string; en: string };
  details?: ErrorDetail[];
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public body: ErrorBody,
  ) {
    super(body.message);
  }
  /** The message in the UI's current language. */
  localized(): string {
    const en = i18n.language?.startsWith('en');
    return (en ? this.body.messages?.en : this.body.messages?.['zh-CN']) ?? this.body.message;
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(t: string | null) {
  csrfToken = t;
}
/** The CSRF header a write carries (none before sign-in). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Listeners told when the server says the session is gone (401). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void) {
  unauthorizedListeners.add(fn);
  return () => {
    unauthorizedListeners.delete(fn);
  };
}

export function notifyUnauthorized() {
  unauthorizedListeners.forEach((f) => f());
}

export function networkError(): ApiError {
  return new ApiError(0, {
    code: 'NETWORK',
    message: i18n.t('error.network'),
    messages: { 'zh-CN': i18n.t('error.network', { lng: 'zh-CN' }), en: i18n.t('error.network', { lng: 'en' }) },
  });
}

/** The server's error format, or one made for a reply without it (a proxy's 502, ...). */
export function errorBodyOf(data: unknown, status: number): ErrorBody {
  return data && typeof data === 'object' && 'code' in (data as object)
    ? (data as ErrorBody)
    : {
        code: `HTTP_${status}`,
        message: `HTTP ${status}`,
        messages: { 'zh-CN': i18n.t('error.server', { lng: 'zh-CN', status }), en: i18n.t('error.server', { lng: 'en', status }) },
      };
}

/** The text to show for any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.localized();
  if (e instanceof Error) return e.message;
  return String(e);
}
