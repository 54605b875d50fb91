/**
 * The durable delivery job: a pg-boss queue 'outbox-deliver' whose job drains due messages.
 * A cron schedule (every minute) guarantees progress after any restart; a local tick asks for a
 * run every few seconds (throttled in pg-boss, so N instances still run one job at a time).
 */
import PgBoss from 'pg-boss';
import type { Db } from '../../db/pool.js';
import { deliverDue } from './deliver.js';
import type { Transports } from './transports.js';

export const OUTBOX_QUEUE = 'outbox-deliver';

export interface OutboxWorker {
  stop(): Promise<void>;
}

export async function startOutboxWorker(opts: { db: Db; url: string; transports: Transports; tickSeconds?: number }): Promise<OutboxWorker> {
  const boss = new PgBoss({ connectionString: opts.url, max: 3 });
  boss.on('error', () => {
    /* pg-boss retries its own maintenance; delivery errors are recorded per message */
  });
  await boss.start();
  await boss.createQueue(OUTBOX_QUEUE, { name: OUTBOX_QUEUE, policy: 'singleton' });
  await boss.schedule(OUTBOX_QUEUE, '* * * * *', {});
  await boss.work(OUTBOX_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    for (let round = 0; round < 20; round++) {
      const r = await deliverDue(opts.db, opts.transports);
      if (r.claimed === 0) break;
    }
  });
  const tick = opts.tickSeconds ?? 3;
  const timer = setInterval(() => {
    void boss.sendThrottled(OUTBOX_QUEUE, {}, {}, tick, 'tick').catch(() => {});
  }, tick * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 } as never);
    },
  };
}
