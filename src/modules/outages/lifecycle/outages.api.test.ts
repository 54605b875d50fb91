import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import { outageServices } from '../grouping/outage-services.js';

async function setup() {
  const t = await testApp({ customers: 300 });
  // an urban feeder with two transformers of ≥ 3 service points each
  const { rows } = await t.db.query(
    `SELECT f.id AS feeder, array_agg(tr.id ORDER BY tr.id) AS transformers FROM network_devices f
       JOIN network_devices tr ON tr.parent_id = f.id JOIN org_units ou ON ou.id = f.org_unit_id
      WHERE f.kind = 'feeder' AND ou.code = 'SF-QH-CG' AND (SELECT count(*) FROM service_points WHERE transformer_id = tr.id) >= 3
      GROUP BY f.id HAVING count(*) >= 2 ORDER BY f.id LIMIT 1`,
  );
  const [t1, t2] = (rows[0].transformers as string[]).map(Number);
  const sps = async (tr: number) =>
    (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id', [tr])).rows.map((r) => r.id as number);
  const crew = (await t.db.query(`SELECT id FROM crews WHERE name = '城关抢修一班'`)).rows[0].id as number;
  return { ...t, feeder: rows[0].feeder as number, t1, t2, sp1: await sps(t1), sp2: await sps(t2), crew };
}

const auditCount = async (db: { query: (s: string) => Promise<{ rows: { n: number }[] }> }) =>
  (await db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;

test('fault call to confirmed restoration, with every refusal answered 409 and nothing written', async () => {
  const t = await setup();
  const taker = await t.login('calltaker');
  const disp = await t.login('dispatcher');
  const crew = await t.login('crew1');

  const c1 = await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[0] });
  assert.equal(c1.statusCode, 201, c1.body);
  assert.equal(c1.json().outage, null);
  const c2 = await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[1] });
  const outage = c2.json().outage;
  assert.equal(outage.status, 'predicted');
  assert.equal(outage.deviceId, t.t1);
  assert.equal(outage.affectedCustomers, t.sp1.length);

  const list = await disp.req('GET', '/api/outages');
  assert.deepEqual(
    list.json().map((o: { id: number }) => o.id),
    [outage.id],
  );

  const before = await auditCount(t.db);
  const rebuilds = outageServices(t.db).host.rebuilds;
  const early = await disp.req('POST', `/api/outages/${outage.id}/restore`, {});
  assert.equal(early.statusCode, 409);
  assert.equal(early.json().reason, 'not_on_site');
  assert.equal(await auditCount(t.db), before, 'a refused action writes nothing');
  await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[3] ?? t.sp1[2] });
  assert.equal(outageServices(t.db).host.rebuilds, rebuilds, 'a refusal before any change keeps the grouping engine');

  const etr = new Date(Date.now() + 3 * 3600_000).toISOString();
  const conf = await disp.req('POST', `/api/outages/${outage.id}/confirm`, { etr });
  assert.equal(conf.statusCode, 200, conf.body);
  assert.equal(conf.json().status, 'confirmed');
  const etrNotices = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'outage.etr'`);
  assert.equal(etrNotices.rows[0].n, t.sp1.length, 'every affected customer hears the ETR');

  const again = await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[2] });
  assert.equal(again.json().outage.id, outage.id, 'a later caller is answered from the outage');
  assert.equal(again.json().outage.status, 'confirmed');
  assert.equal(new Date(again.json().outage.etr).toISOString(), etr);

  assert.equal((await disp.req('POST', `/api/outages/${outage.id}/assign`, { crewId: t.crew })).json().status, 'crew_assigned');
  const other = await t.login('crew2');
  assert.equal((await other.req('POST', `/api/outages/${outage.id}/depart`, {})).statusCode, 404, 'crew2 works elsewhere: not even visible');
  assert.equal((await other.req('POST', `/api/outages/${outage.id}/accept`, {})).statusCode, 404, 'nor can it accept');
  assert.equal((await crew.req('POST', `/api/outages/${outage.id}/accept`, {})).json().acceptance, 'accepted');
  assert.equal((await crew.req('POST', `/api/outages/${outage.id}/depart`, {})).json().status, 'en_route');
  assert.equal((await crew.req('POST', `/api/outages/${outage.id}/arrive`, {})).json().status, 'on_site');
  const restored = await crew.req('POST', `/api/outages/${outage.id}/restore`, { causeClass: 'overload', causeNote: '低压出线过载' });
  assert.equal(restored.json().status, 'restored');
  assert.equal(restored.json().customers.stillOut, 0);
  const busy = await t.db.query('SELECT status FROM crews WHERE id = $1', [t.crew]);
  assert.equal(busy.rows[0].status, 'available');

  const unconfirmed = await disp.req('POST', `/api/outages/${outage.id}/close`, {});
  assert.equal(unconfirmed.statusCode, 409);
  assert.equal(unconfirmed.json().reason, 'restoration_unconfirmed');
  assert.equal((await disp.req('POST', `/api/outages/${outage.id}/confirm-restoration`, { source: 'callback' })).statusCode, 200);
  const closed = await disp.req('POST', `/api/outages/${outage.id}/close`, {});
  assert.equal(closed.json().status, 'closed');
  assert.deepEqual(closed.json().qualityIssues, []);
  const records = await t.db.query(
    'SELECT count(*)::int AS n, bool_and(counted) AS counted, bool_and(interruption_end IS NOT NULL) AS ended, min(cause_class) AS cause FROM outage_customers WHERE outage_id = $1',
    [outage.id],
  );
  assert.deepEqual(records.rows[0], { n: t.sp1.length, counted: true, ended: true, cause: 'overload' });
  const restoredNotices = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'outage.restored'`);
  assert.equal(restoredNotices.rows[0].n, t.sp1.length);
  const actions = (await t.db.query(`SELECT action FROM audit_log WHERE entity = 'outage' AND entity_id = $1 ORDER BY seq`, [String(outage.id)])).rows.map(
    (r) => r.action,
  );
  assert.deepEqual(actions, [
    'outage.predict',
    'outage.confirm',
    'outage.assign_crew',
    'outage.accept_assignment',
    'outage.depart',
    'outage.arrive',
    'outage.restore',
    'outage.confirm_restoration',
    'outage.close',
  ]);

  const fresh = await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[0] });
  assert.equal(fresh.json().outage, null, 'after restoration a call starts afresh');
});

test('move up to the feeder, partial restoration by transformer, regroup refusals', async () => {
  const t = await setup();
  const taker = await t.login('calltaker');
  const disp = await t.login('dispatcher');
  await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[0] });
  const o = (await taker.req('POST', '/api/outages/calls', { servicePointId: t.sp1[1] })).json().outage;
  const moved = await disp.req('POST', `/api/outages/${o.id}/move`, { deviceId: t.feeder });
  assert.equal(moved.statusCode, 200, moved.body);
  const d = (await disp.req('GET', `/api/outages/${o.id}`)).json();
  assert.equal(d.device.id, t.feeder);
  assert.equal(d.pinned, true);
  const under = (
    await t.db.query(`SELECT count(*)::int AS n FROM service_points WHERE transformer_id IN (SELECT id FROM network_devices WHERE parent_id = $1)`, [t.feeder])
  ).rows[0].n;
  assert.equal(d.affectedCustomers, under);
  assert.equal((await disp.req('POST', `/api/outages/${o.id}/move`, { deviceId: 99999999 })).json().details[0].field, 'body.deviceId');
  assert.equal((await disp.req('POST', `/api/outages/${o.id}/split`, { deviceIds: [t.t1] })).statusCode, 400);

  const crew = await t.login('crew1');
  await disp.req('POST', `/api/outages/${o.id}/confirm`, {});
  // the commitment: scope and ETR within 5 minutes of confirmation (policy repair_commitment)
  assert.equal((await disp.req('GET', `/api/outages/${o.id}`)).json().etrOverdue, false);
  await t.db.query(`UPDATE outages SET confirmed_at = confirmed_at - interval '6 minutes' WHERE id = $1`, [o.id]);
  const late = (await disp.req('GET', '/api/outages')).json().find((x: { id: number }) => x.id === o.id);
  assert.equal(late.etrOverdue, true);
  await t.db.query(`UPDATE outages SET confirmed_at = confirmed_at + interval '6 minutes' WHERE id = $1`, [o.id]);
  await disp.req('POST', `/api/outages/${o.id}/etr`, { etr: new Date(Date.now() + 7200_000).toISOString() });
  assert.equal((await disp.req('GET', `/api/outages/${o.id}`)).json().etrOverdue, false);
  await disp.req('POST', `/api/outages/${o.id}/assign`, { crewId: t.crew });
  await crew.req('POST', `/api/outages/${o.id}/accept`, {});
  await crew.req('POST', `/api/outages/${o.id}/depart`, {});
  await crew.req('POST', `/api/outages/${o.id}/arrive`, {});
  const part = await crew.req('POST', `/api/outages/${o.id}/restore`, { deviceId: t.t2 });
  assert.equal(part.statusCode, 200, part.body);
  assert.equal(part.json().status, 'on_site');
  assert.equal(part.json().customers.stillOut, under - t.sp2.length);
  assert.deepEqual(
    part.json().partialRestorations.map((p: { deviceId: number }) => p.deviceId),
    [t.t2],
  );
  const outside = await crew.req('POST', `/api/outages/${o.id}/restore`, { deviceId: t.feeder });
  assert.equal(outside.statusCode, 400);
  assert.equal(outside.json().details[0].field, 'body.deviceId');
});

test('bad calls are 4xx naming the field and store nothing; the public page needs no login', async () => {
  const t = await setup();
  const taker = await t.login('calltaker');
  const cases: [unknown, string][] = [
    [{ servicePointId: 987654321 }, 'servicePointId'],
    [{}, 'servicePointId'],
    [{ servicePointId: t.sp1[0], at: new Date(Date.now() + 3600_000).toISOString() }, 'at'],
    [{ servicePointId: t.sp1[0], colour: 'red' }, 'colour'],
    [{ servicePointId: 'x' }, 'servicePointId'],
  ];
  for (const [body, field] of cases) {
    const r = await taker.req('POST', '/api/outages/calls', body);
    assert.equal(r.statusCode, 400, `${JSON.stringify(body)} → ${r.body}`);
    assert.match(JSON.stringify(r.json().details), new RegExp(field));
  }
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM outage_calls')).rows[0].n, 0);
  const pub = await t.app.inject({ method: 'GET', url: '/api/public/outages' });
  assert.equal(pub.statusCode, 200);
  assert.deepEqual(Object.keys(pub.json()).sort(), ['current', 'planned']);
  const customer = await t.login('customer1');
  assert.equal((await customer.req('GET', '/api/outages')).statusCode, 403);
});

test('a fault-repair order taken at the desk becomes a trouble call; crew steps move the order and stop its arrival clock', async () => {
  const t = await setup();
  const taker = await t.login('calltaker');
  const disp = await t.login('dispatcher');
  const crew = await t.login('crew1');
  const mk = (sp: number) => taker.req('POST', '/api/outages/fault-orders', { channel: 'phone', servicePointId: sp, description: '家里停电了' });
  const r1 = await mk(t.sp1[0]);
  assert.equal(r1.statusCode, 201, r1.body);
  assert.equal(r1.json().order.orderType, 'fault_repair');
  const r2 = (await mk(t.sp1[1])).json();
  const outageId = r2.call.outage.id as number;
  assert.equal(r2.call.outage.deviceId, t.t1);
  await disp.req('POST', `/api/outages/${outageId}/confirm`, {});
  await disp.req('POST', `/api/outages/${outageId}/assign`, { crewId: t.crew });
  const status = async () =>
    (await t.db.query('SELECT status FROM work_orders WHERE id = ANY($1::bigint[]) ORDER BY id', [[r1.json().order.id, r2.order.id]])).rows.map(
      (r) => r.status,
    );
  assert.deepEqual(await status(), ['dispatched', 'dispatched']);
  await crew.req('POST', `/api/outages/${outageId}/accept`, {});
  assert.deepEqual(await status(), ['dispatched', 'dispatched'], 'accepting does not move the orders: the arrival clock runs on');
  await crew.req('POST', `/api/outages/${outageId}/depart`, {});
  await crew.req('POST', `/api/outages/${outageId}/arrive`, {});
  assert.deepEqual(await status(), ['in_progress', 'in_progress']);
  const arrival = await t.db.query(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND action = 'arrive'`, [r2.order.id]);
  assert.equal(arrival.rows[0].n, 1);
  await crew.req('POST', `/api/outages/${outageId}/restore`, { causeClass: 'equipment', causeNote: '熔断器更换' });
  for (const s of await status()) assert.ok(['handled', 'callback'].includes(s), s);
  const bad = await taker.req('POST', '/api/outages/fault-orders', { channel: 'phone', servicePointId: 987654321, description: 'x' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.servicePointId');
});
