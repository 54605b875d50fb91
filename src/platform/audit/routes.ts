import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { Paging, Query } from '../../http/schemas.js';

export function registerAuditRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/audit', {
    config: { permission: 'audit.read' },
    schema: { tags: ['audit'], querystring: Query({ entity: Type.Optional(Type.String({ maxLength: 64 })), entityId: Type.Optional(Type.String({ maxLength: 64 })), action: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }) },
  }, async (req) => {
    const p = principal(req);
    const q = req.query as { entity?: string; entityId?: string; action?: string; limit: number; offset: number };
    const { rows } = await db.query(
      `SELECT a.seq, a.at, a.actor_name, a.actor_kind, a.action, a.entity, a.entity_id, a.org_unit_id, a.before, a.after, a.ip
         FROM audit_log a LEFT JOIN org_units o ON o.id = a.org_unit_id
        WHERE (o.path LIKE $1 || '%' OR (a.org_unit_id IS NULL AND $1 = (SELECT min(path) FROM org_units WHERE parent_id IS NULL)))
          AND ($2::text IS NULL OR a.entity = $2) AND ($3::text IS NULL OR a.entity_id = $3) AND ($4::text IS NULL OR a.action = $4)
        ORDER BY a.seq DESC LIMIT $5 OFFSET $6`,
      [p.orgPath, q.entity ?? null, q.entityId ?? null, q.action ?? null, q.limit, q.offset],
    );
    return { items: rows.map((r) => ({ seq: r.seq, at: r.at, actorName: r.actor_name, actorKind: r.actor_kind, action: r.action, entity: r.entity, entityId: r.entity_id, orgUnitId: r.org_unit_id, before: r.before, after: r.after, ip: r.ip })) };
  });
}
