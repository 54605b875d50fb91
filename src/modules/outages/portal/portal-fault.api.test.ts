import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

test("a portal fault report becomes a trouble call on the network; only the customer's own service point", async () => {
  const t = await testApp({ customers: 120 });
  const me = await t.login('customer1');
  const own = (await me.req('GET', '/api/me/customer')).json();
  const sp = own.servicePoints[0].id;
  const res = await me.req(
    'POST',
    '/api/portal/fault-orders',
    { servicePointId: sp, description: '家里突然停电了' },
    { 'idempotency-key': 'portal-fault-0001' },
  );
  assert.equal(res.statusCode, 201, res.body);
  const { order, call } = res.json();
  assert.equal(order.orderType, 'fault_repair');
  assert.equal(order.channel, 'web');
  assert.ok(call, 'placed as a trouble call');
  const row = (await t.db.query('SELECT service_point_id, order_id FROM outage_calls WHERE order_id = $1', [order.id])).rows[0];
  assert.equal(row.service_point_id, sp);
  const again = await me.req(
    'POST',
    '/api/portal/fault-orders',
    { servicePointId: sp, description: '家里突然停电了' },
    { 'idempotency-key': 'portal-fault-0001' },
  );
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().order.id, order.id);
  const other = (await t.db.query('SELECT id FROM service_points WHERE customer_id <> $1 ORDER BY id LIMIT 1', [own.customer.id])).rows[0].id;
  const before = (await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n;
  const bad = await me.req('POST', '/api/portal/fault-orders', { servicePointId: other, description: '停电' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.servicePointId');
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n, before, 'nothing written');
  const staff = await t.login('calltaker');
  assert.equal((await staff.req('POST', '/api/portal/fault-orders', { servicePointId: sp, description: 'x' })).statusCode, 403);
});

test('a portal customer pins a spot down the street: the order keeps it as its reported location, the call is still placed at the service point', async () => {
  const t = await testApp({ customers: 60 });
  const me = await t.login('customer1');
  const own = (await me.req('GET', '/api/me/customer')).json();
  const sp = own.servicePoints[0];
  const pin = { lon: 116.7251, lat: 36.5893, text: '小区门口倒了一根电杆' };
  const res = await me.req(
    'POST',
    '/api/portal/fault-orders',
    { servicePointId: sp.id, description: '路边电线掉下来了', location: pin },
    { 'idempotency-key': 'portal-pin-0001' },
  );
  assert.equal(res.statusCode, 201, res.body);
  const { order, call } = res.json();
  assert.deepEqual(order.location, { ...pin, source: 'reported' });
  assert.equal(order.description, '路边电线掉下来了');
  assert.ok(call, 'placed as a trouble call');
  const mine = (await me.req('GET', `/api/portal/workorders/${order.id}`)).json();
  assert.deepEqual(mine.order.location, order.location);
  const row = (await t.db.query('SELECT location_lon, location_lat, location_source FROM work_orders WHERE id = $1', [order.id])).rows[0];
  assert.deepEqual(row, { location_lon: pin.lon, location_lat: pin.lat, location_source: 'reported' });
  // without a pin: located at the service point
  const plain = await me.req('POST', '/api/portal/fault-orders', { servicePointId: sp.id, description: '家里停电' });
  assert.deepEqual(plain.json().order.location, { lon: sp.lon, lat: sp.lat, source: 'service_point', text: null });
  const before = (await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n;
  const far = await me.req('POST', '/api/portal/fault-orders', { servicePointId: sp.id, description: '停电', location: { lon: -74, lat: 40.7 } });
  assert.equal(far.statusCode, 400);
  assert.equal(far.json().details[0].field, 'body.location');
  assert.equal(far.json().details[0].rule, 'territory');
  const bad = await me.req('POST', '/api/portal/fault-orders', { servicePointId: sp.id, description: '停电', location: { lon: 116.7, lat: 136.5 } });
  assert.equal(bad.json().details[0].field, 'body.location.lat');
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n, before, 'nothing written');
});
