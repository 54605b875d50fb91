/**
 * The CTI screen-pop: the work-order module's lookup (customers with this phone, masked; their
 * service points and open orders) composed with the outages at those service points. It lives
 * here because outages builds on work orders, never the reverse.
 */
import type { Db } from '../../../db/pool.js';
import type { Principal } from '../../identity/index.js';
import { ctiLookup } from '../../workorders/index.js';
import { outagesAtServicePoints } from './outages-at.js';
import type { CtiLookup } from '../schemas.js';

export async function ctiScreenPop(db: Db, p: Principal, phone: string): Promise<CtiLookup> {
  const r = await ctiLookup(db, p, phone);
  const outages = await outagesAtServicePoints(db, r.servicePointIds);
  return { phone: r.phone, customers: r.customers, openOrders: r.openOrders, outages };
}
