/**
 * The latefees bench's data (bench/latefees.ts), written with INSERT … SELECT generate_series in chunks:
 * one released bill per account, a second, older one for every fifth account; due dates spread over the
 * 420 days before the pass day (every ageing bucket, and bills from the previous year crossing the
 * 1 January boundary); 70 % residential; 50 org units; every tenth account has paid half of its bill
 * five days after the due date (a payment and its allocation line), so the pass splits those bills' lines.
 */
import type { Db } from '../../src/db/pool.js';

export async function seedOpenBills(db: Db, n: number, day: string, chunk: number, progress: (to: number) => void = () => {}): Promise<void> {
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await db.query(
      `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date)
       SELECT g, g, to_char(d - 20, 'YYYY-MM'), 'released', g, 1 + g % 50, '/1/' || (1 + g % 50) || '/', d - 50, d - 20, 100,
              1000 + (hashint8(g) & 2147483647) % 500000, '{}',
              json_build_object('account', json_build_object('customerClass', CASE WHEN g % 10 < 7 THEN 'residential' ELSE 'commercial_industrial' END)),
              d - 15, d
         FROM (SELECT g, $3::date - 1 - ((hashint8(g * 7) & 2147483647) % 420)::int AS d FROM generate_series($1::bigint, $2::bigint) g) s`,
      [from, to, day],
    );
    // a second, older bill for every fifth account
    await db.query(
      `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date, kind)
       SELECT $3::bigint + g, g, to_char(b.due_date - 60, 'YYYY-MM'), 'released', g, b.org_unit_id, b.org_path, b.due_date - 90, b.due_date - 60, 80,
              500 + (hashint8(g * 3) & 2147483647) % 100000, '{}', b.inputs, b.released_at - interval '30 days', b.due_date - 30, 'rebill'
         FROM bills b JOIN generate_series($1::bigint, $2::bigint) g ON b.account_id = g AND b.id = g WHERE g % 5 = 0`,
      [from, to, n],
    );
    // every tenth account paid half of its bill five days after the due date
    await db.query(
      `INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen, principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
       SELECT b.id, b.account_id, b.account_id, b.org_unit_id, b.org_path, 'residential', 'bank', 'transfer', 'bench' || b.id, b.total_fen / 2, b.total_fen / 2, 0, 0, '{}', b.due_date + 5, 'BR' || b.id
         FROM bills b JOIN generate_series($1::bigint, $2::bigint) g ON b.account_id = g AND b.id = g WHERE g % 10 = 1 AND b.due_date + 5 < $3::date`,
      [from, to, day],
    );
    await db.query(
      `INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen)
       SELECT p.account_id, p.id, 1, p.id, 'principal', p.principal_fen FROM payments p WHERE p.id BETWEEN $1 AND $2`,
      [from, to],
    );
    progress(to);
  }
}
