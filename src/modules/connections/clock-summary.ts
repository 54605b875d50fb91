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
  await refreshClockSummaries(tx, ctx, [id], now);
}

/**
 * The same for many applications at once (three statements whatever their number): after a bulk
 * load or a restore, or when a policy or the calendar changed under open applications.
 */
export async function refreshClockSummaries(tx: Queryable, ctx: SlaContext, ids: readonly number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const apps = (await tx.query('SELECT * FROM connection_applications WHERE id = ANY($1::bigint[])', [ids])).rows.map(toApp);
  const events = await eventsOf(
    tx,
    apps.map((a) => a.id),
  );
  const state: (string | null)[] = [];
  const due: (string | null)[] = [];
  for (const a of apps) {
    const live = liveClock(clocksOf(ctx, a, events.get(a.id)!, now));
    const open = live !== null && (live.state === 'running' || live.state === 'breached') && !live.paused && a.status === 'open';
    state.push(live?.state ?? null);
    due.push(open ? live!.dueAt : null);
  }
  await tx.query(
    `UPDATE connection_applications a SET clock_state = s.state, next_due_at = s.due
       FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS s(id, state, due) WHERE a.id = s.id`,
    [apps.map((a) => a.id), state, due],
  );
  return apps.length;
}
