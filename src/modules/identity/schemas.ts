/**
 * The identity module's contract: every request and response shape of login, the signed-in user,
 * user administration and API tokens, declared once. The service's types are derived from these
 * (Static<typeof …>); the routes validate and serialise with them.
 */
import { Type, type Static } from 'typebox';
import { Body, DateTime, Email, Id, Nullable, PageOf, Paging, Phone, Query, Text } from '../../platform/schema.js';
import { PERMISSIONS, ROLES, TOKEN_SCOPES } from './permissions.js';

export const RoleSchema = Type.Enum(ROLES);
export const PermissionSchema = Type.Enum(PERMISSIONS);
export const TokenScopeSchema = Type.Enum(TOKEN_SCOPES);
export const RoleName = Type.Object({ zh: Type.String(), en: Type.String() });

/** `{ ok: true }`: the answer of an action that has nothing else to say. */
export const OkAnswer = Type.Object({ ok: Type.Boolean() });

export const LoginBody = Body({ username: Text(64), password: Text(200) });
export const LoginAnswer = Type.Object({ csrfToken: Type.String() });
export const LogoutBody = Type.Optional(Body({}));
export const PasswordBody = Body({ currentPassword: Text(200), newPassword: Text(200) });

/** The signed-in user (GET /api/auth/me). */
export const MeSchema = Type.Object({
  id: Id,
  name: Type.String(),
  role: RoleSchema,
  roleName: RoleName,
  orgUnitId: Id,
  orgUnitName: Type.Optional(Type.String()),
  customerId: Nullable(Id),
  permissions: Type.Array(PermissionSchema),
  csrfToken: Nullable(Type.String()),
  mapTileUrl: Type.String(),
});
export type Me = Static<typeof MeSchema>;

export const RoleInfoSchema = Type.Object({ role: RoleSchema, name: RoleName, permissions: Type.Array(PermissionSchema) });
export type RoleInfo = Static<typeof RoleInfoSchema>;

export const UserListQuery = Query({ orgUnitId: Type.Optional(Id), role: Type.Optional(RoleSchema), q: Type.Optional(Text(64)), ...Paging });
export type UserListFilter = Static<typeof UserListQuery>;
export const UserListItem = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  orgUnitId: Id,
  orgUnitName: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  active: Type.Boolean(),
  locked: Type.Boolean(),
  createdAt: DateTime(),
});
export const UserPage = PageOf(UserListItem);
export type UserList = Static<typeof UserPage>;

export const UserCreateBody = Body({
  username: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,64}$' }),
  displayName: Text(64),
  role: RoleSchema,
  orgUnitId: Id,
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
  password: Text(200),
  customerId: Type.Optional(Id),
});
export type UserCreate = Static<typeof UserCreateBody>;
/** The new user as audited (phone masked; no password, no e-mail). */
export const UserCreated = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  orgUnitId: Id,
  phone: Nullable(Type.String()),
});
export type UserCreatedAnswer = Static<typeof UserCreated>;

export const UserPatchBody = Body({
  displayName: Type.Optional(Text(64)),
  role: Type.Optional(RoleSchema),
  orgUnitId: Type.Optional(Id),
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
  active: Type.Optional(Type.Boolean()),
  unlock: Type.Optional(Type.Boolean()),
});
export type UserPatch = Static<typeof UserPatchBody>;
export const UserUpdated = Type.Object({ id: Id, displayName: Type.String(), role: RoleSchema, orgUnitId: Id, active: Type.Boolean() });
export type UserUpdatedAnswer = Static<typeof UserUpdated>;

export const TokenSchema = Type.Object({
  id: Id,
  name: Type.String(),
  scopes: Type.Array(PermissionSchema),
  orgUnitId: Id,
  createdAt: DateTime(),
  expiresAt: Nullable(DateTime()),
  revokedAt: Nullable(DateTime()),
  lastUsedAt: Nullable(DateTime()),
});
export type Token = Static<typeof TokenSchema>;

export const TokenCreateBody = Body({
  name: Text(64),
  orgUnitId: Id,
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  scopes: Type.Array(TokenScopeSchema, { minItems: 1, maxItems: PERMISSIONS.length, uniqueItems: true }),
});
export type TokenCreate = Static<typeof TokenCreateBody>;
/** The new token: its secret is shown this once. */
export const TokenCreated = Type.Object({
  id: Id,
  name: Type.String(),
  scopes: Type.Array(PermissionSchema),
  expiresAt: Nullable(DateTime()),
  token: Type.String(),
});
export type TokenCreatedAnswer = Static<typeof TokenCreated>;
