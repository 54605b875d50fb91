/**
 * Billing parameters (计费参数, docs/billing.md §21) through the API, and a bill run that applies them:
 * contracted demand (105 % rule: the excess pays double; the 40 % floor), a mid-month pause entered in
 * billing and one recorded by connections (read through its published view), each line naming what it
 * used; bad input refused naming the field with nothing written; a TOU calendar pricing holidays as valley
 * applied to interval data of a month with a holiday.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { workPendingChunks } from './billruns.js';

interface Line {
  code: string;
  quantity: string;
  price: string;
  amountFen: number;
  note: string | null;
}

test('billing parameters: API (bad input named, overlaps named, audited) and a run with contracted demand, the 40 % floor and mid-month pauses; holidays priced as valley', async () => {
  const t = await testApp({ customers: 40 });
  const billing = await t.login('billing');
  const customer = await t.login('customer1');
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);

  // four C&I accounts with one meter and no pause on file, made 1000 kVA at 10 kV: two-part, TOU
  const accts = (
    await t.db.query(
      `SELECT sp.account_id, sp.id AS sp_id, min(m.meter_no) AS meter_no FROM meters m JOIN service_points sp ON sp.id = m.service_point_id
        WHERE sp.customer_class <> 'residential' AND NOT EXISTS (SELECT 1 FROM connection_capacity_events e WHERE e.service_point_id = sp.id)
        GROUP BY sp.account_id, sp.id HAVING count(*) = 1 ORDER BY sp.account_id LIMIT 4`,
    )
  ).rows.map((r) => ({ id: Number(r.account_id), sp: Number(r.sp_id), meter: r.meter_no as string }));
  assert.equal(accts.length, 4);
  const [a, b, c, d] = accts;
  const ids = accts.map((x) => x.id);
  await t.db.query(`UPDATE service_points SET contracted_kva = 1000, supply_voltage_kv = 10 WHERE account_id = ANY($1::bigint[])`, [ids]);
  await t.db.query(`UPDATE meters SET multiplier = 1 WHERE service_point_id IN (SELECT id FROM service_points WHERE account_id = ANY($1::bigint[]))`, [ids]);

  const get = async (id: number) => (await billing.req('GET', `/api/billing/accounts/${id}/parameters`)).json();
  const put = (id: number, body: Record<string, unknown>, who = billing) =>
    who.req('PUT', `/api/billing/accounts/${id}/parameters`, {
      validTo: null,
      customerClass: null,
      pricing: null,
      voltage: null,
      tou: null,
      basicBasis: 'demand',
      contractKva: null,
      contractDemandKw: 800,
      highLoadEligible: true,
      meteringSplit: null,
      ...body,
    });
  const audits = () => n(`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('billing.params_set', 'billing.capacity_event')`);
  const rows = () => n(`SELECT (SELECT count(*) FROM billing_parameters) + (SELECT count(*) FROM billing_capacity_events) AS n`);

  // GET: the service point's profile, nothing set
  const g0 = await get(a.id);
  assert.equal(g0.profile.pricing, 'two_part');
  assert.equal(g0.profile.basicBasis, 'capacity');
  assert.deepEqual(g0.versions, []);

  // refusals name the field, in both languages, and write nothing
  const bad = async (body: Record<string, unknown>, field: string, rule: string) => {
    const r = await put(a.id, body);
    assert.equal(r.statusCode, 400, r.body);
    const det = r.json().details[0];
    assert.deepEqual([det.field, det.rule], [field, rule], r.body);
    assert.ok(det.message && det.messageEn);
  };
  await bad({ validFrom: '2026-11-15' }, 'body.validFrom', 'month_start');
  await bad({ validFrom: '2026-11-01', validTo: '2026-11-20' }, 'body.validTo', 'month_end');
  await bad({ validFrom: '2026-11-01', contractDemandKw: null }, 'body.contractDemandKw', 'required');
  await bad({ validFrom: '2026-11-01', pricing: 'single', contractDemandKw: null }, 'body.basicBasis', 'two_part_only');
  await bad({ validFrom: '2026-11-01', contractDemandKw: 0 }, 'body.contractDemandKw', 'minimum');
  await bad({ validFrom: 'tomorrow' }, 'body.validFrom', 'format');
  await bad({ validFrom: '2026-11-01', voltage: '500kv' }, 'body.voltage', 'no_tariff');
  assert.equal((await put(a.id, { validFrom: '2026-11-01' }, customer)).statusCode, 403);
  assert.equal((await put(999_999_999, { validFrom: '2026-11-01' })).statusCode, 404);
  assert.equal(await rows(), 0);
  assert.equal(await audits(), 0);

  // a: demand basis, 800 kW from November; b: 300 kW on 1000 kVA (below 40 %: billed at 400 kW)
  const okA = await put(a.id, { validFrom: '2026-11-01', note: '合同需量 800 kW' });
  assert.equal(okA.statusCode, 200, okA.body);
  assert.equal(okA.json().versions[0].billedDemandKw, '800');
  const okB = await put(b.id, { validFrom: '2026-11-01', contractDemandKw: 300 });
  assert.equal(okB.json().versions[0].billedDemandKw, '400');
  assert.equal(await audits(), 2);
  // an overlap is refused naming both date ranges (409), nothing written
  const clash = await put(a.id, { validFrom: '2026-09-01', validTo: '2026-11-30' });
  assert.equal(clash.statusCode, 409, clash.body);
  assert.equal(clash.json().code, 'PARAMS_DATES');
  assert.equal(clash.json().details[0].field, 'body.validFrom');
  assert.match(clash.json().details[0].messageEn, /overlaps the parameters in force 2026-11-01 – … \(this version 2026-09-01 – 2026-11-30\)/);
  // the basis changes quarterly: capacity from December is refused, from January accepted (and closes November's)
  await bad({ validFrom: '2026-12-01', basicBasis: 'capacity', contractDemandKw: null }, 'body.basicBasis', 'quarterly');
  const next = await put(a.id, { validFrom: '2027-01-01', basicBasis: 'capacity', contractDemandKw: null });
  assert.equal(next.statusCode, 200, next.body);
  assert.deepEqual(
    next.json().versions.map((v: { validFrom: string; validTo: string | null }) => [v.validFrom, v.validTo]),
    [
      ['2026-11-01', '2026-12-31'],
      ['2027-01-01', null],
    ],
  );
  const audit = (await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'billing.params_set' ORDER BY seq DESC LIMIT 1`)).rows[0];
  assert.deepEqual(audit.after.closed.validTo, '2026-12-31');
  assert.equal(audit.after.account.basicBasis, 'capacity');

  // events entered in billing: a pause of a from 11 November, back on 21 November (20 of 30 days in service)
  const ev = (id: number, body: Record<string, unknown>) => billing.req('POST', `/api/billing/accounts/${id}/capacity-events`, body);
  const badEv = await ev(a.id, { kind: 'pause', startsOn: '2026-11-11', endsOn: '2026-11-05', kva: 1000 });
  assert.equal(badEv.statusCode, 400);
  assert.equal(badEv.json().details[0].field, 'body.endsOn');
  assert.equal((await ev(a.id, { kind: 'pause_end', startsOn: '2026-11-21', endsOn: '2026-11-25', kva: 1000 })).json().details[0].field, 'body.endsOn');
  assert.equal((await ev(a.id, { kind: 'stop', startsOn: '2026-11-11', kva: 1000 })).statusCode, 400);
  const okEv = await ev(a.id, { kind: 'pause', startsOn: '2026-11-11', endsOn: '2026-11-21', kva: 1000, note: '客户书面申请' });
  assert.equal(okEv.statusCode, 201, okEv.body);
  assert.equal(okEv.json().eventsSource, 'billing');
  // c: a pause recorded by connections (an application carried out) from 21 November; one entered in billing is then not used
  // (the application row as connections would have it once carried out; the test arranges it directly)
  const appId = await n(
    `INSERT INTO connection_applications (app_no, kind, customer_class, channel, stage, status, org_unit_id, org_path, policy_set, policy_version, received_at,
       applicant_name, applicant_phone, address, voltage_kv, requested_kva, service_point_id, details)
     SELECT 'TEST-PAUSE-1', 'pause', 'hv_single', 'counter', 'archived', 'archived', sp.org_unit_id, o.path, 'default', 1, now(), '测试', '13800000000', '测试地址', 10, 1000, sp.id,
            '{"startsOn": "2026-11-21", "endsOn": "2027-01-21"}'::jsonb
       FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id WHERE sp.id = $1 RETURNING id AS n`,
    [c.sp],
  );
  await t.db.query(
    `INSERT INTO connection_capacity_events (application_id, service_point_id, kind, starts_on, ends_on, kva) VALUES ($1, $2, 'pause', '2026-11-21', NULL, 1000)`,
    [appId, c.sp],
  );
  await ev(c.id, { kind: 'pause', startsOn: '2026-11-05', endsOn: '2026-11-25', kva: 1000 });
  const gc = await get(c.id);
  assert.equal(gc.eventsSource, 'connections');
  assert.deepEqual(
    gc.events.map((e: { source: string; kind: string }) => [e.source, e.kind]),
    [['connections', 'pause']],
  );

  // November readings: a and b peak at 1000 kW and 350 kW; c capacity-billed
  const csv = ['meter_no,register,read_at,value,flag'];
  for (const [x, md] of [
    [a, 1000],
    [b, 350],
    [c, 500],
  ] as const) {
    for (const [reg, oct, nov] of [
      ['kwh_peak', 3000, 7000],
      ['kwh_flat', 4000, 9000],
      ['kwh_valley', 2000, 5000],
      ['kwh_total', 9000, 21000],
      ['kvarh', 1000, 6000],
    ] as const)
      csv.push(`${x.meter},${reg},2026-10-25 08:00,${oct},`, `${x.meter},${reg},2026-11-25 08:00,${nov},`);
    csv.push(`${x.meter},max_demand_kw,2026-11-25 08:00,${md},`);
  }
  const imp = await billing.req('POST', '/api/billing/readings/import', { fileName: 'params.csv', text: csv.join('\n') });
  assert.equal(imp.statusCode, 201, imp.body);
  const run = (await billing.req('POST', '/api/billing/runs', { cycle: '2026-11', orgCode: 'SF-QH' })).json();
  await workPendingChunks(t.db, 'W', run.id);
  const billOf = async (id: number) => {
    const billId = (await t.db.query(`SELECT id FROM bills WHERE account_id = $1 AND cycle = '2026-11' AND kind = 'normal'`, [id])).rows[0]?.id;
    assert.ok(billId, `account ${id} billed`);
    return (await billing.req('GET', `/api/billing/bills/${billId}`)).json() as { lines: Line[]; inputs: Record<string, any>; totalFen: number };
  };
  const basic = (l: Line[]) => l.filter((x) => x.code.startsWith('basic_'));

  // a: 800 kW contract, 1000 kW actual: 840 kW at ¥38 and 160 kW at ¥76, for 20 of 30 days (paused 11–20 November)
  const ba = await billOf(a.id);
  assert.deepEqual(
    basic(ba.lines).map((l) => [l.code, l.quantity, l.price, l.amountFen]),
    [
      ['basic_demand', '840', '38', 2_128_000], // 840 × 38 × 20/30 = 21 280.00
      ['basic_demand_excess', '160', '76', 810_667], // 160 × 76 × 20/30 = 8 106.666… → 8 106.67
    ],
  );
  const vA = okA.json().versions[0].id;
  for (const l of basic(ba.lines)) {
    assert.match(l.note!, /20\/30 天 days/);
    assert.match(l.note!, new RegExp(`暂停 pause 计费#\\d+ 2026-11-11–2026-11-21 1000 kVA`));
    assert.match(l.note!, new RegExp(`计费参数 parameters #${vA} \\(2026-11-01–2026-12-31\\)`));
  }
  // every line names the parameter version; the inputs keep it and the events
  assert.ok(ba.lines.every((l) => l.note?.includes(`计费参数 parameters #${vA}`)));
  assert.equal(ba.inputs.parameters.id, vA);
  assert.equal(ba.inputs.parameters.contractDemandKw, 800);
  assert.deepEqual(ba.inputs.serviceEvents, [
    { date: '2026-11-11', kind: 'pause' },
    { date: '2026-11-21', kind: 'resume', capacityKva: 1000 },
  ]);
  assert.equal(ba.inputs.capacityEvents[0].source, 'billing');
  assert.equal(ba.inputs.account.basicBasis, 'demand');

  // b: 300 kW contract below 40 % of 1000 kVA: billed at 400 kW (350 kW actual is within 105 % of it)
  const bb = await billOf(b.id);
  assert.deepEqual(
    basic(bb.lines).map((l) => [l.code, l.quantity, l.amountFen]),
    [['basic_demand', '400', 1_520_000]],
  );
  assert.match(basic(bb.lines)[0].note!, /合同需量 contract 300 kW < 40% × 1000 kVA，按 billed at 400 kW/);

  // c: capacity basis (no parameters), paused by connections from 21 November: 1000 kVA × ¥28 × 20/30
  const bc = await billOf(c.id);
  assert.deepEqual(
    basic(bc.lines).map((l) => [l.code, l.quantity, l.amountFen]),
    [['basic_capacity', '1000', 1_866_667]],
  );
  assert.match(basic(bc.lines)[0].note!, /2026-11-01–2026-11-20: 20\/30 天 days；暂停 pause 业扩#\d+ 2026-11-21–… 1000 kVA/);
  assert.equal(bc.inputs.capacityEvents[0].source, 'connections');
  assert.equal(bc.inputs.parameters, undefined);
  // every bill's total is the sum of its stored lines
  for (const x of [ba, bb, bc])
    assert.equal(
      x.totalFen,
      x.lines.reduce((s, l) => s + l.amountFen, 0),
    );

  // holidays (§2): a version of the two-part tariff from 1 October 2026 prices public holidays as valley;
  // d's October interval data (every quarter hour 0.25 kWh) is summed with the platform calendar's holidays
  const inForce = (await billing.req('GET', '/api/billing/tariffs?province=zhejiang&customerClass=commercial_industrial&on=2026-10-01')).json() as {
    code: string;
    pricing: string;
    voltage: string;
    content: Record<string, any>;
  }[];
  const cur = inForce.find((v) => v.pricing === 'two_part' && v.voltage === '10kv')!;
  const content = { ...cur.content, touCalendar: { ...cur.content.touCalendar, holidays: { ranges: [{ from: '00:00', to: '24:00', period: 'valley' }] } } };
  const admin = await t.login('admin');
  const badHol = await admin.req('POST', '/api/billing/tariffs', {
    province: 'zhejiang',
    customerClass: 'commercial_industrial',
    pricing: 'two_part',
    voltage: '10kv',
    code: 'ZJ-CI2-2026H',
    validFrom: '2026-10-01',
    validTo: null,
    content: { ...content, touCalendar: { ...content.touCalendar, holidays: { ranges: [{ from: '00:00', to: '20:00', period: 'valley' }] } } },
  });
  assert.equal(badHol.statusCode, 400);
  assert.equal(badHol.json().details[0].field, 'body.content.touCalendar.holidays.ranges');
  const pub = await admin.req('POST', '/api/billing/tariffs', {
    province: 'zhejiang',
    customerClass: 'commercial_industrial',
    pricing: 'two_part',
    voltage: '10kv',
    code: 'ZJ-CI2-2026H',
    validFrom: '2026-10-01',
    validTo: null,
    content,
  });
  assert.equal(pub.statusCode, 201, pub.body);
  const quarters: string[] = ['meter_no,register,read_at,value,flag'];
  for (let day = 1; day <= 31; day++)
    for (let q = 0; q < 96; q++)
      quarters.push(
        `${d.meter},kwh_15min,2026-10-${String(day).padStart(2, '0')} ${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')},0.25,`,
      );
  const impQ = await billing.req('POST', '/api/billing/readings/import', { fileName: 'oct-intervals.csv', text: quarters.join('\n') });
  assert.equal(impQ.statusCode, 201, impQ.body);
  const holidays = await n(`SELECT count(*)::int AS n FROM calendar_days WHERE kind = 'holiday' AND day BETWEEN '2026-10-01' AND '2026-10-31'`);
  assert.ok(holidays >= 3, `${holidays} holidays in October 2026 (国庆节)`);
  const sums = Object.fromEntries(
    (
      await t.db.query(`SELECT register, value::text AS value FROM meter_readings WHERE account_id = $1 AND cycle = '2026-10' AND mode = 'usage'`, [d.id])
    ).rows.map((r) => [r.register, Number(r.value)]),
  );
  // an ordinary October day: valley 12 h, flat 6 h, peak 6 h (1 kWh an hour); a holiday: 24 h valley
  const ordinary = 31 - holidays;
  assert.deepEqual(
    { valley: sums.kwh_valley, flat: sums.kwh_flat, peak: sums.kwh_peak, total: sums.kwh_total },
    { valley: 12 * ordinary + 24 * holidays, flat: 6 * ordinary, peak: 6 * ordinary, total: 24 * 31 },
  );
});
