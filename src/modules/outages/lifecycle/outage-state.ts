/** Reading an outage row (scoped to the principal's org subtree) and its lifecycle state. */
import type { Queryable } from '../../../db/pool.js';
import { notFound } from '../../../platform/errors.js';
import type { OutageLifecycle, OutageStatus } from './lifecycle-rules.js';

export interface OutageRow {
  id: number;
  outage_no: string;
  kind: 'fault' | 'planned';
  status: OutageStatus | 'merged' | 'withdrawn';
  device_id: number;
  org_unit_id: number;
  org_path: string;
  area_type: string;
  pinned: boolean;
  crew_id: number | null;
  etr: Date | null;
  cause_class: string | null;
  cause_note: string | null;
  customer_side: boolean;
  started_at: Date;
  created_at: Date;
  confirmed_at: Date | null;
  assigned_at: Date | null;
  accepted_at: Date | null;
  accepted_by: number | null;
  acceptance_warned_at: Date | null;
  en_route_at: Date | null;
  arrived_at: Date | null;
  restored_at: Date | null;
  restoration_confirmed_at: Date | null;
  restoration_source: 'callback' | 'meter' | null;
  closed_at: Date | null;
  affected_customers: number;
  call_count: number;
  version: number;
}

/** The outage if the principal's org path covers it, locked for update when asked. */
export async function loadOutage(q: Queryable, id: number, orgPath: string, lock = false): Promise<OutageRow> {
  const { rows } = await q.query<OutageRow>(`SELECT * FROM outages WHERE id = $1 AND org_path LIKE $2 || '%' ${lock ? 'FOR UPDATE' : ''}`, [id, orgPath]);
  if (!rows[0]) throw notFound('Outage', '停电事件');
  return rows[0];
}

export async function lifecycleOf(q: Queryable, o: OutageRow): Promise<OutageLifecycle> {
  const partial = await q.query<{ device_id: number; restored_at: Date }>(
    'SELECT device_id, restored_at FROM outage_devices WHERE outage_id = $1 AND restored_at IS NOT NULL ORDER BY restored_at',
    [o.id],
  );
  const declined = await q.query<{ at: Date }>('SELECT max(at) AS at FROM outage_crew_declines WHERE outage_id = $1', [o.id]);
  const times = [
    o.created_at,
    o.confirmed_at,
    o.assigned_at,
    o.accepted_at,
    declined.rows[0]?.at ?? null,
    o.en_route_at,
    o.arrived_at,
    o.restored_at,
    o.restoration_confirmed_at,
    o.closed_at,
    ...partial.rows.map((p) => p.restored_at),
  ].filter((t): t is Date => t !== null);
  return {
    status: o.status === 'merged' || o.status === 'withdrawn' ? 'cancelled' : o.status,
    crewId: o.crew_id,
    crewAccepted: o.accepted_at !== null,
    etr: o.etr,
    partialRestorations: partial.rows.map((p) => ({ deviceId: p.device_id, at: p.restored_at })),
    restorationConfirmation: o.restoration_confirmed_at ? { at: o.restoration_confirmed_at, source: o.restoration_source ?? 'callback' } : null,
    lastChangeAt: new Date(Math.max(...times.map((t) => t.getTime()))),
  };
}
