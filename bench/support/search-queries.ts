/**
 * A realistic customer-search query mix drawn deterministically from the seeded data: what a
 * call-taker types while a customer is on the line — surname + first given character, the first
 * digits of a phone number, an account number or meter number read aloud, a fragment of an address.
 */
import type { Queryable } from '../../src/db/pool.js';
import { mulberry32, type Rng } from '../../src/seed/random.js';

export type QueryKind = 'name' | 'phone' | 'account' | 'meter' | 'address';

export interface SearchCase {
  kind: QueryKind;
  q: string;
  /** The customer the query was drawn from; for exact numbers the search must return it. */
  customerId: number;
}

const MIX: Array<[QueryKind, number]> = [
  ['name', 0.3],
  ['phone', 0.2],
  ['account', 0.2],
  ['meter', 0.15],
  ['address', 0.15],
];

function kindFor(rng: Rng): QueryKind {
  let r = rng();
  for (const [k, share] of MIX) {
    if (r < share) return k;
    r -= share;
  }
  return MIX[MIX.length - 1][0];
}

interface Sample {
  id: number;
  name: string;
  kind: string;
  phone: string | null;
  account_no: string | null;
  meter_no: string | null;
  address: string | null;
}

export async function drawSearchCases(db: Queryable, count: number, seedValue = 7): Promise<SearchCase[]> {
  const rng = mulberry32(seedValue);
  const range = (await db.query<{ lo: number; hi: number }>('SELECT min(id)::int AS lo, max(id)::int AS hi FROM customers')).rows[0];
  const ids = Array.from({ length: count }, () => range.lo + Math.floor(rng() * (range.hi - range.lo + 1)));
  const { rows } = await db.query<Sample>(
    `SELECT c.id::int AS id, c.name, c.kind, c.phone,
            (SELECT a.account_no FROM customer_accounts a WHERE a.customer_id = c.id ORDER BY a.id LIMIT 1) AS account_no,
            (SELECT m.meter_no FROM service_points sp JOIN meters m ON m.service_point_id = sp.id WHERE sp.customer_id = c.id ORDER BY m.id LIMIT 1) AS meter_no,
            (SELECT sp.address FROM service_points sp WHERE sp.customer_id = c.id ORDER BY sp.id LIMIT 1) AS address
       FROM customers c WHERE c.id = ANY($1::bigint[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cases: SearchCase[] = [];
  for (const id of ids) {
    const c = byId.get(id);
    if (!c) continue; // a gap in the ids
    const kind = kindFor(rng);
    const chars = (s: string) => [...s];
    if (kind === 'name') cases.push({ kind, q: chars(c.name).slice(0, 2).join(''), customerId: id });
    else if (kind === 'phone' && c.phone) cases.push({ kind, q: c.phone.slice(0, 7), customerId: id });
    else if (kind === 'account' && c.account_no) cases.push({ kind, q: c.account_no, customerId: id });
    else if (kind === 'meter' && c.meter_no) cases.push({ kind, q: c.meter_no, customerId: id });
    else if (kind === 'address' && c.address) {
      // skip the county name every address starts with; 3 to 6 characters from the rest, with at
      // least one that is not a digit (digits alone are a phone/account/meter number to the search)
      const rest = chars(c.address).slice(3);
      const len = Math.min(rest.length, 3 + Math.floor(rng() * 4));
      let start = Math.floor(rng() * (rest.length - len + 1));
      while (start > 0 && /^\d+$/.test(rest.slice(start, start + len).join(''))) start--;
      cases.push({ kind, q: rest.slice(start, start + len).join(''), customerId: id });
    }
  }
  return cases;
}
