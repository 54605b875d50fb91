/**
 * The daily pass (docs/collection.md, "The daily pass"): one set-based pass, a few statements whatever
 * the number of accounts:
 *
 * 1. the late fee of every open bill to `date`, computed in SQL by the same reading as `lateFee`
 *    (late-fee-rules.ts; a test compares both) and stored with its lines in `late_fee_accruals`;
 * 2. the ageing snapshot per account (`arrears_accounts`) and per org unit and bucket
 *    (`arrears_ageing_units`), buckets from the policy;
 * 3. the steps due: installment agreements checked (a missed installment breaks the agreement and
 *    collection resumes), reminders put on the list of accounts overdue past the policy's day, and
 *    restore clocks opened for stopped accounts that have paid.
 *
 * Each part is a `PassStep`; `runLateFeeDailyPass` runs `DAILY_PASS_STEPS` in order in one transaction,
 * and another pass (the prepaid balance pass, say) can be run beside it by the caller.
 */
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/audit.js';
import { COLLECTION_DEFAULT, LATE_FEE_1996 } from './policy-data.js';
import type { CollectionPolicy, LateFeePolicy } from './schemas.js';
import { openRestoreClocks } from './steps.js';

export interface PassPolicies {
  lateFee: LateFeePolicy;
  collection: CollectionPolicy;
}
export interface PassStep {
  name: string;
  run(tx: Tx, date: string, policies: PassPolicies): Promise<number>;
}

/** The fee of every open bill as of $1: segments between the first fee day, the year boundary and the days after payments. */
const ACCRUE_SQL = `
WITH paid AS (
  SELECT account_id, bill_id, paid_on, principal_fen FROM collection_principal_paid WHERE paid_on <= $1::date
),
paid_sum AS (
  SELECT account_id, bill_id, sum(principal_fen) AS paid FROM paid GROUP BY account_id, bill_id
),
open_bills AS (
  SELECT b.account_id, b.bill_id, b.org_unit_id, b.org_path, b.total_fen, b.due_date,
         b.total_fen - coalesce(ps.paid, 0) AS owed,
         (b.due_date + 1 + $2::int) AS first_day,
         -- the carry-over day of the year after the bill's year, clamped to the month's length (dateIn)
         y.m1 + (least($5::int, extract(day FROM y.m1 + interval '1 month' - interval '1 day')::int) - 1) AS boundary,
         coalesce(($6::jsonb -> b.customer_class ->> 'currentYear')::numeric, $7::numeric) AS rate_cur,
         coalesce(($6::jsonb -> b.customer_class ->> 'priorYear')::numeric, $8::numeric) AS rate_prior
    FROM collection_bills b
    CROSS JOIN LATERAL (SELECT make_date((CASE WHEN $3 = 'bill_month' AND b.cycle ~ '^[0-9]{4}' THEN left(b.cycle, 4)::int
                                               ELSE extract(year FROM b.due_date)::int END) + 1, $4::int, 1) AS m1) y
    LEFT JOIN paid_sum ps ON ps.account_id = b.account_id AND ps.bill_id = b.bill_id
   WHERE b.due_date < $1::date AND b.total_fen > coalesce(ps.paid, 0)
),
-- where a line may change: the first fee day, the year boundary, the day after each payment (its
-- principal drops from then on; payments before the first fee day drop on the first fee day)
events AS (
  SELECT account_id, bill_id, first_day AS d, 0::bigint AS drop FROM open_bills WHERE first_day <= $1::date
  UNION ALL
  SELECT account_id, bill_id, boundary, 0 FROM open_bills WHERE boundary > first_day AND boundary <= $1::date
  UNION ALL
  SELECT o.account_id, o.bill_id, greatest(p.paid_on + 1, o.first_day), p.principal_fen FROM open_bills o
    JOIN paid p ON p.account_id = o.account_id AND p.bill_id = o.bill_id
   WHERE o.first_day <= $1::date AND p.paid_on + 1 <= $1::date
),
breaks AS (
  SELECT account_id, bill_id, d, sum(drop) AS drop FROM events GROUP BY account_id, bill_id, d
),
segments AS (
  SELECT k.account_id, k.bill_id, k.d AS s,
         coalesce(lead(k.d) OVER w - 1, $1::date) AS e,
         sum(k.drop) OVER (w ROWS UNBOUNDED PRECEDING) AS dropped
    FROM breaks k WINDOW w AS (PARTITION BY k.account_id, k.bill_id ORDER BY k.d)
),
priced AS (
  SELECT g.account_id, g.bill_id, g.s, g.e, (g.e - g.s + 1) AS days,
         CASE WHEN g.s >= o.boundary THEN 'priorYear' ELSE 'currentYear' END AS year_rate,
         CASE WHEN g.s >= o.boundary THEN o.rate_prior ELSE o.rate_cur END AS rate,
         o.total_fen - g.dropped AS base
    FROM segments g JOIN open_bills o ON o.account_id = g.account_id AND o.bill_id = g.bill_id
),
per_bill AS (
  SELECT account_id, bill_id, sum(days)::int AS days, sum(days * rate * base) AS exact,
         jsonb_agg(jsonb_build_object('from', s, 'to', e, 'days', days, 'rate', rate::text, 'yearRate', year_rate,
                                      'baseFen', base, 'exactFen', trim_scale(days * rate * base)::text) ORDER BY s) AS lines
    FROM priced WHERE base > 0 GROUP BY account_id, bill_id
),
fees AS (
  SELECT o.account_id, o.bill_id, o.org_unit_id, o.org_path, o.due_date, o.owed,
         coalesce(f.days, 0) AS days, coalesce(trim_scale(f.exact), 0) AS exact,
         CASE WHEN coalesce(f.days, 0) > 0 THEN greatest(round(f.exact), $9::bigint) ELSE 0 END AS fee,
         coalesce(f.days, 0) > 0 AND round(f.exact) < $9::bigint AS minimum_applied,
         coalesce(f.lines, '[]'::jsonb) AS lines
    FROM open_bills o LEFT JOIN per_bill f ON f.account_id = o.account_id AND f.bill_id = o.bill_id
),
stored AS (
  INSERT INTO late_fee_accruals (account_id, bill_id, org_unit_id, org_path, as_of, due_date, principal_owed_fen, days, exact_fen, fee_fen, minimum_applied, lines)
  SELECT account_id, bill_id, org_unit_id, org_path, $1::date, due_date, owed, days, exact, fee, minimum_applied, lines FROM fees
  ON CONFLICT (account_id, bill_id) DO UPDATE SET
    org_unit_id = EXCLUDED.org_unit_id, org_path = EXCLUDED.org_path, as_of = EXCLUDED.as_of, due_date = EXCLUDED.due_date,
    principal_owed_fen = EXCLUDED.principal_owed_fen, days = EXCLUDED.days, exact_fen = EXCLUDED.exact_fen, fee_fen = EXCLUDED.fee_fen,
    minimum_applied = EXCLUDED.minimum_applied, lines = EXCLUDED.lines, pass_at = now()
  RETURNING 1
)
SELECT count(*)::int AS n FROM stored`;

/** The policy's late-fee figures as the parameters of ACCRUE_SQL ($2 … $9). */
export function accrueParams(date: string, p: LateFeePolicy): unknown[] {
  return [
    date,
    p.graceDays,
    p.yearBasis,
    p.carryOverMonth,
    p.carryOverDay,
    JSON.stringify(p.ratesByClass),
    p.otherRates.currentYear,
    p.otherRates.priorYear,
    p.minimumFen,
  ];
}

export const accrueLateFees: PassStep = {
  name: 'late_fees',
  async run(tx, date, policies) {
    const n = (await tx.query(ACCRUE_SQL, accrueParams(date, policies.lateFee))).rows[0].n as number;
    // bills settled (or no longer open) since: their accrual goes (now() is the transaction's time,
    // so a second pass on the same day removes what the first stored and this one did not)
    await tx.query('DELETE FROM late_fee_accruals WHERE pass_at <> now()');
    return n;
  },
};

export const ageingSnapshot: PassStep = {
  name: 'ageing',
  async run(tx, date, policies) {
    // width_bucket over the lower bounds of buckets 1..n: days 1..b0 → 0, b0+1..b1 → 1, …
    const lower = policies.collection.ageingBounds.map((b) => b + 1);
    await tx.query('DELETE FROM arrears_accounts WHERE true');
    const n = (
      await tx.query(
        `WITH a AS (
           SELECT account_id, org_unit_id, org_path, principal_owed_fen AS fen, fee_fen, due_date, ($1::date - due_date) AS days
             FROM late_fee_accruals WHERE as_of = $1::date),
         per_bucket AS (
           SELECT account_id, width_bucket(max(days), $2::int[]) AS bucket, min(org_unit_id) AS org_unit_id, min(org_path) AS org_path,
                  sum(fen)::bigint AS fen, sum(fee_fen)::bigint AS fee, max(days) AS days, min(due_date) AS due, count(*)::int AS n
             FROM a GROUP BY account_id, width_bucket(days, $2::int[])),
         ins AS (
           INSERT INTO arrears_accounts (account_id, org_unit_id, org_path, as_of, principal_fen, fee_fen, max_days, oldest_due, bills, buckets)
           SELECT account_id, min(org_unit_id), min(org_path), $1::date, sum(fen), sum(fee), max(days), min(due), sum(n), jsonb_object_agg(bucket::text, fen)
             FROM per_bucket GROUP BY account_id
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [date, lower],
      )
    ).rows[0].n as number;
    await tx.query('DELETE FROM arrears_ageing_units WHERE as_of = $1::date', [date]);
    await tx.query(
      `INSERT INTO arrears_ageing_units (as_of, org_unit_id, org_path, bucket, accounts, principal_fen, fee_fen)
       SELECT $1::date, org_unit_id, min(org_path), width_bucket(max_days, $2::int[]), count(*), sum(principal_fen), sum(fee_fen)
         FROM arrears_accounts GROUP BY org_unit_id, width_bucket(max_days, $2::int[])`,
      [date, lower],
    );
    return n;
  },
};

/**
 * Accounts a reminder is due for ($1: the policy's reminder day): overdue that long in the last pass,
 * no open step, no reminder or notice since the oldest open debt fell due, no installment agreement in force.
 */
export const REMINDERS_DUE_SQL = `
  SELECT a.account_id, a.org_unit_id, a.org_path, a.principal_fen + a.fee_fen AS arrears, a.max_days, a.oldest_due
    FROM arrears_accounts a
   WHERE a.max_days >= $1::int
     AND NOT EXISTS (SELECT 1 FROM installment_agreements g WHERE g.account_id = a.account_id AND g.status = 'active')
     AND NOT EXISTS (SELECT 1 FROM collection_steps s WHERE s.account_id = a.account_id
                      AND (s.status IN ('awaiting_approval', 'approved') OR (s.kind IN ('reminder', 'notice') AND s.created_at::date > a.oldest_due)))`;

export const stepsDue: PassStep = {
  name: 'steps',
  async run(tx, date, policies) {
    // installment agreements: paid since the agreement against the installments due before today
    const broken = (
      await tx.query(
        `WITH st AS (
           SELECT g.id, g.account_id, g.total_fen,
                  (SELECT coalesce(sum(i.amount_fen), 0) FROM installment_items i WHERE i.agreement_id = g.id AND i.due_on < $1::date) AS due_fen,
                  (SELECT coalesce(sum(p.amount_fen), 0) FROM collection_account_payments p WHERE p.account_id = g.account_id AND p.paid_at >= g.counted_from) AS paid_fen
             FROM installment_agreements g WHERE g.status = 'active')
         UPDATE installment_agreements g SET status = CASE WHEN st.paid_fen >= st.total_fen THEN 'completed' ELSE 'broken' END, ended_on = $1::date
           FROM st WHERE st.id = g.id AND (st.paid_fen >= st.total_fen OR st.paid_fen < st.due_fen)
         RETURNING g.id, g.account_id, g.org_unit_id, g.status`,
        [date],
      )
    ).rows;
    for (const g of broken)
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: g.status === 'broken' ? 'installment.broken' : 'installment.completed',
        entity: 'installment_agreement',
        entityId: Number(g.id),
        orgUnitId: Number(g.org_unit_id),
        before: { status: 'active' },
        after: { status: g.status, on: date },
      });
    // reminders due: counted, not written — a reminder becomes a row when the clerk records it
    // (a row per overdue account per day would be a million rows a day on a large utility)
    const reminders = (await tx.query(`SELECT count(*)::int AS n FROM (${REMINDERS_DUE_SQL}) r`, [policies.collection.reminderAfterDays])).rows[0].n as number;
    const restores = await openRestoreClocks(tx, policies.collection);
    return reminders + broken.length + restores;
  },
};

export const DAILY_PASS_STEPS: readonly PassStep[] = [accrueLateFees, ageingSnapshot, stepsDue];

export interface PassResult {
  date: string;
  steps: { name: string; rows: number; ms: number }[];
}

/** The daily late-fee and collection pass for `date` (Beijing calendar day), in one transaction. */
export async function runLateFeeDailyPass(
  db: Db,
  date: string,
  policies: PassPolicies = { lateFee: LATE_FEE_1996, collection: COLLECTION_DEFAULT },
  steps: readonly PassStep[] = DAILY_PASS_STEPS,
  actor: Actor = SYSTEM_ACTOR,
): Promise<PassResult> {
  return withTx(db, async (tx) => {
    // one pass at a time across instances
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('collection:daily-pass', 0))`);
    const out: PassResult = { date, steps: [] };
    for (const s of steps) {
      const t0 = performance.now();
      const rows = await s.run(tx, date, policies);
      out.steps.push({ name: s.name, rows, ms: Math.round(performance.now() - t0) });
    }
    await tx.query(
      `INSERT INTO collection_pass_runs (pass_date, result) VALUES ($1, $2) ON CONFLICT (pass_date) DO UPDATE SET finished_at = now(), result = EXCLUDED.result`,
      [date, JSON.stringify(out)],
    );
    await recordAudit(tx, actor, { action: 'collection.daily_pass', entity: 'collection_pass_run', entityId: null, orgUnitId: null, after: out });
    return out;
  });
}
