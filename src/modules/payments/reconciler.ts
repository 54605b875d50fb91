/**
 * Lost callbacks, on a timer (docs/payments.md, "Online payment"): every `payReconcileIntervalMs`
 * one app instance — the one that takes a PostgreSQL advisory lock for the round, others skip it —
 * asks the gateway about every online order still open `payLostCallbackMs` after it was created and
 * applies a paid (or failed, closed) answer through `reconcileOpenOrders`, the same way as the query
 * route. Applying is idempotent under the order's row lock, so a late callback arriving meanwhile
 * pays nothing twice. Off while online payment is not configured.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/pool.js';
import { gatewaySettings, reconcileOpenOrders } from './online.js';

export interface OnlineReconciler {
  /** one round now (tests; the timer calls it too): how many orders were settled, null when another instance holds the round */
  runOnce(): Promise<number | null>;
  stop(): Promise<void>;
}

const LOCK_KEY = 'payments:online-reconcile';

export function startOnlineReconciler(db: Db, config: Config, onError: (e: unknown) => void = () => {}): OnlineReconciler {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async (): Promise<number | null> => {
    if (!gatewaySettings(config)) return 0;
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const got = (await client.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS got`, [LOCK_KEY])).rows[0].got;
      if (!got) return null;
      return await reconcileOpenOrders(db, config, config.payLostCallbackMs);
    } finally {
      await client.query('COMMIT').catch(() => {});
      client.release();
    }
  };
  const tick = () => {
    running = runOnce()
      .catch((e) => {
        if (!stopped && !(db as { ending?: boolean }).ending) onError(e);
      })
      .finally(() => {
        if ((db as { ending?: boolean }).ending) stopped = true;
        if (!stopped) timer = setTimeout(tick, config.payReconcileIntervalMs);
      });
  };
  if (gatewaySettings(config)) timer = setTimeout(tick, config.payReconcileIntervalMs);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
