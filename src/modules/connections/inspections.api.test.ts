/**
 * 大客户年度检查 through the API: the year's plan for every large customer (once: a second run adds
 * only new ones), a result with findings and its rectification deadline, rectification, the states
 * and counts, bad input refused naming the field with nothing written, out of scope answering 404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp } from '../../../test/support/app.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-insp-'));
const large = (name: string, kva: number) => ({
  kind: 'new',
  customerClass: 'hv_single',
  channel: 'counter',
  applicantName: name,
  applicantPhone: '05318888888',
  address: '清河县工业园 1 号',
  voltageKv: 10,
  requestedKva: kva,
  legalEntity: true,
  industry: 'industrial',
});

test('annual inspections of large customers: plan once, result with findings, rectification; refusals write nothing; 404 out of scope', async () => {
  const t = await testApp({ customers: 40, config: { dataDir } });
  const m = await t.login('marketing');
  for (const [n, kva] of [
    ['清河钢铁有限公司', 4000],
    ['清河水泥有限公司', 2500],
    ['清河面粉厂', 315],
  ] as const)
    assert.equal((await m.req('POST', '/api/connections', large(n, kva))).statusCode, 201);

  const year = new Date().getUTCFullYear() + 1;
  const plan = await m.req('POST', '/api/connections/inspections/plan', { year });
  assert.equal(plan.statusCode, 200, plan.body);
  assert.deepEqual(plan.json(), { year, created: 2, alreadyPlanned: 0 }, 'only the two large customers');
  assert.deepEqual((await m.req('POST', '/api/connections/inspections/plan', { year })).json(), { year, created: 0, alreadyPlanned: 2 });

  let list = (await m.req('GET', `/api/connections/inspections?year=${year}`)).json();
  assert.equal(list.total, 2);
  assert.equal(list.unplanned, 0);
  assert.deepEqual(
    list.items.map((i: { customerName: string; state: string; plannedOn: string }) => [i.customerName, i.state, i.plannedOn]),
    [
      ['清河钢铁有限公司', 'planned', `${year}-03-15`],
      ['清河水泥有限公司', 'planned', `${year}-04-15`],
    ],
  );
  const [steel] = list.items;

  // a result next year is in the future: refused naming the field, nothing written
  const audits = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'large_customer_inspection'`)).rows[0].n;
  const before = await audits();
  const future = await m.req('POST', `/api/connections/inspections/${steel.id}/result`, { doneOn: `${year}-03-10`, findings: [] });
  assert.equal(future.statusCode, 400);
  assert.deepEqual(
    future.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    [['body.doneOn', 'not_future']],
  );
  const badSeverity = await m.req('POST', `/api/connections/inspections/${steel.id}/result`, {
    doneOn: `${year}-03-10`,
    findings: [{ item: 'x', severity: 'huge' }],
  });
  assert.equal(badSeverity.statusCode, 400);
  assert.equal(await audits(), before);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM large_customer_inspections WHERE done_on IS NOT NULL`)).rows[0].n, 0);

  // this year's plan: a result today with a finding, rectification 30 days later by policy
  const thisYear = new Date().getUTCFullYear();
  const p2 = await m.req('POST', '/api/connections/inspections/plan', { year: thisYear });
  assert.equal(p2.json().created, 2);
  list = (await m.req('GET', `/api/connections/inspections?year=${thisYear}`)).json();
  const today = list.today as string;
  assert.ok(
    list.items.every((i: { plannedOn: string; state: string }) => i.plannedOn >= today && i.state === 'planned'),
    'no inspection is born overdue',
  );
  const first = list.items[0];
  const done = await m.req('POST', `/api/connections/inspections/${first.id}/result`, {
    doneOn: today,
    findings: [{ item: '高压室接地电阻超标', severity: 'major' }],
    note: '已告知客户电工',
  });
  assert.equal(done.statusCode, 200, done.body);
  const expectedDue = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  assert.equal(done.json().rectificationDue, expectedDue);
  assert.equal(done.json().state, 'rectifying');
  assert.equal((await m.req('POST', `/api/connections/inspections/${first.id}/result`, { doneOn: today, findings: [] })).statusCode, 409);
  const fixed = await m.req('POST', `/api/connections/inspections/${first.id}/rectified`, { rectifiedOn: today });
  assert.equal(fixed.statusCode, 200, fixed.body);
  assert.equal(fixed.json().state, 'closed');
  assert.equal((await m.req('POST', `/api/connections/inspections/${first.id}/rectified`, { rectifiedOn: today })).statusCode, 409);
  const counts = (await m.req('GET', `/api/connections/inspections?year=${thisYear}`)).json().counts;
  assert.equal(counts.closed, 1);
  assert.equal(counts.planned, 1);
  const actions = (await t.db.query(`SELECT action FROM audit_log WHERE entity = 'large_customer_inspection' ORDER BY seq`)).rows.map((r) => r.action);
  assert.deepEqual(actions, ['inspection.plan', 'inspection.plan', 'inspection.plan', 'inspection.result', 'inspection.rectified']);

  // a station's call-taker-level user outside the county's subtree does not see it
  const hx = await t.login('hx_calltaker');
  const out = await hx.req('POST', `/api/connections/inspections/${first.id}/rectified`, { rectifiedOn: today });
  assert.ok([403, 404].includes(out.statusCode), out.body);
});
