/**
 * The audit log's read contract (GET /api/audit): the query and the entries, declared once.
 */
import { Type, type Static } from 'typebox';
import { DateTime, Id, Nullable, Paging, Query } from '../schema.js';

/** Who acted: a signed-in user, an API token, or the system itself. */
export const ActorKindSchema = Type.Enum(['user', 'token', 'system']);
export type ActorKind = Static<typeof ActorKindSchema>;

export const AuditQuery = Query({
  entity: Type.Optional(Type.String({ maxLength: 64 })),
  entityId: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  ...Paging,
});
export type AuditFilter = Static<typeof AuditQuery>;

export const AuditLogEntry = Type.Object({
  seq: Type.Integer(),
  at: DateTime(),
  actorName: Nullable(Type.String()),
  actorKind: ActorKindSchema,
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  orgUnitId: Nullable(Id),
  // what the entity was and became, as each action records it (jsonb, any shape or null): open-ended by design
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Nullable(Type.String()),
});
export const AuditLogPage = Type.Object({ items: Type.Array(AuditLogEntry) });
export type AuditLogPageAnswer = Static<typeof AuditLogPage>;
