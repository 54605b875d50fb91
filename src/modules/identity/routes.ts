/** Login, logout, me, password change, user administration and API tokens. */
import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal, SESSION_COOKIE } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { changePassword, login, logout } from './login.js';
import { createToken, createUser, currentUser, listRoles, listTokens, listUsers, revokeToken, updateUser } from './users.js';
import {
  LoginAnswer,
  LoginBody,
  LogoutBody,
  MeSchema,
  OkAnswer,
  PasswordBody,
  RoleInfoSchema,
  TokenCreateBody,
  TokenCreated,
  TokenSchema,
  UserCreateBody,
  UserCreated,
  UserListQuery,
  UserPage,
  UserPatchBody,
  UserUpdated,
} from './schemas.js';

export function registerIdentityRoutes(app: App, { db, config }: AppContext) {
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], body: LoginBody, response: ok(LoginAnswer) },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const s = await login(db, config, username, password, req.ip, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, s.sid, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
        path: '/',
        maxAge: config.sessionTtlHours * 3600,
      });
      return { csrfToken: s.csrf };
    },
  );

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], body: LogoutBody, response: ok(OkAnswer) } }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (req.principal?.kind === 'user' && sid) {
      if (req.headers['x-csrf-token'] === req.principal.csrfToken) await logout(db, req.principal, sid);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { config: { public: true }, schema: { tags: ['auth'], response: ok(MeSchema) } }, async (req, reply) => {
    const p = req.principal;
    if (!p || p.kind !== 'user' || !p.role)
      return reply.status(401).send({ code: 'UNAUTHENTICATED', message: '请先登录', messages: { 'zh-CN': '请先登录', en: 'Please log in' }, details: [] });
    return currentUser(db, config, { ...p, role: p.role });
  });

  app.post(
    '/api/auth/password',
    {
      config: { authenticated: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], body: PasswordBody, response: ok(OkAnswer) },
    },
    async (req) => {
      await changePassword(db, principal(req), req.cookies?.[SESSION_COOKIE] ?? '', req.body.currentPassword, req.body.newPassword);
      return { ok: true };
    },
  );

  app.get('/api/roles', { config: { permission: 'users.read' }, schema: { tags: ['users'], response: ok(Type.Array(RoleInfoSchema)) } }, async () =>
    listRoles(),
  );

  app.get(
    '/api/users',
    { config: { permission: 'users.read' }, schema: { tags: ['users'], querystring: UserListQuery, response: ok(UserPage) } },
    async (req) => listUsers(db, principal(req), req.query),
  );

  app.post(
    '/api/users',
    { config: { permission: 'users.write' }, schema: { tags: ['users'], body: UserCreateBody, response: ok(UserCreated, 201) } },
    async (req, reply) => reply.status(201).send(await createUser(db, principal(req), req.body)),
  );

  app.patch(
    '/api/users/:id',
    { config: { permission: 'users.write' }, schema: { tags: ['users'], params: IdParams, body: UserPatchBody, response: ok(UserUpdated) } },
    async (req) => updateUser(db, principal(req), req.params.id, req.body),
  );

  app.get('/api/tokens', { config: { permission: 'tokens.write' }, schema: { tags: ['tokens'], response: ok(Type.Array(TokenSchema)) } }, async (req) =>
    listTokens(db, principal(req)),
  );
  app.post(
    '/api/tokens',
    { config: { permission: 'tokens.write' }, schema: { tags: ['tokens'], body: TokenCreateBody, response: ok(TokenCreated, 201) } },
    async (req, reply) => reply.status(201).send(await createToken(db, principal(req), req.body)),
  );
  app.delete(
    '/api/tokens/:id',
    { config: { permission: 'tokens.write' }, schema: { tags: ['tokens'], params: IdParams, response: ok(OkAnswer) } },
    async (req) => {
      await revokeToken(db, principal(req), req.params.id);
      return { ok: true };
    },
  );
}
