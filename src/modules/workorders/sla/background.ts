/**
 * Background work of the service desk: outbox delivery and the SLA watch, both as pg-boss
 * singleton jobs so several app instances never run either twice at the same time; other modules'
 * periodic jobs (`more`) run on the same pg-boss. Started from src/background.ts.
 */
import PgBoss from 'pg-boss';
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/pool.js';
import { smsGatewayTransport, smtpTransport, webhookTransport, type Transports } from '../../../platform/outbox/transports.js';
import { registerOutboxJob, registerPeriodicJob, type PeriodicJob } from '../../../platform/outbox/worker.js';
import { scanSlaWarnings } from './sla-scan.js';
import { ensureWorkorderDefaults } from './seed-defaults.js';

export const SLA_SCAN_QUEUE = 'sla-scan';
const SMTP_FROM = 'griddesk@localhost';

export function transportsFromConfig(config: Config): Transports {
  return {
    email: config.smtpUrl ? smtpTransport(config.smtpUrl, SMTP_FROM) : undefined,
    sms: config.smsGatewayUrl ? smsGatewayTransport(config.smsGatewayUrl, null) : undefined,
    webhook: webhookTransport(),
  };
}

export async function startServiceDeskBackground(
  ctx: { db: Db; config: Config; url: string },
  more: readonly PeriodicJob[] = [],
): Promise<() => Promise<void>> {
  await ensureWorkorderDefaults(ctx.db);
  const boss = new PgBoss({ connectionString: ctx.url, max: 3 });
  boss.on('error', () => {
    /* pg-boss retries its own maintenance; delivery and scan errors are recorded per row */
  });
  await boss.start();
  const stopOutbox = await registerOutboxJob(boss, ctx.db, transportsFromConfig(ctx.config));
  const stopScan = await registerPeriodicJob(boss, SLA_SCAN_QUEUE, 15, async () => {
    for (let round = 0; round < 20; round++) {
      const r = await scanSlaWarnings(ctx.db);
      if (r.orders === 0) break;
    }
  });
  const stopMore: Array<() => void> = [];
  for (const j of more) stopMore.push(await registerPeriodicJob(boss, j.queue, j.tickSeconds, j.run));
  return async () => {
    stopOutbox();
    stopScan();
    for (const s of stopMore) s();
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  };
}
