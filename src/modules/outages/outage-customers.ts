/**
 * The interrupted customers of fault outages. For the service points below the given devices,
 * each belongs to the outage at the lowest device above it (or to none): rows move to a new
 * outage keeping their interruption start, wrong ones (a prediction withdrawn or moved away)
 * are deleted, new ones start at the outage's first call. Customers of planned outages are left
 * alone. Counts of affected customers are refreshed on the outages touched.
 */
import type { GroupingSession } from './grouping-session.js';

export interface NewlyAffected {
  outage_id: number;
  service_point_id: number;
  customer_id: number;
}

export async function recomputeCustomers(s: GroupingSession, regions: Set<number>, touched: Set<number>): Promise<NewlyAffected[]> {
  const { tx, g, ids } = s;
  if (regions.size === 0) {
    await refreshCounts(s, touched);
    return [];
  }
  const transformers = new Set<number>();
  for (const d of regions) if (g.tree.has(d)) for (const t of g.tree.transformersUnder(d)) transformers.add(t);
  const ts = [...transformers];
  const want = ts.map((t) => ids.dbOrNull(g.outageCovering(t)));
  const feeders = ts.map((t) => g.tree.path(t).find((d) => g.tree.kind(d) === 'feeder') ?? null);
  for (const o of want) if (o !== null) touched.add(o);
  const params = [ts, want, feeders];
  const WANT = `WITH want AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS w(transformer_id, outage_id, feeder_id))`;
  await tx.query(
    `${WANT}
     UPDATE outage_customers oc SET outage_id = w.outage_id, feeder_id = w.feeder_id, counted = (o.status <> 'predicted')
       FROM service_points sp, want w, outages o, outages cur
      WHERE oc.interruption_end IS NULL AND sp.id = oc.service_point_id AND sp.transformer_id = w.transformer_id
        AND w.outage_id IS NOT NULL AND o.id = w.outage_id AND cur.id = oc.outage_id AND cur.kind = 'fault' AND oc.outage_id <> w.outage_id
        AND NOT EXISTS (SELECT 1 FROM outage_customers x WHERE x.outage_id = w.outage_id AND x.service_point_id = oc.service_point_id)`,
    params,
  );
  await tx.query(
    `${WANT}
     DELETE FROM outage_customers oc USING service_points sp, want w, outages cur
      WHERE oc.interruption_end IS NULL AND sp.id = oc.service_point_id AND sp.transformer_id = w.transformer_id
        AND cur.id = oc.outage_id AND cur.kind = 'fault' AND (w.outage_id IS NULL OR oc.outage_id <> w.outage_id)`,
    params,
  );
  const inserted = await tx.query<NewlyAffected>(
    `${WANT}
     INSERT INTO outage_customers (outage_id, service_point_id, customer_id, org_unit_id, feeder_id, important, interruption_start, counted)
     SELECT w.outage_id, sp.id, sp.customer_id, sp.org_unit_id, w.feeder_id, sp.important, o.started_at, o.status <> 'predicted'
       FROM want w JOIN service_points sp ON sp.transformer_id = w.transformer_id JOIN outages o ON o.id = w.outage_id
      WHERE w.outage_id IS NOT NULL
     ON CONFLICT DO NOTHING
     RETURNING outage_id, service_point_id, customer_id`,
    params,
  );
  await refreshCounts(s, touched);
  return inserted.rows;
}

async function refreshCounts(s: GroupingSession, touched: Set<number>): Promise<void> {
  if (touched.size === 0) return;
  await s.tx.query(
    `UPDATE outages o SET affected_customers = (SELECT count(*) FROM outage_customers oc WHERE oc.outage_id = o.id), updated_at = now()
      WHERE o.id = ANY($1::bigint[])`,
    [[...touched]],
  );
}
