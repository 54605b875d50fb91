/**
 * The customer's own dispute from the portal: their own open application only (another's is 404
 * with nothing written), text required and bounded (400 naming the field, nothing written), a
 * double click gives one order (the same Idempotency-Key answers the first dispute; while that
 * order is open another is refused 409 naming it), audited, shown on the application; once the
 * order is closed a new dispute can be raised; a withdrawn application takes none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('portal disputes: own open application, one open order at a time, audited', async () => {
  const t = await testApp({ customers: 60 });
  const c = await t.login('customer1');
  const created = await c.req('POST', '/api/portal/connections', {
    kind: 'new',
    customerClass: 'residential',
    applicantName: '客户一',
    applicantPhone: '13900000001',
    address: '清河县河西镇王庄村',
    voltageKv: 0.22,
    requestedKva: 6,
  });
  assert.equal(created.statusCode, 201, created.body);
  const { id, appNo } = created.json();
  const url = `/api/portal/connections/${id}/disputes`;
  const count = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM work_orders)::int AS o, (SELECT count(*) FROM connection_disputes)::int AS d,
                (SELECT count(*) FROM audit_log WHERE action = 'connection.dispute')::int AS a`,
      )
    ).rows[0];
  const before = await count();

  // bad input: named, nothing written
  const blank = await c.req('POST', url, { topic: 'stage_delay', description: '   ' });
  assert.equal(blank.statusCode, 400, blank.body);
  assert.match(blank.body, /description/);
  assert.match(blank.body, /请填写异议内容/);
  const long = await c.req('POST', url, { topic: 'stage_delay', description: '长'.repeat(2001) });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /description/);
  const badTopic = await c.req('POST', url, { topic: 'price', description: '收费过高' });
  assert.equal(badTopic.statusCode, 400);
  assert.match(badTopic.body, /topic/);
  // someone else's application: 404, no leak
  const m = await t.login('marketing');
  const other = await m.req('POST', '/api/connections', {
    kind: 'new',
    customerClass: 'residential',
    channel: 'counter',
    applicantName: '他人',
    applicantPhone: '13900000009',
    address: '清河县城关镇',
    voltageKv: 0.22,
    requestedKva: 6,
  });
  assert.equal(other.statusCode, 201, other.body);
  const foreign = await c.req('POST', `/api/portal/connections/${other.json().id}/disputes`, { topic: 'stage_delay', description: '太慢了' });
  assert.equal(foreign.statusCode, 404);
  assert.doesNotMatch(foreign.body, new RegExp(other.json().appNo));
  assert.deepEqual(await count(), before);

  // raised, and a double click with the same key gives the same dispute
  const key = { 'idempotency-key': 'portal-dispute-0001' };
  const r = await c.req('POST', url, { topic: 'stage_delay', description: '  勘查已经超过约定时间  ' }, key);
  assert.equal(r.statusCode, 201, r.body);
  const d = r.json();
  assert.equal(d.topic, 'stage_delay');
  assert.equal(d.description, '勘查已经超过约定时间');
  assert.ok(d.orderNo);
  const again = await c.req('POST', url, { topic: 'stage_delay', description: '勘查已经超过约定时间' }, key);
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(again.json().id, d.id);
  assert.deepEqual(await count(), { o: before.o + 1, d: before.d + 1, a: before.a + 1 });

  // another while the first order is open: 409 naming it, nothing written
  const second = await c.req('POST', url, { topic: 'fee_items', description: '收费项目不清楚' }, { 'idempotency-key': 'portal-dispute-0002' });
  assert.equal(second.statusCode, 409, second.body);
  assert.match(second.body, /one_open_dispute/);
  assert.match(second.body, new RegExp(d.orderNo));
  assert.deepEqual(await count(), { o: before.o + 1, d: before.d + 1, a: before.a + 1 });

  // the order: a web-channel complaint naming the application; the audit names the portal channel
  const order = (await t.db.query(`SELECT order_type, subtype, channel, title FROM work_orders WHERE id = $1`, [d.orderId])).rows[0];
  assert.deepEqual([order.order_type, order.subtype, order.channel], ['complaint', 'business', 'web']);
  assert.match(order.title, new RegExp(appNo));
  const audit = (await t.db.query(`SELECT after FROM audit_log WHERE action = 'connection.dispute' AND entity_id = $1`, [String(id)])).rows;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].after.channel, 'web');
  // shown to the customer and to staff
  assert.deepEqual(
    (await c.req('GET', `/api/portal/connections/${id}`)).json().disputes.map((x: { orderNo: string }) => x.orderNo),
    [d.orderNo],
  );
  assert.equal((await m.req('GET', `/api/connections/${id}`)).json().disputes.length, 1);

  // once the order is closed, a new dispute may be raised — and two at the same instant with different keys give one order
  await t.db.query(`UPDATE work_orders SET status = 'closed' WHERE id = $1`, [d.orderId]);
  const both = await Promise.all(
    ['portal-dispute-0003', 'portal-dispute-0003b'].map((k) =>
      c.req('POST', url, { topic: 'fee_items', description: '收费项目不清楚' }, { 'idempotency-key': k }),
    ),
  );
  assert.deepEqual(both.map((x) => x.statusCode).sort(), [201, 409], both.map((x) => x.body).join('\n'));
  const third = both.find((x) => x.statusCode === 201)!;
  assert.notEqual(third.json().orderId, d.orderId);
  assert.deepEqual(await count(), { o: before.o + 2, d: before.d + 2, a: before.a + 2 });

  // a withdrawn application takes no new dispute
  await t.db.query(`UPDATE work_orders SET status = 'closed' WHERE id = $1`, [third.json().orderId]);
  assert.equal((await m.req('POST', `/api/connections/${id}/cancel`, { reason: '客户撤回申请' })).statusCode, 200);
  const closed = await c.req('POST', url, { topic: 'fee_items', description: '收费项目不清楚' }, { 'idempotency-key': 'portal-dispute-0004' });
  assert.equal(closed.statusCode, 409, closed.body);
  assert.match(closed.body, /APPLICATION_CLOSED/);
});
