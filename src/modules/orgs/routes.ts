import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { OrgUnitCreateBody, OrgUnitCreated, OrgUnitPatchBody, OrgUnitSchema } from './schemas.js';
import { createOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from './service.js';

export function registerOrgRoutes(app: App, { db }: AppContext) {
  app.get('/api/org-units', { config: { permission: 'org.read' }, schema: { tags: ['org'], response: ok(Type.Array(OrgUnitSchema)) } }, async (req) =>
    listOrgUnits(db, principal(req)),
  );
  app.get('/api/org-units/:id', { config: { permission: 'org.read' }, schema: { tags: ['org'], params: IdParams, response: ok(OrgUnitSchema) } }, async (req) =>
    getOrgUnit(db, principal(req), req.params.id),
  );
  app.post(
    '/api/org-units',
    { config: { permission: 'org.write' }, schema: { tags: ['org'], body: OrgUnitCreateBody, response: ok(OrgUnitCreated, 201) } },
    async (req, reply) => reply.status(201).send(await createOrgUnit(db, principal(req), req.body)),
  );
  app.patch(
    '/api/org-units/:id',
    { config: { permission: 'org.write' }, schema: { tags: ['org'], params: IdParams, body: OrgUnitPatchBody, response: ok(OrgUnitSchema) } },
    async (req) => updateOrgUnit(db, principal(req), req.params.id, req.body),
  );
}
