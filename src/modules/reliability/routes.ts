/** HTTP for reliability indices per org unit or feeder and period. */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { Query, Id } from '../../http/schemas.js';
import { reliabilityFor } from './reliability-service.js';


export function registerReliabilityRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/reliability', {
    config: { permission: 'reliability.read' },
    schema: { tags: ['reliability'], querystring: Query({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }), orgUnitId: Type.Optional(Id), feederId: Type.Optional(Id) }) },
  }, async (req) => {
    const q = req.query as { from: string; to: string; orgUnitId?: number; feederId?: number };
    return reliabilityFor(db, principal(req), { from: new Date(q.from), to: new Date(q.to), orgUnitId: q.orgUnitId, feederId: q.feederId });
  });
}
