/** HTTP for reading the audit log (the log itself is platform/audit). */
import type { App } from '../typed.js';
import type { AppContext } from '../context.js';
import { principal } from '../auth.js';
import { ok } from '../schemas.js';
import { readAuditLog } from '../../platform/audit/read.js';
import { AuditLogPage, AuditQuery } from '../../platform/audit/schemas.js';

export function registerAuditRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/audit',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], querystring: AuditQuery, response: ok(AuditLogPage) } },
    async (req) => readAuditLog(db, principal(req).orgPath, req.query),
  );
}
