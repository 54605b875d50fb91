/**
 * The ageing step of the daily pass (docs/collection.md, "The daily pass"): per account
 * (`arrears_accounts`: principal, fee, oldest due date, days of the oldest debt, `{bucket: principal}`)
 * and per org unit and bucket (`arrears_ageing_units`, one set per pass day; an account counts in the
 * bucket of its oldest debt). Buckets are policy (`ageingBounds`).
 *
 * Set-based: the accounts' figures are aggregated once, in one level (a sum per bucket), into a
 * temporary table; the snapshot is then brought to them in place — rows of accounts with no open bill
 * deleted, changed rows updated (the table keeps free room in its pages, migration 632, so the daily
 * update of every row stays a heap-only update that touches no index), new accounts inserted — and the
 * org-unit rollup is summed from the same table.
 */
import type { PassStep } from './daily-pass.js';
import { hashJoinsOnly } from './late-fee-pass.js';

/** The per-account figures as of $1; $2: the lower bounds of buckets 1..n (width_bucket: days 1..b0 → 0, b0+1..b1 → 1, …). */
function aggregateSql(buckets: number): string {
  const perBucket = Array.from({ length: buckets }, (_, i) => `'"${i}":' || sum(fen) FILTER (WHERE bucket = ${i})`).join(', ');
  return `
CREATE TEMP TABLE collection_ageing_day ON COMMIT DROP AS
SELECT account_id, min(org_unit_id) AS org_unit_id, min(org_path) AS org_path, sum(fen)::bigint AS principal_fen, sum(fee_fen)::bigint AS fee_fen,
       max(days) AS max_days, min(due_date) AS oldest_due, count(*)::int AS bills, ('{' || concat_ws(',', ${perBucket}) || '}')::jsonb AS buckets
  FROM (SELECT account_id, org_unit_id, org_path, principal_owed_fen AS fen, fee_fen, due_date, ($1::date - due_date) AS days,
               width_bucket($1::date - due_date, $2::int[]) AS bucket
          FROM late_fee_accruals WHERE as_of = $1::date) a
 GROUP BY account_id`;
}

const DELETE_GONE_SQL = `DELETE FROM arrears_accounts a WHERE NOT EXISTS (SELECT 1 FROM collection_ageing_day d WHERE d.account_id = a.account_id)`;
const UPDATE_SQL = `
UPDATE arrears_accounts a
   SET org_unit_id = d.org_unit_id, org_path = d.org_path, as_of = $1::date, principal_fen = d.principal_fen, fee_fen = d.fee_fen,
       max_days = d.max_days, oldest_due = d.oldest_due, bills = d.bills, buckets = d.buckets
  FROM collection_ageing_day d
 WHERE d.account_id = a.account_id
   AND (a.org_unit_id, a.org_path, a.as_of, a.principal_fen, a.fee_fen, a.max_days, a.oldest_due, a.bills, a.buckets)
       IS DISTINCT FROM (d.org_unit_id, d.org_path, $1::date, d.principal_fen, d.fee_fen, d.max_days, d.oldest_due, d.bills, d.buckets)`;
const INSERT_NEW_SQL = `
INSERT INTO arrears_accounts (account_id, org_unit_id, org_path, as_of, principal_fen, fee_fen, max_days, oldest_due, bills, buckets)
SELECT d.account_id, d.org_unit_id, d.org_path, $1::date, d.principal_fen, d.fee_fen, d.max_days, d.oldest_due, d.bills, d.buckets
  FROM collection_ageing_day d WHERE NOT EXISTS (SELECT 1 FROM arrears_accounts a WHERE a.account_id = d.account_id)`;

export const ageingSnapshot: PassStep = {
  name: 'ageing',
  async run(tx, date, policies) {
    const lower = policies.collection.ageingBounds.map((b) => b + 1);
    // CREATE TABLE AS takes no bind parameters: the day and the bounds are inlined as literals
    const day = `'${date.replace(/[^0-9-]/g, '')}'::date`;
    const bounds = `'{${lower.map((b) => Math.trunc(b)).join(',')}}'::int[]`;
    await tx.query(
      aggregateSql(lower.length + 1)
        .replaceAll('$1::date', day)
        .replaceAll('$2::int[]', bounds),
    );
    await tx.query('ANALYZE collection_ageing_day');
    // hash joins only: a nested loop rescanning arrears_accounts while the insert grows it is quadratic
    await hashJoinsOnly(tx, async () => {
      await tx.query(DELETE_GONE_SQL);
      await tx.query(UPDATE_SQL, [date]);
      await tx.query(INSERT_NEW_SQL, [date]);
    });
    await tx.query('ANALYZE arrears_accounts');
    await tx.query('DELETE FROM arrears_ageing_units WHERE as_of = $1::date', [date]);
    await tx.query(
      `INSERT INTO arrears_ageing_units (as_of, org_unit_id, org_path, bucket, accounts, principal_fen, fee_fen)
       SELECT $1::date, org_unit_id, min(org_path), width_bucket(max_days, $2::int[]), count(*), sum(principal_fen), sum(fee_fen)
         FROM collection_ageing_day GROUP BY org_unit_id, width_bucket(max_days, $2::int[])`,
      [date, lower],
    );
    const n = (await tx.query('SELECT count(*)::int AS n FROM collection_ageing_day')).rows[0].n as number;
    await tx.query('DROP TABLE collection_ageing_day');
    return n;
  },
};
