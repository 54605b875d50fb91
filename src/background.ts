/**
 * Background work of an app instance (job workers, timers). Each later module adds its workers
 * here; every job is coordinated in PostgreSQL so several instances never run one job twice.
 */
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import { startServiceDeskBackground } from './modules/workorders/index.js';
import { startAuditSealer } from './platform/audit/sealer.js';
import { ACCEPTANCE_WATCH_QUEUE, warnUnacceptedAssignments } from './modules/outages/index.js';
import { startBillRunWorker } from './modules/billing/index.js';
import { headEndSettings, prepaidJobs } from './modules/prepaid/index.js';

export interface Background {
  stop(): Promise<void>;
}

export async function startBackground(_ctx: { db: Db; config: Config; url: string }): Promise<Background> {
  const stops: Array<() => Promise<void>> = [];
  const sealer = startAuditSealer(_ctx.db, _ctx.config.auditSealIntervalMs, (e) => console.error('audit sealing failed', e));
  stops.push(() => sealer.stop());
  // the outages' acceptance watch: crews that have not acknowledged an assignment in time
  const acceptanceWatch = {
    queue: ACCEPTANCE_WATCH_QUEUE,
    tickSeconds: 15,
    run: async () => {
      for (let round = 0; round < 20; round++) if ((await warnUnacceptedAssignments(_ctx.db)).warned === 0) break;
    },
  };
  // prepaid fee control: the head-end order worker and the daily balance pass (docs/prepaid.md)
  stops.push(await startServiceDeskBackground(_ctx, [acceptanceWatch, ...prepaidJobs(_ctx.db, headEndSettings(_ctx.config))]));
  // bill runs: every instance works the free chunks of running runs (claimed with SKIP LOCKED)
  stops.push(startBillRunWorker(_ctx.db));
  return {
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}
