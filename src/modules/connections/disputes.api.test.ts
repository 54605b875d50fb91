/**
 * A dispute about an application becomes a 95598 complaint order: the application lists it with
 * the order's number and state, the order's timeline names the application; a retried request with
 * the same idempotency key gives the same order and dispute; a bad topic is refused naming the
 * field with nothing written; a customer cannot use the staff route.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('disputes as work orders, shown on both', async () => {
  const t = await testApp({ customers: 20 });
  const m = await t.login('marketing');
  const created = await m.req('POST', '/api/connections', {
    kind: 'new',
    customerClass: 'lv_nonresidential',
    channel: 'counter',
    applicantName: '清河县鑫源商贸有限公司',
    applicantPhone: '13800138002',
    address: '清河县城关镇商贸街 12 号',
    voltageKv: 0.4,
    requestedKva: 80,
  });
  assert.equal(created.statusCode, 201, created.body);
  const { id, appNo } = created.json();
  const count = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM work_orders)::int AS o, (SELECT count(*) FROM connection_disputes)::int AS d`)).rows[0];

  const before = await count();
  const bad = await m.req('POST', `/api/connections/${id}/disputes`, { topic: 'price', description: '收费过高' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /topic/);
  assert.deepEqual(await count(), before);

  const key = { 'idempotency-key': 'dispute-test-0001' };
  const r = await m.req(
    'POST',
    `/api/connections/${id}/disputes`,
    { topic: 'designation', description: '客户经理要求必须由指定施工单位施工', channel: 'phone' },
    key,
  );
  assert.equal(r.statusCode, 201, r.body);
  const d = r.json();
  assert.equal(d.topic, 'designation');
  assert.ok(d.orderNo);
  assert.equal(typeof d.orderStatus, 'string');
  // retried: same order, same dispute
  const again = await m.req(
    'POST',
    `/api/connections/${id}/disputes`,
    { topic: 'designation', description: '客户经理要求必须由指定施工单位施工', channel: 'phone' },
    key,
  );
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(again.json().id, d.id);
  assert.equal(again.json().orderId, d.orderId);
  const after = await count();
  assert.deepEqual(after, { o: before.o + 1, d: before.d + 1 });

  // on the application
  const detail = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.deepEqual(
    detail.disputes.map((x: { orderNo: string; topic: string }) => [x.orderNo, x.topic]),
    [[d.orderNo, 'designation']],
  );
  // on the order: a complaint (营业投诉) whose title and timeline name the application
  const order = await t.db.query(`SELECT order_type, subtype, title FROM work_orders WHERE id = $1`, [d.orderId]);
  assert.equal(order.rows[0].order_type, 'complaint');
  assert.equal(order.rows[0].subtype, 'business');
  assert.match(order.rows[0].title, new RegExp(appNo));
  const note = await t.db.query(`SELECT data FROM order_events WHERE order_id = $1 AND action = 'note'`, [d.orderId]);
  assert.equal(note.rows[0].data.connectionAppNo, appNo);
  assert.equal(
    (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'connection.dispute' AND entity_id = $1`, [String(id)])).rows[0].n,
    1,
  );

  const c = await t.login('customer1');
  assert.equal((await c.req('POST', `/api/connections/${id}/disputes`, { topic: 'fee_items', description: 'x' })).statusCode, 403);
});
