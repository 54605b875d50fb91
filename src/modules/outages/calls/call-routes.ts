/** HTTP for trouble calls: a call taken at the desk, a fault order that becomes one, the calls not placed on the network and placing one by hand. */
import { Type } from 'typebox';
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { IdParams, ok, oks } from '../../../http/schemas.js';
import { outageServices } from '../grouping/outage-services.js';
import { receiveFaultOrder } from '../workflows/fault-order-to-trouble-call.js';
import {
  CallAnswerSchema,
  CallBody,
  FaultOrderBody,
  FaultOrderHeaders,
  FaultOrderResult,
  PlaceCallBody,
  UnplacedCallSchema,
  UnplacedQuery,
} from '../schemas.js';
import { takeCall } from './take-call.js';
import { listUnplacedCalls, placeCall } from './unplaced-calls.js';

export function registerCallRoutes(app: App, { db }: AppContext) {
  const svc = outageServices(db);
  const tags = ['outages'];

  app.post(
    '/api/outages/calls',
    { config: { permission: 'workorders.create' }, schema: { tags, body: CallBody, response: ok(CallAnswerSchema, 201) } },
    async (req, reply) => reply.status(201).send(await takeCall(db, svc, principal(req), req.body, (e) => req.log.error(e))),
  );

  app.post(
    '/api/outages/fault-orders',
    {
      config: { permission: 'workorders.create' },
      schema: {
        tags,
        description: '故障报修工单，同时作为报修来电研判 / a fault-repair order placed on the network as a trouble call',
        headers: FaultOrderHeaders,
        body: FaultOrderBody,
        response: oks({ 200: FaultOrderResult, 201: FaultOrderResult }),
      },
    },
    async (req, reply) => {
      const r = await receiveFaultOrder(db, svc, principal(req), req.body, req.headers['idempotency-key'] ?? null, { log: (e) => req.log.error(e) });
      return reply.status(r.replayed ? 200 : 201).send(r);
    },
  );

  app.get(
    '/api/outages/calls/unplaced',
    { config: { permission: 'outages.read' }, schema: { tags, querystring: UnplacedQuery, response: ok(Type.Array(UnplacedCallSchema)) } },
    async (req) => listUnplacedCalls(db, principal(req), req.query),
  );

  app.post(
    '/api/outages/calls/:id/place',
    { config: { permission: 'outages.write' }, schema: { tags, params: IdParams, body: PlaceCallBody, response: ok(CallAnswerSchema) } },
    async (req) => placeCall(db, svc, principal(req), req.params.id, req.body.transformerId, (e) => req.log.error(e)),
  );
}
