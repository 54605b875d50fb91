/**
 * For the CTI screen-pop (composed by the outages module, which registers GET /api/cti/lookup):
 * the caller's connection applications — open ones, and those finished in the last 30 days — found
 * by the applicant's phone (a new connection has no customer before power-on) or the customers the
 * phone belongs to, in the caller's org scope; stage and the live clock's stored state and due time.
 */
import type { Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import type { CallerApplication } from './schemas.js';

const RECENT_DAYS = 30;
const LIMIT = 10;

export async function connectionsForCaller(db: Queryable, p: Principal, q: { phone: string; customerIds: readonly number[] }): Promise<CallerApplication[]> {
  const { rows } = await db.query(
    `SELECT a.id, a.app_no, a.kind, a.stage, a.status, a.received_at, a.clock_state, a.next_due_at, a.customer_wait
       FROM connection_applications a
      WHERE (a.applicant_phone = $1 OR a.customer_id = ANY($2::bigint[])) AND a.org_path LIKE $3 || '%'
        AND (a.status = 'open' OR a.updated_at > now() - make_interval(days => $4))
      ORDER BY (a.status = 'open') DESC, a.received_at DESC LIMIT $5`,
    [q.phone, q.customerIds, p.orgPath, RECENT_DAYS, LIMIT],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    appNo: r.app_no,
    kind: r.kind,
    stage: r.stage,
    status: r.status,
    receivedAt: r.received_at.toISOString(),
    clockState: r.clock_state ?? null,
    dueAt: r.next_due_at ? r.next_due_at.toISOString() : null,
    customerWait: r.customer_wait,
  }));
}
