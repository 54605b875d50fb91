/**
 * Groups the stored, still pending trouble calls onto outages, in batches, one grouping
 * transaction at a time. Calls that fall in a running planned outage are linked to it instead.
 * Concurrent callers share runs: `run()` resolves once every call stored before it was called
 * has been grouped, so an intake route can answer with the outage.
 */
import type { Db } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import type { GroupingResult } from './call-grouping.js';
import type { GroupingHost } from './grouping-host.js';
import { callerKey } from './grouping-session.js';
import { persistGrouping } from './grouping-persist.js';
import { noticesForAffected } from './outage-notices.js';

export class GroupingRunner {
  private current: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** Batches run, calls grouped, time spent (ms) and the slowest batch, for metrics and benchmarks. */
  readonly stats = { batches: 0, calls: 0, ms: 0, maxMs: 0 };

  constructor(private readonly db: Db, private readonly host: GroupingHost, private readonly batchSize = 2000) {}

  run(): Promise<void> {
    if (!this.current) {
      this.current = this.loop().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    if (!this.queued) {
      this.queued = this.current.catch(() => {}).then(() => {
        this.queued = null;
        return this.run();
      });
    }
    return this.queued;
  }

  private async loop(): Promise<void> {
    while ((await this.once()) === this.batchSize) {
      /* more waiting */
    }
  }

  /** One batch; returns how many calls it took. */
  async once(): Promise<number> {
    const t0 = performance.now();
    const n = await this.batch();
    if (n > 0) {
      const ms = performance.now() - t0;
      this.stats.batches++;
      this.stats.calls += n;
      this.stats.ms += ms;
      this.stats.maxMs = Math.max(this.stats.maxMs, ms);
    }
    return n;
  }

  private async batch(): Promise<number> {
    return this.host.transaction(async (s) => {
      const { tx, g } = s;
      const pending = await tx.query<{ id: number; service_point_id: number | null; transformer_id: number | null; received_at: Date }>(
        `SELECT id, service_point_id, transformer_id, received_at FROM outage_calls WHERE status = 'pending' ORDER BY id LIMIT $1`,
        [this.batchSize],
      );
      if (pending.rows.length === 0) return { changed: false, value: 0 };
      const now = new Date();
      const planned = await tx.query<{ call_id: number; planned_id: number }>(
        `SELECT DISTINCT ON (c.id) c.id AS call_id, p.id AS planned_id
           FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS c(id, sp, at)
           JOIN planned_outage_customers pc ON pc.service_point_id = c.sp
           JOIN planned_outages p ON p.id = pc.planned_id
          WHERE p.status IN ('approved', 'in_progress') AND p.starts_at <= c.at AND p.ends_at > c.at
          ORDER BY c.id, p.starts_at`,
        [pending.rows.map((c) => c.id), pending.rows.map((c) => c.service_point_id), pending.rows.map((c) => c.received_at)],
      );
      const plannedOf = new Map(planned.rows.map((r) => [r.call_id, r.planned_id]));
      const merged: GroupingResult = { events: [], assignments: [] };
      const grouped: number[] = [];
      const unplaced: number[] = [];
      for (const c of pending.rows) {
        if (plannedOf.has(c.id)) continue;
        const r = g.addCall({ callId: c.id, callerKey: callerKey(c), transformerId: c.transformer_id });
        (r.unplaced ? unplaced : grouped).push(c.id);
        merged.events.push(...r.events);
        merged.assignments.push(...r.assignments);
      }
      const summary = await persistGrouping(s, lastAssignmentWins(merged), now);
      await tx.query(
        `UPDATE outage_calls c SET status = x.status, planned_outage_id = x.planned, grouped_at = $4
           FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS x(id, status, planned) WHERE c.id = x.id`,
        [
          [...grouped, ...unplaced, ...plannedOf.keys()],
          [...grouped.map(() => 'grouped'), ...unplaced.map(() => 'unplaced'), ...[...plannedOf.keys()].map(() => 'planned')],
          [...grouped.map(() => null), ...unplaced.map(() => null), ...plannedOf.values()],
          now,
        ],
      );
      await noticesForAffected(tx, summary.newlyAffected, now);
      await recordAudit(tx, SYSTEM_ACTOR, [
        { action: 'outage_call.group', entity: 'outage_calls', after: { calls: pending.rows.length, grouped: grouped.length, unplaced: unplaced.length, planned: plannedOf.size } },
        ...summary.audits,
      ]);
      return { changed: true, value: pending.rows.length };
    });
  }
}

function lastAssignmentWins(r: GroupingResult): GroupingResult {
  const m = new Map<number, number | null>();
  for (const a of r.assignments) m.set(a.callId, a.outageId);
  return { events: r.events, assignments: [...m].map(([callId, outageId]) => ({ callId, outageId })) };
}
