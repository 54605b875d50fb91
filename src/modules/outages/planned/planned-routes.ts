/** HTTP for planned outages: plan, list, detail, approve, start, complete, cancel. */
import { Type } from 'typebox';
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok } from '../../../http/schemas.js';
import { PlanBody, PlanDetailSchema, PlanListQuery, PlanSchema } from '../schemas.js';
import { listPlans, planDetail, planOutage, PLAN_STEPS, stepPlan } from './planned-service.js';

export function registerPlannedRoutes(app: App, { db }: AppContext) {
  const tags = ['planned'];

  app.post(
    '/api/planned-outages',
    { config: { permission: 'planned.write' }, schema: { tags, body: PlanBody, response: ok(PlanSchema, 201) } },
    async (req, reply) => reply.status(201).send(await planOutage(db, principal(req), req.body)),
  );

  app.get(
    '/api/planned-outages',
    { config: { permission: 'outages.read' }, schema: { tags, querystring: PlanListQuery, response: ok(Type.Array(PlanSchema)) } },
    async (req) => listPlans(db, principal(req), req.query),
  );

  app.get(
    '/api/planned-outages/:id',
    { config: { permission: 'outages.read' }, schema: { tags, params: IdParams, response: ok(PlanDetailSchema) } },
    async (req) => planDetail(db, principal(req), req.params.id),
  );

  for (const step of PLAN_STEPS) {
    app.post(
      `/api/planned-outages/:id/${step}`,
      {
        config: { permission: step === 'approve' ? 'planned.approve' : 'planned.write' },
        schema: { tags, params: IdParams, response: ok(PlanSchema) },
      },
      async (req) => stepPlan(db, principal(req), req.params.id, step),
    );
  }
}
