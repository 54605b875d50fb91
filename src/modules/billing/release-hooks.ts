/**
 * What other modules do when a bill run is released, inside the releasing transaction (docs/billing.md,
 * "After release"). Billing knows nothing of them: a module that sits above billing (payments, which
 * applies the accounts' credit to their new bills) registers a hook through billing's face at start-up
 * (src/http/app.ts), so billing never imports it. A hook that throws rolls the release back, as the
 * ledger posting of the bills would.
 *
 * The hooks run once the bills are released and before the run's bills are posted to the ledger: a hook
 * that locks accounts (payments' per-account lock) takes those locks before the release holds any ledger
 * totals, so it cannot deadlock with a payment that holds an account's lock and waits for those totals.
 * (Payments posts the bills of the accounts it touches itself, idempotently; the run's posting then skips them.)
 */
import type { Tx } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';

export interface ReleasedBills {
  runId: number;
  /** the accounts that got a bill of the run, ascending */
  accountIds: number[];
}

export type ReleaseHook = (tx: Tx, p: Principal, released: ReleasedBills) => Promise<void>;

const hooks: ReleaseHook[] = [];

/** Register a hook once (registering the same function again does nothing). */
export function onBillsReleased(hook: ReleaseHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Run the hooks of a released run, in registration order. */
export async function runReleaseHooks(tx: Tx, p: Principal, runId: number): Promise<number> {
  if (!hooks.length) return 0;
  const { rows } = await tx.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' ORDER BY account_id`, [runId]);
  const released: ReleasedBills = { runId, accountIds: rows.map((r) => Number(r.account_id)) };
  for (const h of hooks) await h(tx, p, released);
  return hooks.length;
}
