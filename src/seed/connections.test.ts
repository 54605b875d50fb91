import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from '../../test/support/db.js';
import { seed } from './seed.js';
import { seedClosureActivity, seedConnectionActivity } from './connections.js';

test('demo connections: ~30 applications across kinds, classes and stages, some overdue, some paused on the customer, audited', async () => {
  const db = await testDb();
  await seed(db, { customers: 300, seed: 11 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-conn-seed-'));
  const r = await seedConnectionActivity(db, { seed: 11, dataDir });
  assert.ok(r.applications >= 25, JSON.stringify(r));
  assert.ok(r.archived >= 4 && r.waiting >= 3, JSON.stringify(r));
  const q = async (sql: string) => (await db.query(sql)).rows[0];
  const a = await q(`SELECT count(DISTINCT kind)::int AS kinds, count(DISTINCT customer_class)::int AS classes, count(DISTINCT stage)::int AS stages,
    count(*) FILTER (WHERE customer_wait)::int AS waiting FROM connection_applications`);
  assert.ok(a.kinds >= 8 && a.classes === 4 && a.stages >= 6, JSON.stringify(a));
  assert.equal(a.waiting, r.waiting);
  // every open application at the contract stage has its contract offered for online signing
  const offers = await q(`SELECT count(*)::int AS n, count(DISTINCT application_id)::int AS apps FROM connection_contract_offers WHERE status = 'offered'`);
  const atContract = await q(`SELECT count(*)::int AS n FROM connection_applications WHERE status = 'open' AND stage = 'contract'`);
  assert.ok(r.contractsOffered >= 1, JSON.stringify(r));
  assert.equal(offers.n, r.contractsOffered);
  assert.equal(offers.apps, atContract.n);
  const audit = await q(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'connection_application'`);
  assert.ok(audit.n > 100, JSON.stringify(audit));
  assert.ok(
    (
      await q(
        `SELECT count(*)::int AS n FROM service_points WHERE id IN (SELECT service_point_id FROM connection_applications WHERE kind = 'new' AND status = 'archived')`,
      )
    ).n >= 3,
  );
  // the workbench shows overdue ones
  const { listWorkbench } = await import('../modules/connections/workbench.js');
  const p = {
    kind: 'user' as const,
    id: 1,
    name: 'x',
    role: 'admin' as const,
    scopes: [],
    orgUnitId: 1,
    orgPath: '/',
    customerId: null,
    csrfToken: null,
    ip: null,
    userAgent: null,
  };
  const wb = await listWorkbench(db, p, { limit: 50, offset: 0 });
  assert.ok(wb.overdue >= 2, `overdue ${wb.overdue}`);
  assert.ok(wb.customerWait >= 3);

  // 长期不用电销户: three vacant houses proposed (one left, one notified, one cancelled), the fourth too short; a dispute
  const c = await seedClosureActivity(db, { seed: 11 });
  assert.deepEqual(c, { proposed: 3, disputes: 1 });
  const byStatus = (await db.query(`SELECT status, count(*)::int AS n FROM connection_closure_cases GROUP BY status ORDER BY status`)).rows;
  assert.deepEqual(
    byStatus.map((r) => [r.status, r.n]),
    [
      ['cancelled', 1],
      ['notified', 1],
      ['proposed', 1],
    ],
  );
});
