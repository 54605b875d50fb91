/** HTTP for crews: list, create, update, shifts, and the position API of the crew's phone. */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { badField } from '../../platform/errors.js';
import { Body, IdParams, Lat, Lon, Text, Id } from '../../http/schemas.js';
import { addShift, createCrew, listCrews, reportPosition, updateCrew } from './crew-service.js';

const When = Type.String({ format: 'date-time' });
const Skills = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 20 });
const Status = Type.Union([Type.Literal('available'), Type.Literal('busy'), Type.Literal('off_duty')]);
const MAX_SKEW_MS = 120_000;

export function registerCrewRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/crews', { config: { permission: 'crews.read' }, schema: { tags: ['crews'] } }, async (req) => listCrews(db, principal(req)));

  app.post('/api/crews', {
    config: { permission: 'crews.write' },
    schema: { tags: ['crews'], body: Body({ name: Text(40), orgUnitId: Id, skills: Skills, phone: Type.Optional(Text(20)) }) },
  }, async (req, reply) => reply.status(201).send(await createCrew(db, principal(req), req.body as never)));

  app.patch('/api/crews/:id', {
    config: { permission: 'crews.write' },
    schema: { tags: ['crews'], params: IdParams, body: Body({ name: Type.Optional(Text(40)), skills: Type.Optional(Skills), status: Type.Optional(Status), phone: Type.Optional(Text(20)) }) },
  }, async (req) => updateCrew(db, principal(req), (req.params as { id: number }).id, req.body as never));

  app.post('/api/crews/:id/shifts', {
    config: { permission: 'crews.write' },
    schema: { tags: ['crews'], params: IdParams, body: Body({ startsAt: When, endsAt: When }) },
  }, async (req, reply) => {
    const b = req.body as { startsAt: string; endsAt: string };
    return reply.status(201).send(await addShift(db, principal(req), (req.params as { id: number }).id, { startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) }));
  });

  app.post('/api/crews/:id/position', {
    config: { permission: 'crews.position' },
    schema: { tags: ['crews'], params: IdParams, body: Body({ lon: Lon(), lat: Lat(), at: Type.Optional(When) }) },
  }, async (req) => {
    const b = req.body as { lon: number; lat: number; at?: string };
    const at = b.at ? new Date(b.at) : new Date();
    if (at.getTime() > Date.now() + MAX_SKEW_MS) throw badField('at', 'future', '时间不能晚于当前', 'time cannot be in the future');
    return reportPosition(db, principal(req), (req.params as { id: number }).id, { lon: b.lon, lat: b.lat, at });
  });
}
