/**
 * After a policy or calendar change: every open order's policy is chosen again and its clocks
 * recomputed from its recorded timeline (pauses included), in batches of their own transactions.
 * A changed due time is recorded as an append-only 'recomputed' SLA event.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { loadSlaContext } from '../../../platform/sla/sla-context.js';
import { refreshSla } from '../lifecycle/apply-transition.js';
import { OPEN_STATES } from '../lifecycle/lifecycle-rules.js';
import type { OrderRow } from '../orders/order-store.js';

export async function recomputeOpenOrders(db: Db, batch = 200, now = new Date()): Promise<{ recomputed: number; changed: number }> {
  const ctx = await loadSlaContext(db);
  let lastId = 0;
  let recomputed = 0;
  let changed = 0;
  for (;;) {
    const done = await withTx(db, async (tx) => {
      const { rows } = await tx.query<OrderRow>(
        'SELECT * FROM work_orders WHERE status = ANY($1::text[]) AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED',
        [OPEN_STATES, lastId, batch],
      );
      for (const row of rows) {
        const after = await refreshSla(tx, ctx, row, now, true);
        recomputed++;
        const before = JSON.stringify((row.clocks as { name: string; dueAt: string | null }[]).map((c) => [c.name, c.dueAt]));
        const now2 = JSON.stringify((after.clocks as { name: string; dueAt: string | null }[]).map((c) => [c.name, c.dueAt]));
        if (before !== now2 || row.policy_id !== after.policy_id) {
          changed++;
          await tx.query(`INSERT INTO sla_events (order_id, key, kind, data) VALUES ($1, $2, 'recomputed', $3) ON CONFLICT (order_id, key) DO NOTHING`, [
            row.id,
            `recomputed:${ctx.revision}`,
            JSON.stringify({
              revision: ctx.revision,
              policyBefore: row.policy_id,
              policyAfter: after.policy_id,
              before: JSON.parse(before),
              after: JSON.parse(now2),
            }),
          ]);
        }
        lastId = row.id;
      }
      return rows.length < batch;
    });
    if (done) break;
  }
  return { recomputed, changed };
}
