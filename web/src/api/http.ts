/**
 * The typed API client: paths, parameters, bodies and replies all come from
 * web/src/api/schema.gen.ts, generated from the server's schemas (`npm run gen:api`), so a page
 * cannot call a route that does not exist or read a field the server does not send.
 *
 *   const units = await call(http.GET('/api/org-units'));
 *   const unit = await call(http.PATCH('/api/org-units/{id}', { params: { path: { id } }, body: { name } }));
 *
 * Same behaviour as every request the console makes: same origin, cookie session, X-CSRF-Token on
 * writes, Accept-Language following the UI, errors thrown as ApiError with zh-CN and English text.
 */
import createClient, { type FetchOptions, type FetchResponse, type Middleware } from 'openapi-fetch';
import i18n from '../i18n';
import type { paths } from './schema.gen';
import { ApiError, csrfHeader, networkError, errorBodyOf, notifyUnauthorized } from './client';

const conventions: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    request.headers.set('Accept-Language', i18n.language || 'zh-CN');
    if (request.method !== 'GET') for (const [k, v] of Object.entries(csrfHeader())) request.headers.set(k, v);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/')) notifyUnauthorized();
    return response;
  },
};

/**
 * The query string as the console always wrote it: a parameter that is undefined, null or '' is left
 * out (an empty filter field means no filter), an array repeats its key (`status=a&status=b`).
 */
export function querySerializer(query: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  return p.toString();
}

export const http = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'same-origin',
  querySerializer,
});
http.use(conventions);

/** The reply's data, or an ApiError (the server's error format, or a network failure) thrown. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>, signal?: AbortSignal): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await pending;
  } catch (e) {
    if (signal?.aborted) throw e; // a request its caller cancelled is not a network failure
    throw networkError();
  }
  if (!r.response.ok) throw new ApiError(r.response.status, errorBodyOf(r.error, r.response.status));
  return r.data as T;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = paths[P][M] extends Record<string | number, any> ? paths[P][M] : never;
/**
 * The success reply of a route: `Reply<'/api/org-units/{id}', 'get'>`, exactly the type `call(http.GET(...))`
 * answers (openapi-fetch's reading of the schema: arrays of tuples become arrays of arrays).
 */
export type Reply<P extends keyof paths, M extends Method> = NonNullable<FetchResponse<Op<P, M>, object, `${string}/${string}`>['data']>;
/** The request body of a route, as `http.POST(..., { body })` takes it. */
export type BodyOf<P extends keyof paths, M extends Method> = NonNullable<FetchOptions<Op<P, M>>['body']>;
/** The query string of a route. */
export type QueryOf<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
