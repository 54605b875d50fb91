/**
 * The joint-review board (会审看板): open applications of the caller's org subtree at the supply plan
 * stage that need the first review (design office with dispatch and production) and the leaders'
 * joint review — a dedicated line, HV dual supply, or one application at or above the policy's
 * threshold — with the reasons, the last decision of each level, what each awaits, and the live clock.
 * The reasons come from each application's own policy version (large-customer-rules.ts).
 */
import type { Db } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import type { Principal } from '../identity/index.js';
import { reviewReasons, reviewStage } from './large-customer-rules.js';
import type { ReviewBoardQuery } from './schemas.js';
import { allPolicyVersions, eventsOf, scopeSql, toApp } from './store.js';
import { summaryOf } from './view.js';

/** At most this many applications on the board (most urgent first); `truncated` says when more wait. */
const BOARD_LIMIT = 500;

export async function reviewBoard(db: Db, p: Principal, q: ReviewBoardQuery, now = new Date()) {
  const ctx = await getSlaContext(db);
  const policies = await allPolicyVersions(db);
  const minKva = Math.min(...[...policies.values()].map((x) => x.reviewMinKva));
  const s = scopeSql(p, 1);
  // candidates by the loosest threshold of any version; each is then judged by its own version
  const { rows } = await db.query(
    `SELECT a.* FROM connection_applications a
      WHERE ${s.sql} AND a.status = 'open' AND a.stage = 'plan'
        AND (a.dedicated_line OR a.customer_class = 'hv_dual' OR a.requested_kva >= $${s.params.length + 1})
      ORDER BY a.next_due_at, a.received_at, a.id LIMIT ${BOARD_LIMIT + 1}`,
    [...s.params, minKva],
  );
  const truncated = rows.length > BOARD_LIMIT;
  const apps = rows
    .slice(0, BOARD_LIMIT)
    .map(toApp)
    .map((a) => ({ a, reasons: reviewReasons(a, policies.get(a.policyVersion)!) }))
    .filter((x) => x.reasons.length > 0);
  const ids = apps.map((x) => x.a.id);
  const [events, reviews] = await Promise.all([
    eventsOf(db, ids),
    db.query(
      `SELECT application_id, level, decision, participants, reviewer_name, at FROM connection_reviews WHERE application_id = ANY($1::bigint[]) ORDER BY at, id`,
      [ids],
    ),
  ]);
  const byApp = new Map<
    number,
    { level: 'first' | 'joint'; decision: 'approved' | 'rejected'; participants: string; reviewerName: string | null; at: string }[]
  >();
  for (const r of reviews.rows) {
    const list = byApp.get(Number(r.application_id)) ?? [];
    list.push({ level: r.level, decision: r.decision, participants: r.participants, reviewerName: r.reviewer_name, at: (r.at as Date).toISOString() });
    byApp.set(Number(r.application_id), list);
  }
  const items = apps.map(({ a, reasons }) => {
    const rs = byApp.get(a.id) ?? [];
    const last = (level: 'first' | 'joint') => {
      const r = rs.filter((x) => x.level === level).at(-1);
      return r ? { decision: r.decision, participants: r.participants, reviewerName: r.reviewerName, at: r.at } : null;
    };
    return {
      ...summaryOf(ctx, policies.get(a.policyVersion)!, a, events.get(a.id)!, [], now),
      reasons,
      first: last('first'),
      joint: last('joint'),
      awaiting: reviewStage(rs),
    };
  });
  const awaiting = q.awaiting ?? 'all';
  return {
    items: awaiting === 'all' ? items : items.filter((x) => x.awaiting === awaiting),
    counts: {
      first: items.filter((x) => x.awaiting === 'first').length,
      joint: items.filter((x) => x.awaiting === 'joint').length,
      approved: items.filter((x) => x.awaiting === 'approved').length,
    },
    truncated,
  };
}
