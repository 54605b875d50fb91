/** A work order's location at intake: a reported spot (checked for range and the territory), the service point's coordinates by default, none otherwise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

const t = await testApp({ customers: 40 });
const taker = await t.login('calltaker');
const admin = await t.login('admin');
const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n as number;
const sp = (
  await t.db.query(
    `SELECT sp.id, sp.customer_id, sp.lon, sp.lat FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id
    WHERE sp.lon IS NOT NULL AND o.path LIKE (SELECT path FROM org_units WHERE code = 'SF-QH') || '%' ORDER BY sp.id LIMIT 1`,
  )
).rows[0];
const anonymous = { orderType: 'fault_repair', channel: 'phone', callerPhone: '13800138000', address: '人民路与解放路路口', description: '路口有电线掉落' };
const spot = { lon: 116.7234, lat: 36.5871, text: '人民路口东侧第三根电杆' };

test('a reported spot is stored as data and shown as the order location', async () => {
  const res = await taker.req('POST', '/api/workorders', { ...anonymous, location: spot });
  assert.equal(res.statusCode, 201, res.body);
  const o = res.json().order;
  assert.deepEqual(o.location, { lon: spot.lon, lat: spot.lat, source: 'reported', text: spot.text });
  const row = (await t.db.query('SELECT location_lon, location_lat, location_source, location_text, description FROM work_orders WHERE id = $1', [o.id]))
    .rows[0];
  assert.deepEqual([row.location_lon, row.location_lat, row.location_source, row.location_text], [spot.lon, spot.lat, 'reported', spot.text]);
  assert.equal(row.description, anonymous.description, 'coordinates are not pasted into the text');
  const detail = (await taker.req('GET', `/api/workorders/${o.id}/detail`)).json();
  assert.deepEqual(detail.order.location, o.location);
  // the dispatcher map layer: open orders with a reported location
  const disp = await t.login('dispatcher');
  const geo = (await disp.req('GET', '/api/workorders/locations?source=reported&orderType=fault_repair')).json();
  const f = geo.features.find((x: { properties: { id: number } }) => x.properties.id === o.id);
  assert.ok(f, 'listed on the map layer');
  assert.deepEqual(f.geometry.coordinates, [spot.lon, spot.lat]);
  assert.equal(f.properties.text, spot.text);
});

test('out-of-range coordinates: 400 naming the field in both languages, nothing written', async () => {
  const before = await count();
  const lon = await taker.req('POST', '/api/workorders', { ...anonymous, location: { lon: 216.7, lat: 36.5 } });
  assert.equal(lon.statusCode, 400);
  const e = lon.json();
  assert.equal(e.details[0].field, 'body.location.lon');
  assert.equal(e.details[0].rule, 'range');
  assert.match(e.messages['zh-CN'], /经度/);
  assert.match(e.messages.en, /longitude/);
  const lat = await taker.req('POST', '/api/workorders', { ...anonymous, location: { lon: 116.7, lat: -95 } }, { 'accept-language': 'en' });
  assert.equal(lat.statusCode, 400);
  assert.equal(lat.json().details[0].field, 'body.location.lat');
  assert.match(lat.json().message, /latitude/);
  const text = await taker.req('POST', '/api/workorders', { ...anonymous, location: { lon: '116.7', lat: 36.5 } });
  assert.equal(text.statusCode, 400);
  assert.equal(text.json().details[0].field, 'body.location.lon');
  const extra = await taker.req('POST', '/api/workorders', { ...anonymous, location: { lon: 116.7, lat: 36.5, alt: 3 } });
  assert.equal(extra.statusCode, 400);
  assert.equal(extra.json().details[0].field, 'body.location.alt');
  assert.equal(await count(), before, 'nothing written');
});

test('outside the territory of the crew_position policy: 400, nothing written; narrowing the policy narrows intake too', async () => {
  const before = await count();
  const abroad = await taker.req('POST', '/api/workorders', { ...anonymous, location: { lon: 13.4, lat: 52.5 } });
  assert.equal(abroad.statusCode, 400);
  assert.equal(abroad.json().details[0].field, 'body.location');
  assert.equal(abroad.json().details[0].rule, 'territory');
  assert.match(abroad.json().messages['zh-CN'], /供电辖区/);
  const shanghai = { lon: 121.47, lat: 31.23 };
  assert.equal((await taker.req('POST', '/api/workorders', { ...anonymous, location: shanghai })).statusCode, 201, 'inside the default (national) box');
  const put = await admin.req('PUT', '/api/outages/policies/crew_position', {
    data: { territory: { kind: 'box', minLon: 116.3, minLat: 36.3, maxLon: 117.1, maxLat: 36.9 }, maxSpeedKmh: 150, maxClockSkewSeconds: 120 },
  });
  assert.equal(put.statusCode, 200, put.body);
  const out = await taker.req('POST', '/api/workorders', { ...anonymous, location: shanghai });
  assert.equal(out.statusCode, 400, 'the county box refuses Shanghai now');
  assert.equal(out.json().details[0].rule, 'territory');
  assert.equal((await taker.req('POST', '/api/workorders', { ...anonymous, location: spot })).statusCode, 201);
  assert.equal(await count(), before + 2);
});

test('an order at a service point is located there unless a spot is given; an anonymous order gets it when matched', async () => {
  const at = await taker.req('POST', '/api/workorders', {
    orderType: 'fault_repair',
    channel: 'phone',
    customerId: sp.customer_id,
    servicePointId: sp.id,
    description: '家中停电',
  });
  assert.equal(at.statusCode, 201, at.body);
  assert.deepEqual(at.json().order.location, { lon: sp.lon, lat: sp.lat, source: 'service_point', text: null });
  const pinned = await taker.req('POST', '/api/workorders', {
    orderType: 'fault_repair',
    channel: 'phone',
    customerId: sp.customer_id,
    servicePointId: sp.id,
    description: '门口电线着火',
    location: { lon: spot.lon, lat: spot.lat },
  });
  assert.deepEqual(pinned.json().order.location, { lon: spot.lon, lat: spot.lat, source: 'reported', text: null });
  const none = await taker.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    callerPhone: '13900139000',
    address: '不详',
    description: '电价咨询',
  });
  assert.equal(none.json().order.location, null);
  const matched = await taker.req('PUT', `/api/workorders/${none.json().order.id}/customer`, { customerId: sp.customer_id, servicePointId: sp.id });
  assert.equal(matched.statusCode, 200, matched.body);
  assert.deepEqual(matched.json().location, { lon: sp.lon, lat: sp.lat, source: 'service_point', text: null });
  const geo = (await taker.req('GET', '/api/workorders/locations?source=reported')).json();
  const ids = new Set(geo.features.map((f: { properties: { id: number } }) => f.properties.id));
  assert.ok(ids.has(pinned.json().order.id));
  assert.ok(!ids.has(at.json().order.id), 'service-point locations are not in the reported layer');
});
