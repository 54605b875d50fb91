/**
 * A fault reported at a spot without a service point (a fallen pole, a sparking line): the call is
 * placed under the nearest transformer within the spot_report policy's distance and grouped like any
 * call; too far from every transformer it is kept unplaced for a dispatcher; never anyone's interruption.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

const t = await testApp({ customers: 120 });
const me = await t.login('customer1');
const taker = await t.login('calltaker');
const disp = await t.login('dispatcher');
const admin = await t.login('admin');
const own = (await me.req('GET', '/api/me/customer')).json();
const mySps = own.servicePoints.map((s: { id: number }) => s.id) as number[];
const mine = (await t.db.query('SELECT DISTINCT transformer_id FROM service_points WHERE id = ANY($1::bigint[])', [mySps])).rows.map((r) =>
  Number(r.transformer_id),
);
/** transformers (not customer1's) with at least two service points, with coordinates */
const trs = (
  await t.db.query(
    `SELECT d.id, d.lon, d.lat, (SELECT count(*)::int FROM service_points WHERE transformer_id = d.id) AS n FROM network_devices d
  WHERE d.kind = 'transformer' AND d.lon IS NOT NULL AND NOT (d.id = ANY($1::bigint[])) AND (SELECT count(*) FROM service_points WHERE transformer_id = d.id) >= 2 ORDER BY d.id`,
    [mine],
  )
).rows;
const counts = async () =>
  (await t.db.query('SELECT (SELECT count(*)::int FROM work_orders) AS orders, (SELECT count(*)::int FROM outage_calls) AS calls')).rows[0];
const call = async (orderId: number) =>
  (
    await t.db.query(
      'SELECT service_point_id, customer_id, transformer_id, status, outage_id, spot_lon, spot_lat, spot_distance_m FROM outage_calls WHERE order_id = $1',
      [orderId],
    )
  ).rows[0];

test('a spot near a transformer: placed under it, grouped with the other calls there as the rule says, no customer of its own', async () => {
  const tr = trs[0];
  // alone, one spot is one caller: the default rule (2 callers) predicts nothing yet
  const first = await me.req(
    'POST',
    '/api/portal/fault-orders',
    { description: '路边电杆倒了', location: { lon: tr.lon, lat: tr.lat, text: '路口电杆' } },
    { 'idempotency-key': 'spot-near-0001' },
  );
  assert.equal(first.statusCode, 201, first.body);
  const { order } = first.json();
  assert.equal(order.orderType, 'fault_repair');
  assert.deepEqual(order.location, { lon: tr.lon, lat: tr.lat, source: 'reported', text: '路口电杆' });
  assert.equal(order.servicePointId ?? null, null);
  const row = await call(order.id);
  assert.deepEqual(
    { ...row, outage_id: row.outage_id },
    {
      service_point_id: null,
      customer_id: null,
      transformer_id: tr.id,
      status: 'grouped',
      outage_id: null,
      spot_lon: tr.lon,
      spot_lat: tr.lat,
      spot_distance_m: 0,
    },
  );
  assert.equal(first.json().call.outage, null, 'one caller is not enough under the default rule');
  // a customer under that transformer calls: two callers, two calling children → the transformer is predicted out
  const sp = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id LIMIT 1', [tr.id])).rows[0].id;
  const second = (await taker.req('POST', '/api/outages/calls', { servicePointId: sp })).json();
  assert.equal(second.outage?.deviceId, tr.id, JSON.stringify(second));
  const spotCall = await call(order.id);
  assert.equal(spotCall.outage_id, second.outage.id, 'the spot call joined the outage');
  // reliability: the interrupted customers are the transformer's, traced on the network; the reporter is not one of them
  const oc = (await t.db.query('SELECT service_point_id FROM outage_customers WHERE outage_id = $1 ORDER BY service_point_id', [second.outage.id])).rows.map(
    (r) => Number(r.service_point_id),
  );
  const under = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id', [tr.id])).rows.map((r) => Number(r.id));
  assert.deepEqual(oc, under);
  assert.ok(!oc.some((x) => mySps.includes(x)));
  assert.equal(
    (await t.db.query('SELECT affected_customers FROM outages WHERE id = $1', [second.outage.id])).rows[0].affected_customers,
    under.length,
    'the spot adds no customer',
  );
  const audit = (await t.db.query(`SELECT after FROM audit_log WHERE action = 'outage_call.receive' AND after->>'orderId' = $1`, [String(order.id)])).rows[0]
    .after;
  assert.deepEqual(audit.spot, { lon: tr.lon, lat: tr.lat });
  // a retry answers with the same order and places no second call
  const again = await me.req(
    'POST',
    '/api/portal/fault-orders',
    { description: '路边电杆倒了', location: { lon: tr.lon, lat: tr.lat, text: '路口电杆' } },
    { 'idempotency-key': 'spot-near-0001' },
  );
  assert.equal(again.statusCode, 200);
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM outage_calls WHERE order_id = $1', [order.id])).rows[0].n, 1);
});

test('the call-taker takes the same from an anonymous passer-by: phone and a spot, no address needed', async () => {
  const tr = trs[1];
  const at = { lon: tr.lon + 0.001, lat: tr.lat }; // ~90 m east
  const res = await taker.req('POST', '/api/outages/fault-orders', {
    channel: 'phone',
    callerPhone: '13900139000',
    description: '路边变压器冒火花',
    location: { ...at, text: '学校门口' },
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().order.location.source, 'reported');
  assert.equal(res.json().order.address, '学校门口');
  const row = await call(res.json().order.id);
  assert.equal(row.status, 'grouped');
  assert.equal(row.service_point_id, null);
  assert.equal(row.customer_id, null);
  const nearest = (
    await t.db.query(
      `SELECT id FROM network_devices WHERE kind = 'transformer' AND lon IS NOT NULL
    ORDER BY (lon - $1) ^ 2 * cos(radians($2)) ^ 2 + (lat - $2) ^ 2 LIMIT 1`,
      [at.lon, at.lat],
    )
  ).rows[0].id;
  assert.equal(row.transformer_id, nearest);
  assert.ok(row.spot_distance_m > 0 && row.spot_distance_m <= 500, String(row.spot_distance_m));
});

test('a spot farther than the policy allows from every transformer: stored unplaced for a dispatcher, who places it', async () => {
  // the easternmost transformer itself (not the average latitude: that may lie far from any transformer)
  const edge = (await t.db.query(`SELECT lon, lat FROM network_devices WHERE kind = 'transformer' AND lon IS NOT NULL ORDER BY lon DESC, id LIMIT 1`)).rows[0];
  const far = { lon: Number(edge.lon) + 0.2, lat: Number(edge.lat) }; // ~18 km beyond the last transformer, inside the territory
  const res = await me.req('POST', '/api/portal/fault-orders', { description: '山上线路断了', location: far });
  assert.equal(res.statusCode, 201, res.body);
  const { order, call: answer } = res.json();
  assert.equal(answer.status, 'unplaced');
  const row = await call(order.id);
  assert.deepEqual(
    { status: row.status, transformer: row.transformer_id, spot: [row.spot_lon, row.spot_lat], distance: row.spot_distance_m },
    { status: 'unplaced', transformer: null, spot: [far.lon, far.lat], distance: null },
  );
  const listed = (await disp.req('GET', '/api/outages/calls/unplaced?limit=200')).json().find((c: { orderId: number }) => c.orderId === order.id);
  assert.ok(listed, 'listed for a dispatcher');
  assert.deepEqual(listed.spot, far);
  assert.equal(listed.servicePointId, null);
  // a wider distance in the policy would have placed it; the policy is checked
  const bad = await admin.req('PUT', '/api/outages/policies/spot_report', { data: { maxTransformerDistanceMeters: 0 } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.data.maxTransformerDistanceMeters');
  assert.equal((await admin.req('PUT', '/api/outages/policies/spot_report', { data: { maxTransformerDistanceMeters: 10_000 } })).statusCode, 200);
  const wider = (
    await me.req('POST', '/api/portal/fault-orders', { description: '山上线路断了', location: { lon: Number(edge.lon) + 0.05, lat: far.lat } })
  ).json();
  assert.equal((await call(wider.order.id)).status, 'grouped');
  await admin.req('PUT', '/api/outages/policies/spot_report', { data: { maxTransformerDistanceMeters: 500 } });
  // the dispatcher places the unplaced one by hand
  const placed = await disp.req('POST', `/api/outages/calls/${listed.id}/place`, { transformerId: trs[2].id });
  assert.equal(placed.statusCode, 200, placed.body);
  assert.equal((await call(order.id)).transformer_id, trs[2].id);
});

test('refused, nothing written: a spot outside the territory; neither a spot nor a service point', async () => {
  const before = await counts();
  const abroad = await me.req('POST', '/api/portal/fault-orders', { description: '停电', location: { lon: 2.35, lat: 48.85 } });
  assert.equal(abroad.statusCode, 400);
  assert.equal(abroad.json().details[0].field, 'body.location');
  assert.equal(abroad.json().details[0].rule, 'territory');
  const deskAbroad = await taker.req('POST', '/api/outages/fault-orders', {
    channel: 'phone',
    callerPhone: '13900139000',
    description: '停电',
    location: { lon: 2.35, lat: 48.85 },
  });
  assert.equal(deskAbroad.json().details[0].field, 'body.location');
  const nothing = await me.req('POST', '/api/portal/fault-orders', { description: '停电' });
  assert.equal(nothing.statusCode, 400);
  assert.equal(nothing.json().details[0].field, 'body.location');
  assert.equal(nothing.json().details[0].rule, 'required');
  assert.match(nothing.json().messages['zh-CN'], /故障位置/);
  assert.match(nothing.json().messages.en, /spot/);
  assert.deepEqual(await counts(), before);
});

test('an anonymous desk caller with only an address in words: the fault order gets an unplaced call for a dispatcher, never none', async () => {
  const res = await taker.req('POST', '/api/outages/fault-orders', {
    channel: 'phone',
    callerPhone: '13912345670',
    address: '城关镇幸福路与东风街路口',
    description: '路口的电线杆倒了，有火花',
  });
  assert.equal(res.statusCode, 201, res.body);
  const { order, call: answer } = res.json();
  assert.equal(answer.status, 'unplaced');
  const row = await call(order.id);
  assert.deepEqual(
    { status: row.status, sp: row.service_point_id, transformer: row.transformer_id, customer: row.customer_id, spot: row.spot_lon },
    { status: 'unplaced', sp: null, transformer: null, customer: null, spot: null },
  );
  const listed = (await disp.req('GET', '/api/outages/calls/unplaced?limit=200')).json().find((c: { orderId: number }) => c.orderId === order.id);
  assert.ok(listed, 'listed for a dispatcher');
  assert.equal(listed.address, '城关镇幸福路与东风街路口');
  const audit = (await t.db.query(`SELECT after FROM audit_log WHERE action = 'outage_call.receive' AND entity_id = $1`, [String(listed.id)])).rows[0];
  assert.equal(audit.after.addressOnly, true);
  const placed = await disp.req('POST', `/api/outages/calls/${listed.id}/place`, { transformerId: trs[0].id });
  assert.equal(placed.statusCode, 200, placed.body);
  assert.equal((await call(order.id)).transformer_id, trs[0].id);
});
