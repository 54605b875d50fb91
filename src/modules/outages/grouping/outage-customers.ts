/**
 * The interrupted customers of fault outages. For the service points below the given devices,
 * each belongs to the outage at the lowest device above it (or to none): rows move to a new
 * outage keeping their interruption start, wrong ones (a prediction withdrawn or moved away)
 * are deleted, new ones start at the outage's first call. Customers of planned outages are left
 * alone. Counts of affected customers are refreshed on the outages whose customers changed.
 * Every statement selects by one array of ids (index lookups whatever the statistics say).
 */
import type { GroupingSession } from './grouping-session.js';

export interface NewlyAffected {
  outage_id: number;
  service_point_id: number;
  customer_id: number;
}

export async function recomputeCustomers(s: GroupingSession, regions: Set<number>, touched: Set<number>): Promise<NewlyAffected[]> {
  const { tx, g, ids } = s;
  const inserted: NewlyAffected[] = [];
  if (regions.size > 0) {
    const transformers = new Set<number>();
    for (const d of regions) if (g.tree.has(d)) for (const t of g.tree.transformersUnder(d)) transformers.add(t);
    const ts = [...transformers];
    const wantOf = new Map(ts.map((t) => [t, ids.dbOrNull(g.outageCovering(t))]));
    const sps = await tx.query<{ id: number; transformer_id: number }>(
      'SELECT id, transformer_id FROM pub_service_points WHERE transformer_id = ANY($1::bigint[])',
      [ts],
    );
    const current = await tx.query<{ sp: number; outage_id: number; kind: string }>(
      `SELECT oc.service_point_id AS sp, oc.outage_id, o.kind FROM outage_customers oc JOIN outages o ON o.id = oc.outage_id
        WHERE oc.service_point_id = ANY($1::bigint[]) AND oc.interruption_end IS NULL`,
      [sps.rows.map((r) => r.id)],
    );
    const now = new Map(current.rows.map((r) => [r.sp, r]));
    const moves = new Map<number, number[]>();
    const adds = new Map<number, number[]>();
    const drops: number[] = [];
    const changed = new Set<number>();
    for (const sp of sps.rows) {
      const want = wantOf.get(sp.transformer_id) ?? null;
      const cur = now.get(sp.id);
      if (cur && cur.kind !== 'fault') continue; // a planned outage has this customer
      if (cur && cur.outage_id === want) continue;
      if (cur && want === null) drops.push(sp.id);
      else if (cur) push(moves, want!, sp.id);
      else if (want !== null) push(adds, want, sp.id);
      if (cur) changed.add(cur.outage_id);
      if (want !== null) changed.add(want);
    }
    for (const [target, list] of moves) {
      // a customer already restored once in the target outage: the open row is dropped instead
      const clash = await tx.query<{ sp: number }>(
        'SELECT service_point_id AS sp FROM outage_customers WHERE outage_id = $1 AND service_point_id = ANY($2::bigint[])',
        [target, list],
      );
      const blocked = new Set(clash.rows.map((r) => r.sp));
      drops.push(...blocked);
      await tx.query(
        `UPDATE outage_customers SET outage_id = $1, counted = (SELECT status <> 'predicted' FROM outages WHERE id = $1)
          WHERE service_point_id = ANY($2::bigint[]) AND interruption_end IS NULL`,
        [target, list.filter((x) => !blocked.has(x))],
      );
    }
    if (drops.length > 0) await tx.query('DELETE FROM outage_customers WHERE service_point_id = ANY($1::bigint[]) AND interruption_end IS NULL', [drops]);
    for (const [target, list] of adds) {
      const { rows } = await tx.query<NewlyAffected>(
        `INSERT INTO outage_customers (outage_id, service_point_id, customer_id, org_unit_id, feeder_id, important, interruption_start, counted)
         SELECT o.id, sp.id, sp.customer_id, sp.org_unit_id, t.parent_id, sp.important, o.started_at, o.status <> 'predicted'
           FROM pub_service_points sp JOIN pub_network_devices t ON t.id = sp.transformer_id, outages o
          WHERE sp.id = ANY($2::bigint[]) AND o.id = $1
         ON CONFLICT DO NOTHING
         RETURNING outage_id, service_point_id, customer_id`,
        [target, list],
      );
      inserted.push(...rows);
    }
    for (const o of changed) touched.add(o);
    if (changed.size > 0) {
      await tx.query(
        `UPDATE outages o SET affected_customers = (SELECT count(*) FROM outage_customers oc WHERE oc.outage_id = o.id), updated_at = now()
          WHERE o.id = ANY($1::bigint[])`,
        [[...changed]],
      );
    }
  }
  return inserted;
}

function push(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
