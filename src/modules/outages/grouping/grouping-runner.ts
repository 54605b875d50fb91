/**
 * Groups the stored, still pending trouble calls onto outages, in batches, one grouping
 * transaction at a time. Calls that fall in a running planned outage are linked to it instead.
 * Concurrent callers share runs: `run()` resolves once every call stored before it was called
 * has been grouped, so an intake route can answer with the outage.
 */
import type { Db } from '../../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/audit.js';
import type { GroupingResult } from './call-grouping.js';
import type { GroupingHost } from './grouping-host.js';
import { callerKey, type GroupingSession } from './grouping-session.js';
import { persistGrouping } from './grouping-persist.js';
import { PLANS_IN_FORCE } from '../planned/planned-notice-rules.js';
import { noticesForAffected } from '../notices/outage-notices.js';

export class GroupingRunner {
  private current: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** Batches run, calls grouped, time spent (ms) and the slowest batch, for metrics and benchmarks. */
  readonly stats = { batches: 0, calls: 0, ms: 0, maxMs: 0 };

  constructor(
    private readonly db: Db,
    private readonly host: GroupingHost,
    private readonly batchSize = 2000,
  ) {}

  run(): Promise<void> {
    if (!this.current) {
      this.current = this.loop().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    if (!this.queued) {
      this.queued = this.current
        .catch(() => {})
        .then(() => {
          this.queued = null;
          return this.run();
        });
    }
    return this.queued;
  }

  /**
   * Groups what is pending, waiting at most `maxWaitMs` (grouping carries on after); never throws:
   * the calls are stored already, a failed batch is retried by the next run. Resolves true when grouped in time.
   */
  async runWithin(maxWaitMs: number | undefined, log: (e: unknown) => void = () => {}): Promise<boolean> {
    const done = this.run().then(
      () => true,
      (e) => {
        log(e);
        return false;
      },
    );
    if (maxWaitMs === undefined) return done;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), maxWaitMs);
    });
    const r = await Promise.race([done, late]);
    clearTimeout(timer);
    return r;
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

  /** Lone calls older than the policy's limit stop counting: taken out of the grouping, marked expired. */
  private async expireLonelyCalls(s: GroupingSession, now: Date, into: GroupingResult): Promise<number[]> {
    const minutes = s.policy.lonelyCallMinutes;
    if (!minutes) return [];
    const { rows } = await s.tx.query<{ id: number }>(
      `SELECT id FROM outage_calls WHERE status = 'grouped' AND outage_id IS NULL AND received_at < $1 ORDER BY received_at LIMIT 1000`,
      [new Date(now.getTime() - minutes * 60_000)],
    );
    const out: number[] = [];
    for (const r of rows) {
      if (!s.g.hasCall(r.id) || s.g.outageOfCall(r.id) !== null) continue;
      const res = s.g.cancelCall(r.id);
      into.events.push(...res.events);
      into.assignments.push(...res.assignments);
      out.push(r.id);
    }
    return out;
  }

  private async batch(): Promise<number> {
    return this.host.transaction(async (s) => {
      const { tx, g } = s;
      // pending calls, each with the running planned outage that covers its customer at its time, if any
      const pending = await tx.query<{ id: number; service_point_id: number | null; transformer_id: number | null; planned_id: number | null }>(
        `SELECT c.id, c.service_point_id, c.transformer_id,
                (SELECT p.id FROM planned_outage_customers pc JOIN planned_outages p ON p.id = pc.planned_id
                  WHERE pc.service_point_id = c.service_point_id AND p.status = ANY($2::text[]) AND p.starts_at <= c.received_at AND p.ends_at > c.received_at
                  ORDER BY p.starts_at LIMIT 1) AS planned_id
           FROM outage_calls c WHERE c.status = 'pending' ORDER BY c.id LIMIT $1`,
        [this.batchSize, PLANS_IN_FORCE],
      );
      if (pending.rows.length === 0) return { changed: false, value: 0 };
      const now = new Date();
      const plannedOf = new Map(pending.rows.filter((c) => c.planned_id !== null).map((c) => [c.id, c.planned_id!]));
      const merged: GroupingResult = { events: [], assignments: [] };
      const expired = await this.expireLonelyCalls(s, now, merged);
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
      await tx.query(`UPDATE outage_calls SET status = 'grouped', grouped_at = $2 WHERE id = ANY($1::bigint[])`, [grouped, now]);
      if (expired.length > 0) await tx.query(`UPDATE outage_calls SET status = 'expired' WHERE id = ANY($1::bigint[])`, [expired]);
      if (unplaced.length > 0) await tx.query(`UPDATE outage_calls SET status = 'unplaced', grouped_at = $2 WHERE id = ANY($1::bigint[])`, [unplaced, now]);
      for (const [callId, planId] of plannedOf)
        await tx.query(`UPDATE outage_calls SET status = 'planned', planned_outage_id = $2, grouped_at = $3 WHERE id = $1`, [callId, planId, now]);
      await noticesForAffected(tx, summary.newlyAffected, now);
      await recordAudit(tx, SYSTEM_ACTOR, [
        {
          action: 'outage_call.group',
          entity: 'outage_calls',
          after: { calls: pending.rows.length, grouped: grouped.length, unplaced: unplaced.length, planned: plannedOf.size, expired: expired.length },
        },
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
