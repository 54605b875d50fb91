/**
 * Customer search by name, phone, account number, address or meter number, within the caller's
 * org subtree. Each kind of match is its own index-backed subquery (prefix btrees for numbers and
 * names, trigram GIN for contained text of 3+ characters), unioned and capped, so the cost stays
 * flat as the customer base grows.
 */
import type { Queryable } from '../../db/pool.js';
import { maskPhone } from '../../platform/pii.js';
import type { Principal } from '../identity/index.js';
import { inOrgScope, orgUnitField } from '../orgs/index.js';
import type { CustomerSearch, CustomerSliceAnswer } from './schemas.js';

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function searchCustomers(db: Queryable, p: Principal, sq: CustomerSearch): Promise<CustomerSliceAnswer> {
  const q = (sq.q ?? '').trim();
  const cap = sq.offset + sq.limit + 1; // one more than shown, to know whether there is a next page
  const params: unknown[] = [p.orgPath, cap]; // $2 caps each index probe
  const parts: string[] = [];
  if (q) {
    params.push(escapeLike(q) + '%');
    const prefix = `$${params.length}`;
    if (/^\d{3,}$/.test(q)) {
      parts.push(`(SELECT id FROM customers WHERE phone LIKE ${prefix} LIMIT $2)`);
      parts.push(`(SELECT customer_id AS id FROM customer_accounts WHERE account_no LIKE ${prefix} LIMIT $2)`);
      parts.push(`(SELECT sp.customer_id AS id FROM meters m JOIN service_points sp ON sp.id = m.service_point_id WHERE m.meter_no LIKE ${prefix} LIMIT $2)`);
    } else {
      parts.push(`(SELECT id FROM customers WHERE name LIKE ${prefix} LIMIT $2)`);
      if ([...q].length >= 3) {
        params.push('%' + escapeLike(q) + '%');
        const contains = `$${params.length}`;
        parts.push(`(SELECT id FROM customers WHERE name ILIKE ${contains} LIMIT $2)`);
        parts.push(`(SELECT customer_id AS id FROM service_points WHERE address ILIKE ${contains} LIMIT $2)`);
      }
    }
  }
  if (!parts.length) params.pop(); // browsing without a query: no probes, no cap
  const source = parts.length ? `(SELECT DISTINCT id FROM (${parts.join(' UNION ALL ')}) u) hits JOIN customers c ON c.id = hits.id` : 'customers c';
  params.push(sq.limit + 1, sq.offset);
  const { rows } = await db.query(
    `SELECT c.id, c.name, c.kind, c.phone, ${orgUnitField('c.org_unit_id', 'name')} AS org_unit_name,
            (SELECT array_agg(a.account_no ORDER BY a.id) FROM customer_accounts a WHERE a.customer_id = c.id) AS account_nos,
            (SELECT sp.address FROM service_points sp WHERE sp.customer_id = c.id ORDER BY sp.id LIMIT 1) AS address,
            (SELECT sp.customer_class FROM service_points sp WHERE sp.customer_id = c.id ORDER BY sp.id LIMIT 1) AS customer_class
       FROM ${source}
      WHERE ${inOrgScope('c.org_unit_id', '$1')}
      ORDER BY c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const more = rows.length > sq.limit;
  rows.length = Math.min(rows.length, sq.limit);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      phone: maskPhone(r.phone),
      accountNos: r.account_nos ?? [],
      address: r.address,
      customerClass: r.customer_class,
      orgUnitName: r.org_unit_name,
    })),
    hasMore: more,
  };
}
