/** Work orders over HTTP against real PostgreSQL: intake, idempotency, lifecycle, 409s, callbacks, bad input, scope. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

const t = await testApp({ customers: 60 });
const calltaker = await t.login('calltaker');
const dispatcher = await t.login('dispatcher');
const supervisor = await t.login('supervisor');
const hx = await t.login('hx_calltaker');

const customer = (
  await t.db
    .query(`SELECT c.id, sp.id AS sp_id, c.phone, o.path FROM customers c JOIN service_points sp ON sp.customer_id = c.id JOIN org_units o ON o.id = sp.org_unit_id
  WHERE o.code = 'SF-QH-CG' AND c.phone IS NOT NULL ORDER BY c.id LIMIT 1`)
).rows[0];
const station = (await t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH-CG'`)).rows[0].id as number;

async function counts() {
  const r = await t.db.query(`SELECT (SELECT count(*) FROM work_orders)::int AS orders, (SELECT count(*) FROM audit_log)::int AS audit,
    (SELECT count(*) FROM order_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox`);
  return r.rows[0];
}

function complaint(extra: Record<string, unknown> = {}) {
  return {
    orderType: 'complaint',
    subtype: 'service',
    channel: 'phone',
    customerId: customer.id,
    servicePointId: customer.sp_id,
    callerPhone: customer.phone ?? '13800000000',
    description: '营业厅工作人员态度差',
    ...extra,
  };
}

test('intake answers 201 with the order, its number and both complaint clocks', async () => {
  const before = await counts();
  const res = await calltaker.req('POST', '/api/workorders', complaint());
  assert.equal(res.statusCode, 201, res.body);
  const { order } = res.json();
  assert.match(order.orderNo, /^\d{12}$/);
  assert.equal(order.status, 'accepted');
  assert.deepEqual(
    order.clocks.map((c: { name: string; state: string }) => [c.name, c.state]),
    [
      ['contact', 'running'],
      ['reply', 'running'],
    ],
  );
  assert.ok(order.clocks.every((c: { dueAt: string }) => Date.parse(c.dueAt) > Date.now()));
  const after = await counts();
  assert.equal(after.orders, before.orders + 1);
  assert.equal(after.audit, before.audit + 1);
  assert.equal(after.events, before.events + 1);
  assert.ok(after.outbox > before.outbox, 'acknowledgement SMS in the outbox');
});

test('a retried intake with the same Idempotency-Key returns the first order', async () => {
  const key = 'retry-key-0001';
  const first = await calltaker.req('POST', '/api/workorders', complaint({ description: '重复提交测试' }), { 'idempotency-key': key });
  assert.equal(first.statusCode, 201);
  const before = await counts();
  const again = await calltaker.req('POST', '/api/workorders', complaint({ description: '重复提交测试' }), { 'idempotency-key': key });
  assert.equal(again.statusCode, 200);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.json().order.id, first.json().order.id);
  assert.deepEqual(await counts(), before);
  // duplicates of the same customer are shown on intake
  assert.ok(first.json().duplicates.length >= 1);
});

const bad: [string, Record<string, unknown>, string, string][] = [
  ['unknown type', { orderType: 'weather' }, 'body.orderType', 'enum'],
  ['unknown channel', { channel: 'pigeon' }, 'body.channel', 'enum'],
  ['subtype not of the type', { subtype: 'meter_test' }, 'body.subtype', 'enum'],
  ['received time in the future', { receivedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'body.receivedAt', 'future'],
  ['phone call received two days ago', { receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }, 'body.receivedAt', 'backdate'],
  ['phone in a wrong format', { callerPhone: '12345' }, 'body.callerPhone', 'pattern'],
  ['anonymous without address', { customerId: undefined, servicePointId: undefined }, 'body.address', 'required'],
  ['service point of another customer', { servicePointId: 999999 }, 'body.servicePointId', 'exists'],
];
for (const [name, patch, field, rule] of bad) {
  test(`bad input, ${name}: 400 naming ${field}, nothing written`, async () => {
    const before = await counts();
    const body = JSON.parse(JSON.stringify(complaint(patch)));
    const res = await calltaker.req('POST', '/api/workorders', body);
    assert.equal(res.statusCode, 400, res.body);
    const d = res.json().details.find((x: { field: string }) => x.field === field);
    assert.ok(d, `${field} in ${res.body}`);
    assert.equal(d.rule, rule);
    assert.deepEqual(await counts(), before);
  });
}

test('a letter may carry the day it was actually received; its clocks start then', async () => {
  const receivedAt = '2025-09-26T02:00:00.000Z';
  const res = await calltaker.req('POST', '/api/workorders', complaint({ channel: 'letter', receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }));
  assert.equal(res.statusCode, 201, res.body);
  const dl = await calltaker.req('GET', `/api/calendar/deadline?from=${encodeURIComponent(receivedAt)}&workingDays=5`);
  assert.equal(dl.json().dueAt, '2025-10-10T16:00:00.000Z'); // 2025-10-10 24:00 Asia/Shanghai
});

async function newOrder(body = complaint()) {
  const res = await calltaker.req('POST', '/api/workorders', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json().order as { id: number; orderNo: string };
}
const act = (s: typeof calltaker, id: number, body: Record<string, unknown>) => s.req('POST', `/api/workorders/${id}/transitions`, body);

test('the closed loop: dispatch, work, pause, handle, callback, close', async () => {
  const o = await newOrder();
  let r = await act(dispatcher, o.id, { action: 'dispatch', orgUnitId: station });
  assert.equal(r.statusCode, 200, r.body);
  r = await act(dispatcher, o.id, { action: 'start' });
  assert.equal(r.json().status, 'in_progress');
  r = await act(dispatcher, o.id, { action: 'pause', reason: 'waiting_customer', note: '客户出差' });
  assert.equal(r.json().status, 'waiting_customer');
  assert.ok(r.json().clocks.some((c: { state: string }) => c.state === 'paused'));
  r = await act(dispatcher, o.id, { action: 'resume' });
  assert.equal(r.json().status, 'in_progress');
  r = await act(dispatcher, o.id, { action: 'handle', result: '已道歉并整改', cause: '服务态度' });
  assert.equal(r.json().status, 'callback', 'complaints always get a callback');
  const cb = (await calltaker.req('GET', '/api/callbacks')).json().items.find((c: { orderId: number }) => c.orderId === o.id);
  assert.ok(cb);
  r = await calltaker.req('POST', `/api/callbacks/${cb.id}/result`, { result: 'satisfied', score: 5 });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().order.status, 'closed');
  const detail = (await calltaker.req('GET', `/api/workorders/${o.id}/detail`)).json();
  assert.deepEqual(
    detail.timeline.map((e: { action: string }) => e.action),
    ['accept', 'dispatch', 'start', 'pause', 'resume', 'handle', 'start_callback', 'close'],
  );
  assert.ok(detail.order.clocks.every((c: { state: string }) => c.state === 'met'));
  assert.ok(detail.slaEvents.some((e: { kind: string }) => e.kind === 'met'));
  const who = (
    await t.db.query(
      'SELECT c.name, a.account_no FROM service_points sp JOIN customers c ON c.id = sp.customer_id JOIN customer_accounts a ON a.id = sp.account_id WHERE sp.id = $1',
      [detail.order.servicePointId],
    )
  ).rows[0];
  assert.deepEqual(detail.customer, { id: detail.order.customerId, name: who.name, accountNo: who.account_no }, 'the customer by name and account number');
  const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity = 'work_order' AND entity_id = $1 ORDER BY seq`, [String(o.id)]);
  assert.deepEqual(
    audit.rows.map((a) => a.action),
    ['workorder.create', 'workorder.dispatch', 'workorder.start', 'workorder.pause', 'workorder.resume', 'workorder.handle', 'workorder.callback'],
  );
});

test('a dissatisfied callback reopens the order', async () => {
  const o = await newOrder();
  await act(dispatcher, o.id, { action: 'dispatch', orgUnitId: station });
  await act(dispatcher, o.id, { action: 'start' });
  await act(dispatcher, o.id, { action: 'handle', result: '已处理' });
  const cb = (await calltaker.req('GET', '/api/callbacks')).json().items.find((c: { orderId: number }) => c.orderId === o.id);
  const bad = await calltaker.req('POST', `/api/callbacks/${cb.id}/result`, { result: 'dissatisfied' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.reason');
  const r = await calltaker.req('POST', `/api/callbacks/${cb.id}/result`, { result: 'dissatisfied', reason: '问题未解决' });
  assert.equal(r.json().order.status, 'dispatched');
  const view = (await calltaker.req('GET', `/api/workorders/${o.id}`)).json();
  assert.equal(view.reopenCount, 1);
  assert.equal(view.satisfaction, 'dissatisfied');
});

test('an invalid transition answers 409 naming the current state and the allowed actions', async () => {
  const o = await newOrder();
  const before = await counts();
  const r = await act(dispatcher, o.id, { action: 'handle', result: 'x' });
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().currentState, 'accepted');
  assert.deepEqual(r.json().allowedActions, ['dispatch', 'record_contact', 'suspend', 'close_on_spot', 'request_termination', 'merge']);
  assert.deepEqual(await counts(), before);
});

test('termination needs a supervisor; a pause the policy does not pause is refused', async () => {
  const o = await newOrder();
  await act(dispatcher, o.id, { action: 'dispatch', orgUnitId: station });
  await act(dispatcher, o.id, { action: 'start' });
  const paused = await act(dispatcher, o.id, { action: 'pause', reason: 'waiting_parts' });
  assert.equal(paused.statusCode, 400);
  assert.equal(paused.json().details[0].rule, 'policy_does_not_pause');
  assert.equal((await act(dispatcher, o.id, { action: 'request_termination', reason: '客户撤诉' })).json().status, 'termination_requested');
  assert.equal((await act(dispatcher, o.id, { action: 'approve_termination', note: 'ok' })).statusCode, 403);
  const r = await act(supervisor, o.id, { action: 'approve_termination', note: '同意终止' });
  assert.equal(r.json().status, 'terminated');
  assert.ok(r.json().clocks.every((c: { state: string }) => c.state === 'stopped'));
});

test('complaint merges need a supervisor; the merged order points to the survivor', async () => {
  const a = await newOrder();
  const b = await newOrder();
  const denied = await calltaker.req('POST', `/api/workorders/${b.id}/merge`, { survivorId: a.id, note: '重复' });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().details[0].rule, 'complaint_merge_needs_supervisor');
  const ok = await supervisor.req('POST', `/api/workorders/${b.id}/merge`, { survivorId: a.id, note: '同一诉求' });
  assert.equal(ok.statusCode, 200, ok.body);
  const merged = (await calltaker.req('GET', `/api/workorders/${b.id}`)).json();
  assert.equal(merged.status, 'merged');
  assert.equal(merged.mergedIntoId, a.id);
  const survivor = (await calltaker.req('GET', `/api/workorders/${a.id}/detail`)).json();
  assert.ok(survivor.timeline.some((e: { action: string; data: { mergedId: number } }) => e.action === 'absorb' && e.data.mergedId === b.id));
  const link = await calltaker.req('POST', `/api/workorders/${a.id}/links`, { relatedId: (await newOrder()).id });
  assert.equal(link.statusCode, 201);
});

test('org scope: an order of another station answers 404; the first-question owner keeps seeing it', async () => {
  const o = await newOrder();
  assert.equal((await hx.req('GET', `/api/workorders/${o.id}`)).statusCode, 404);
  const hxCustomer = (await t.db.query(`SELECT c.id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.code = 'SF-QH-HX' LIMIT 1`)).rows[0];
  const own = await hx.req('POST', '/api/workorders', { orderType: 'consultation', channel: 'phone', customerId: hxCustomer.id, description: '电价咨询' });
  assert.equal(own.statusCode, 201, own.body);
  const id = own.json().order.id;
  await act(dispatcher, id, { action: 'dispatch', orgUnitId: station }); // moved out of the Hexi subtree
  assert.equal((await hx.req('GET', `/api/workorders/${id}`)).statusCode, 200, 'owner still sees it');
});

test('the work queue lists open orders with countdowns and filters', async () => {
  const r = await dispatcher.req('GET', '/api/workorders?orderType=complaint&limit=5');
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.ok(body.items.length > 0);
  assert.ok(
    body.items.every((i: { orderType: string; remainingMs: number | null; clocks: unknown[] }) => i.orderType === 'complaint' && Array.isArray(i.clocks)),
  );
  const dues = body.items.map((i: { nextDueAt: string | null }) => i.nextDueAt).filter(Boolean);
  assert.deepEqual(dues, [...dues].sort());
  const mine = (await calltaker.req('GET', '/api/workorders?owner=me&view=all&limit=200')).json();
  assert.ok(mine.items.length >= 5);
  assert.equal((await dispatcher.req('GET', '/api/workorders?slaState=red')).statusCode, 400);
  assert.ok(
    mine.items.every((i: { ownerName: string }) => i.ownerName === '座席 赵敏'),
    'owner names shown',
  );
  const ofCustomer = (await dispatcher.req('GET', `/api/workorders?customerId=${customer.id}&view=all&limit=200`)).json();
  assert.ok(ofCustomer.items.length >= 1);
  const expected = (await t.db.query('SELECT count(*)::int AS n FROM work_orders WHERE customer_id = $1', [customer.id])).rows[0].n;
  assert.equal(ofCustomer.items.length, expected, "the customer filter returns exactly that customer's orders");
  const other = (
    await t.db.query('SELECT id FROM customers WHERE id <> $1 AND id NOT IN (SELECT customer_id FROM work_orders WHERE customer_id IS NOT NULL) LIMIT 1', [
      customer.id,
    ])
  ).rows[0].id;
  assert.deepEqual((await dispatcher.req('GET', `/api/workorders?customerId=${other}&view=all`)).json().items, []);
});
