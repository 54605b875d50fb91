/**
 * The module's background work, run by src/background.ts as periodic singleton jobs:
 *  - the clock watch: every SLA policy or working-day calendar change bumps sla_settings.revision
 *    in its own transaction (work-order SLA admin, the calendar admin, the connection SLA
 *    versions alike). When the revision moved since the last recompute, the stored workbench
 *    order (`clock_state`, `next_due_at`) of every open application is recomputed in batches
 *    (`refreshClockSummaries`), so a new holiday or a changed limit reorders the workbench within a
 *    tick without any module importing this one;
 *  - the 销户 finder, once per local day over the whole territory.
 */
import { withTx, type Db } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { refreshClockSummaries } from './clock-summary.js';
import { scanAllClosures } from './closures.js';
import { localToday } from './view.js';

export const CONNECTION_CLOCK_WATCH_QUEUE = 'connection-clock-watch';
export const CONNECTION_CLOSURE_FINDER_QUEUE = 'connection-closure-finder';

const BATCH = 2000;

async function state(db: Db) {
  await db.query(`INSERT INTO connection_background (id) VALUES (1) ON CONFLICT DO NOTHING`);
  const r = (await db.query(`SELECT clock_revision, to_char(closure_scanned_on, 'YYYY-MM-DD') AS scanned FROM connection_background WHERE id = 1`)).rows[0];
  return { revision: r.clock_revision === null ? null : Number(r.clock_revision), scanned: r.scanned as string | null };
}

/** Recomputes the stored clock columns of open applications when the SLA revision moved; answers how many. */
export async function watchClockRevision(db: Db, now = new Date(), batch = BATCH): Promise<{ revision: number; refreshed: number }> {
  // re-checks the revision (one small read) and reloads calendar and policies only when it moved
  const ctx = await getSlaContext(db, 0);
  const seen = (await state(db)).revision;
  if (seen === ctx.revision) return { revision: ctx.revision, refreshed: 0 };
  let after = 0,
    refreshed = 0;
  for (;;) {
    const ids = (await db.query(`SELECT id FROM connection_applications WHERE status = 'open' AND id > $1 ORDER BY id LIMIT $2`, [after, batch])).rows.map(
      (r) => Number(r.id),
    );
    if (!ids.length) break;
    refreshed += await withTx(db, (tx) => refreshClockSummaries(tx, ctx, ids, now));
    after = ids[ids.length - 1];
  }
  await db.query(`UPDATE connection_background SET clock_revision = $1, clock_refreshed_at = $2 WHERE id = 1`, [ctx.revision, now]);
  return { revision: ctx.revision, refreshed };
}

/** The 销户 finder, at most once per local day. */
export async function dailyClosureFinder(db: Db, now = new Date()): Promise<{ ran: boolean; proposed: number }> {
  const ctx = await getSlaContext(db, 0);
  const today = localToday(ctx, now);
  if ((await state(db)).scanned === today) return { ran: false, proposed: 0 };
  const { rowCount } = await db.query(
    `UPDATE connection_background SET closure_scanned_on = $1 WHERE id = 1 AND (closure_scanned_on IS NULL OR closure_scanned_on < $1)`,
    [today],
  );
  if (!rowCount) return { ran: false, proposed: 0 };
  const r = await scanAllClosures(db, now);
  return { ran: true, proposed: r.proposed };
}
