/**
 * The service territory is a platform setting: one value that crew position reports and order
 * locations are both held to; the crew_position outage policy keeps exposing (and accepting) it
 * for older clients, without storing a copy of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('one territory for crews and orders: read, replaced by an administrator (audited), bad input refused', async () => {
  const t = await testApp({ customers: 40 });
  const admin = await t.login('admin');
  const taker = await t.login('calltaker');
  const crew1 = await t.login('crew1');
  const national = { kind: 'box', minLon: 73, minLat: 18, maxLon: 135, maxLat: 54 };
  assert.deepEqual((await taker.req('GET', '/api/territory')).json().territory, national, 'moved from the crew_position policy by migration 307');
  const stored = (await t.db.query(`SELECT count(*)::int AS n FROM outage_policies WHERE name = 'crew_position' AND data ? 'territory'`)).rows[0].n;
  assert.equal(stored, 0, 'no policy version keeps a copy');
  const policy = (await admin.req('GET', '/api/outages/policies')).json().find((p: { name: string }) => p.name === 'crew_position');
  assert.deepEqual(policy.data, { territory: national, maxSpeedKmh: 150, maxClockSkewSeconds: 120 }, 'the policy API still shows it');

  // refused: bad shape, not an administrator — nothing written
  const audits = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'territory.update'`)).rows[0].n as number;
  const bad = await admin.req('PUT', '/api/territory', { territory: { kind: 'box', minLon: 117, minLat: 36, maxLon: 116, maxLat: 37 } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.territory');
  assert.match(bad.json().messages['zh-CN'], /辖区/);
  assert.equal((await taker.req('PUT', '/api/territory', { territory: national })).statusCode, 403);
  assert.equal(await audits(), 0);

  // the county box: applies at once to work-order intake and to crew positions
  const county = { kind: 'box', minLon: 116.3, minLat: 36.3, maxLon: 117.1, maxLat: 36.9 };
  const put = await admin.req('PUT', '/api/territory', { territory: { ...county, note: 'ignored' } });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json(), { territory: county, changed: true });
  assert.equal(await audits(), 1);
  const shanghai = { lon: 121.47, lat: 31.23 };
  const order = await taker.req('POST', '/api/workorders', {
    orderType: 'fault_repair',
    channel: 'phone',
    callerPhone: '13800138000',
    address: '上海',
    description: '停电',
    location: shanghai,
  });
  assert.equal(order.json().details[0].rule, 'territory');
  const crew = (
    await t.db.query(`SELECT c.id FROM crews c JOIN crew_members m ON m.crew_id = c.id JOIN users u ON u.id = m.user_id WHERE u.username = 'crew1' LIMIT 1`)
  ).rows[0].id;
  const pos = await crew1.req('POST', `/api/crews/${crew}/position`, shanghai);
  assert.equal(pos.json().details[0].rule, 'territory');
  assert.equal((await crew1.req('POST', `/api/crews/${crew}/position`, { lon: 116.7, lat: 36.6 })).statusCode, 200);

  // an older client saving crew_position with a territory: the platform value changes, the policy version stores no copy
  const viaPolicy = await admin.req('PUT', '/api/outages/policies/crew_position', { data: { territory: national, maxSpeedKmh: 120, maxClockSkewSeconds: 60 } });
  assert.equal(viaPolicy.statusCode, 200, viaPolicy.body);
  assert.deepEqual((await taker.req('GET', '/api/territory')).json().territory, national);
  const latest = (await t.db.query(`SELECT data FROM outage_policies WHERE name = 'crew_position' ORDER BY version DESC LIMIT 1`)).rows[0].data;
  assert.deepEqual(latest, { maxSpeedKmh: 120, maxClockSkewSeconds: 60 });
  assert.equal(await audits(), 2);
  // and without one: only the policy's own fields change
  assert.equal((await admin.req('PUT', '/api/outages/policies/crew_position', { data: { maxSpeedKmh: 100, maxClockSkewSeconds: 60 } })).statusCode, 200);
  assert.deepEqual((await taker.req('GET', '/api/territory')).json().territory, national);
  assert.equal(await audits(), 2);
});
