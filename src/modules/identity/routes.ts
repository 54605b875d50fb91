/** Login, logout, me, password change, user administration and API tokens. */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal, SESSION_COOKIE } from '../../http/auth.js';
import { Body, IdParams, Paging, Phone, Query, Text, Id } from '../../http/schemas.js';
import { changePassword, login, logout } from './login.js';
import { createToken, createUser, listTokens, listUsers, revokeToken, updateUser } from './users.js';
import { PERMISSIONS, ROLE_NAMES, ROLE_PERMISSIONS, ROLES, TOKEN_SCOPES } from './permissions.js';

const RoleT = Type.Union(ROLES.map((r) => Type.Literal(r)));

export function registerIdentityRoutes(app: FastifyInstance, { db, config }: AppContext) {
  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], body: Body({ username: Text(64), password: Text(200) }) },
  }, async (req, reply) => {
    const { username, password } = req.body as { username: string; password: string };
    const s = await login(db, config, username, password, req.ip, (req.headers['user-agent'] as string) ?? null);
    reply.setCookie(SESSION_COOKIE, s.sid, { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/', maxAge: config.sessionTtlHours * 3600 });
    return { csrfToken: s.csrf };
  });

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], body: Type.Optional(Body({})) } }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (req.principal?.kind === 'user' && sid) {
      if (req.headers['x-csrf-token'] === req.principal.csrfToken) await logout(db, req.principal, sid);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { config: { public: true }, schema: { tags: ['auth'] } }, async (req, reply) => {
    const p = req.principal;
    if (!p || p.kind !== 'user' || !p.role) return reply.status(401).send({ code: 'UNAUTHENTICATED', message: '请先登录', messages: { 'zh-CN': '请先登录', en: 'Please log in' }, details: [] });
    const org = (await db.query('SELECT name, area_type FROM org_units WHERE id = $1', [p.orgUnitId])).rows[0];
    return {
      id: p.id, name: p.name, role: p.role, roleName: ROLE_NAMES[p.role], orgUnitId: p.orgUnitId, orgUnitName: org?.name,
      customerId: p.customerId, permissions: ROLE_PERMISSIONS[p.role], csrfToken: p.csrfToken, mapTileUrl: config.mapTileUrl,
    };
  });

  app.post('/api/auth/password', {
    config: { authenticated: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], body: Body({ currentPassword: Text(200), newPassword: Text(200) }) },
  }, async (req) => {
    const b = req.body as { currentPassword: string; newPassword: string };
    await changePassword(db, principal(req), req.cookies?.[SESSION_COOKIE] ?? '', b.currentPassword, b.newPassword);
    return { ok: true };
  });

  app.get('/api/roles', { config: { permission: 'users.read' }, schema: { tags: ['users'] } }, async () =>
    ROLES.map((r) => ({ role: r, name: ROLE_NAMES[r], permissions: ROLE_PERMISSIONS[r] })));

  app.get('/api/users', {
    config: { permission: 'users.read' },
    schema: { tags: ['users'], querystring: Query({ orgUnitId: Type.Optional(Id), role: Type.Optional(RoleT), q: Type.Optional(Text(64)), ...Paging }) },
  }, async (req) => listUsers(db, principal(req), req.query as never));

  app.post('/api/users', {
    config: { permission: 'users.write' },
    schema: {
      tags: ['users'],
      body: Body({
        username: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,64}$' }), displayName: Text(64), role: RoleT, orgUnitId: Id,
        phone: Type.Optional(Phone), email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })), password: Text(200),
        customerId: Type.Optional(Id),
      }),
    },
  }, async (req, reply) => reply.status(201).send(await createUser(db, principal(req), req.body as never)));

  app.patch('/api/users/:id', {
    config: { permission: 'users.write' },
    schema: {
      tags: ['users'], params: IdParams,
      body: Body({
        displayName: Type.Optional(Text(64)), role: Type.Optional(RoleT), orgUnitId: Type.Optional(Id), phone: Type.Optional(Phone),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })), active: Type.Optional(Type.Boolean()), unlock: Type.Optional(Type.Boolean()),
      }),
    },
  }, async (req) => updateUser(db, principal(req), (req.params as { id: number }).id, req.body as never));

  app.get('/api/tokens', { config: { permission: 'tokens.write' }, schema: { tags: ['tokens'] } }, async (req) => listTokens(db, principal(req)));
  app.post('/api/tokens', {
    config: { permission: 'tokens.write' },
    schema: {
      tags: ['tokens'],
      body: Body({
        name: Text(64), orgUnitId: Id, expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
        scopes: Type.Array(Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: PERMISSIONS.length, uniqueItems: true }),
      }),
    },
  }, async (req, reply) => reply.status(201).send(await createToken(db, principal(req), req.body as never)));
  app.delete('/api/tokens/:id', { config: { permission: 'tokens.write' }, schema: { tags: ['tokens'], params: IdParams } }, async (req) => {
    await revokeToken(db, principal(req), (req.params as { id: number }).id);
    return { ok: true };
  });
}
