/** HTTP for planned outages: plan, list, detail, approve, start, complete, cancel. */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { Body, IdParams, Paging, Query, Text, Id } from '../../../http/schemas.js';
import { createPlan, listPlans, planDetail, stepPlan } from './planned-service.js';

const When = Type.String({ format: 'date-time' });

export function registerPlannedRoutes(app: FastifyInstance, { db }: AppContext) {
  app.post('/api/planned-outages', {
    config: { permission: 'planned.write' },
    schema: {
      tags: ['planned'],
      body: Body({
        kind: Type.Union([Type.Literal('planned'), Type.Literal('temporary_maintenance')]), startsAt: When, endsAt: When, reason: Text(200),
        deviceIds: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }),
      }),
    },
  }, async (req, reply) => {
    const b = req.body as { kind: 'planned' | 'temporary_maintenance'; startsAt: string; endsAt: string; reason: string; deviceIds: number[] };
    return reply.status(201).send(await createPlan(db, principal(req), { ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) }));
  });

  app.get('/api/planned-outages', {
    config: { permission: 'outages.read' },
    schema: { tags: ['planned'], querystring: Query({ status: Type.Optional(Type.String({ enum: ['pending_approval', 'approved', 'in_progress', 'completed', 'cancelled'] })), ...Paging }) },
  }, async (req) => listPlans(db, principal(req), req.query as never));

  app.get('/api/planned-outages/:id', { config: { permission: 'outages.read' }, schema: { tags: ['planned'], params: IdParams } }, async (req) =>
    planDetail(db, principal(req), (req.params as { id: number }).id));

  for (const step of ['approve', 'start', 'complete', 'cancel'] as const) {
    app.post(`/api/planned-outages/:id/${step}`, {
      config: { permission: step === 'approve' ? 'planned.approve' : 'planned.write' },
      schema: { tags: ['planned'], params: IdParams },
    }, async (req) => stepPlan(db, principal(req), (req.params as { id: number }).id, step));
  }
}
