import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { BASE, HAND_LOG } from './fixtures/hand.js';
import { generateQueueLog } from './demo-log.js';

test('call-centre analytics over HTTP: upload, duplicate refused, problems, KPIs, staffing, links, settings, scope', async () => {
  const t = await testApp({ customers: 20 });
  const admin = await t.login('admin');
  const sup = await t.login('supervisor');
  const taker = await t.login('calltaker');
  const count = async () => Number((await t.db.query('SELECT (SELECT count(*) FROM qa_imports) + (SELECT count(*) FROM qa_calls) AS n')).rows[0].n);

  // who may
  assert.equal((await taker.req('GET', '/api/analytics/imports')).statusCode, 403);
  assert.equal((await sup.req('POST', '/api/analytics/imports', { fileName: 'q.log', text: HAND_LOG })).statusCode, 403);

  // bad input: 4xx naming the field in both languages, nothing written
  const junk = await admin.req('POST', '/api/analytics/imports', { fileName: 'notes.txt', text: 'hello\nworld\n' });
  assert.equal(junk.statusCode, 400);
  assert.equal(junk.json().details[0].field, 'body.text');
  assert.match(junk.json().messages['zh-CN'], /queue_log/);
  assert.match(junk.json().messages.en, /queue_log/);
  const missing = await admin.req('POST', '/api/analytics/imports', { fileName: 'q.log' });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().details[0].field, 'body.text');
  const csv = await admin.req('POST', '/api/analytics/imports', { fileName: 'x.csv', format: 'csv', text: 'id,queue\n1,2\n' });
  assert.equal(csv.statusCode, 400);
  assert.match(csv.json().messages.en, /call_id, enter_at, outcome, wait_s/);
  assert.equal(await count(), 0);

  // the hand-written log: calls, problems by line
  const up = await admin.req('POST', '/api/analytics/imports', { fileName: 'queue_log', text: HAND_LOG });
  assert.equal(up.statusCode, 201, up.body);
  const imp = up.json();
  assert.deepEqual([imp.lines, imp.calls, imp.duplicateCalls, imp.problems, imp.status, imp.format], [52, 13, 0, 5, 'done', 'queue_log']);
  assert.deepEqual(
    imp.problemList.map((p: { line: number; reason: string }) => [p.line, p.reason]),
    [
      [40, 'truncated'],
      [41, 'unknown_event'],
      [42, 'bad_time'],
      [44, 'out_of_order'],
      [49, 'incomplete_call'],
    ],
  );
  assert.equal(imp.firstAt, new Date((BASE + 10) * 1000).toISOString());

  // the same file again: refused as a duplicate, nothing written
  const before = await count();
  const dup = await admin.req('POST', '/api/analytics/imports', { fileName: 'queue_log.copy', text: HAND_LOG });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().code, 'DUPLICATE_IMPORT');
  assert.equal(dup.json().importId, imp.id);
  assert.equal(dup.json().details[0].field, 'body.text');
  assert.equal(await count(), before);
  const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'analytics.import'`);
  assert.equal(audit.rows[0].n, 1);

  // list and detail
  const list = (await admin.req('GET', '/api/analytics/imports')).json();
  assert.equal(list.total, 1);
  assert.equal((await admin.req('GET', `/api/analytics/imports/${imp.id}`)).json().problemsShown, 5);
  // the supervisor's county does not hold an import filed at the admin's org unit: 404, not 403
  assert.equal((await sup.req('GET', `/api/analytics/imports/${imp.id}`)).statusCode, 404);
  assert.equal((await sup.req('GET', '/api/analytics/imports')).json().total, 0);

  // KPIs for the day (local date of 08:00 Beijing)
  const k = await admin.req('GET', '/api/analytics/kpis?from=2026-01-01&to=2026-01-01&interval=15');
  assert.equal(k.statusCode, 200, k.body);
  const r = k.json();
  assert.deepEqual([r.total.offered, r.total.answered, r.total.abandoned, r.total.shortAbandons, r.total.overflow, r.total.rejected], [9, 6, 3, 1, 3, 1]);
  assert.equal(r.total.slConvention, 'abandons_against');
  assert.ok(Math.abs(r.total.serviceLevel - 5 / 8) < 1e-9);
  assert.equal(r.intervals.length, 96);
  assert.equal(r.intervals.find((i: { offered: number }) => i.offered > 0).start, new Date(BASE * 1000).toISOString());
  assert.deepEqual(
    r.agents.map((a: { key: string }) => a.key),
    ['Agent/1001', 'Agent/1002', 'Agent/1003'],
  );
  assert.equal(r.heatmap.length, 7 * 96);
  const ign = (await admin.req('GET', '/api/analytics/kpis?from=2026-01-01&to=2026-01-01&slConvention=abandons_ignored')).json();
  assert.ok(Math.abs(ign.total.serviceLevel - 5 / 6) < 1e-9);
  // refused queries name the field
  const back = await admin.req('GET', '/api/analytics/kpis?from=2026-01-02&to=2026-01-01');
  assert.equal(back.statusCode, 400);
  assert.equal(back.json().details[0].field, 'querystring.to');
  assert.equal(
    (await admin.req('GET', '/api/analytics/kpis?from=2026-01-01&to=2026-01-01&interval=45')).json().details[0].field.startsWith('querystring.interval'),
    true,
  );
  assert.equal((await admin.req('GET', '/api/analytics/kpis?from=2026-01-01&to=2026-12-31')).json().details[0].field, 'querystring.to');

  // staffing: the published Erlang C check, and a day's forecast
  const e = (
    await sup.req('GET', '/api/analytics/staffing/erlang?calls=100&intervalMinutes=30&ahtS=180&targetS=20&targetSl=0.8&maxOccupancy=0.85&shrinkage=0.3')
  ).json();
  assert.deepEqual([e.agents, e.scheduled, Math.round(e.serviceLevel * 1e4), Math.round(e.pWait * 1e4)], [14, 20, 8884, 1741]);
  assert.ok(
    e.curve.some((c: { agents: number; asaS: number | null }) => c.agents === 10 && c.asaS === null),
    'N = A: infinite ASA',
  );
  assert.equal(
    (await sup.req('GET', '/api/analytics/staffing/erlang?calls=100&intervalMinutes=30&ahtS=180&targetS=20&targetSl=0.8&maxOccupancy=0.85&shrinkage=1')).json()
      .details[0].field,
    'querystring.shrinkage',
  );
  const f = await admin.req('GET', '/api/analytics/staffing/forecast?date=2026-01-08&weeks=1');
  assert.equal(f.statusCode, 200, f.body);
  const slot = f.json().intervals.find((i: { forecastCalls: number }) => i.forecastCalls > 0);
  assert.equal(slot.start, new Date((BASE + 7 * 86400) * 1000).toISOString());
  assert.equal(slot.forecastCalls, 9);
  assert.ok(slot.requiredAgents >= 1);

  // the CTI links a call to the work order it produced; the call list shows it
  const link = await taker.req('POST', '/api/analytics/call-links', { ctiCallId: 'c1', workOrderId: 42 });
  assert.equal(link.statusCode, 201, link.body);
  assert.equal(link.json().created, true);
  assert.equal((await taker.req('POST', '/api/analytics/call-links', { ctiCallId: 'c1', workOrderId: 42 })).json().created, false);
  assert.equal((await taker.req('POST', '/api/analytics/call-links', { ctiCallId: 'c 1', workOrderId: 42 })).json().details[0].field, 'body.ctiCallId');
  const callsRes = await admin.req('GET', '/api/analytics/calls?from=2026-01-01&to=2026-01-01&outcome=answered');
  assert.equal(callsRes.statusCode, 200, callsRes.body);
  const calls = callsRes.json();
  assert.equal(calls.total, 3);
  assert.deepEqual(calls.items.find((c: { ctiCallId: string }) => c.ctiCallId === 'c1').workOrderIds, [42]);

  // an order taken from the screen-pop carries the call's CTI id: the call shows it, the order shows the call
  const order = await taker.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    callerPhone: '13800000002',
    address: '城关路1号',
    description: '咨询',
    ctiCallId: 'c2',
  });
  assert.equal(order.statusCode, 201, order.body);
  const oid = order.json().order?.id ?? order.json().id;
  assert.equal((await taker.req('GET', `/api/workorders/${oid}`)).json().ctiCallId, 'c2');
  const bad = await taker.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    callerPhone: '13800000002',
    address: '城关路1号',
    description: '咨询',
    ctiCallId: 'c 2',
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.ctiCallId');
  const c2 = (await admin.req('GET', '/api/analytics/calls?from=2026-01-01&to=2026-01-01&ctiCallId=c2')).json();
  assert.equal(c2.total, 1);
  assert.deepEqual(
    c2.items[0].orders.map((o: { id: number }) => o.id),
    [oid],
  );
  assert.deepEqual(c2.items[0].workOrderIds, [oid]);

  // the generic CSV of another ACD
  const csvOk = await admin.req('POST', '/api/analytics/imports', {
    fileName: 'acd.csv',
    format: 'csv',
    text: 'call_id,queue,enter_at,outcome,wait_s,agent,talk_s\nx1,12398,2026-01-02T09:00:00+08:00,answered,12,王五,200\nx2,12398,2026-01-02T09:01:00+08:00,abandoned,40,,\nx3,12398,later,answered,1,,\n',
  });
  assert.equal(csvOk.statusCode, 201, csvOk.body);
  assert.deepEqual([csvOk.json().calls, csvOk.json().problems, csvOk.json().format], [2, 1, 'csv']);
  assert.equal((await admin.req('GET', '/api/analytics/kpis?from=2026-01-02&to=2026-01-02&queue=12398')).json().total.offered, 2);

  // a file larger than the app's usual 1 MiB body limit goes through the upload route
  const day = [...generateQueueLog({ start: BASE + 20 * 86400, days: 1, seed: 3, callsPerDay: 8000 })].flat().join('\n') + '\n';
  assert.ok(day.length > 1024 * 1024, `${day.length} characters`);
  const big = await admin.req('POST', '/api/analytics/imports', { fileName: 'day.log', text: day });
  assert.equal(big.statusCode, 201, big.body.slice(0, 300));
  assert.ok(big.json().calls > 5000);

  // settings: policy data, changed by an admin only
  const s = (await sup.req('GET', '/api/analytics/settings')).json();
  assert.equal(s.kpi.shortAbandonS, 10);
  assert.equal((await sup.req('PUT', '/api/analytics/settings', s)).statusCode, 403);
  const put = await admin.req('PUT', '/api/analytics/settings', { ...s, kpi: { ...s.kpi, shortAbandonS: 0 } });
  assert.equal(put.statusCode, 200, put.body);
  const k0 = (await admin.req('GET', '/api/analytics/kpis?from=2026-01-01&to=2026-01-01')).json();
  assert.equal(k0.total.shortAbandons, 0);
  assert.equal(
    (await admin.req('PUT', '/api/analytics/settings', { ...s, kpi: { ...s.kpi, serviceLevelS: 0 } })).json().details[0].field,
    'body.kpi.serviceLevelS',
  );
});
