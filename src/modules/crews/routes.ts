/** HTTP for crews: list, create, update, shifts, and the position API of the crew's phone. */
import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { addShiftOf, createCrew, listCrews, reportPositionOf, updateCrew } from './crew-service.js';
import { CrewCreateBody, CrewPatchBody, CrewRef, CrewSchema, PositionAccepted, PositionBody, ShiftBody } from './schemas.js';

export function registerCrewRoutes(app: App, { db }: AppContext) {
  app.get('/api/crews', { config: { permission: 'crews.read' }, schema: { tags: ['crews'], response: ok(Type.Array(CrewSchema)) } }, async (req) =>
    listCrews(db, principal(req)),
  );

  app.post(
    '/api/crews',
    { config: { permission: 'crews.write' }, schema: { tags: ['crews'], body: CrewCreateBody, response: ok(CrewRef, 201) } },
    async (req, reply) => reply.status(201).send(await createCrew(db, principal(req), req.body)),
  );

  app.patch(
    '/api/crews/:id',
    { config: { permission: 'crews.write' }, schema: { tags: ['crews'], params: IdParams, body: CrewPatchBody, response: ok(CrewRef) } },
    async (req) => updateCrew(db, principal(req), req.params.id, req.body),
  );

  app.post(
    '/api/crews/:id/shifts',
    { config: { permission: 'crews.write' }, schema: { tags: ['crews'], params: IdParams, body: ShiftBody, response: ok(CrewRef, 201) } },
    async (req, reply) => reply.status(201).send(await addShiftOf(db, principal(req), req.params.id, req.body)),
  );

  app.post(
    '/api/crews/:id/position',
    { config: { permission: 'crews.position' }, schema: { tags: ['crews'], params: IdParams, body: PositionBody, response: ok(PositionAccepted) } },
    async (req) => reportPositionOf(db, principal(req), req.params.id, req.body),
  );
}
