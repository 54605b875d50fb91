import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

async function setup() {
  const t = await testApp({ customers: 300 });
  const tr = (
    await t.db.query(`SELECT d.id FROM network_devices d JOIN org_units ou ON ou.id = d.org_unit_id WHERE d.kind = 'transformer' AND ou.code = 'SF-QH-CG'
      AND (SELECT count(*) FROM service_points WHERE transformer_id = d.id) >= 4 ORDER BY d.id LIMIT 1`)
  ).rows[0].id as number;
  const sps = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id', [tr])).rows.map((r) => r.id as number);
  const crew = (await t.db.query(`SELECT id FROM crews WHERE name = '城关抢修一班'`)).rows[0].id as number;
  return { ...t, tr, sps, crew };
}

test('repeat faults: the second confirmed outage on a transformer within the window is flagged, a supervisor acknowledges', async () => {
  const t = await setup();
  const admin = await t.login('admin');
  const disp = await t.login('dispatcher');
  const taker = await t.login('calltaker');
  const sup = await t.login('supervisor');
  const crew1 = await t.login('crew1');
  assert.equal((await admin.req('PUT', '/api/outages/policies/repeat_fault', { data: { count: 2, windowDays: 30 } })).statusCode, 200);
  const outage = async () => {
    await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[0] });
    const o = (await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[1] })).json().outage;
    assert.equal((await disp.req('POST', `/api/outages/${o.id}/confirm`, {})).statusCode, 200);
    return o.id as number;
  };
  const first = await outage();
  assert.equal((await disp.req('GET', '/api/outages/repeat-faults')).json().length, 0);
  for (const step of ['assign', 'accept', 'depart', 'arrive', 'restore']) {
    const r = await (step === 'accept' ? crew1 : disp).req('POST', `/api/outages/${first}/${step}`, step === 'assign' ? { crewId: t.crew } : {});
    assert.equal(r.statusCode, 200, `${step}: ${r.body}`);
  }
  const second = await outage();
  assert.notEqual(second, first);
  const flags = (await disp.req('GET', '/api/outages/repeat-faults?limit=200')).json();
  const device = flags.find((f: { keyKind: string }) => f.keyKind === 'device');
  assert.equal(device.keyId, t.tr);
  assert.equal(device.faultsInWindow, 2);
  assert.equal(flags.filter((f: { keyKind: string }) => f.keyKind === 'service_point').length, t.sps.length, 'every customer of the transformer was out twice');
  assert.equal((await disp.req('GET', `/api/outages/${second}`)).json().repeatFault, true);
  assert.equal((await disp.req('POST', `/api/outages/repeat-faults/${device.id}/acknowledge`)).statusCode, 403);
  assert.equal((await sup.req('POST', `/api/outages/repeat-faults/${device.id}/acknowledge`)).statusCode, 200);
  assert.equal((await sup.req('POST', `/api/outages/repeat-faults/${device.id}/acknowledge`)).statusCode, 409);
});

test('policies: a bad document is refused naming the field; a new grouping rule applies to the next calls', async () => {
  const t = await setup();
  const admin = await t.login('admin');
  const taker = await t.login('calltaker');
  const before = (await t.db.query('SELECT count(*)::int AS n FROM outage_policies')).rows[0].n;
  const bad = await admin.req('PUT', '/api/outages/policies/grouping', {
    data: { rules: { transformer: { minCallers: 0, minCallingChildren: 1, minCallingShare: 0 } } },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.data.rules.transformer.minCallers');
  assert.match(bad.json().details[0].message, /整数/, 'the zh-CN message is Chinese');
  assert.match(bad.json().details[0].messageEn, /integer/);
  const badBox = await admin.req('PUT', '/api/outages/policies/crew_position', {
    data: { territory: { kind: 'box', minLon: 120, maxLon: 110, minLat: 30, maxLat: 31 }, maxSpeedKmh: 100, maxClockSkewSeconds: 60 },
  });
  assert.equal(badBox.json().details[0].field, 'body.data.territory');
  // the territory applies when saved (the platform's, unversioned): a scheduled one is refused, not applied early
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const scheduled = await admin.req('PUT', '/api/outages/policies/crew_position', {
    validFrom: later,
    data: { territory: { kind: 'box', minLon: 100, maxLon: 130, minLat: 20, maxLat: 45 }, maxSpeedKmh: 100, maxClockSkewSeconds: 60 },
  });
  assert.equal(scheduled.statusCode, 400);
  assert.deepEqual([scheduled.json().details[0].field, scheduled.json().details[0].rule], ['body.validFrom', 'territory_applies_now']);
  assert.equal((await admin.req('PUT', '/api/outages/policies/nonsense', { data: {} })).statusCode, 400);
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM outage_policies')).rows[0].n, before, 'nothing written');
  const ok = await admin.req('PUT', '/api/outages/policies/grouping', {
    data: { rules: { transformer: { minCallers: 3, minCallingChildren: 3, minCallingShare: 0 } } },
  });
  assert.equal(ok.json().version, 2);
  assert.equal((await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[0] })).json().outage, null);
  assert.equal((await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[1] })).json().outage, null, 'two callers no longer enough');
  assert.equal((await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[2] })).json().outage.deviceId, t.tr);
  const listed = (await taker.req('GET', '/api/outages/policies')).json();
  assert.equal(listed.find((p: { name: string }) => p.name === 'grouping').version, 2);
  assert.equal((await taker.req('PUT', '/api/outages/policies/grouping', { data: { rules: {} } })).statusCode, 403);
});

test('an unplaced call is listed for the dispatcher and placed by hand onto a transformer', async () => {
  const t = await setup();
  const taker = await t.login('calltaker');
  const disp = await t.login('dispatcher');
  await t.db.query('UPDATE service_points SET transformer_id = NULL WHERE id = $1', [t.sps[3]]);
  const c = (await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[3] })).json();
  assert.equal(c.status, 'unplaced');
  assert.deepEqual(
    (await disp.req('GET', '/api/outages/calls/unplaced')).json().map((x: { id: number }) => x.id),
    [c.callId],
  );
  assert.equal((await disp.req('POST', `/api/outages/calls/${c.callId}/place`, { transformerId: 987654321 })).json().details[0].field, 'body.transformerId');
  await taker.req('POST', '/api/outages/calls', { servicePointId: t.sps[0] });
  const placed = await disp.req('POST', `/api/outages/calls/${c.callId}/place`, { transformerId: t.tr });
  assert.equal(placed.statusCode, 200, placed.body);
  assert.equal(placed.json().status, 'grouped');
  assert.equal(placed.json().outage.deviceId, t.tr, 'with the other caller on that transformer it predicts an outage');
  assert.equal((await disp.req('POST', `/api/outages/calls/${c.callId}/place`, { transformerId: t.tr })).statusCode, 409);
});
