/** The service territory: read by staff (maps, checks), replaced by an administrator (audited). */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { badField } from '../errors.js';
import { Body } from '../../http/schemas.js';
import { withTx } from '../../db/pool.js';
import type { Territory } from './geo.js';
import { forgetTerritory, saveTerritory, serviceTerritory, territoryProblem } from './territory.js';

/** The audit actor of a request (platform code does not import the identity module). */
const actor = (p: { id: number; kind: 'user' | 'token'; name: string; ip: string | null; userAgent: string | null }) => ({ id: p.id, kind: p.kind, name: p.name, ip: p.ip, userAgent: p.userAgent });

export function registerTerritoryRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/territory', { config: { permission: 'network.read' }, schema: { tags: ['platform'], description: '供电辖区 / the service territory' } }, async () => {
    const { rows } = await db.query('SELECT territory, updated_at FROM service_territory WHERE id = 1');
    return { territory: rows[0].territory, updatedAt: rows[0].updated_at };
  });

  app.put('/api/territory', {
    config: { permission: 'territory.admin' },
    schema: { tags: ['platform'], body: Body({ territory: Type.Object({}, { additionalProperties: true }) }) },
  }, async (req) => {
    const t = (req.body as { territory: unknown }).territory;
    const problem = territoryProblem(t);
    if (problem) throw badField('body.territory', 'territory', '辖区须为经纬度范围（最小值小于最大值）或至少 3 个点的多边形', problem);
    const r = await withTx(db, (tx) => saveTerritory(tx, actor(principal(req)), t as Territory));
    forgetTerritory(db);
    return { territory: (await serviceTerritory(db)), changed: r.changed };
  });
}
