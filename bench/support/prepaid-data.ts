/**
 * Prepaid accounts for a bench (bench/prepaid.ts, bench/latefees.ts), loaded in bulk (generate_series):
 * one county (org unit 2 under province 1, a ledger unit), N customers with a phone, N accounts, N
 * prepaid accounts (ids 1 … N) on the Zhejiang residential plan (year-to-date kWh spread so some days
 * cross a tier bound; balances spread so ~3 % fall below their threshold and ~1 % below zero with the
 * day's charge), and for each given day N AMI daily totals (0–30 kWh).
 */
import type { Db } from '../../src/db/pool.js';
import { registerLedgerUnit } from '../../src/modules/ledger/index.js';

export async function seedPrepaidAccounts(db: Db, n: number, days: string[]): Promise<void> {
  await db.query(
    `INSERT INTO org_units (id, parent_id, code, name, level, area_type, path) VALUES (1, NULL, 'B', '基准省', 'province', 'urban', '/1/'), (2, 1, 'B-C', '基准县', 'county', 'urban', '/1/2/')`,
  );
  await registerLedgerUnit(db, { orgUnitId: 2, orgPath: '/1/2/', code: 'B-C', name: '基准县' });
  await db.query(
    `INSERT INTO customers (id, org_unit_id, name, phone) SELECT i, 2, '客户' || i, '139' || lpad(i::text, 8, '0') FROM generate_series(1, $1) i`,
    [n],
  );
  await db.query(`INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT i, i, 2, 'B' || i FROM generate_series(1, $1) i`, [n]);
  await db.query(
    `INSERT INTO prepaid_accounts (account_id, account_no, customer_id, org_unit_id, org_path, customer_class, meter_no, plan_code, balance_fen, threshold_fen, ytd_year, ytd_kwh)
     SELECT i, 'B' || i, i, 2, '/1/2/', 'residential', 'M' || i, 'ZJ-RES-2012',
            CASE WHEN i % 100 = 0 THEN 500 WHEN i % 33 = 0 THEN 5500 ELSE 8000 + (hashint4(i) & 2147483647) % 50000 END,
            5000, 2026, ((hashint4(i * 7) & 2147483647) % 5000)::numeric
       FROM generate_series(1, $1) i`,
    [n],
  );
  for (const [k, day] of days.entries())
    await db.query(
      `INSERT INTO prepaid_usage (account_id, day, kwh) SELECT i, $2, ((hashint4(i * (13 + 2 * $3)) & 2147483647) % 30000) / 1000.0 FROM generate_series(1, $1) i`,
      [n, day, k],
    );
}
