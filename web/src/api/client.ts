/**
 * The one way the web app talks to the server: same origin, cookie session,
 * X-CSRF-Token on writes, Accept-Language following the UI, errors as ApiError.
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
  constructor(public status: number, public body: ErrorBody) {
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
  return new ApiError(0, { code: 'NETWORK', message: i18n.t('error.network'), messages: { 'zh-CN': i18n.t('error.network', { lng: 'zh-CN' }), en: i18n.t('error.network', { lng: 'en' }) } });
}

/** The server's error format, or one made for a reply without it (a proxy's 502, ...). */
export function errorBodyOf(data: unknown, status: number): ErrorBody {
  return data && typeof data === 'object' && 'code' in (data as object)
    ? (data as ErrorBody)
    : { code: `HTTP_${status}`, message: `HTTP ${status}`, messages: { 'zh-CN': i18n.t('error.server', { lng: 'zh-CN', status }), en: i18n.t('error.server', { lng: 'en', status }) } };
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(url: string, q?: Query): string {
  if (!q) return url;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

export async function request<T>(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language || 'zh-CN', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (e) {
    // a request cancelled by its caller (a stale search) is not a network failure
    if (signal?.aborted) throw e;
    throw networkError();
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !url.startsWith('/api/auth/')) notifyUnauthorized();
    throw new ApiError(res.status, errorBodyOf(data, res.status));
  }
  return data as T;
}

export const api = {
  /** `signal` cancels the request (TanStack Query passes one to cancel stale queries). */
  get: <T>(url: string, q?: Query, signal?: AbortSignal) => request<T>('GET', withQuery(url, q), undefined, {}, signal),
  post: <T>(url: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', url, body, headers),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  del: <T>(url: string) => request<T>('DELETE', url),
};

/** The text to show for any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.localized();
  if (e instanceof Error) return e.message;
  return String(e);
}
