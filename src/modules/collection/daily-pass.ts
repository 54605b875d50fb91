/**
 * The daily pass (docs/collection.md, "The daily pass"): one set-based pass, a few statements whatever
 * the number of accounts:
 *
 * 1. the late fee of every open bill to `date`, by the same reading as `lateFee` (late-fee-rules.ts; a
 *    test compares both): incremental, only the fee terms of new or changed bills are written, and the
 *    view `late_fee_accruals` gives each open bill's fee and lines to the pass day (late-fee-pass.ts);
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
import { ageingSnapshot } from './ageing-pass.js';
import { accrueLateFees } from './late-fee-pass.js';
import { openRestoreClocks } from './steps.js';

export interface PassPolicies {
  lateFee: LateFeePolicy;
  collection: CollectionPolicy;
}
export interface PassStep {
  name: string;
  run(tx: Tx, date: string, policies: PassPolicies): Promise<number>;
}

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
