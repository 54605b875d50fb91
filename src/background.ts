/**
 * Background work of an app instance (job workers, timers). Each later module adds its workers
 * here; every job is coordinated in PostgreSQL so several instances never run one job twice.
 */
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import { startServiceDeskBackground } from './modules/workorders/index.js';
import { startAuditSealer } from './platform/audit/sealer.js';
import { ACCEPTANCE_WATCH_QUEUE, warnUnacceptedAssignments } from './modules/outages/index.js';
import { interimScheduleJob, startBillRunWorker } from './modules/billing/index.js';
import { startCreditSweeper, startOnlineReconciler, statementFetchJob } from './modules/payments/index.js';
import { CONNECTION_CLOCK_WATCH_QUEUE, CONNECTION_CLOSURE_FINDER_QUEUE, dailyClosureFinder, watchClockRevision } from './modules/connections/index.js';
import { startCollectionBackground } from './modules/collection/index.js';
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
  // billing: split settlement's interim bills issued on their agreed day (once a CST day; billing_settings.interim_auto_issue)
  const interimSchedule = interimScheduleJob(_ctx.db);
  // connections: recompute the workbench clock order after an SLA policy or calendar change; the daily 销户 finder;
  // prepaid fee control: the head-end order worker and the daily balance pass (docs/prepaid.md)
  const clockWatch = { queue: CONNECTION_CLOCK_WATCH_QUEUE, tickSeconds: 15, run: async () => void (await watchClockRevision(_ctx.db)) };
  const closureFinder = { queue: CONNECTION_CLOSURE_FINDER_QUEUE, tickSeconds: 600, run: async () => void (await dailyClosureFinder(_ctx.db)) };
  stops.push(
    await startServiceDeskBackground(_ctx, [
      acceptanceWatch,
      clockWatch,
      closureFinder,
      interimSchedule,
      // payments: the previous day's gateway statement fetched and reconciled (once a day; retried; off without a gateway)
      statementFetchJob(_ctx.db, _ctx.config),
      ...prepaidJobs(_ctx.db, headEndSettings(_ctx.config)),
    ]),
  );
  // bill runs: every instance works the free chunks of running runs (claimed with SKIP LOCKED)
  stops.push(startBillRunWorker(_ctx.db));
  // online payments: lost gateway callbacks, asked about on a timer (GRIDDESK_PAYGW_RECONCILE_MS; off without a gateway)
  const reconciler = startOnlineReconciler(_ctx.db, _ctx.config, (e) => console.error('online payment reconciliation failed', e));
  stops.push(() => reconciler.stop());
  // payments: credit bills and money paid on cancelled bills applied to open debts, for accounts that pay nothing meanwhile (every minute, one instance)
  stops.push(startCreditSweeper(_ctx.db, 60_000, (e) => console.error('bill credit sweep failed', e)));
  // collection: the daily late-fee pass (once a Beijing day) and the restore clocks (every minute)
  stops.push(startCollectionBackground(_ctx.db));
  return {
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}
