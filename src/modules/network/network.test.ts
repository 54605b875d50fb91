import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { parseNetworkCsv, toCsv } from './csv.js';

const t = await testApp({ customers: 200 });
const admin = await t.login('admin');

test('tracing a feeder finds its transformers and every customer they feed', async () => {
  const f = (await t.db.query(`SELECT id FROM network_devices WHERE kind = 'feeder' ORDER BY id LIMIT 1`)).rows[0];
  const expected = (
    await t.db.query(
      `SELECT count(DISTINCT sp.customer_id)::int AS n FROM service_points sp JOIN network_devices t ON t.id = sp.transformer_id WHERE t.parent_id = $1`,
      [f.id],
    )
  ).rows[0].n;
  const res = (await admin.req('GET', `/api/network/devices/${f.id}/downstream`)).json();
  assert.equal(res.customers, expected);
  assert.ok(expected > 0);
  assert.equal(res.upstream[0].kind, 'substation');
  assert.ok(res.devices.every((d: { kind: string; id: number; parentId: number }) => d.id === f.id || d.parentId === f.id));
});

test('CSV export → import round-trips; GeoJSON has points and lines', async () => {
  const csv = (await admin.req('GET', '/api/network/export.csv')).body;
  const parsed = parseNetworkCsv(csv);
  assert.deepEqual(parsed.problems, []);
  assert.equal(toCsv(parsed.rows), csv);
  const res = await admin.req('POST', '/api/network/import', { csv });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().inserted, 0);
  assert.equal(res.json().updated, parsed.rows.length);
  const geo = (await admin.req('GET', '/api/network/geojson')).json();
  assert.ok(geo.features.some((f: { geometry: { type: string } }) => f.geometry.type === 'LineString'));
  const again = await admin.req('POST', '/api/network/import', { geojson: geo });
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(again.json(), { inserted: 0, updated: parsed.rows.length });
  assert.equal((await admin.req('GET', '/api/network/export.csv')).body, csv, 'GeoJSON round trip keeps every field');
  assert.equal((await admin.req('POST', '/api/network/import', { csv, geojson: geo })).statusCode, 400);
});

test('a CSV with a transformer under a missing feeder is refused whole, naming the line', async () => {
  const before = (await t.db.query('SELECT count(*)::int AS n FROM network_devices')).rows[0].n;
  const csv = 'code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva\nNEW1,substation,新站,,116.7,36.6,110,\nNEWT,transformer,新变,NOPE,116.7,36.6,10,200\n';
  const res = await admin.req('POST', '/api/network/import', { csv });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().details[0].field, 'line 3.parent_code');
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM network_devices')).rows[0].n, before);
});

test('pure CSV checks: header, kind, coordinates, duplicate codes', () => {
  assert.equal(parseNetworkCsv('a,b\n').problems[0].field, 'header');
  const r = parseNetworkCsv('code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva\nS1,substation,s,,200,36,110,\nS1,pole,p,,1,1,,\n');
  assert.deepEqual(
    r.problems.map((p) => `${p.line}:${p.field}`),
    ['2:lon', '3:kind', '3:code'],
  );
});

test('service points as a map layer: bbox filters, limit truncates, no personal data', async () => {
  const all = (await admin.req('GET', '/api/network/service-points.geojson')).json();
  assert.equal(all.features.length, 200);
  assert.equal(all.truncated, false);
  const f = all.features[0];
  assert.deepEqual(Object.keys(f.properties).sort(), ['customerClass', 'customerId', 'id', 'important', 'transformerId']);
  const [lon, lat] = f.geometry.coordinates;
  const box = `${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`;
  const near = (await admin.req('GET', `/api/network/service-points.geojson?bbox=${box}`)).json();
  assert.ok(near.features.length >= 1 && near.features.length < 200);
  assert.ok(near.features.every((x: { geometry: { coordinates: number[] } }) => Math.abs(x.geometry.coordinates[0] - lon) <= 0.001));
  assert.equal((await admin.req('GET', '/api/network/service-points.geojson?limit=10')).json().truncated, true);
  const bad = await admin.req('GET', '/api/network/service-points.geojson?bbox=10,10,5,5');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'querystring.bbox');
});
