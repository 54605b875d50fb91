/**
 * Scheduling of the daily pass (docs/collection.md, "The daily pass"): each app instance ticks every
 * minute; the first tick of a Beijing day with no pass run for it runs the pass (an advisory lock and
 * the `collection_pass_runs` row keep it to one run a day across instances), and every tick opens the
 * restore clocks of stopped accounts that have paid (their clock starts at the payment, not the tick).
 */
import type { Db } from '../../db/pool.js';
import { actorOf, type Principal } from '../identity/index.js';
import { todayBeijing } from '../ledger/index.js';
import { runLateFeeDailyPass, type PassResult } from './daily-pass.js';
import { runRestoreWatch } from './steps.js';

export async function runPassNow(db: Db, p: Principal, date?: string): Promise<PassResult> {
  return runLateFeeDailyPass(db, date ?? todayBeijing(), undefined, undefined, actorOf(p));
}

/** Run today's pass if no instance has yet; returns it, or null when it was already run. */
export async function runDuePass(db: Db, now = Date.now()): Promise<PassResult | null> {
  const today = todayBeijing(now);
  const done = await db.query('SELECT 1 FROM collection_pass_runs WHERE pass_date = $1', [today]);
  if (done.rows.length) return null;
  return runLateFeeDailyPass(db, today);
}

export function startCollectionBackground(db: Db, intervalMs = 60_000, onError: (e: unknown) => void = (e) => console.error('collection pass failed', e)) {
  let busy: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    busy = runDuePass(db)
      .then(() => runRestoreWatch(db))
      .catch(onError)
      .finally(() => {
        busy = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await busy;
  };
}
