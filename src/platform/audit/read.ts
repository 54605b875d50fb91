/**
 * Reading the audit log (GET /api/audit): newest first, within the reader's org subtree; entries
 * of no org unit only for readers at the root.
 */
import type { Queryable } from '../../db/pool.js';
import type { AuditFilter, AuditLogPageAnswer } from './schemas.js';

/** `orgPath` is the reader's subtree prefix (e.g. `/1/3/`). */
export async function readAuditLog(db: Queryable, orgPath: string, q: AuditFilter): Promise<AuditLogPageAnswer> {
  const { rows } = await db.query(
    `SELECT a.seq, a.at, a.actor_name, a.actor_kind, a.action, a.entity, a.entity_id, a.org_unit_id, a.before, a.after, a.ip
       FROM audit_log a LEFT JOIN pub_org_units o ON o.id = a.org_unit_id
      WHERE (o.path LIKE $1 || '%' OR (a.org_unit_id IS NULL AND $1 = (SELECT min(path) FROM pub_org_units WHERE parent_id IS NULL)))
        AND ($2::text IS NULL OR a.entity = $2) AND ($3::text IS NULL OR a.entity_id = $3) AND ($4::text IS NULL OR a.action = $4)
      ORDER BY a.seq DESC LIMIT $5 OFFSET $6`,
    [orgPath, q.entity ?? null, q.entityId ?? null, q.action ?? null, q.limit, q.offset],
  );
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name,
      actorKind: r.actor_kind,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      orgUnitId: r.org_unit_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
  };
}
