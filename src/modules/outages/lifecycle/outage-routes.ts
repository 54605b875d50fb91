/** HTTP for outages: the list and detail, lifecycle steps, dispatch suggestions, regrouping, the public page. */
import { Type } from 'typebox';
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok } from '../../../http/schemas.js';
import { outageServices } from '../grouping/outage-services.js';
import { regroup } from '../grouping/outage-regroup.js';
import { dispatchSuggestions } from '../dispatch/dispatch-suggestions.js';
import { stepOutage } from '../workflows/outage-step-moves-orders.js';
import {
  DispatchSuggestionsSchema,
  MergeBody,
  MoveBody,
  OutageDetailSchema,
  OutageItemSchema,
  OutageListQuery,
  PublicOutagesSchema,
  RegroupResult,
  SplitBody,
  STEP_BODIES,
  type StepName,
} from '../schemas.js';
import { listOutages, outageDetail, publicOutages } from './outage-queries.js';

/** Who may take each step: dispatchers steer the outage, the crew in the field moves it (and answers its assignment). */
const STEP_PERMISSION: Record<StepName, 'outages.write' | 'outages.field'> = {
  confirm: 'outages.write',
  etr: 'outages.write',
  assign: 'outages.write',
  accept: 'outages.field',
  decline: 'outages.field',
  depart: 'outages.field',
  arrive: 'outages.field',
  restore: 'outages.field',
  'confirm-restoration': 'outages.write',
  close: 'outages.write',
  cancel: 'outages.write',
};

export function registerOutageRoutes(app: App, { db }: AppContext) {
  const svc = outageServices(db);
  const tags = ['outages'];

  app.get(
    '/api/outages',
    { config: { permission: 'outages.read' }, schema: { tags, querystring: OutageListQuery, response: ok(Type.Array(OutageItemSchema)) } },
    async (req) => listOutages(db, principal(req), req.query),
  );

  app.get('/api/outages/:id', { config: { permission: 'outages.read' }, schema: { tags, params: IdParams, response: ok(OutageDetailSchema) } }, async (req) =>
    outageDetail(db, principal(req), req.params.id),
  );

  for (const step of Object.keys(STEP_BODIES) as StepName[]) {
    app.post(
      `/api/outages/:id/${step}`,
      {
        config: { permission: STEP_PERMISSION[step] },
        schema: { tags, params: IdParams, body: STEP_BODIES[step], response: ok(OutageDetailSchema) },
      },
      async (req) => stepOutage(db, svc, principal(req), req.params.id, step, req.body ?? {}),
    );
  }

  app.get(
    '/api/outages/:id/dispatch-suggestions',
    { config: { permission: 'outages.read' }, schema: { tags, params: IdParams, response: ok(DispatchSuggestionsSchema) } },
    async (req) => dispatchSuggestions(db, principal(req), req.params.id),
  );

  app.post(
    '/api/outages/:id/move',
    { config: { permission: 'outages.write' }, schema: { tags, params: IdParams, body: MoveBody, response: ok(RegroupResult) } },
    async (req) => regroup(svc.host, principal(req), { type: 'move', outageId: req.params.id, deviceId: req.body.deviceId }),
  );

  app.post(
    '/api/outages/:id/split',
    { config: { permission: 'outages.write' }, schema: { tags, params: IdParams, body: SplitBody, response: ok(RegroupResult) } },
    async (req) => regroup(svc.host, principal(req), { type: 'split', outageId: req.params.id, deviceIds: req.body.deviceIds }),
  );

  app.post('/api/outages/merge', { config: { permission: 'outages.write' }, schema: { tags, body: MergeBody, response: ok(RegroupResult) } }, async (req) =>
    regroup(svc.host, principal(req), { type: 'merge', ...req.body }),
  );

  app.get('/api/public/outages', { config: { public: true }, schema: { tags, response: ok(PublicOutagesSchema) } }, async () => publicOutages(db));
}
