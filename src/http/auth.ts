/**
 * Authentication and authorisation for every route.
 * Each route declares `config.permission` (a Permission) or `config.public: true`; a route with
 * neither refuses to register. Cookie sessions must send X-CSRF-Token on writes; bearer tokens
 * (integrations) need not, as browsers never send them on their own.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.js';
import type { Permission } from '../modules/identity/index.js';
import { allows, type Principal } from '../modules/identity/index.js';
import { principalFromSession, principalFromToken } from '../modules/identity/index.js';
import type { SessionCache } from '../modules/identity/index.js';
import { AppError, forbidden, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'gd_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    public?: boolean;
    /** any signed-in user or token, e.g. changing one's own password */
    authenticated?: boolean;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  permission: Permission | null;
  /** open to any signed-in user or token (config.authenticated), whatever the role */
  authenticated: boolean;
  /** the status keys of its response schemas ('200', '4xx', ...) */
  responses: string[];
}

export function installAuth(app: FastifyInstance, db: Db, routes: RouteRecord[], sessions?: SessionCache) {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (opts) => {
    const cfg = (opts.config ?? {}) as { permission?: Permission; public?: boolean; authenticated?: boolean };
    const url = opts.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    if (!cfg.permission && !cfg.public && !cfg.authenticated) throw new Error(`route ${opts.method} ${url} declares neither a permission nor public`);
    for (const m of [opts.method].flat())
      if (m !== 'HEAD')
        routes.push({
          method: m,
          url,
          permission: cfg.permission ?? null,
          authenticated: !cfg.permission && !cfg.public && !!cfg.authenticated,
          responses: Object.keys((opts.schema as { response?: object } | undefined)?.response ?? {}),
        });
  });

  // One hook, before the body is parsed or validated: an unauthorised caller learns nothing
  // about the route's schema, and a refused write never reaches a handler.
  app.addHook('onRequest', async (req) => {
    // Decided by the matched route, never the raw URL: the router decodes the path (/%61pi/… is
    // /api/…), so a raw-URL test could be sidestepped. The console's files, /metrics and paths
    // without a route need no caller.
    const url = req.routeOptions.url ?? '';
    if (!url.startsWith('/api/')) return;
    const ip = req.ip ?? null;
    const ua = (req.headers['user-agent'] as string | undefined) ?? null;
    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      req.principal = await principalFromToken(db, authz.slice(7).trim(), ip, ua);
      if (!req.principal) throw new AppError(401, 'BAD_TOKEN', 'API 令牌无效或已过期', 'API token invalid or expired');
    } else {
      const sid = req.cookies?.[SESSION_COOKIE];
      if (sid) req.principal = await principalFromSession(db, sid, ip, ua, sessions);
    }
    const cfg = (req.routeOptions.config ?? {}) as { permission?: Permission; public?: boolean };
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || cfg.public) return;
    const p = req.principal;
    if (!p) throw unauthorized();
    if (p.kind === 'user' && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      if (req.headers['x-csrf-token'] !== p.csrfToken) {
        throw new AppError(403, 'CSRF', '缺少或错误的 CSRF 令牌', 'Missing or wrong CSRF token');
      }
    }
    if (cfg.permission && !allows(p, cfg.permission)) throw forbidden();
  });
}

export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}
