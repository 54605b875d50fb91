/**
 * A customer reports a fault from the portal: the same path as a fault call at the desk — a
 * fault-repair order that becomes a trouble call placed on the network, answered with the
 * outage it joined (status and ETR) when there is one. The service point must be the customer's.
 * A spot pinned on the map (e.g. a fallen line down the street) is sent as `location` and kept as
 * the order's reported location; without one the order is located at the service point. A spot
 * without a service point (a passer-by's report) is placed by the nearest transformer, or kept
 * unplaced for a dispatcher; one of the two is required (workflows/fault-order-to-trouble-call.ts).
 */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { oks } from '../../../http/schemas.js';
import { outageServices } from '../grouping/outage-services.js';
import { receivePortalFault } from '../workflows/fault-order-to-trouble-call.js';
import { FaultOrderHeaders, PortalFaultBody, PortalFaultResult } from '../schemas.js';

export function registerPortalFaultRoute(app: App, { db }: AppContext) {
  const svc = outageServices(db);
  app.post(
    '/api/portal/fault-orders',
    {
      config: { permission: 'portal.submit' },
      schema: {
        tags: ['portal'],
        description: '客户门户报修 / fault report from the portal, placed on the network like a desk call',
        headers: FaultOrderHeaders,
        body: PortalFaultBody,
        response: oks({ 200: PortalFaultResult, 201: PortalFaultResult }),
      },
    },
    async (req, reply) => {
      const r = await receivePortalFault(db, svc, principal(req), req.body, req.headers['idempotency-key'] ?? null, (e) => req.log.error(e));
      return reply.status(r.replayed ? 200 : 201).send(r);
    },
  );
}
