import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

test('planned outages: traced customers, notice window, approval, linked calls, interruption records', async () => {
  const t = await testApp({ customers: 300 });
  const disp = await t.login('dispatcher');
  const sup = await t.login('supervisor');
  const taker = await t.login('calltaker');
  const tr = (
    await t.db.query(`SELECT d.id, d.parent_id FROM network_devices d WHERE d.kind = 'transformer'
      AND (SELECT count(*) FROM service_points WHERE transformer_id = d.id) >= 2
      AND NOT EXISTS (SELECT 1 FROM service_points WHERE transformer_id = d.id AND important) ORDER BY d.id LIMIT 1`)
  ).rows[0];
  const sps = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id', [tr.id])).rows.map((r) => r.id as number);
  const underFeeder = (
    await t.db.query('SELECT count(*)::int AS n FROM service_points sp JOIN network_devices d ON d.id = sp.transformer_id WHERE d.parent_id = $1', [
      tr.parent_id,
    ])
  ).rows[0].n;

  // 8 days ahead on a feeder: no approval needed, every customer below is told now
  const ok = await disp.req('POST', '/api/planned-outages', {
    kind: 'planned',
    startsAt: iso(8 * DAY),
    endsAt: iso(8 * DAY + 4 * 3600_000),
    reason: '线路检修',
    deviceIds: [tr.parent_id],
  });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().status, 'approved');
  assert.equal(ok.json().needsApproval, false);
  assert.equal(ok.json().affectedCustomers, underFeeder);
  const told = await t.db.query(`SELECT count(DISTINCT payload->>'servicePointId')::int AS n FROM outbox WHERE event = 'planned.notice'`);
  assert.equal(told.rows[0].n, underFeeder);

  // 2 days ahead: inside the 7-day window → pending approval, flagged, nobody told yet
  const late = (
    await disp.req('POST', '/api/planned-outages', {
      kind: 'planned',
      startsAt: iso(2 * DAY),
      endsAt: iso(2 * DAY + 3600_000),
      reason: '设备更换',
      deviceIds: [tr.id],
    })
  ).json();
  assert.equal(late.status, 'pending_approval');
  assert.equal(late.needsApproval, true);
  assert.equal(late.noticeShortfalls[0].audience, 'ordinary');
  assert.equal((await disp.req('POST', `/api/planned-outages/${late.id}/approve`)).statusCode, 403);
  const approved = await sup.req('POST', `/api/planned-outages/${late.id}/approve`);
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().status, 'approved');
  const detail = (await disp.req('GET', `/api/planned-outages/${late.id}`)).json();
  assert.equal(detail.customers.notified, sps.length);

  // bad plans: nothing written
  const before = (await t.db.query('SELECT count(*)::int AS n FROM planned_outages')).rows[0].n;
  const backwards = await disp.req('POST', '/api/planned-outages', {
    kind: 'planned',
    startsAt: iso(9 * DAY),
    endsAt: iso(8 * DAY),
    reason: 'x',
    deviceIds: [tr.id],
  });
  assert.equal(backwards.statusCode, 400);
  assert.equal(backwards.json().details[0].field, 'body.endsAt');
  const ghost = await disp.req('POST', '/api/planned-outages', {
    kind: 'planned',
    startsAt: iso(9 * DAY),
    endsAt: iso(10 * DAY),
    reason: 'x',
    deviceIds: [987654321],
  });
  assert.equal(ghost.json().details[0].field, 'body.deviceIds');
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM planned_outages')).rows[0].n, before);

  // temporary maintenance starting in a minute, no important customers: no approval; a call in the window is answered from the plan
  const soon = (
    await disp.req('POST', '/api/planned-outages', {
      kind: 'temporary_maintenance',
      startsAt: iso(60_000),
      endsAt: iso(2 * 3600_000),
      reason: '紧急消缺',
      deviceIds: [tr.id],
    })
  ).json();
  assert.equal(soon.status, 'approved');
  const call = await taker.req('POST', '/api/outages/calls', { servicePointId: sps[0], at: iso(90_000) });
  assert.equal(call.json().status, 'planned');
  assert.equal(call.json().planned.id, soon.id);
  assert.equal(call.json().outage, null);

  const started = (await disp.req('POST', `/api/planned-outages/${soon.id}/start`)).json();
  assert.equal(started.status, 'in_progress');
  const rows = await t.db.query(
    'SELECT count(*)::int AS n, bool_and(counted) AS counted, min(cause_class) AS cause FROM outage_customers WHERE outage_id = $1 AND interruption_end IS NULL',
    [started.outageId],
  );
  assert.deepEqual(rows.rows[0], { n: sps.length, counted: true, cause: 'planned' });
  const done = (await disp.req('POST', `/api/planned-outages/${soon.id}/complete`)).json();
  assert.equal(done.status, 'completed');
  const ended = await t.db.query('SELECT count(*)::int AS n FROM outage_customers WHERE outage_id = $1 AND interruption_end IS NULL', [started.outageId]);
  assert.equal(ended.rows[0].n, 0);
  const again = await disp.req('POST', `/api/planned-outages/${soon.id}/cancel`);
  assert.equal(again.statusCode, 409);
  const pub = (await t.app.inject({ method: 'GET', url: '/api/public/outages' })).json();
  assert.ok(pub.planned.some((x: { planNo: string }) => x.planNo === ok.json().planNo));
});
