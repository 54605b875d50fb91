import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('crew positions, shifts and the nearest-crew suggestion for an outage', async () => {
  const t = await testApp({ customers: 200 });
  const disp = await t.login('dispatcher');
  const crew1 = await t.login('crew1');
  const crews = (await disp.req('GET', '/api/crews')).json() as { id: number; name: string }[];
  const one = crews.find((c) => c.name === '城关抢修一班')!.id;
  const two = crews.find((c) => c.name === '城关抢修二班')!.id;
  const hexi = crews.find((c) => c.name === '河西抢修班')!.id;
  const now = Date.now();
  for (const id of [one, two]) {
    const s = await disp.req('POST', `/api/crews/${id}/shifts`, {
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 8 * 3600_000).toISOString(),
    });
    assert.equal(s.statusCode, 201, s.body);
  }
  const badShift = await disp.req('POST', `/api/crews/${one}/shifts`, { startsAt: new Date(now).toISOString(), endsAt: new Date(now - 1).toISOString() });
  assert.equal(badShift.json().details[0].field, 'body.endsAt');

  // a transformer with calls from two customers → predicted outage there
  const tr = (
    await t.db.query(`SELECT d.id, d.lon, d.lat FROM network_devices d JOIN org_units ou ON ou.id = d.org_unit_id
    WHERE d.kind = 'transformer' AND ou.code = 'SF-QH-CG' AND (SELECT count(*) FROM service_points WHERE transformer_id = d.id) >= 2 ORDER BY d.id LIMIT 1`)
  ).rows[0];
  const sps = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id LIMIT 2', [tr.id])).rows.map((r) => r.id);
  const taker = await t.login('calltaker');
  await taker.req('POST', '/api/outages/calls', { servicePointId: sps[0] });
  const outage = (await taker.req('POST', '/api/outages/calls', { servicePointId: sps[1] })).json().outage;

  // crew one reports 0.01° (~1 km) from the site, crew two 0.05° away (set by a dispatcher)
  const p1 = await crew1.req('POST', `/api/crews/${one}/position`, { lon: tr.lon + 0.01, lat: tr.lat });
  assert.equal(p1.statusCode, 200, p1.body);
  await t.db.query('UPDATE crews SET lon = $2, lat = $3, position_at = now() WHERE id = $1', [two, tr.lon + 0.05, tr.lat]); // its own phone
  const sug = (await disp.req('GET', `/api/outages/${outage.id}/dispatch-suggestions`)).json();
  assert.deepEqual(sug.requiredSkills, ['lv']);
  assert.deepEqual(
    sug.ranked.map((r: { crewId: number }) => r.crewId),
    [one, two],
  );
  assert.ok(sug.ranked[0].km < sug.ranked[1].km);
  assert.equal(sug.excluded.find((x: { crewId: number }) => x.crewId === hexi).reason, 'off_shift');

  // rejected reports: outside the territory, impossible speed; both logged, the position unchanged
  const out = await crew1.req('POST', `/api/crews/${one}/position`, { lon: 10, lat: 30 });
  assert.equal(out.statusCode, 400);
  assert.equal(out.json().details[0].rule, 'territory');
  const fast = await crew1.req('POST', `/api/crews/${one}/position`, { lon: tr.lon + 1, lat: tr.lat });
  assert.equal(fast.json().details[0].rule, 'speed');
  const log = await t.db.query('SELECT accepted, reason FROM crew_positions WHERE crew_id = $1 ORDER BY id', [one]);
  assert.deepEqual(log.rows, [
    { accepted: true, reason: null },
    { accepted: false, reason: 'territory' },
    { accepted: false, reason: 'speed' },
  ]);
  const pos = (await disp.req('GET', '/api/crews')).json().find((c: { id: number }) => c.id === one).position;
  assert.ok(Math.abs(pos.lon - (tr.lon + 0.01)) < 1e-9);
  assert.equal((await crew1.req('POST', `/api/crews/${one}/position`, { lon: 116.7, lat: 95 })).json().details[0].field, 'body.lat');
  assert.equal((await crew1.req('POST', `/api/crews/${two}/position`, { lon: tr.lon, lat: tr.lat })).statusCode, 403, 'not a member of crew two');
  assert.equal((await crew1.req('POST', `/api/crews/${hexi}/position`, { lon: tr.lon, lat: tr.lat })).statusCode, 404, 'another station: not visible');

  // once assigned the crew is busy and drops out of the suggestion
  await disp.req('POST', `/api/outages/${outage.id}/confirm`, {});
  await disp.req('POST', `/api/outages/${outage.id}/assign`, { crewId: one });
  const later = (await disp.req('GET', `/api/outages/${outage.id}/dispatch-suggestions`)).json();
  assert.deepEqual(
    later.ranked.map((r: { crewId: number }) => r.crewId),
    [two],
  );
  await t.db.query(`UPDATE crews SET status = 'busy' WHERE id = $1`, [two]);
  const taken = await disp.req('POST', `/api/outages/${outage.id}/assign`, { crewId: two });
  assert.equal(taken.statusCode, 409, 'a busy crew cannot be assigned');
  assert.equal(taken.json().reason, 'crew_not_available');
});
