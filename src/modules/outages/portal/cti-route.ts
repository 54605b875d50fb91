/**
 * The CTI screen-pop (GET /api/cti/lookup?phone=): the work-order module's lookup (customers,
 * service points, open orders) composed with the outages at those service points (cti-lookup.ts).
 */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { ok } from '../../../http/schemas.js';
import { CtiQuery } from '../../workorders/index.js';
import { CtiLookupSchema } from '../schemas.js';
import { ctiScreenPop } from './cti-lookup.js';

export function registerCtiRoute(app: App, { db }: AppContext) {
  app.get(
    '/api/cti/lookup',
    {
      config: { permission: 'cti.lookup' },
      schema: {
        tags: ['cti'],
        description: '来电弹屏 / screen-pop: customers with this phone (masked), their open orders, and current or planned outages at their service points',
        querystring: CtiQuery,
        response: ok(CtiLookupSchema),
      },
    },
    async (req) => ctiScreenPop(db, principal(req), req.query.phone),
  );
}
