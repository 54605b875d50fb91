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
 *
 * The same hooks run when a bill is issued outside a run — a rebill (退补, §12) and an interim bill of split
 * settlement (§19) — in that bill's transaction, likewise before its posting (`runHooksForIssued`).
 */
import type { Tx } from '../../db/pool.js';
import { actorOf, type Principal } from '../identity/index.js';
import type { Actor } from '../../platform/audit/audit.js';

export interface ReleasedBills {
  /** the run released; null for a bill issued on its own (`source` says which) */
  runId: number | null;
  source: 'run' | 'rebill' | 'interim';
  /** the accounts that got a bill, ascending */
  accountIds: number[];
}

/** `actor`: who released or issued the bills (the audit names them as the one acting). */
export type ReleaseHook = (tx: Tx, actor: Actor, released: ReleasedBills) => Promise<void>;

const hooks: ReleaseHook[] = [];

/** Register a hook once (registering the same function again does nothing). */
export function onBillsReleased(hook: ReleaseHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Run the hooks of a released run, in registration order. */
export async function runReleaseHooks(tx: Tx, p: Principal, runId: number): Promise<number> {
  if (!hooks.length) return 0;
  const { rows } = await tx.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' ORDER BY account_id`, [runId]);
  const released: ReleasedBills = { runId, source: 'run', accountIds: rows.map((r) => Number(r.account_id)) };
  for (const h of hooks) await h(tx, actorOf(p), released);
  return hooks.length;
}

/** Run the hooks for a bill issued outside a run (a rebill, an interim bill), before its ledger posting. */
export async function runHooksForIssued(tx: Tx, actor: Actor, source: 'rebill' | 'interim', accountIds: number[]): Promise<number> {
  if (!hooks.length || !accountIds.length) return 0;
  const released: ReleasedBills = { runId: null, source, accountIds: [...new Set(accountIds)].sort((a, b) => a - b) };
  for (const h of hooks) await h(tx, actor, released);
  return hooks.length;
}
