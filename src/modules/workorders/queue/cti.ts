/**
 * CTI screen-pop: who is calling (customers with this phone, masked), their service points and
 * open orders. Outages at those service points are added by the route that composes this with
 * the outages service (workorders never imports outages).
 */
import type { Queryable } from '../../../db/pool.js';
import { maskPhone } from '../../../platform/pii.js';
import type { Principal } from '../../identity/index.js';
import { inOrgScope } from '../../orgs/index.js';
import { OPEN_STATES } from '../lifecycle/lifecycle-rules.js';
import type { CtiLookup } from '../schemas.js';

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export type { CtiLookup };

export async function ctiLookup(db: Queryable, p: Principal, phone: string): Promise<CtiLookup> {
  const scope = p.orgPath;
  const customers = await db.query(
    `SELECT c.id, c.name, c.phone, c.org_unit_id FROM pub_customers c
      WHERE c.phone = $1 AND ${inOrgScope('c.org_unit_id', '$2')} ORDER BY c.id LIMIT 20`,
    [phone, scope],
  );
  const ids = customers.rows.map((c) => c.id as number);
  const [sps, orders] = await Promise.all([
    ids.length
      ? db.query(
          'SELECT id, customer_id, address, customer_class, important, transformer_id FROM pub_service_points WHERE customer_id = ANY($1::bigint[]) ORDER BY id',
          [ids],
        )
      : Promise.resolve({ rows: [] as Record<string, unknown>[] }),
    db.query(
      `SELECT id, order_no, order_type, subtype, status, received_at, next_due_at, sla_state FROM work_orders
        WHERE status = ANY($1::text[]) AND (caller_phone = $2 OR customer_id = ANY($3::bigint[])) AND (org_path LIKE $4 || '%')
        ORDER BY received_at DESC LIMIT 20`,
      [OPEN_STATES, phone, ids, scope],
    ),
  ]);
  return {
    phone: maskPhone(phone)!,
    customers: customers.rows.map((c) => ({
      id: c.id,
      name: maskName(c.name),
      phone: maskPhone(c.phone),
      orgUnitId: c.org_unit_id,
      servicePoints: sps.rows
        .filter((s) => s.customer_id === c.id)
        .map((s) => ({
          id: s.id as number,
          address: s.address as string,
          customerClass: s.customer_class as string,
          important: s.important as boolean,
          transformerId: (s.transformer_id as number | null) ?? null,
        })),
    })),
    openOrders: orders.rows.map((o) => ({
      id: o.id,
      orderNo: o.order_no,
      orderType: o.order_type,
      subtype: o.subtype,
      status: o.status,
      receivedAt: o.received_at,
      nextDueAt: o.next_due_at,
      slaState: o.sla_state,
    })),
    servicePointIds: sps.rows.map((s) => s.id as number),
  };
}
