import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { insertOutage } from '../outages/lifecycle/outage-rows.js';

const local = (s: string) => new Date(`${s}+08:00`);

test('reliability per feeder and org unit from interruption records, with a major event day', async () => {
  const t = await testApp({ customers: 300 });
  const f = (
    await t.db.query(`SELECT d.id, d.org_unit_id FROM pub_network_devices d WHERE d.kind = 'feeder'
     AND (SELECT count(*) FROM pub_service_points sp JOIN pub_network_devices tr ON tr.id = sp.transformer_id WHERE tr.parent_id = d.id) >= 6 ORDER BY d.id LIMIT 1`)
  ).rows[0];
  const sps = (
    await t.db.query(
      `SELECT sp.id, sp.customer_id, sp.org_unit_id FROM pub_service_points sp JOIN pub_network_devices tr ON tr.id = sp.transformer_id WHERE tr.parent_id = $1 ORDER BY sp.id`,
      [f.id],
    )
  ).rows;
  const N = sps.length;
  const record = async (i: number, start: string, minutes: number, cause: string, counted = true) => {
    const o = await insertOutage(t.db, { deviceId: f.id, status: 'closed', pinned: true, startedAt: local(start) });
    const s = sps[i];
    await t.db.query(
      `INSERT INTO outage_customers (outage_id, service_point_id, customer_id, org_unit_id, feeder_id, interruption_start, interruption_end, cause_class, counted)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [o, s.id, s.customer_id, s.org_unit_id, f.id, local(start), new Date(local(start).getTime() + minutes * 60_000), cause, counted],
    );
  };
  // January 2026 (744 h): 3 × 60 min, 1 × 30 min 限电, 2 momentary (3 min), one prediction never confirmed
  for (const i of [0, 1, 2]) await record(i, '2026-01-02T10:00:00', 60, 'equipment');
  await record(3, '2026-01-03T10:00:00', 30, 'supply_shortage');
  for (const i of [4, 5]) await record(i, '2026-01-04T10:00:00', 3, 'equipment');
  await record(0, '2026-01-05T10:00:00', 500, 'equipment', false);
  // history (2025): daily SAIDI e^0 … e^3 → T_MED = exp(1.5 + 2.5·√(5/3)) ≈ 113.01 min
  for (let k = 0; k < 4; k++) await record(k, `2025-03-1${k}T08:00:00`, N * Math.E ** k, 'equipment');
  // 2026-01-15: SAIDI 150 min → a major event day
  await record(1, '2026-01-15T08:00:00', N * 150, 'natural_disaster');

  const mgr = await t.login('manager');
  const url = (extra: string) =>
    `/api/reliability?from=${encodeURIComponent(local('2026-01-01T00:00:00').toISOString())}&to=${encodeURIComponent(local('2026-02-01T00:00:00').toISOString())}${extra}`;
  const r = await mgr.req('GET', url(`&feederId=${f.id}`));
  assert.equal(r.statusCode, 200, r.body);
  const x = r.json();
  assert.equal(x.all.customersServed, N);
  assert.equal(x.all.hours, 744);
  assert.deepEqual(x.med.days, ['2026-01-15']);
  assert.ok(Math.abs(x.med.tMedMinutes - 113.011) < 0.001);
  const n = x.normal;
  assert.equal(n.customerInterruptions, 4);
  assert.ok(Math.abs(n.customerMinutes - 210) < 1e-6);
  assert.ok(Math.abs(n.saifi - 4 / N) < 1e-12);
  assert.ok(Math.abs(n.saidiMinutes - 210 / N) < 1e-9);
  assert.ok(Math.abs(n.caidiMinutes - 52.5) < 1e-9);
  assert.ok(Math.abs(n.maifi - 2 / N) < 1e-12);
  assert.ok(Math.abs(n.rs1Percent - (1 - 3.5 / N / 744) * 100) < 1e-9);
  assert.ok(Math.abs(n.rs3Percent - (1 - 3 / N / 744) * 100) < 1e-9, 'RS-3 leaves out the 限电 half hour');
  assert.equal(x.majorEvents.customerInterruptions, 1);
  assert.equal(x.daily.find((d: { day: string }) => d.day === '2026-01-15').majorEvent, true);

  // the daily rollup and the records agree: force the fallback by a mismatching rollup limit
  await t.db.query('UPDATE reliability_rollup_meta SET momentary_max_minutes = 99');
  const raw = (await mgr.req('GET', url(`&feederId=${f.id}`))).json();
  await t.db.query('UPDATE reliability_rollup_meta SET momentary_max_minutes = 5');
  // (both keep exact durations since migration 305)
  for (const k of Object.keys(x.all))
    assert.ok(Math.abs(raw.all[k] - x.all[k]) <= 1e-6 * Math.max(1, Math.abs(x.all[k])), `${k}: ${raw.all[k]} vs ${x.all[k]}`);
  assert.deepEqual(raw.med.days, x.med.days);
  assert.ok(Math.abs(raw.med.tMedMinutes - x.med.tMedMinutes) < 1e-3);
  // records edited later (a longer interruption) are followed by the rollup
  await t.db.query(
    `UPDATE outage_customers SET interruption_end = interruption_end + interval '60 minutes' WHERE service_point_id = $1 AND interruption_start = $2`,
    [sps[0].id, local('2026-01-02T10:00:00')],
  );
  assert.ok(Math.abs((await mgr.req('GET', url(`&feederId=${f.id}`))).json().normal.customerMinutes - 270) < 1e-6);
  // a new momentary limit rebuilds the rollup: the 3-minute interruptions become sustained
  const admin = await t.login('admin');
  const pol = (await admin.req('GET', '/api/outages/policies')).json().find((p: { name: string }) => p.name === 'reliability').data;
  assert.equal((await admin.req('PUT', '/api/outages/policies/reliability', { data: { ...pol, momentaryMaxMinutes: 2 } })).statusCode, 200);
  const strict = (await mgr.req('GET', url(`&feederId=${f.id}`))).json();
  assert.equal(strict.normal.customerInterruptions, 6);
  assert.equal(strict.normal.maifi, 0);
  await admin.req('PUT', '/api/outages/policies/reliability', { data: pol });

  const county = (await mgr.req('GET', url(''))).json();
  assert.ok(county.all.customersServed >= 300, "the manager's subtree serves every customer");
  assert.equal(county.normal.customerInterruptions, 4);
  const bad = await mgr.req('GET', `/api/reliability?from=${encodeURIComponent('2026-02-01T00:00:00Z')}&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`);
  assert.equal(bad.json().details[0].field, 'querystring.to');
  assert.equal((await mgr.req('GET', url('&feederId=987654321'))).json().details[0].field, 'querystring.feederId');
  const taker = await t.login('calltaker');
  assert.equal((await taker.req('GET', url(''))).statusCode, 403);
});

test('the daily rollup measures durations exactly: 5 min is momentary, 5 min 0.4 s sustained, as in the records', async () => {
  const t = await testApp({ customers: 50 });
  const f = (
    await t.db.query(`SELECT d.id FROM pub_network_devices d WHERE d.kind = 'feeder'
     AND (SELECT count(*) FROM pub_service_points sp JOIN pub_network_devices tr ON tr.id = sp.transformer_id WHERE tr.parent_id = d.id) >= 2 ORDER BY d.id LIMIT 1`)
  ).rows[0];
  const sps = (
    await t.db.query(
      `SELECT sp.id, sp.customer_id, sp.org_unit_id FROM pub_service_points sp JOIN pub_network_devices tr ON tr.id = sp.transformer_id WHERE tr.parent_id = $1 ORDER BY sp.id`,
      [f.id],
    )
  ).rows;
  const start = local('2026-01-02T10:00:00');
  for (const [i, ms] of [
    [0, 300_000],
    [1, 300_400],
  ] as const) {
    const o = await insertOutage(t.db, { deviceId: f.id, status: 'closed', pinned: true, startedAt: start });
    await t.db.query(
      `INSERT INTO outage_customers (outage_id, service_point_id, customer_id, org_unit_id, feeder_id, interruption_start, interruption_end, cause_class, counted)
       VALUES ($1,$2,$3,$4,$5,$6,$7,'equipment',true)`,
      [o, sps[i].id, sps[i].customer_id, sps[i].org_unit_id, f.id, start, new Date(start.getTime() + ms)],
    );
  }
  const mgr = await t.login('manager');
  const url = `/api/reliability?feederId=${f.id}&from=${encodeURIComponent(local('2026-01-01T00:00:00').toISOString())}&to=${encodeURIComponent(local('2026-02-01T00:00:00').toISOString())}`;
  const rolled = (await mgr.req('GET', url)).json().all;
  await t.db.query('UPDATE reliability_rollup_meta SET momentary_max_minutes = 99');
  const raw = (await mgr.req('GET', url)).json().all;
  await t.db.query('UPDATE reliability_rollup_meta SET momentary_max_minutes = 5');
  for (const x of [rolled, raw]) {
    assert.equal(x.momentaryInterruptions, 1);
    assert.equal(x.customerInterruptions, 1);
    assert.ok(Math.abs(x.customerMinutes - 300.4 / 60) < 1e-9, String(x.customerMinutes));
  }
});
