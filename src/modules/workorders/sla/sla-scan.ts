/**
 * The SLA watch: orders whose next warning or breach instant has come are recomputed, their due
 * warnings written once to sla_events (unique key) and announced to the owner and supervisors
 * through the outbox — all in one transaction per batch, rows claimed with SKIP LOCKED so
 * several instances never warn twice.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { enqueue } from '../../../platform/outbox/outbox.js';
import { dueWarnings } from '../../../platform/sla/due-warnings.js';
import { getSlaContext } from '../../../platform/sla/sla-context.js';
import { refreshSla } from '../lifecycle/apply-transition.js';
import { loadEvents, loadSentKeys, type OrderRow } from '../orders/order-store.js';
import { orderSla } from '../orders/order-clocks.js';
import { slaFacts } from '../orders/order-view.js';
import { staffMessages, webhookMessages } from '../notify/notify.js';
import { getSettings } from '../settings/settings.js';

export async function scanSlaWarnings(db: Db, now = new Date(), batch = 100): Promise<{ orders: number; warnings: number; notified: number }> {
  const ctx = await getSlaContext(db, 0);
  const settings = await getSettings(db);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query<OrderRow>('SELECT * FROM work_orders WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED', [
      now,
      batch,
    ]);
    let warnings = 0;
    let notified = 0;
    for (const row of rows) {
      // one client runs one query at a time: in turn, not Promise.all (pg deprecates concurrent queries on a client)
      const events = await loadEvents(tx, row.id);
      const sent = await loadSentKeys(tx, row.id);
      const policy = ctx.policies.find((p) => p.id === row.policy_id) ?? null;
      const sla = orderSla(ctx, slaFacts(row), events, now, sent, policy);
      for (const w of dueWarnings(sla.clocks, sent, now)) {
        const ins = await tx.query(
          `INSERT INTO sla_events (order_id, key, kind, clock, at, due_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id, key) DO NOTHING RETURNING id`,
          [
            row.id,
            w.key,
            w.kind,
            w.clock,
            now,
            sla.clocks.find((c) => c.name === w.clock)?.dueAt ?? null,
            JSON.stringify({ fraction: w.fraction, threshold: w.at, superseded: w.superseded }),
          ],
        );
        if (!ins.rowCount) continue;
        warnings++;
        if (w.superseded) continue;
        const clock = sla.clocks.find((c) => c.name === w.clock)!;
        const what = w.kind === 'breach' ? `已超时（时限 ${clock.dueAt}）` : `已用时 ${Math.round(w.fraction! * 100)}%（时限 ${clock.dueAt}）`;
        const text = `工单 ${row.order_no}「${row.title}」的${w.clock}时钟${what}`;
        const msgs = [
          ...(await staffMessages(tx, row, `sla.${w.kind}`, `SLA ${w.kind === 'breach' ? '超时' : '预警'}：${row.order_no}`, text)),
          ...webhookMessages(
            settings,
            `sla.${w.kind}`,
            { orderId: row.id, orderNo: row.order_no, clock: w.clock, fraction: w.fraction, dueAt: clock.dueAt },
            row.id,
          ),
        ];
        await enqueue(tx, msgs);
        notified += msgs.length;
      }
      await refreshSla(tx, ctx, row, now);
    }
    return { orders: rows.length, warnings, notified };
  });
}
