/**
 * The marketing workbench: applications of the caller's org subtree (or those the caller created
 * or acted on), each with its live clock (due at, remaining, paused, overdue) and the documents
 * still missing at acceptance. Clocks are computed from the event history for the matching rows
 * (at most MAX_ROWS, newest first), so the overdue filter and counts are exact within that window.
 */
import type { Db } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import type { Principal } from '../identity/index.js';
import type { WorkbenchQuery } from './schemas.js';
import { currentPolicy, documentsOf, eventsOf, scopeSql, toApp } from './store.js';
import { summaryOf } from './view.js';

const MAX_ROWS = 2000;

export async function listWorkbench(db: Db, p: Principal, q: WorkbenchQuery, now = new Date()) {
  const ctx = await getSlaContext(db);
  const policy = (await currentPolicy(db)).data;
  const s = scopeSql(p, 1);
  const params: unknown[] = [...s.params];
  const where = [s.sql];
  const status = q.status ?? 'open';
  if (status !== 'all') { params.push(status); where.push(`a.status = $${params.length}`); }
  if (q.stage) { params.push(q.stage); where.push(`a.stage = $${params.length}`); }
  if (q.scope === 'mine') { params.push(p.id); where.push(`(a.created_by = $${params.length} OR EXISTS (SELECT 1 FROM connection_events e WHERE e.application_id = a.id AND e.actor_id = $${params.length}))`); }
  if (q.q) { params.push(`%${q.q}%`); where.push(`(a.app_no ILIKE $${params.length} OR a.applicant_name ILIKE $${params.length} OR a.address ILIKE $${params.length})`); }
  const { rows } = await db.query(`SELECT a.* FROM connection_applications a WHERE ${where.join(' AND ')} ORDER BY a.received_at DESC, a.id DESC LIMIT ${MAX_ROWS}`, params);
  const apps = rows.map(toApp);
  const ids = apps.map((a) => a.id);
  const [events, docs] = await Promise.all([eventsOf(db, ids), documentsOf(db, ids.filter((_, i) => apps[i].stage === 'acceptance'))]);
  let items = apps.map((a) => summaryOf(ctx, policy, a, events.get(a.id)!, docs.get(a.id) ?? [], now));
  const overdue = items.filter((i) => i.clock?.overdue).length;
  const customerWait = items.filter((i) => i.customerWait).length;
  if (q.overdue) items = items.filter((i) => i.clock?.overdue);
  // most urgent first: overdue, then by due time; paused and clockless last
  const key = (i: (typeof items)[number]) => (i.clock?.dueAt && i.clock.state !== 'met' && i.clock.state !== 'stopped' ? Date.parse(i.clock.dueAt) : Number.MAX_SAFE_INTEGER);
  items.sort((a, b) => key(a) - key(b) || b.id - a.id);
  return { items: items.slice(q.offset, q.offset + q.limit), total: items.length, overdue, customerWait };
}
