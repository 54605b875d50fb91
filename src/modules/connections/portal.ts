/** The customer's view on the portal: my applications and the stage each is at. */
import type { Db } from '../../db/pool.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import type { Principal } from '../identity/index.js';
import { flowOf } from './stage-rules.js';
import { allPolicyVersions, documentsOf, eventsOf, scopeSql, toApp } from './store.js';
import { localToday, missingOf, spansOf } from './view.js';

export async function myApplications(db: Db, p: Principal, now = new Date()) {
  const ctx = await getSlaContext(db);
  const policies = await allPolicyVersions(db);
  const s = scopeSql({ ...p, role: 'customer' }, 1);
  const { rows } = await db.query(`SELECT a.* FROM connection_applications a WHERE ${s.sql} ORDER BY a.received_at DESC LIMIT 100`, s.params);
  const apps = rows.map(toApp);
  const ids = apps.map((a) => a.id);
  const [events, docs] = await Promise.all([eventsOf(db, ids), documentsOf(db, ids)]);
  return {
    items: apps.map((a) => ({
      id: a.id,
      appNo: a.appNo,
      kind: a.kind,
      stage: a.stage,
      status: a.status,
      receivedAt: a.receivedAt.toISOString(),
      customerWait: a.customerWait,
      missing: a.stage === 'acceptance' ? missingOf(policies.get(a.policyVersion)!, a, docs.get(a.id)!, localToday(ctx, now)).missing : [],
      stages: spansOf(ctx, a, events.get(a.id)!, now),
      flow: flowOf(a.kind, a.customerClass),
    })),
  };
}
