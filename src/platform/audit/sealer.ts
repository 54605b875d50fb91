/**
 * The background audit sealer of an app instance: calls sealAudit every intervalMs. Every
 * instance runs one; pg_try_advisory_xact_lock inside sealAudit lets only one seal at a time
 * (the others skip the round). A failed round is logged and retried on the next tick.
 */
import type { Db } from '../../db/pool.js';
import { sealAudit } from './audit.js';

export interface AuditSealer {
  stop(): Promise<void>;
}

export function startAuditSealer(db: Db, intervalMs: number, onError: (e: unknown) => void = () => {}): AuditSealer {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        await sealAudit(db);
      } catch (e) {
        if (!stopped && !(db as { ending?: boolean }).ending) onError(e);
      }
    })().finally(() => {
      // a pool that has been ended never comes back: nothing left to seal from this instance
      if ((db as { ending?: boolean }).ending) stopped = true;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
