/**
 * Satisfaction over HTTP against real PostgreSQL: IVR ratings from a file keyed by call id (linked
 * to the call's order, idempotent), the end-of-call question, the survey designer with versions,
 * invitations by SMS with a signed single-use link, the public answer page, the dashboard with
 * callback results, improvement plans, bad input and org scope.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

const t = await testApp({ customers: 40 });
const admin = await t.login('admin');
const sup = await t.login('supervisor');
const taker = await t.login('calltaker');
const dispatcher = await t.login('dispatcher');
const hxUnit = (await t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH-HX'`)).rows[0].id as number;
const mk = await admin.req('POST', '/api/users', {
  username: 'hx_sup',
  displayName: '监察（河西）',
  role: 'supervisor',
  orgUnitId: hxUnit,
  password: 'Hexi-Supervisor-2026!',
});
assert.equal(mk.statusCode, 201, mk.body);
const other = await t.login('hx_sup', 'Hexi-Supervisor-2026!'); // another station: sees none of Chengguan's
const anon = (method: 'GET' | 'POST', url: string, body?: unknown) => t.app.inject({ method, url, payload: body as object });

const customer = (
  await t.db.query(`SELECT c.id, sp.id AS sp_id FROM customers c JOIN service_points sp ON sp.customer_id = c.id JOIN org_units o ON o.id = sp.org_unit_id
  WHERE o.code = 'SF-QH-CG' ORDER BY c.id LIMIT 1`)
).rows[0];
const station = (await t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH-CG'`)).rows[0].id as number;
const count = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function handledComplaint() {
  const r = await taker.req('POST', '/api/workorders', {
    orderType: 'complaint',
    subtype: 'service',
    channel: 'phone',
    customerId: customer.id,
    servicePointId: customer.sp_id,
    callerPhone: '13912345678',
    description: '抄表员态度差',
  });
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json().order as { id: number; orderNo: string };
  assert.equal((await dispatcher.req('POST', `/api/workorders/${o.id}/transitions`, { action: 'dispatch', orgUnitId: station })).statusCode, 200);
  assert.equal((await dispatcher.req('POST', `/api/workorders/${o.id}/transitions`, { action: 'start' })).statusCode, 200);
  const h = await dispatcher.req('POST', `/api/workorders/${o.id}/transitions`, { action: 'handle', result: '已道歉', cause: '服务态度' });
  assert.equal(h.statusCode, 200, h.body);
  return o;
}

const order = await handledComplaint();
const order2 = await handledComplaint();

test('IVR ratings: a file keyed by call id, linked to the call and its order, problems by line, idempotent', async () => {
  const at = new Date(Date.now() - 3_600_000);
  const iso = (d: Date) => d.toISOString();
  const calls = [
    'call_id,queue,enter_at,outcome,wait_s,agent,talk_s',
    `ivr-1,95598,${iso(at)},answered,12,agent1,120`,
    `ivr-2,95598,${iso(at)},answered,30,agent2,60`,
  ].join('\n');
  const up = await admin.req('POST', '/api/analytics/imports', { fileName: 'calls.csv', format: 'csv', text: calls + '\n' });
  assert.equal(up.statusCode, 201, up.body);
  assert.equal((await taker.req('POST', '/api/analytics/call-links', { ctiCallId: 'ivr-1', workOrderId: order.id })).statusCode, 201);

  const rated = iso(new Date(at.getTime() + 300_000));
  const file = ['call_id,rated_at,key', `ivr-1,${rated},5`, `ivr-2,${rated},3`, `ivr-9,${rated},4`, `ivr-1,${rated},2`, `ivr-2,${rated},7`].join('\n');
  assert.equal((await taker.req('POST', '/api/satisfaction/ivr-imports', { fileName: 'ivr.csv', text: file })).statusCode, 403);
  const r = await admin.req('POST', '/api/satisfaction/ivr-imports', { fileName: 'ivr.csv', text: file });
  assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual([r.json().lines, r.json().stored, r.json().duplicates], [5, 2, 0]);
  assert.deepEqual(
    r.json().problems.map((p: { line: number; reason: string }) => `${p.line}:${p.reason}`),
    ['4:unknown_call', '5:repeated_call', '6:bad_key'],
  );
  const stored = (
    await t.db.query(
      `SELECT cti_call_id, order_id, overall, org_path, segment, channel, order_type FROM sat_responses WHERE method = 'ivr' ORDER BY cti_call_id`,
    )
  ).rows;
  assert.equal(Number(stored[0].order_id), order.id);
  assert.deepEqual([stored[0].overall, stored[0].channel, stored[0].order_type, stored[0].segment], [5, 'phone', 'complaint', 'residential']);
  assert.equal(stored[1].order_id, null);
  // the same file again: the earlier result, nothing written
  const again = await admin.req('POST', '/api/satisfaction/ivr-imports', { fileName: 'ivr-again.csv', text: file });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().id, r.json().id);
  assert.equal(await count('sat_responses'), 2);
  // another file rating a call already rated: a duplicate, not stored twice
  const other = await admin.req('POST', '/api/satisfaction/ivr-imports', { fileName: 'ivr2.csv', text: `call_id,rated_at,key\nivr-1,${rated},1\n` });
  assert.deepEqual([other.statusCode, other.json().stored, other.json().duplicates], [201, 0, 1]);
  assert.equal(await count('sat_responses'), 2);
  // bad input: the field named, nothing written
  const bad = await admin.req('POST', '/api/satisfaction/ivr-imports', { fileName: 'x.csv' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.text');
});

test('end-of-call question: on the policy scale, once per call, the order in scope', async () => {
  const bad = await taker.req('POST', '/api/satisfaction/end-of-call', { orderId: order.id, ctiCallId: 'eoc-1', score: 6 });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.score');
  assert.ok(bad.json().messages['zh-CN'] && bad.json().messages.en);
  const r = await taker.req('POST', '/api/satisfaction/end-of-call', { orderId: order.id, ctiCallId: 'eoc-1', score: 4 });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().response.orderNo, order.orderNo);
  const again = await taker.req('POST', '/api/satisfaction/end-of-call', { orderId: order.id, ctiCallId: 'eoc-1', score: 2 });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().stored, false);
  assert.equal(again.json().response.overall, 4);
  const hx = await t.login('hx_calltaker');
  assert.equal((await hx.req('POST', '/api/satisfaction/end-of-call', { orderId: order.id, score: 4 })).statusCode, 404);
});

const design = {
  name: '投诉处理满意度',
  touchPoint: 'complaint',
  questions: [
    { key: 'overall', type: 'scale5', textZh: '总体满意度', textEn: 'Overall', required: true, role: 'overall' },
    { key: 'speed', type: 'scale10', textZh: '处理速度', textEn: 'Speed', required: true, role: 'attribute', attribute: 'speed' },
    { key: 'note', type: 'text', textZh: '意见', textEn: 'Comments', required: false },
  ],
};

let token = '';
let surveyId = 0;

test('survey designer: design checked, published versions frozen, invitations by SMS with a signed link', async () => {
  const before = await count('sat_surveys');
  const bad = await sup.req('POST', '/api/satisfaction/surveys', { ...design, questions: [{ ...design.questions[1] }] });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.questions');
  assert.equal(await count('sat_surveys'), before);
  const c = await sup.req('POST', '/api/satisfaction/surveys', design);
  assert.equal(c.statusCode, 201, c.body);
  surveyId = c.json().id;
  assert.deepEqual([c.json().status, c.json().version, c.json().sampling.orderTypes], ['draft', 1, ['complaint']]);
  assert.equal((await sup.req('POST', `/api/satisfaction/surveys/${surveyId}/invitations`, {})).statusCode, 409, 'a draft sends nothing');
  const pub = await sup.req('POST', `/api/satisfaction/surveys/${surveyId}/publish`);
  assert.equal(pub.json().status, 'published');
  // editing the published version makes version 2's draft; version 1 stays as it was
  const v2 = await sup.req('PUT', `/api/satisfaction/surveys/${surveyId}`, { ...design, name: '投诉处理满意度（二版）' });
  assert.equal(v2.statusCode, 200, v2.body);
  assert.deepEqual([v2.json().version, v2.json().status, v2.json().surveyKey], [2, 'draft', c.json().surveyKey]);
  assert.equal((await sup.req('GET', `/api/satisfaction/surveys/${surveyId}`)).json().name, design.name);
  assert.equal((await sup.req('PUT', `/api/satisfaction/surveys/${surveyId}`, design)).statusCode, 409, 'one draft at a time');
  // out of scope: 404
  assert.equal((await other.req('GET', `/api/satisfaction/surveys/${surveyId}`)).statusCode, 404);

  const outbox = await count('outbox');
  const inv = await sup.req('POST', `/api/satisfaction/surveys/${surveyId}/invitations`, { orderIds: [order.id] });
  assert.equal(inv.statusCode, 200, inv.body);
  assert.equal(inv.json().invited, 1);
  assert.equal(await count('outbox'), outbox + 1);
  const sms = (await t.db.query(`SELECT channel, recipient, body FROM outbox WHERE event = 'survey.invitation' ORDER BY id DESC LIMIT 1`)).rows[0];
  assert.deepEqual([sms.channel, sms.recipient], ['sms', '13912345678']);
  token = /\/public\/survey\/([^\s（]+)/.exec(sms.body)![1];
  // the same order again: not invited twice
  assert.equal((await sup.req('POST', `/api/satisfaction/surveys/${surveyId}/invitations`, { orderIds: [order.id] })).json().invited, 0);
});

test('public answer page: no login, answers outside the scale refused by name, one answer per link, expiry', async () => {
  const g = await anon('GET', `/api/public/surveys/${token}`);
  assert.equal(g.statusCode, 200, g.body);
  assert.equal(g.json().orderNo, order.orderNo);
  assert.equal(g.json().questions.length, 3);
  const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
  assert.equal((await anon('GET', `/api/public/surveys/${tampered}`)).statusCode, 404);

  const before = await count('sat_responses');
  const bad = await anon('POST', `/api/public/surveys/${token}`, { answers: { overall: 6, speed: 11 } });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(
    bad.json().details.map((d: { field: string }) => d.field),
    ['body.answers.overall', 'body.answers.speed'],
  );
  assert.equal(await count('sat_responses'), before);
  const ok = await anon('POST', `/api/public/surveys/${token}`, { answers: { overall: 4, speed: 9, note: '很快' } });
  assert.equal(ok.statusCode, 201, ok.body);
  const twice = await anon('POST', `/api/public/surveys/${token}`, { answers: { overall: 1, speed: 1 } });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().code, 'SURVEY_ANSWERED');
  assert.equal(await count('sat_responses'), before + 1);

  // an expired link
  await sup.req('POST', `/api/satisfaction/surveys/${surveyId}/invitations`, { orderIds: [order2.id] });
  const sms = (await t.db.query(`SELECT body FROM outbox WHERE event = 'survey.invitation' ORDER BY id DESC LIMIT 1`)).rows[0];
  const t2 = /\/public\/survey\/([^\s（]+)/.exec(sms.body)![1];
  await t.db.query(`UPDATE sat_invitations SET expires_at = now() - interval '1 second' WHERE order_id = $1`, [order2.id]);
  const exp = await anon('POST', `/api/public/surveys/${t2}`, { answers: { overall: 4, speed: 9 } });
  assert.equal(exp.statusCode, 409);
  assert.equal(exp.json().code, 'SURVEY_EXPIRED');

  // a customer who wants no SMS is not invited
  const order3 = await handledComplaint();
  await t.db.query(`INSERT INTO notification_prefs (customer_id, sms, email) VALUES ($1, false, false)`, [customer.id]);
  const none = await sup.req('POST', `/api/satisfaction/surveys/${surveyId}/invitations`, { orderIds: [order3.id] });
  assert.deepEqual([none.json().invited, none.json().skipped], [0, 1]);
  await t.db.query(`DELETE FROM notification_prefs WHERE customer_id = $1`, [customer.id]);

  const res = (await sup.req('GET', `/api/satisfaction/surveys/${surveyId}/results`)).json();
  assert.deepEqual([res.invitations, res.answered, res.expired], [2, 1, 1]);
  assert.deepEqual(res.questions[2].comments, ['很快']);
  assert.equal(res.questions[0].distribution.find((d: { value: string }) => d.value === '4').count, 1);
});

test('dashboard: every method, callback results through the work orders, minimum sample, by segment, drivers', async () => {
  // a callback result on the second order (satisfied → 5 by the policy's table)
  const cb = (await taker.req('GET', '/api/callbacks')).json().items.find((c: { orderId: number }) => c.orderId === order2.id);
  assert.equal((await taker.req('POST', `/api/callbacks/${cb.id}/result`, { result: 'satisfied' })).statusCode, 200);

  const q = `/api/satisfaction/dashboard?from=${today}&to=${today}`;
  const d0 = (await admin.req('GET', q)).json();
  assert.equal(d0.overall.n, 5);
  assert.equal(d0.overall.value, null, 'below the default minimum sample of 30');
  const policy = (await admin.req('GET', '/api/satisfaction/settings')).json();
  const badPolicy = await admin.req('PUT', '/api/satisfaction/settings', { ...policy, ivrScale: { min: 5, max: 1 } });
  assert.equal(badPolicy.statusCode, 400);
  assert.equal(badPolicy.json().details[0].field, 'body.ivrScale.max');
  const put = await admin.req('PUT', '/api/satisfaction/settings', { ...policy, minSample: 1, minSampleDriver: 3 });
  assert.equal(put.statusCode, 200, put.body);
  const d = (await admin.req('GET', q)).json();
  // ivr 5 and 3, end-of-call 4, survey 4 (all 1–5), callback satisfied 5 → 100, 50, 75, 75, 100 → 80.0
  assert.deepEqual(d.overall, { n: 5, value: 80 });
  // the method is policy data: top-box with one box counts the 5s only → 2 of 5 = 40.0
  assert.equal(
    (await admin.req('PUT', '/api/satisfaction/settings', { ...policy, minSample: 1, minSampleDriver: 3, indexMethod: 'top_box', topBoxes: 1 })).statusCode,
    200,
  );
  const tb = (await admin.req('GET', q)).json();
  assert.deepEqual([tb.overall, tb.definition.indexMethod], [{ n: 5, value: 40 }, 'top_box']);
  assert.equal((await admin.req('PUT', '/api/satisfaction/settings', { ...policy, minSample: 1, minSampleDriver: 3 })).statusCode, 200);
  assert.deepEqual(
    d.bySegment.method.map((m: { key: string; n: number }) => `${m.key}:${m.n}`),
    ['callback:1', 'end_of_call:1', 'ivr:2', 'survey:1'],
  );
  assert.equal(d.trend.length, 1);
  assert.equal(d.drivers.drivers[0].attribute, 'speed');
  assert.equal(d.definition.indexMethod, 'mean');
  // the supervisor's county sees its own responses only (ivr-2's call belongs to the province)
  assert.equal((await sup.req('GET', q)).json().overall.n, 4);
  assert.equal((await other.req('GET', q)).json().overall.n, 0);
  const wrong = await sup.req('GET', `/api/satisfaction/dashboard?from=${today}&to=2000-01-01`);
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().details[0].field, 'querystring.to');
});

test('improvement plans: baseline measured, PDCA order enforced, re-measurement, audited, scoped', async () => {
  const supId = Number((await t.db.query(`SELECT id FROM users WHERE username = 'supervisor'`)).rows[0].id);
  const managerId = Number((await t.db.query(`SELECT id FROM users WHERE username = 'manager'`)).rows[0].id); // above the supervisor's county
  const body = { title: '提升投诉处理满意度', indicator: { dimension: 'orderType', key: 'complaint', windowDays: 30 }, target: 90, ownerId: supId };
  const badOwner = await sup.req('POST', '/api/satisfaction/plans', { ...body, ownerId: managerId });
  assert.equal(badOwner.statusCode, 400);
  assert.equal(badOwner.json().details[0].field, 'body.ownerId');
  const c = await sup.req('POST', '/api/satisfaction/plans', body);
  assert.equal(c.statusCode, 201, c.body);
  const plan = c.json();
  // complaint responses in the supervisor's scope: ivr 5, end-of-call 4, survey 4, callback 5 → 100, 75, 75, 100 → 87.5
  assert.deepEqual([plan.baseline, plan.baselineN, plan.stage], [87.5, 4, 'plan']);
  const move = (to: string, version: number) => sup.req('POST', `/api/satisfaction/plans/${plan.id}/move`, { to, version });
  const noAction = await move('do', plan.version);
  assert.equal(noAction.statusCode, 409);
  assert.equal(noAction.json().code, 'PDCA_ACTIONS');
  const withAction = (await sup.req('POST', `/api/satisfaction/plans/${plan.id}/actions`, { title: '回访话术培训', dueOn: today })).json();
  assert.equal((await move('do', plan.version)).statusCode, 409, 'a stale version is refused');
  let p = (await move('do', withAction.version)).json();
  assert.equal(p.stage, 'do');
  p = (await sup.req('POST', `/api/satisfaction/plans/${plan.id}/actions/${p.actions[0].id}/done`, { doneOn: today })).json();
  p = (await move('check', p.version)).json();
  const early = await move('act', p.version);
  assert.equal(early.json().code, 'PDCA_MEASUREMENT');
  const m = await sup.req('POST', `/api/satisfaction/plans/${plan.id}/measurements`);
  assert.equal(m.statusCode, 201, m.body);
  p = m.json();
  assert.deepEqual(
    p.measurements.map((x: { value: number; n: number; metTarget: boolean }) => [x.value, x.n, x.metTarget]),
    [[87.5, 4, false]],
  );
  p = (await move('act', p.version)).json();
  assert.deepEqual(p.nextStages, ['plan', 'closed']);
  assert.equal((await other.req('GET', `/api/satisfaction/plans/${plan.id}`)).statusCode, 404);
  const audit = (
    await t.db.query(`SELECT action FROM audit_log WHERE entity = 'improvement_plan' AND entity_id = $1 ORDER BY seq`, [String(plan.id)])
  ).rows.map((r) => r.action);
  assert.deepEqual(audit, ['pdca.create', 'pdca.action_add', 'pdca.move', 'pdca.action_done', 'pdca.move', 'pdca.measure', 'pdca.move']);
});

test('the public survey endpoints are rate-limited per address', async () => {
  let limited = 0;
  for (let i = 0; i < 40 && limited === 0; i++) if ((await anon('GET', '/api/public/surveys/1.aaaaaaaaaaaaaaaa.bad')).statusCode === 429) limited = i + 1;
  assert.ok(limited > 0 && limited <= 31, `429 after ${limited} requests`);
});
