/**
 * The CTI screen-pop: the work-order module's lookup (customers with this phone, masked; their
 * service points and open orders) composed with the outages at those service points and the
 * caller's connection applications (connections' face). It lives here because outages builds on
 * work orders, never the reverse; connections imports neither outages nor this.
 */
import type { Db } from '../../../db/pool.js';
import type { Principal } from '../../identity/index.js';
import { ctiLookup } from '../../workorders/index.js';
import { outagesAtServicePoints } from './outages-at.js';
import { connectionsForCaller } from '../../connections/index.js';
import type { CtiLookup } from '../schemas.js';

export async function ctiScreenPop(db: Db, p: Principal, phone: string): Promise<CtiLookup> {
  const r = await ctiLookup(db, p, phone);
  const [outages, connections] = await Promise.all([
    outagesAtServicePoints(db, r.servicePointIds),
    connectionsForCaller(db, p, { phone, customerIds: r.customers.map((c) => c.id) }),
  ]);
  return { phone: r.phone, customers: r.customers, openOrders: r.openOrders, outages, connections };
}
