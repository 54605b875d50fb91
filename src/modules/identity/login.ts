/** Password login with lockout after repeated failures, logout, and password change. */
import type { Config } from '../../config.js';
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { DomainError, badField } from '../../platform/errors.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { createSession, deleteSession, sha256 } from './sessions.js';
import { authChanged } from './session-cache.js';
import type { Principal } from './principal.js';

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

const badLogin = () => new DomainError('unauthenticated', 'BAD_CREDENTIALS', '用户名或密码错误', 'Wrong username or password');

export async function login(db: Db, config: Config, username: string, password: string, ip: string | null, ua: string | null) {
  const { rows } = await db.query(
    `SELECT id, display_name, password_hash, active, failed_logins, locked_until, locked_until > now() AS locked, org_unit_id FROM users WHERE username = $1`,
    [username],
  );
  const u = rows[0];
  if (!u) {
    dummyHash ??= hashPassword('not-a-real-password-1');
    await verifyPassword(await dummyHash, password);
    throw badLogin();
  }
  if (u.locked) {
    throw new DomainError(
      'locked',
      'ACCOUNT_LOCKED',
      `登录失败次数过多，账户已锁定至 ${new Date(u.locked_until).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
      `Too many failed logins; account locked until ${new Date(u.locked_until).toISOString()}`,
    );
  }
  const ok = u.active && (await verifyPassword(u.password_hash, password));
  const actor = { id: u.id, kind: 'user' as const, name: u.display_name, ip, userAgent: ua };
  if (!ok) {
    await withTx(db, async (tx) => {
      const failures = u.failed_logins + 1;
      const lock = failures >= config.loginMaxFailures;
      await tx.query(
        `UPDATE users SET failed_logins = $2, locked_until = CASE WHEN $3 THEN now() + make_interval(mins => $4) ELSE locked_until END WHERE id = $1`,
        [u.id, lock ? 0 : failures, lock, config.loginLockMinutes],
      );
      await recordAudit(tx, actor, {
        action: lock ? 'user.locked' : 'user.login_failed',
        entity: 'user',
        entityId: u.id,
        orgUnitId: u.org_unit_id,
        after: { failures },
      });
    });
    throw badLogin();
  }
  return withTx(db, async (tx) => {
    await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [u.id]);
    const s = await createSession(tx, u.id, config.sessionTtlHours, ip, ua);
    await recordAudit(tx, actor, { action: 'user.login', entity: 'user', entityId: u.id, orgUnitId: u.org_unit_id });
    return s;
  });
}

export async function logout(db: Db, p: Principal, sid: string) {
  await withTx(db, async (tx) => {
    await deleteSession(tx, sid);
    await recordAudit(
      tx,
      { id: p.id, kind: 'user', name: p.name, ip: p.ip, userAgent: p.userAgent },
      { action: 'user.logout', entity: 'user', entityId: p.id, orgUnitId: p.orgUnitId },
    );
  });
  authChanged(db);
}

/** Changes the signed-in user's password; the user's other sessions end, the current one (sid) stays. */
export async function changePassword(db: Db, p: Principal, sid: string, current: string, next: string) {
  const problem = passwordProblem(next);
  if (problem) throw badField('body.newPassword', 'password_policy', problem.zh, problem.en);
  const { rows } = await db.query('SELECT password_hash FROM users WHERE id = $1', [p.id]);
  if (!rows[0] || !(await verifyPassword(rows[0].password_hash, current))) {
    throw badField('body.currentPassword', 'wrong_password', '当前密码不正确', 'current password is wrong');
  }
  const h = await hashPassword(next);
  await withTx(db, async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [p.id, h]);
    const ended = await tx.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2', [p.id, sha256(sid)]);
    await recordAudit(
      tx,
      { id: p.id, kind: 'user', name: p.name, ip: p.ip, userAgent: p.userAgent },
      { action: 'user.password_changed', entity: 'user', entityId: p.id, orgUnitId: p.orgUnitId, after: { otherSessionsEnded: ended.rowCount } },
    );
  });
  authChanged(db);
}
