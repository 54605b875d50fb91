/**
 * The interim bill schedule (分次结算, docs/billing.md §19): a background job that issues, each China Standard
 * Time day, the interim bills of the split-settlement agreements whose agreed day has come — the same use case
 * as `POST /api/billing/interim-bills/issue-due` for every org unit, as the system actor `interim-bill-schedule`.
 *
 * - One instance at a time: a pg-boss singleton job (src/background.ts), every `INTERIM_SCHEDULE_TICK_SECONDS`.
 * - Once a day: the day's pass runs on the first tick with no finished pass of that day (`interim_bill_passes`);
 *   the row and one `billing.interim_pass` audit record are written together when the pass is done. A pass cut
 *   short writes no row and runs again whole: each interim is issued idempotently (its agreement locked, a unique
 *   (account, cycle, interim no.) index; an issued interim is not issued again), so nothing is issued twice.
 * - Each interim issued has its own `bill.interim` audit record, ledger posting and e-bill notice, as by hand.
 * - Policy switch: `billing_settings.interim_auto_issue`; while false the job does nothing (the demo's setting).
 * - Catching up: the pass issues every interim of the current cycle whose day is on or before today, so a day
 *   the job did not run is made up on the next; interims of a past month are left to `issue-due { on }`.
 */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { todayCst } from './service.js';
import { issueDueAs, SCHEDULE_ISSUER } from './split-settlement.js';
import type { DueInterims } from './schemas.js';

export const INTERIM_SCHEDULE_QUEUE = 'billing-interim-schedule';
/** How often an instance asks whether the day's pass is due (an illustrative operations setting). */
export const INTERIM_SCHEDULE_TICK_SECONDS = 300;

/** At most this many refused interims are named in the pass's audit record (all are counted). */
const REFUSED_IN_AUDIT = 50;

/**
 * Runs the day's pass unless switched off or done today; returns it, or null when nothing ran.
 * `today` (YYYY-MM-DD, China Standard Time) is a parameter for tests.
 */
export async function runInterimSchedule(db: Db, today = todayCst()): Promise<DueInterims | null> {
  const s = (await db.query(`SELECT interim_auto_issue FROM billing_settings WHERE id = 1`)).rows[0];
  if (!s?.interim_auto_issue) return null;
  if ((await db.query(`SELECT 1 FROM interim_bill_passes WHERE pass_date = $1`, [today])).rowCount) return null;
  const r = await issueDueAs(db, SCHEDULE_ISSUER, today, today);
  const wrote = await withTx(db, async (tx) => {
    const ins = await tx.query(
      `INSERT INTO interim_bill_passes (pass_date, issued, already, refused) VALUES ($1, $2, $3, $4) ON CONFLICT (pass_date) DO NOTHING RETURNING pass_date`,
      [today, r.issued.length, r.already, r.refused.length],
    );
    if (!ins.rowCount) return false; // another instance finished the day's pass meanwhile
    await recordAudit(tx, SCHEDULE_ISSUER.actor, {
      action: 'billing.interim_pass',
      entity: 'interim_bill_pass',
      entityId: today,
      orgUnitId: null,
      after: {
        on: r.on,
        cycle: r.cycle,
        issued: r.issued.length,
        billIds: r.issued.map((b) => b.id),
        already: r.already,
        refused: r.refused.length,
        refusals: r.refused.slice(0, REFUSED_IN_AUDIT),
      },
    });
    return true;
  });
  return wrote ? r : null;
}

/** The job for src/background.ts (a pg-boss singleton: one instance runs it at a time; a failure is pg-boss's failed job). */
export function interimScheduleJob(db: Db) {
  return { queue: INTERIM_SCHEDULE_QUEUE, tickSeconds: INTERIM_SCHEDULE_TICK_SECONDS, run: async () => void (await runInterimSchedule(db)) };
}
