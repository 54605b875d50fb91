/**
 * Scorecards API on the seeded demo county: hand-placed November 2026 records in two stations,
 * a run for the county's stations, exact numerators and denominators, missing data said, ranking,
 * drill-down to the very records, exports, voltage import (idempotent; bad input refused naming
 * the field), scheme versions, recompute, org scope and permissions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('scorecards: compute, rank, drill down, export, import, schemes, scope', async () => {
  const t = await testApp({ customers: 60 });
  const db = t.db;
  const org = async (code: string) => (await db.query('SELECT id, path FROM org_units WHERE code = $1', [code])).rows[0] as { id: string; path: string };
  const cg = await org('SF-QH-CG');
  const hx = await org('SF-QH-HX');
  const sh = await org('SF-QH-SH');
  let n = 0;
  const order = async (u: { id: string; path: string }, type: string, clocks: { name: string; state: string }[], status = 'handling') => {
    n++;
    const r = await db.query(
      `INSERT INTO work_orders (order_no, order_type, channel, status, received_at, org_unit_id, org_path, accepting_org_unit_id, title, description, policy_set, clocks)
       VALUES ($1, $2, 'phone', $3, '2026-11-10T02:00:00Z', $4, $5, $4, 't', 'd', 'current', $6) RETURNING id`,
      [`T261110${String(n).padStart(6, '0')}`, type, status, u.id, u.path, JSON.stringify(clocks)],
    );
    return Number(r.rows[0].id);
  };
  const arr = (a: string, r: string) => [
    { name: 'arrival', state: a },
    { name: 'restoration', state: r },
  ];
  // CG: arrival 3 met, 1 breached; restoration 2 met, 2 still running (not counted)
  const cgOrders = [await order(cg, 'fault_repair', arr('met', 'met')), await order(cg, 'fault_repair', arr('met', 'met'))];
  cgOrders.push(await order(cg, 'fault_repair', arr('met', 'running')), await order(cg, 'fault_repair', arr('breached', 'running')));
  await order(cg, 'fault_repair', arr('met', 'met'), 'merged'); // merged: not counted
  // HX: arrival 2 met; restoration 1 met, 1 breached
  await order(hx, 'fault_repair', arr('met', 'met'));
  await order(hx, 'fault_repair', arr('met', 'breached'));
  const complaint = await order(cg, 'complaint', []);
  for (const [result, o] of [
    ['satisfied', cgOrders[0]],
    ['dissatisfied', cgOrders[1]],
    ['unreachable', cgOrders[2]],
  ] as const)
    await db.query(
      `INSERT INTO callbacks (order_id, org_path, status, reason, result, done_at) VALUES ($1, $2, 'done', 'sampled', $3, '2026-11-12T02:00:00Z')`,
      [o, cg.path, result],
    );
  const app = async (u: { id: string; path: string }, no: string, powerOn: string | null, clock: string, due: string | null) =>
    db.query(
      `INSERT INTO connection_applications (app_no, kind, customer_class, channel, stage, status, org_unit_id, org_path, policy_set, policy_version, received_at,
         applicant_name, applicant_phone, address, voltage_kv, power_on_at, clock_state, next_due_at)
       VALUES ($1, 'new', 'residential', 'counter', $2, $3, $4, $5, 'current', 1, '2026-11-02T02:00:00Z', '张三', '13800000000', '地址', 0.4, $6, $7, $8)`,
      [no, powerOn ? 'archive' : 'site_survey', powerOn ? 'archived' : 'open', u.id, u.path, powerOn, clock, due],
    );
  await app(cg, 'A1', '2026-11-05T02:00:00Z', 'met', null);
  await app(cg, 'A2', '2026-11-06T02:00:00Z', 'breached', null);
  await app(hx, 'A3', '2026-11-07T02:00:00Z', 'met', null);
  await app(hx, 'A4', null, 'breached', '2026-11-20T02:00:00Z'); // open and overdue by the month's end
  const importId = 1; // qa_calls.import_id names its import without a foreign key
  for (const [i, outcome, wait] of [
    [1, 'answered', 5],
    [2, 'answered', 15],
    [3, 'answered', 30],
    [4, 'abandoned', 40],
  ] as const)
    await db.query(
      `INSERT INTO qa_calls (enter_at, cti_call_id, import_id, org_unit_id, org_path, queue, outcome, wait_s, end_at) VALUES ('2026-11-03T02:00:00Z', $1, $2, $3, $4, 'q', $5, $6, '2026-11-03T02:10:00Z')`,
      [`c${i}`, importId, cg.id, cg.path, outcome, wait],
    );

  const sup = await t.login('supervisor');
  const admin = await t.login('admin');
  const calltaker = await t.login('calltaker');
  assert.equal((await calltaker.req('GET', '/api/scorecards/indicators')).statusCode, 403);
  assert.equal((await sup.req('GET', '/api/scorecards/indicators')).json().length, 11);

  // voltage import: bad file refused naming the line and column, nothing written
  const bad = await admin.req('POST', '/api/scorecards/voltage-imports', {
    fileName: 'v.csv',
    content: 'point_code,org_unit_code,month,total_minutes,upper_minutes,lower_minutes\nV1,SF-QH-CG,2026-13,43200,1,1\n',
  });
  assert.equal(bad.statusCode, 400);
  assert.ok(
    bad.json().details.some((d: { field: string }) => d.field.includes('content[line 2].month')),
    bad.body,
  );
  assert.equal((await db.query('SELECT count(*)::int AS n FROM scorecard_voltage_points')).rows[0].n, 0);
  const csv = 'point_code,org_unit_code,month,total_minutes,upper_minutes,lower_minutes\nV1,SF-QH-CG,2026-11,43200,12,30\nV2,SF-QH-HX,2026-11,43200,0,0\n';
  const ok1 = await admin.req('POST', '/api/scorecards/voltage-imports', { fileName: 'v.csv', content: csv });
  assert.equal(ok1.statusCode, 201, ok1.body);
  assert.deepEqual([ok1.json().rows, ok1.json().replayed], [2, false]);
  const ok2 = await admin.req('POST', '/api/scorecards/voltage-imports', { fileName: 'v.csv', content: csv });
  assert.deepEqual([ok2.json().importId, ok2.json().replayed], [ok1.json().importId, true], 'the same file twice is one import');
  assert.equal((await sup.req('POST', '/api/scorecards/voltage-imports', { fileName: 'v.csv', content: csv })).statusCode, 403);

  const unknownUnit = await admin.req('POST', '/api/scorecards/voltage-imports', {
    fileName: 'v.csv',
    content: 'point_code,org_unit_code,month,total_minutes,upper_minutes,lower_minutes\nV1,SF-QH-CG,2026-11,43200,1,1\nV9,NOPE,2026-11,43200,1,1\n',
  });
  assert.equal(unknownUnit.statusCode, 400);
  assert.ok(unknownUnit.json().details[0].field.endsWith('content[line 3].org_unit_code'), unknownUnit.body);

  // bad period refused, nothing written
  const badPeriod = await sup.req('POST', '/api/scorecards/runs', { period: '2026-13' });
  assert.equal(badPeriod.statusCode, 400);
  assert.ok(badPeriod.json().details[0].field.endsWith('period'), badPeriod.body);
  assert.equal((await sup.req('POST', '/api/scorecards/runs', { period: '2099-01' })).statusCode, 400, 'a future period');
  assert.equal((await db.query('SELECT count(*)::int AS n FROM scorecard_runs')).rows[0].n, 0);

  const res = await sup.req('POST', '/api/scorecards/runs', { period: '2026-11' });
  assert.equal(res.statusCode, 201, res.body);
  const run = res.json();
  assert.equal(run.level, 'station');
  assert.deepEqual([run.scheme.code, run.scheme.version], ['default', 1]);
  type Line = {
    indicator: string;
    numerator: string;
    denominator: string;
    value: string | null;
    points: string | null;
    status: string;
    missing: string | null;
  };
  type Res = { orgUnitId: number; code: string; score: string | null; rank: number | null; points: string; maxPoints: string; lines: Line[] };
  const unit = (code: string) => (run.results as Res[]).find((r) => r.code === code)!;
  const line = (code: string, ind: string) => unit(code).lines.find((l) => l.indicator === ind)!;
  const nd = (code: string, ind: string) => {
    const l = line(code, ind);
    return [l.numerator, l.denominator, l.value, l.points, l.missing];
  };
  assert.deepEqual(nd('SF-QH-CG', 'repair_arrival'), ['3', '4', '0.7500', '0.00', null], '3 of 4 decided arrivals; below the floor');
  assert.deepEqual(nd('SF-QH-HX', 'repair_arrival'), ['2', '2', '1.0000', '12.00', null]);
  assert.deepEqual(nd('SF-QH-SH', 'repair_arrival'), ['0', '0', null, null, 'no_records'], 'no orders: said, not zero');
  assert.deepEqual(nd('SF-QH-CG', 'repair_restoration'), ['2', '2', '1.0000', '12.00', null], 'running clocks are not counted');
  assert.deepEqual(nd('SF-QH-HX', 'repair_restoration'), ['1', '2', '0.5000', '0.00', null]);
  assert.deepEqual(nd('SF-QH-CG', 'callback_satisfaction'), ['1', '2', '0.5000', '0.00', null], 'unreachable callbacks left out');
  assert.deepEqual(nd('SF-QH-CG', 'installation_overdue'), ['1', '2', '0.5000', '0.00', null]);
  assert.deepEqual(nd('SF-QH-HX', 'installation_overdue'), ['0', '1', '0.0000', '10.00', null]);
  assert.deepEqual(nd('SF-QH-HX', 'connection_on_time'), ['1', '2', '0.5000', '0.00', null], 'the open overdue application counts against');
  assert.deepEqual(nd('SF-QH-CG', 'abandonment_rate'), ['1', '4', '0.2500', '0.00', null]);
  assert.deepEqual(nd('SF-QH-CG', 'service_level').slice(0, 3), ['2', '4', '0.5000'], 'answered within 20 s of offered (abandons against)');
  assert.deepEqual(nd('SF-QH-HX', 'abandonment_rate').slice(3), [null, 'no_records']);
  assert.deepEqual(nd('SF-QH-CG', 'voltage_qualification').slice(0, 3), ['43158', '43200', '0.9990']);
  assert.deepEqual(nd('SF-QH-SH', 'voltage_qualification').slice(4), ['no_records']);
  assert.equal(line('SF-QH-CG', 'window_score').missing, 'no_inspections');
  const custCg = (
    await db.query('SELECT count(*)::int AS n FROM customers WHERE org_unit_id IN (SELECT id FROM org_units WHERE path LIKE $1 || $2)', [cg.path, '%'])
  ).rows[0].n;
  assert.deepEqual(nd('SF-QH-CG', 'complaints_per_10k').slice(0, 2), ['1', String(custCg)]);
  assert.equal(line('SF-QH-CG', 'reliability_rs1').value, '1.0000', 'no interruptions');
  // points add up, ranks are by score
  for (const r of run.results as Res[]) {
    const sum = r.lines.reduce((s, l) => s + (l.points === null ? 0 : Math.round(Number(l.points) * 100)), 0);
    assert.equal(Math.round(Number(r.points) * 100), sum, `${r.code}: printed points add up`);
  }
  const ranked = (run.results as Res[]).filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  for (let i = 1; i < ranked.length; i++) assert.ok(Number(ranked[i - 1].score) >= Number(ranked[i].score));

  // drill-down: the very orders behind CG's arrival figure
  const drill = await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${cg.id}/indicators/repair_arrival/records`);
  assert.equal(drill.statusCode, 200, drill.body);
  const d = drill.json();
  assert.equal(d.total, 4);
  assert.deepEqual(
    d.items.map((x: { id: number }) => x.id).sort(),
    [...cgOrders].sort((a, b) => a - b),
  );
  assert.equal(d.items.filter((x: { inNumerator: boolean }) => x.inNumerator).length, 3);
  assert.equal(d.snapshot.numerator, '3');
  const num = await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${cg.id}/indicators/repair_arrival/records?numeratorOnly=true`);
  assert.equal(num.json().total, 3);
  const comp = (await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${cg.id}/indicators/complaints_per_10k/records`)).json();
  assert.deepEqual(
    comp.items.map((x: { id: number }) => x.id),
    [complaint],
  );
  const conn = (await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${hx.id}/indicators/connection_on_time/records`)).json();
  assert.deepEqual(conn.items.map((x: { ref: string }) => x.ref).sort(), ['A3', 'A4']);
  const calls = (await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${cg.id}/indicators/abandonment_rate/records`)).json();
  assert.equal(calls.total, 4);
  const volt = (await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${cg.id}/indicators/voltage_qualification/records`)).json();
  assert.deepEqual(
    volt.items.map((x: { ref: string }) => x.ref),
    ['V1'],
  );
  assert.equal((await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${sh.id}/indicators/reliability_rs1/records`)).statusCode, 200);
  assert.equal((await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${sh.id}/indicators/nope/records`)).statusCode, 400);

  // exports
  const xlsx = await sup.req('GET', `/api/scorecards/runs/${run.id}/export.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  const pdf = await sup.req('GET', `/api/scorecards/runs/${run.id}/export.pdf?lang=en`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  // a quarter: the same definitions over October to December so far
  const q4 = await sup.req('POST', '/api/scorecards/runs', { period: '2026-Q4' });
  assert.equal(q4.statusCode, 201, q4.body);
  assert.equal(q4.json().periodKind, 'quarter');
  const q4cg = (q4.json().results as Res[]).find((r) => r.code === 'SF-QH-CG')!;
  assert.deepEqual(
    ['repair_arrival', 'voltage_qualification'].map((k) => {
      const l = q4cg.lines.find((x) => x.indicator === k)!;
      return [l.numerator, l.denominator];
    }),
    [
      ['3', '4'],
      ['43158', '43200'],
    ],
  );

  // recompute: a new run; the current one is the latest; trend
  const again = (await sup.req('POST', '/api/scorecards/runs', { period: '2026-11' })).json();
  assert.ok(again.id > run.id);
  assert.equal((await sup.req('GET', '/api/scorecards/current?period=2026-11')).json().id, again.id);
  const tr = (await sup.req('GET', `/api/scorecards/trend?orgUnitId=${cg.id}`)).json();
  assert.deepEqual(
    tr.points.map((p: { period: string; runId: number }) => [p.period, p.runId]),
    [['2026-11', again.id]],
  );
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'scorecard.compute'`)).rows[0].n, 3, 'November twice and the quarter');

  // scheme versions: a wrong direction is refused naming the field; a valid one becomes version 2
  const badScheme = await admin.req('POST', '/api/scorecards/schemes', {
    code: 'default',
    validFrom: '2026-12-01',
    source: 'test',
    data: { utcOffsetMinutes: 480, indicators: [{ indicator: 'installation_overdue', weight: '10', method: 'linear', floor: '0', target: '0.05' }] },
  });
  assert.equal(badScheme.statusCode, 400);
  assert.ok(badScheme.json().details[0].field.endsWith('data.indicators[0].target'), badScheme.body);
  const v2 = await admin.req('POST', '/api/scorecards/schemes', {
    code: 'default',
    validFrom: '2026-12-01',
    source: 'test',
    data: { utcOffsetMinutes: 480, indicators: [{ indicator: 'repair_arrival', weight: '100', method: 'rank' }] },
  });
  assert.equal(v2.statusCode, 201, v2.body);
  assert.equal(v2.json().version, 2);
  const schemes = (await sup.req('GET', '/api/scorecards/schemes')).json() as { version: number; validTo: string | null }[];
  assert.deepEqual(
    schemes.map((s) => [s.version, s.validTo]),
    [
      [2, null],
      [1, '2026-12-01'],
    ],
  );
  const nov = (await sup.req('POST', '/api/scorecards/runs', { period: '2026-11' })).json();
  assert.equal(nov.scheme.version, 1, 'November still uses the version valid then');

  // org scope: a station supervisor sees neither the county run nor another station (404)
  const hash = (await db.query(`SELECT password_hash FROM users WHERE username = 'supervisor'`)).rows[0].password_hash;
  await db.query(`INSERT INTO users (username, display_name, role, org_unit_id, password_hash) VALUES ('hx_sup', 'hx', 'supervisor', $1, $2)`, [hx.id, hash]);
  const hxSup = await t.login('hx_sup');
  assert.equal((await hxSup.req('GET', `/api/scorecards/runs/${run.id}`)).statusCode, 404);
  assert.equal((await hxSup.req('GET', `/api/scorecards/runs/${run.id}/units/${cg.id}/indicators/repair_arrival/records`)).statusCode, 404);
  assert.equal((await hxSup.req('POST', '/api/scorecards/runs', { period: '2026-11', rootOrgUnitId: Number(cg.id) })).statusCode, 404);
});
