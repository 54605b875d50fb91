/**
 * The workbench's order and overdue filter come from two columns kept with each change: the live
 * clock's state and, while it runs, its due time (a running clock's due time moves only when
 * something happens to the application; a paused one is never overdue and sorts last). What the
 * workbench shows is still computed live from the history.
 */
import type { Queryable } from '../../db/pool.js';
import type { SlaContext } from '../../platform/sla/sla-context.js';
import { liveClock } from './clock-rules.js';
import { eventsOf, toApp } from './store.js';
import { clocksOf } from './view.js';

export async function refreshClockSummary(tx: Queryable, ctx: SlaContext, id: number, now: Date): Promise<void> {
  const a = toApp((await tx.query('SELECT * FROM connection_applications WHERE id = $1', [id])).rows[0]);
  const live = liveClock(clocksOf(ctx, a, (await eventsOf(tx, [id])).get(id)!, now));
  const open = live !== null && (live.state === 'running' || live.state === 'breached') && !live.paused && a.status === 'open';
  await tx.query('UPDATE connection_applications SET clock_state = $2, next_due_at = $3 WHERE id = $1', [id, live?.state ?? null, open ? live!.dueAt : null]);
}
