/** User administration within the admin's org subtree, and API tokens for integrations. */
import { authChanged } from './session-cache.js';
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { maskPhone } from '../../platform/pii.js';
import { DomainError, badField, notFound } from '../../platform/errors.js';
import { findOrgUnit, inOrgScope, orgUnitField } from '../orgs/index.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { actorOf, type Principal } from './principal.js';
import { newSecret, sha256 } from './sessions.js';
import type { Config } from '../../config.js';
import { ROLE_NAMES, ROLE_PERMISSIONS, ROLES, TOKEN_SCOPES } from './permissions.js';
import type {
  Me,
  RoleInfo,
  Token,
  TokenCreate,
  TokenCreatedAnswer,
  UserCreate,
  UserCreatedAnswer,
  UserList,
  UserListFilter,
  UserPatch,
  UserUpdatedAnswer,
} from './schemas.js';

/** The signed-in user with their role's permissions and org unit name (GET /api/auth/me). */
export async function currentUser(db: Db, config: Config, p: Principal & { role: NonNullable<Principal['role']> }): Promise<Me> {
  const org = await findOrgUnit(db, p.orgUnitId);
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    roleName: ROLE_NAMES[p.role],
    orgUnitId: p.orgUnitId,
    orgUnitName: org?.name,
    customerId: p.customerId,
    permissions: [...ROLE_PERMISSIONS[p.role]],
    csrfToken: p.csrfToken,
    mapTileUrl: config.mapTileUrl,
  };
}

/** Every role with its names and permissions. */
export function listRoles(): RoleInfo[] {
  return ROLES.map((r) => ({ role: r, name: ROLE_NAMES[r], permissions: [...ROLE_PERMISSIONS[r]] }));
}

async function orgInScope(db: Db, p: Principal, orgUnitId: number, field: string) {
  const org = await findOrgUnit(db, orgUnitId);
  if (!org || !org.path.startsWith(p.orgPath))
    throw badField(field, 'org_scope', '组织单位不存在或不在您的管辖范围内', 'org unit does not exist or is outside your scope');
}

export async function listUsers(db: Db, p: Principal, q: UserListFilter): Promise<UserList> {
  const { rows } = await db.query(
    `SELECT u.id, u.username, u.display_name, u.role, u.org_unit_id, ${orgUnitField('u.org_unit_id', 'name')} AS org_unit_name, u.phone, u.email, u.active,
            (u.locked_until > now()) AS locked, u.created_at, count(*) OVER () AS total
       FROM users u
      WHERE ${inOrgScope('u.org_unit_id', '$1')} AND ($2::bigint IS NULL OR u.org_unit_id = $2) AND ($3::text IS NULL OR u.role = $3)
        AND ($4::text IS NULL OR u.username ILIKE '%' || $4 || '%' OR u.display_name ILIKE '%' || $4 || '%')
      ORDER BY u.id LIMIT $5 OFFSET $6`,
    [p.orgPath, q.orgUnitId ?? null, q.role ?? null, q.q ?? null, q.limit, q.offset],
  );
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      orgUnitId: r.org_unit_id,
      orgUnitName: r.org_unit_name,
      phone: maskPhone(r.phone),
      email: r.email,
      active: r.active,
      locked: !!r.locked,
      createdAt: r.created_at,
    })),
  };
}

export async function createUser(db: Db, p: Principal, input: UserCreate): Promise<UserCreatedAnswer> {
  await orgInScope(db, p, input.orgUnitId, 'body.orgUnitId');
  const problem = passwordProblem(input.password);
  if (problem) throw badField('body.password', 'password_policy', problem.zh, problem.en);
  if (input.role === 'customer' && !input.customerId)
    throw badField('body.customerId', 'required', '客户账号必须关联客户', 'a customer login needs customerId');
  const exists = await db.query('SELECT 1 FROM users WHERE username = $1', [input.username]);
  if (exists.rowCount)
    throw new DomainError('conflict', 'DUPLICATE', '用户名已存在', 'username already exists', [
      { field: 'body.username', rule: 'unique', message: '用户名已存在', messageEn: 'username already exists' },
    ]);
  const h = await hashPassword(input.password);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO users (username, display_name, role, org_unit_id, phone, email, password_hash, customer_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [input.username, input.displayName, input.role, input.orgUnitId, input.phone ?? null, input.email ?? null, h, input.customerId ?? null],
    );
    const after = { username: input.username, displayName: input.displayName, role: input.role, orgUnitId: input.orgUnitId, phone: maskPhone(input.phone) };
    await recordAudit(tx, actorOf(p), { action: 'user.create', entity: 'user', entityId: rows[0].id, orgUnitId: input.orgUnitId, after });
    return { id: rows[0].id as number, ...after };
  });
}

export async function updateUser(db: Db, p: Principal, id: number, patch: UserPatch): Promise<UserUpdatedAnswer> {
  const { rows } = await db.query(
    `SELECT u.id, u.display_name, u.role, u.org_unit_id, u.phone, u.email, u.active FROM users u WHERE u.id = $1 AND ${inOrgScope('u.org_unit_id', '$2')}`,
    [id, p.orgPath],
  );
  const before = rows[0];
  if (!before) throw notFound('User', '用户');
  if (patch.orgUnitId !== undefined) await orgInScope(db, p, patch.orgUnitId, 'body.orgUnitId');
  if (id === p.id && (patch.active === false || (patch.role && patch.role !== before.role))) {
    throw badField('body.role', 'self_demotion', '不能停用或降级自己的账户', 'you cannot deactivate or change the role of your own account');
  }
  const updated = await withTx(db, async (tx) => {
    const { rows: after } = await tx.query(
      `UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), org_unit_id = COALESCE($4, org_unit_id),
              phone = COALESCE($5, phone), email = COALESCE($6, email), active = COALESCE($7, active),
              failed_logins = CASE WHEN $8 THEN 0 ELSE failed_logins END, locked_until = CASE WHEN $8 THEN NULL ELSE locked_until END
        WHERE id = $1 RETURNING id, display_name, role, org_unit_id, phone, email, active`,
      [
        id,
        patch.displayName ?? null,
        patch.role ?? null,
        patch.orgUnitId ?? null,
        patch.phone ?? null,
        patch.email ?? null,
        patch.active ?? null,
        patch.unlock ?? false,
      ],
    );
    if (patch.active === false) await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    const mask = (r: Record<string, unknown>) => ({ ...r, phone: maskPhone(r.phone as string) });
    await recordAudit(tx, actorOf(p), {
      action: 'user.update',
      entity: 'user',
      entityId: id,
      orgUnitId: after[0].org_unit_id,
      before: mask(before),
      after: mask(after[0]),
    });
    return { id, displayName: after[0].display_name, role: after[0].role, orgUnitId: after[0].org_unit_id, active: after[0].active };
  });
  authChanged(db);
  return updated;
}

export async function createToken(db: Db, p: Principal, input: TokenCreate): Promise<TokenCreatedAnswer> {
  await orgInScope(db, p, input.orgUnitId, 'body.orgUnitId');
  const bad = input.scopes.find((s) => !TOKEN_SCOPES.includes(s));
  if (bad) throw badField('body.scopes', 'enum', `不允许的令牌权限 ${bad}`, `scope ${bad} cannot be granted to a token`);
  const token = newSecret('gdt_');
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO api_tokens (name, token_hash, scopes, org_unit_id, created_by, expires_at)
       VALUES ($1,$2,$3,$4,$5, CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(days => $6::int) END) RETURNING id, expires_at`,
      [input.name, sha256(token), input.scopes, input.orgUnitId, p.id, input.expiresInDays ?? null],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'token.create',
      entity: 'api_token',
      entityId: rows[0].id,
      orgUnitId: input.orgUnitId,
      after: { name: input.name, scopes: input.scopes },
    });
    return { id: rows[0].id as number, name: input.name, scopes: input.scopes, expiresAt: rows[0].expires_at, token };
  });
}

export async function listTokens(db: Db, p: Principal): Promise<Token[]> {
  const { rows } = await db.query(
    `SELECT t.id, t.name, t.scopes, t.org_unit_id, t.created_at, t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t WHERE ${inOrgScope('t.org_unit_id', '$1')} ORDER BY t.id`,
    [p.orgPath],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    orgUnitId: r.org_unit_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}

export async function revokeToken(db: Db, p: Principal, id: number) {
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `UPDATE api_tokens t SET revoked_at = now() WHERE t.id = $1 AND ${inOrgScope('t.org_unit_id', '$2')} AND t.revoked_at IS NULL RETURNING t.id, t.org_unit_id`,
      [id, p.orgPath],
    );
    if (!rows[0]) throw notFound('Token', '令牌');
    await recordAudit(tx, actorOf(p), { action: 'token.revoke', entity: 'api_token', entityId: id, orgUnitId: rows[0].org_unit_id });
  });
}
