/**
 * The CTI screen-pop (GET /api/cti/lookup?phone=): the work-order module's lookup (customers,
 * service points, open orders) composed with the outages at those service points. It lives
 * here because outages builds on work orders, never the reverse.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { ctiLookup } from '../../workorders/index.js';
import { CtiQuery } from '../../workorders/index.js';
import { outagesAtServicePoints } from './outages-at.js';

export function registerCtiRoute(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/cti/lookup', {
    config: { permission: 'cti.lookup' },
    schema: { tags: ['cti'], description: '来电弹屏 / screen-pop: customers with this phone (masked), their open orders, and current or planned outages at their service points', querystring: CtiQuery },
  }, async (req) => {
    const r = await ctiLookup(db, principal(req), (req.query as { phone: string }).phone);
    const outages = await outagesAtServicePoints(db, r.servicePointIds);
    return { phone: r.phone, customers: r.customers, openOrders: r.openOrders, outages };
  });
}
