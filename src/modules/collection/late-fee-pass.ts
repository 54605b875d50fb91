/**
 * The late-fee step of the daily pass (docs/collection.md, "The daily pass"), incremental:
 * each open bill keeps its fee terms in `late_fee_terms` (migration 631) — the lines its payments
 * closed and the open line that runs to the pass day — and the view `late_fee_accruals` derives the
 * fee to the last pass day (`late_fee_pass_state.as_of`) from them, by the same reading as `lateFee`
 * (late-fee-rules.ts; daily-pass.test.ts compares both, also across incremental passes).
 *
 * A pass, set-based whatever the number of bills:
 * 1. deletes the terms of bills no longer open, or whose figures changed since they were written (due
 *    date, cycle, total, customer class, org unit, principal owed, or the principal payments in effect
 *    before the pass day); all of them when the policy changed;
 * 2. computes and inserts the terms of the open bills that have none (new, or deleted in 1);
 * 3. sets the pass day. An unchanged bill's fee grows by the day in the view, without a write.
 */
import type { Tx } from '../../db/pool.js';
import type { PassStep } from './daily-pass.js';
import type { LateFeePolicy } from './schemas.js';

/** Memory for the pass's hashes and sorts (a nightly batch; the default 4 MB spills a million rows to disk). */
export const PASS_WORK_MEM = '256MB';

/**
 * Runs `fn` with nested loops off (in this transaction), then restores the setting: the pass's
 * statements join a million rows to a million, and an anti-join planned as a nested loop over the
 * table an INSERT grows (stale statistics: the table looked empty) rescans every row it wrote.
 */
export async function hashJoinsOnly<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const was = (await tx.query(`SELECT current_setting('enable_nestloop') AS v`)).rows[0].v as string;
  await tx.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  try {
    return await fn();
  } finally {
    await tx.query(`SELECT set_config('enable_nestloop', $1, true)`, [was]);
  }
}

/** The open bills as of $1 with what their terms depend on (bills written off as bad debts are not open: their terms are deleted). */
const OPEN_BILLS = `
paid AS (
  SELECT account_id, bill_id, paid_on, principal_fen FROM collection_principal_paid WHERE paid_on <= $1::date
),
paid_sum AS (
  SELECT account_id, bill_id, sum(principal_fen)::bigint AS paid,
         coalesce(string_agg(paid_on || ':' || principal_fen, ',' ORDER BY paid_on) FILTER (WHERE paid_on < $1::date), '') AS paid_key
    FROM paid GROUP BY account_id, bill_id
),
cur AS (
  SELECT b.account_id, b.bill_id, b.org_unit_id, b.org_path, b.cycle, b.total_fen, b.due_date, b.customer_class,
         b.total_fen - coalesce(ps.paid, 0) AS owed, coalesce(ps.paid_key, '') AS paid_key
    FROM collection_bills b LEFT JOIN paid_sum ps ON ps.account_id = b.account_id AND ps.bill_id = b.bill_id
   WHERE b.due_date < $1::date AND b.total_fen > coalesce(ps.paid, 0)
     AND NOT EXISTS (SELECT 1 FROM bad_debt_write_off_bills w JOIN bad_debt_write_offs o ON o.id = w.write_off_id AND o.status = 'approved'
                      WHERE w.account_id = b.account_id AND w.bill_id = b.bill_id)
)`;

/** 1. Terms of bills no longer open or changed since. */
const DELETE_STALE_SQL = `
WITH ${OPEN_BILLS}
DELETE FROM late_fee_terms t
 WHERE NOT EXISTS (SELECT 1 FROM cur c
                    WHERE c.account_id = t.account_id AND c.bill_id = t.bill_id AND c.due_date = t.due_date AND c.cycle = t.cycle
                      AND c.total_fen = t.total_fen AND c.customer_class = t.customer_class AND c.org_unit_id = t.org_unit_id
                      AND c.org_path = t.org_path AND c.owed = t.principal_owed_fen AND c.paid_key = t.paid_key)`;

/**
 * 2. Terms of the open bills that have none, as of $1 ($2 … $9: the policy, accrueParams). A bill with
 * no payment in effect is one open line from its first fee day on its total; the others are split at
 * the change days (the first fee day, the carry-over day when reached, the day after each payment —
 * payments before the first fee day drop on it): every segment but the last is a closed line, the last
 * is the open line.
 */
const INSERT_NEW_SQL = `
WITH ${OPEN_BILLS},
todo AS MATERIALIZED (
  SELECT c.*, (c.due_date + 1 + $2::int) AS first_day,
         -- the carry-over day of the year after the bill's year, clamped to the month's length (dateIn)
         y.m1 + (least($5::int, extract(day FROM y.m1 + interval '1 month' - interval '1 day')::int) - 1) AS boundary,
         coalesce(($6::jsonb -> c.customer_class ->> 'currentYear')::numeric, $7::numeric) AS rate_cur,
         coalesce(($6::jsonb -> c.customer_class ->> 'priorYear')::numeric, $8::numeric) AS rate_prior
    FROM cur c
    CROSS JOIN LATERAL (SELECT make_date((CASE WHEN $3 = 'bill_month' AND c.cycle ~ '^[0-9]{4}' THEN left(c.cycle, 4)::int
                                               ELSE extract(year FROM c.due_date)::int END) + 1, $4::int, 1) AS m1) y
   WHERE NOT EXISTS (SELECT 1 FROM late_fee_terms t WHERE t.account_id = c.account_id AND t.bill_id = c.bill_id)
),
events AS (
  SELECT account_id, bill_id, first_day AS d, 0::bigint AS drop FROM todo WHERE paid_key <> ''
  UNION ALL
  SELECT account_id, bill_id, boundary, 0 FROM todo WHERE paid_key <> '' AND boundary > first_day AND boundary <= $1::date
  UNION ALL
  SELECT o.account_id, o.bill_id, greatest(p.paid_on + 1, o.first_day), p.principal_fen FROM todo o
    JOIN paid p ON p.account_id = o.account_id AND p.bill_id = o.bill_id
   WHERE o.paid_key <> '' AND p.paid_on < $1::date
),
breaks AS (
  SELECT account_id, bill_id, d, sum(drop) AS drop FROM events GROUP BY account_id, bill_id, d
),
segments AS (
  SELECT k.account_id, k.bill_id, k.d AS s, lead(k.d) OVER w - 1 AS e, sum(k.drop) OVER (w ROWS UNBOUNDED PRECEDING) AS dropped
    FROM breaks k WINDOW w AS (PARTITION BY k.account_id, k.bill_id ORDER BY k.d)
),
priced AS (
  SELECT g.account_id, g.bill_id, g.s, g.e, (g.e - g.s + 1) AS days,
         CASE WHEN g.s >= o.boundary THEN 'priorYear' ELSE 'currentYear' END AS year_rate,
         CASE WHEN g.s >= o.boundary THEN o.rate_prior ELSE o.rate_cur END AS rate,
         o.total_fen - g.dropped AS base
    FROM segments g JOIN todo o ON o.account_id = g.account_id AND o.bill_id = g.bill_id
),
split AS (
  SELECT account_id, bill_id,
         coalesce(sum(days) FILTER (WHERE e IS NOT NULL), 0)::int AS done_days,
         coalesce(sum(days * rate * base) FILTER (WHERE e IS NOT NULL), 0) AS done_exact,
         coalesce(jsonb_agg(jsonb_build_object('from', s, 'to', e, 'days', days, 'rate', rate::text, 'yearRate', year_rate,
                                               'baseFen', base, 'exactFen', trim_scale(days * rate * base)::text) ORDER BY s)
                  FILTER (WHERE e IS NOT NULL), '[]'::jsonb) AS done_lines,
         max(s) AS tail_from, min(base) AS tail_base
    FROM priced GROUP BY account_id, bill_id
)
INSERT INTO late_fee_terms (account_id, bill_id, org_unit_id, org_path, due_date, cycle, total_fen, customer_class, principal_owed_fen, paid_key,
                            first_day, boundary, rate_cur, rate_prior, minimum_fen, done_days, done_exact, done_lines, tail_from, tail_base_fen)
SELECT o.account_id, o.bill_id, o.org_unit_id, o.org_path, o.due_date, o.cycle, o.total_fen, o.customer_class, o.owed, o.paid_key,
       o.first_day, o.boundary, o.rate_cur, o.rate_prior, $9::bigint,
       coalesce(x.done_days, 0), coalesce(x.done_exact, 0), coalesce(x.done_lines, '[]'::jsonb), coalesce(x.tail_from, o.first_day), coalesce(x.tail_base, o.total_fen)
  FROM todo o LEFT JOIN split x ON x.account_id = o.account_id AND x.bill_id = o.bill_id`;

/** The policy's late-fee figures as the parameters $2 … $9 (after the day, $1). */
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

export interface AccrueCounts {
  open: number;
  deleted: number;
  inserted: number;
}

/** Brings the terms to `date` (steps 1–3 above); the counts of open bills and of terms deleted and written. */
export async function accrueTerms(tx: Tx, date: string, policy: LateFeePolicy): Promise<AccrueCounts> {
  await tx.query(`SET LOCAL work_mem = '${PASS_WORK_MEM}'`);
  const params = accrueParams(date, policy);
  const policyKey = JSON.stringify(params.slice(1));
  const state = (await tx.query('SELECT policy_key FROM late_fee_pass_state')).rows[0];
  let deleted = 0;
  // another policy: every bill's terms again
  if (state && state.policy_key !== policyKey) deleted += (await tx.query('DELETE FROM late_fee_terms WHERE true')).rowCount ?? 0;
  const inserted = await hashJoinsOnly(tx, async () => {
    deleted += (await tx.query(DELETE_STALE_SQL, [date])).rowCount ?? 0;
    return (await tx.query(INSERT_NEW_SQL, params)).rowCount ?? 0;
  });
  // the ageing step reads these rows next: fresh statistics after a large change
  if (inserted + deleted > 0) await tx.query('ANALYZE late_fee_terms');
  await tx.query(
    `INSERT INTO late_fee_pass_state (one, as_of, policy_key) VALUES (true, $1, $2) ON CONFLICT (one) DO UPDATE SET as_of = EXCLUDED.as_of, policy_key = EXCLUDED.policy_key`,
    [date, policyKey],
  );
  const open = (await tx.query('SELECT count(*)::int AS n FROM late_fee_terms')).rows[0].n as number;
  return { open, deleted, inserted };
}

export const accrueLateFees: PassStep = {
  name: 'late_fees',
  async run(tx, date, policies) {
    return (await accrueTerms(tx, date, policies.lateFee)).open;
  },
};
