/** Server-side sessions and API tokens: only hashes of secrets are stored. */
import { createHash, randomBytes } from 'node:crypto';
import { prepared, type Queryable } from '../../db/pool.js';
import { orgUnitField } from '../orgs/index.js';
import type { Principal } from './principal.js';
import type { Permission, Role } from './permissions.js';
import type { SessionCache } from './session-cache.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url');

export async function createSession(db: Queryable, userId: number, ttlHours: number, ip: string | null, ua: string | null) {
  const sid = newSecret();
  const csrf = newSecret();
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1,$2,$3, now() + make_interval(hours => $4), $5, $6)`,
    [sha256(sid), userId, csrf, ttlHours, ip, ua],
  );
  return { sid, csrf };
}

/** The signed-in user of a session cookie, or null. With a cache, a hit needs no query (see session-cache.ts). */
export async function principalFromSession(db: Queryable, sid: string, ip: string | null, ua: string | null, cache?: SessionCache): Promise<Principal | null> {
  const idHash = sha256(sid);
  const hit = cache?.get(idHash, ip, ua);
  if (hit) return hit;
  const generation = cache?.mark() ?? 0;
  const { rows } = await db.query(
    prepared(
      `SELECT u.id, u.display_name, u.role, u.org_unit_id, ${orgUnitField('u.org_unit_id', 'path')} AS path, u.customer_id, s.csrf_token, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > now() AND u.active`,
      [idHash],
    ),
  );
  const r = rows[0];
  if (!r) return null;
  const p: Principal = {
    kind: 'user',
    id: r.id,
    name: r.display_name,
    role: r.role as Role,
    scopes: [],
    orgUnitId: r.org_unit_id,
    orgPath: r.path,
    customerId: r.customer_id,
    csrfToken: r.csrf_token,
    ip,
    userAgent: ua,
  };
  cache?.put(idHash, p, r.expires_at, generation);
  return p;
}

export async function principalFromToken(db: Queryable, token: string, ip: string | null, ua: string | null): Promise<Principal | null> {
  const { rows } = await db.query(
    `UPDATE api_tokens t SET last_used_at = now()
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
      RETURNING t.id, t.name, t.scopes, t.org_unit_id, ${orgUnitField('t.org_unit_id', 'path')} AS path`,
    [sha256(token)],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    kind: 'token',
    id: r.id,
    name: `token:${r.name}`,
    role: null,
    scopes: r.scopes as Permission[],
    orgUnitId: r.org_unit_id,
    orgPath: r.path,
    customerId: null,
    csrfToken: null,
    ip,
    userAgent: ua,
  };
}

export async function deleteSession(db: Queryable, sid: string) {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(sid)]);
}
