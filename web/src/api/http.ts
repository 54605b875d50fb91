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
import createClient, { type Middleware } from 'openapi-fetch';
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

export const http = createClient<paths>({ baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin, credentials: 'same-origin' });
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
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<Rs> = Rs extends Record<number | string, unknown> ? JsonOf<Rs[Extract<keyof Rs, 200 | 201 | 202>]> : never;
/** The success reply of a route: `Reply<'/api/org-units/{id}', 'get'>`. */
export type Reply<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer Rs } ? Success<Rs> : never;
/** The request body of a route. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query string of a route. */
export type QueryOf<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
