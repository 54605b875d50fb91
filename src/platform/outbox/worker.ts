/**
 * The durable delivery job: a pg-boss singleton queue 'outbox-deliver' whose job drains due
 * messages. A cron schedule (every minute) guarantees progress after any restart; a local tick
 * asks for a run every few seconds (throttled in pg-boss, so N instances still run one job at a time).
 */
import type PgBoss from 'pg-boss';
import type { Db } from '../../db/pool.js';
import { deliverDue } from './deliver.js';
import type { Transports } from './transports.js';

export const OUTBOX_QUEUE = 'outbox-deliver';

/** A periodic singleton job another module hands to the background (see src/background.ts). */
export interface PeriodicJob {
  queue: string;
  tickSeconds: number;
  run: () => Promise<void>;
}

/** Registers a periodic singleton job on pg-boss; returns a stop function for its tick timer. */
export async function registerPeriodicJob(boss: PgBoss, queue: string, tickSeconds: number, run: () => Promise<void>): Promise<() => void> {
  await boss.createQueue(queue, { name: queue, policy: 'singleton' });
  await boss.schedule(queue, '* * * * *', {});
  await boss.work(queue, { pollingIntervalSeconds: 1 }, async () => run());
  const timer = setInterval(() => {
    void boss.sendThrottled(queue, {}, {}, tickSeconds, 'tick').catch(() => {});
  }, tickSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

export function registerOutboxJob(boss: PgBoss, db: Db, transports: Transports, tickSeconds = 3): Promise<() => void> {
  return registerPeriodicJob(boss, OUTBOX_QUEUE, tickSeconds, async () => {
    for (let round = 0; round < 20; round++) {
      const r = await deliverDue(db, transports);
      if (r.claimed === 0) break;
    }
  });
}
