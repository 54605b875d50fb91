/**
 * The marketing workbench: applications of the caller's org subtree (or those the caller created
 * or acted on), most urgent first, each with its live clock (due at, remaining, paused, overdue)
 * and the documents still missing at acceptance. Order, overdue filter and counts come from the
 * clock summary kept with each change (clock-summary.ts); the clocks shown are computed live from
 * the history for the page's rows only.
 */
import type { Db } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import type { Principal } from '../identity/index.js';
import type { WorkbenchQuery } from './schemas.js';
import { allPolicyVersions, documentsOf, eventsOf, scopeSql, toApp } from './store.js';
import { summaryOf } from './view.js';

export async function listWorkbench(db: Db, p: Principal, q: WorkbenchQuery, now = new Date()) {
  const ctx = await getSlaContext(db);
  const policies = await allPolicyVersions(db);
  const s = scopeSql(p, 1);
  const params: unknown[] = [...s.params];
  const where = [s.sql];
  const status = q.status ?? 'open';
  if (status !== 'all') {
    params.push(status);
    where.push(`a.status = $${params.length}`);
  }
  if (q.stage) {
    params.push(q.stage);
    where.push(`a.stage = $${params.length}`);
  }
  if (q.scope === 'mine') {
    params.push(p.id);
    where.push(
      `(a.created_by = $${params.length} OR EXISTS (SELECT 1 FROM connection_events e WHERE e.application_id = a.id AND e.actor_id = $${params.length}))`,
    );
  }
  if (q.customerId !== undefined) {
    params.push(q.customerId);
    where.push(`a.customer_id = $${params.length}`);
  }
  if (q.q) {
    params.push(`%${q.q}%`);
    where.push(`(a.app_no ILIKE $${params.length} OR a.applicant_name ILIKE $${params.length} OR a.address ILIKE $${params.length})`);
  }
  params.push(now);
  const nowParam = `$${params.length}`;
  const overdueSql = `(a.next_due_at IS NOT NULL AND a.next_due_at < ${nowParam})`;
  const base = `FROM connection_applications a WHERE ${where.join(' AND ')}`;
  const counts = (
    await db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${overdueSql})::int AS overdue, count(*) FILTER (WHERE a.customer_wait)::int AS waiting ${base}`,
      params,
    )
  ).rows[0];
  const pageWhere = q.overdue ? ` AND ${overdueSql}` : '';
  // ascending next_due_at puts NULLs (paused, finished) last; migration 401's index serves this order
  const { rows } = await db.query(
    `SELECT a.* ${base}${pageWhere} ORDER BY a.next_due_at, a.received_at DESC, a.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
    q.overdue ? params : params.slice(0, -1),
  );
  const apps = rows.map(toApp);
  const ids = apps.map((a) => a.id);
  const [events, docs] = await Promise.all([
    eventsOf(db, ids),
    documentsOf(
      db,
      ids.filter((_, i) => apps[i].stage === 'acceptance'),
    ),
  ]);
  return {
    items: apps.map((a) => summaryOf(ctx, policies.get(a.policyVersion)!, a, events.get(a.id)!, docs.get(a.id) ?? [], now)),
    total: q.overdue ? counts.overdue : counts.total,
    overdue: counts.overdue as number,
    customerWait: counts.waiting as number,
  };
}
