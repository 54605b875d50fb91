/**
 * A customer reports a fault from the portal: the same path as a fault call at the desk — a
 * fault-repair order that becomes a trouble call placed on the network, answered with the
 * outage it joined (status and ETR) when there is one. The service point must be the customer's.
 * A spot pinned on the map (e.g. a fallen line down the street) is sent as `location` and kept as
 * the order's reported location; without one the order is located at the service point. A spot
 * without a service point (a passer-by's report) is placed by the nearest transformer, or kept
 * unplaced for a dispatcher; one of the two is required.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { Body, Phone, Text, Id } from '../../../http/schemas.js';
import { LocationBody } from '../../workorders/index.js';
import type { ReportedLocation } from '../../workorders/index.js';
import { receiveFaultOrder } from '../workflows/linked-orders.js';
import { outageServices } from '../grouping/outage-services.js';

export function registerPortalFaultRoute(app: FastifyInstance, { db }: AppContext) {
  const svc = outageServices(db);
  app.post('/api/portal/fault-orders', {
    config: { permission: 'portal.submit' },
    schema: {
      tags: ['portal'],
      description: '客户门户报修 / fault report from the portal, placed on the network like a desk call',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })) }),
      body: Body({
        servicePointId: Type.Optional(Id),
        channel: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('mobile')])),
        description: Text(2000),
        callerPhone: Type.Optional(Phone),
        location: Type.Optional(LocationBody),
      }),
    },
  }, async (req, reply) => {
    const b = req.body as { servicePointId?: number; channel?: 'web' | 'mobile'; description: string; callerPhone?: string; location?: ReportedLocation };
    const r = await receiveFaultOrder(db, svc, principal(req), { channel: b.channel ?? 'web', servicePointId: b.servicePointId, description: b.description, callerPhone: b.callerPhone, location: b.location }, (req.headers['idempotency-key'] as string | undefined) ?? null, { requirePlace: true });
    return reply.status(r.replayed ? 200 : 201).send({ order: r.order, call: r.call });
  });
}
