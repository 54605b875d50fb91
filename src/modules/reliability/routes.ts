/** HTTP for reliability indices per org unit or feeder and period. */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { ok } from '../../http/schemas.js';
import { reliabilityOf } from './reliability-service.js';
import { ReliabilityQuerySchema, ReliabilityReportSchema } from './schemas.js';

export function registerReliabilityRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/reliability',
    {
      config: { permission: 'reliability.read' },
      schema: { tags: ['reliability'], querystring: ReliabilityQuerySchema, response: ok(ReliabilityReportSchema) },
    },
    async (req) => reliabilityOf(db, principal(req), req.query),
  );
}
