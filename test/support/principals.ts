/**
 * A seeded demo user as the Principal a use case takes, for tests that call use cases (or seed
 * activity) directly rather than through a signed-in session: built from `users` and its org unit
 * the way the auth hook builds a session's principal (src/modules/identity/sessions.ts), with no
 * CSRF token or IP and the user agent `test`.
 */
import type { Queryable } from '../../src/db/pool.js';
import type { Principal, Role } from '../../src/modules/identity/index.js';

export async function principalOf(db: Queryable, username: string): Promise<Principal> {
  const r = (
    await db.query(
      `SELECT u.id, u.display_name, u.role, u.org_unit_id, o.path, u.customer_id FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`,
      [username],
    )
  ).rows[0];
  if (!r) throw new Error(`no user ${username} (seed the territory first)`);
  return {
    kind: 'user',
    id: Number(r.id),
    name: r.display_name,
    role: r.role as Role,
    scopes: [],
    orgUnitId: Number(r.org_unit_id),
    orgPath: r.path,
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    csrfToken: null,
    ip: null,
    userAgent: 'test',
  };
}
