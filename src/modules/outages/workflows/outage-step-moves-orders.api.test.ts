import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import { principalOf } from '../../../../test/support/principals.js';
import { moveLinkedOrders } from './outage-step-moves-orders.js';

test('a linked order that cannot follow an outage step is not dropped silently: timeline, audit, and the dispatchers told through the outbox', async () => {
  const t = await testApp({ customers: 300 });
  const taker = await t.login('calltaker');
  const disp = await t.login('dispatcher');
  const tr = (
    await t.db.query(
      `SELECT tr.id FROM network_devices tr JOIN org_units ou ON ou.id = tr.org_unit_id
      WHERE tr.kind = 'transformer' AND ou.code = 'SF-QH-CG' AND (SELECT count(*) FROM service_points WHERE transformer_id = tr.id) >= 3 ORDER BY tr.id LIMIT 1`,
    )
  ).rows[0].id as number;
  const sps = (await t.db.query('SELECT id FROM service_points WHERE transformer_id = $1 ORDER BY id', [tr])).rows.map((r) => r.id as number);
  const fault = await taker.req(
    'POST',
    '/api/outages/fault-orders',
    { channel: 'phone', servicePointId: sps[0], description: '家里停电了', callerPhone: '13800138000' },
    { 'idempotency-key': 'follow-step-0001' },
  );
  assert.equal(fault.statusCode, 201, fault.body);
  const answer = (await taker.req('POST', '/api/outages/calls', { servicePointId: sps[1] })).json();
  const outageId = answer.outage.id as number;
  const order = fault.json().order.id as number;
  assert.equal(
    (await t.db.query('SELECT outage_id FROM outage_calls WHERE order_id = $1', [order])).rows[0].outage_id,
    outageId,
    'the order is linked to the outage',
  );
  assert.equal((await disp.req('POST', `/api/outages/${outageId}/confirm`, {})).statusCode, 200);

  // a crew member may not dispatch work orders (workorders.dispatch): the order cannot follow, and that is recorded
  const crew = await principalOf(t.db, 'crew1');
  const r = await moveLinkedOrders(t.db, crew, outageId, { action: 'dispatch', orgUnitId: crew.orgUnitId, note: 'test' });
  assert.equal(r.moved, 0);
  assert.deepEqual(
    r.notMoved.map((x) => [x.orderId, x.code]),
    [[order, 'FORBIDDEN']],
  );
  const detail = (await disp.req('GET', `/api/outages/${outageId}`)).json();
  const last = detail.timeline.at(-1);
  assert.equal(last.action, 'linked_orders_not_moved');
  assert.deepEqual(
    last.data.orders.map((x: { orderId: number }) => x.orderId),
    [order],
  );
  const told = (await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'outage.linked_orders_not_moved'`)).rows[0].n;
  assert.ok(told >= 1, 'the dispatchers are told');
  assert.equal(
    (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'outage.linked_orders_not_moved' AND entity_id = $1`, [String(outageId)]))
      .rows[0].n,
    1,
  );

  // an order already past the step is left as it is, with nothing recorded
  const dp = await principalOf(t.db, 'dispatcher');
  const arrive = await moveLinkedOrders(t.db, dp, outageId, { action: 'handle', result: 'x', note: 'x' });
  const arrive2 = await moveLinkedOrders(t.db, dp, outageId, { action: 'handle', result: 'x', note: 'x' });
  assert.equal(arrive2.moved, 0);
  assert.deepEqual(arrive2.notMoved, [], `refused by its state, not recorded (first: ${JSON.stringify(arrive)})`);
});
