import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { Body, IdParams, Text, Id } from '../../http/schemas.js';
import { AREA_TYPES, ORG_LEVELS } from './rules.js';
import { createOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from './service.js';

const Level = Type.Union(ORG_LEVELS.map((l) => Type.Literal(l)));
const Area = Type.Union(AREA_TYPES.map((a) => Type.Literal(a)));

export function registerOrgRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/org-units', { config: { permission: 'org.read' }, schema: { tags: ['org'] } }, async (req) => listOrgUnits(db, principal(req)));
  app.get('/api/org-units/:id', { config: { permission: 'org.read' }, schema: { tags: ['org'], params: IdParams } }, async (req) =>
    getOrgUnit(db, principal(req), (req.params as { id: number }).id));
  app.post('/api/org-units', {
    config: { permission: 'org.write' },
    schema: { tags: ['org'], body: Body({ parentId: Id, code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,32}$' }), name: Text(64), nameEn: Type.Optional(Text(128)), level: Level, areaType: Area }) },
  }, async (req, reply) => reply.status(201).send(await createOrgUnit(db, principal(req), req.body as never)));
  app.patch('/api/org-units/:id', {
    config: { permission: 'org.write' },
    schema: { tags: ['org'], params: IdParams, body: Body({ name: Type.Optional(Text(64)), nameEn: Type.Optional(Text(128)), areaType: Type.Optional(Area), active: Type.Optional(Type.Boolean()) }) },
  }, async (req) => updateOrgUnit(db, principal(req), (req.params as { id: number }).id, req.body as never));
}
