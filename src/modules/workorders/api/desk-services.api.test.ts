/** CTI screen-pop with an API token, IVR ratings, knowledge base, consultations closed on the spot, anonymous callers matched later, the portal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

const t = await testApp({ customers: 60 });
const calltaker = await t.login('calltaker');
const admin = await t.login('admin');
const supervisor = await t.login('supervisor');
const cust = (
  await t.db.query(
    `SELECT c.id, c.name, c.phone, c.org_unit_id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.code = 'SF-QH-CG' AND c.phone IS NOT NULL ORDER BY c.id LIMIT 1`,
  )
).rows[0];
const county = (await t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH'`)).rows[0].id;

async function token(scopes: string[]) {
  const r = await admin.req('POST', '/api/tokens', { name: `cti-${scopes.join('-')}`, orgUnitId: county, scopes });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().token as string;
}

test('CTI screen-pop: masked customers and their open orders, by API token with scope cti.lookup', async () => {
  const o = await calltaker.req('POST', '/api/workorders', {
    orderType: 'fault_repair',
    channel: 'phone',
    customerId: cust.id,
    callerPhone: cust.phone,
    description: '家中停电',
  });
  assert.equal(o.statusCode, 201, o.body);
  assert.deepEqual(
    o.json().order.clocks.map((c: { name: string; state: string }) => [c.name, c.state]),
    [
      ['arrival', 'running'],
      ['restoration', 'pending'],
    ],
  );
  const cti = await token(['cti.lookup']);
  const r = await t.app.inject({ method: 'GET', url: `/api/cti/lookup?phone=${cust.phone}`, headers: { authorization: `Bearer ${cti}` } });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  const c = body.customers.find((x: { id: number }) => x.id === cust.id);
  assert.ok(c);
  assert.notEqual(c.name, cust.name);
  assert.equal(c.name[0], cust.name[0]);
  assert.match(c.phone, /^\d{3}\*{4}\d{4}$/);
  assert.ok(c.servicePoints.length >= 1);
  assert.ok(body.openOrders.some((x: { id: number }) => x.id === o.json().order.id));
  // its speed is measured by `npm run bench -- queue` (CTI screen-pop p95), not asserted here: timed assertions flake on a loaded machine
  const other = await token(['workorders.read']);
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `/api/cti/lookup?phone=${cust.phone}`, headers: { authorization: `Bearer ${other}` } })).statusCode,
    403,
  );
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/cti/lookup?phone=123`, headers: { authorization: `Bearer ${cti}` } })).statusCode, 400);
});

test('IVR key-press ratings are ingested once per call id', async () => {
  const o = (
    await calltaker.req('POST', '/api/workorders', { orderType: 'consultation', channel: 'phone', customerId: cust.id, description: '咨询电价' })
  ).json().order;
  const ivr = await token(['workorders.callback']);
  const send = (score: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/ratings/ivr',
      payload: { orderNo: o.orderNo, callId: 'CALL-0001', score },
      headers: { authorization: `Bearer ${ivr}` },
    });
  assert.equal((await send(5)).statusCode, 201);
  const again = await send(5);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().stored, false);
  assert.equal((await send(9)).statusCode, 400);
  const n = (await t.db.query(`SELECT count(*)::int AS n FROM order_ratings WHERE order_id = $1`, [o.id])).rows[0].n;
  assert.equal(n, 1);
});

test('knowledge base: create, search in Chinese while typing, edit with version check', async () => {
  const a = await supervisor.req('POST', '/api/knowledge', {
    title: '居民阶梯电价标准',
    body: '第一档 2760 千瓦时以内 0.538 元/千瓦时；第二档 2761–4800 千瓦时 0.588 元。',
    category: '电价',
    tags: ['电价', '阶梯'],
  });
  assert.equal(a.statusCode, 201, a.body);
  await supervisor.req('POST', '/api/knowledge', {
    title: '如何办理峰谷电',
    body: '携带身份证到营业厅办理峰谷分时电价。',
    category: '业务办理',
    tags: ['峰谷'],
  });
  await supervisor.req('POST', '/api/knowledge', { title: '过期的通知', body: '阶梯电价旧标准', category: '电价', validTo: '2020-01-01' });
  const s = (await calltaker.req('GET', `/api/knowledge?q=${encodeURIComponent('阶梯')}`)).json();
  assert.deepEqual(
    s.items.map((i: { title: string }) => i.title),
    ['居民阶梯电价标准'],
  );
  const partial = (await calltaker.req('GET', `/api/knowledge?q=${encodeURIComponent('峰谷')}`)).json();
  assert.equal(partial.items[0].title, '如何办理峰谷电');
  const id = a.json().id;
  const edit = await supervisor.req('PATCH', `/api/knowledge/${id}`, { version: 1, title: '居民阶梯电价标准（2025）' });
  assert.equal(edit.statusCode, 200, edit.body);
  const stale = await supervisor.req('PATCH', `/api/knowledge/${id}`, { version: 1, title: 'x' });
  assert.equal(stale.statusCode, 409);
  assert.equal((await calltaker.req('POST', '/api/knowledge', { title: 'x', body: 'y', category: 'z' })).statusCode, 403);
  const badDates = await supervisor.req('POST', '/api/knowledge', { title: 'x', body: 'y', category: 'z', validFrom: '2025-02-01', validTo: '2025-01-01' });
  assert.equal(badDates.json().details[0].field, 'body.validTo');
});

test('a consultation answered from the knowledge base is closed on the spot and records the article', async () => {
  const kb = (await calltaker.req('GET', `/api/knowledge?q=${encodeURIComponent('峰谷')}`)).json().items[0];
  const o = (
    await calltaker.req('POST', '/api/workorders', { orderType: 'consultation', channel: 'phone', customerId: cust.id, description: '怎么办峰谷电' })
  ).json().order;
  const r = await calltaker.req('POST', `/api/workorders/${o.id}/transitions`, { action: 'close_on_spot', kbArticleId: kb.id });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().status, 'closed');
  assert.equal(r.json().kbArticleId, kb.id);
  const complaint = (
    await calltaker.req('POST', '/api/workorders', { orderType: 'complaint', subtype: 'service', channel: 'phone', customerId: cust.id, description: 'x' })
  ).json().order;
  const no = await calltaker.req('POST', `/api/workorders/${complaint.id}/transitions`, { action: 'close_on_spot', kbArticleId: kb.id });
  assert.equal(no.statusCode, 400);
  assert.equal(no.json().details[0].rule, 'consultation_only');
});

test('an anonymous caller is matched to a customer later; the match is in the timeline', async () => {
  const o = (
    await calltaker.req('POST', '/api/workorders', {
      orderType: 'fault_repair',
      channel: 'phone',
      callerPhone: '13711112222',
      address: '清河县城关镇人民路 8 号',
      description: '路灯不亮',
    })
  ).json().order;
  assert.equal(o.customerId, null);
  const sp = (await t.db.query('SELECT id FROM service_points WHERE customer_id = $1 LIMIT 1', [cust.id])).rows[0].id;
  const r = await calltaker.req('PUT', `/api/workorders/${o.id}/customer`, { customerId: cust.id, servicePointId: sp });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().customerId, cust.id);
  assert.ok(r.json().matchedAt);
  assert.equal((await calltaker.req('PUT', `/api/workorders/${o.id}/customer`, { customerId: cust.id })).statusCode, 409);
  const tl = (await calltaker.req('GET', `/api/workorders/${o.id}/detail`)).json().timeline;
  assert.ok(tl.some((e: { action: string }) => e.action === 'match_customer'));
});

test('the portal: a customer submits, follows and rates only their own orders', async () => {
  const me = await t.login('customer1');
  const r = await me.req('POST', '/api/portal/workorders', { orderType: 'complaint', subtype: 'outage', channel: 'web', description: '频繁停电' });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().order.id;
  const mine = (await me.req('GET', '/api/portal/workorders')).json();
  assert.ok(mine.items.length >= 1 && mine.items.every((i: { id: number }) => typeof i.id === 'number'));
  const others = (
    await calltaker.req('POST', '/api/workorders', {
      orderType: 'consultation',
      channel: 'phone',
      callerPhone: '13711113333',
      address: '某地',
      description: '别人的工单',
    })
  ).json().order.id;
  assert.equal((await me.req('GET', `/api/portal/workorders/${others}`)).statusCode, 404);
  assert.equal((await me.req('GET', `/api/portal/workorders/${id}`)).statusCode, 200);
  assert.equal((await me.req('POST', `/api/portal/workorders/${id}/rating`, { score: 4 })).statusCode, 400, 'not handled yet');
  assert.equal(
    (await me.req('POST', '/api/portal/workorders', { orderType: 'complaint', subtype: 'outage', channel: 'phone', description: 'x' })).statusCode,
    400,
  );
  assert.equal((await me.req('POST', '/api/workorders', { orderType: 'complaint', subtype: 'outage', channel: 'web', description: 'x' })).statusCode, 403);
});

test('customer preferences and quiet hours shape the acknowledgement; webhooks subscribe to events', async () => {
  const other = (
    await t.db.query(`SELECT c.id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.code = 'SF-QH-CG' ORDER BY c.id OFFSET 3 LIMIT 1`)
  ).rows[0].id;
  assert.equal(
    (await calltaker.req('PUT', `/api/customers/${other}/notification-prefs`, { sms: true, email: false, quietStart: '00:00', quietEnd: '23:59' })).statusCode,
    403,
    'call-takers may not edit customers',
  );
  const marketing = await t.login('marketing');
  const bad = await marketing.req('PUT', `/api/customers/${other}/notification-prefs`, { sms: true, email: true, quietStart: '22:00', quietEnd: null });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.quietEnd');
  assert.equal(
    (await marketing.req('PUT', `/api/customers/${other}/notification-prefs`, { sms: true, email: false, quietStart: '00:00', quietEnd: '23:59' })).statusCode,
    200,
  );
  const hook = await admin.req('POST', '/api/webhooks', { name: 'crm', url: 'http://127.0.0.1:9/hook', events: ['workorder.accepted'] });
  assert.equal(hook.statusCode, 201, hook.body);
  assert.ok(hook.json().secret.length > 20);

  const consult = (
    await calltaker.req('POST', '/api/workorders', {
      orderType: 'consultation',
      channel: 'phone',
      customerId: other,
      callerPhone: '13812340000',
      description: '咨询',
    })
  ).json().order;
  const sms = (await t.db.query(`SELECT channel, urgent, next_attempt_at FROM outbox WHERE order_id = $1 ORDER BY id`, [consult.id])).rows;
  const ack = sms.find((m) => m.channel === 'sms');
  assert.ok(ack && !ack.urgent && ack.next_attempt_at.getTime() > Date.now(), 'non-urgent SMS held for quiet hours');
  assert.ok(
    sms.some((m) => m.channel === 'webhook'),
    'the webhook subscriber gets workorder.accepted',
  );
  const repair = (
    await calltaker.req('POST', '/api/workorders', {
      orderType: 'fault_repair',
      channel: 'phone',
      customerId: other,
      callerPhone: '13812340000',
      description: '停电',
    })
  ).json().order;
  const urgent = (await t.db.query(`SELECT urgent, next_attempt_at FROM outbox WHERE order_id = $1 AND channel = 'sms'`, [repair.id])).rows[0];
  assert.ok(urgent.urgent && urgent.next_attempt_at.getTime() <= Date.now() + 1000, 'repair acknowledgements ignore quiet hours');
  assert.equal(
    (await marketing.req('PUT', `/api/customers/${other}/notification-prefs`, { sms: false, email: false, quietStart: null, quietEnd: null })).statusCode,
    200,
  );
  const none = (
    await calltaker.req('POST', '/api/workorders', {
      orderType: 'consultation',
      channel: 'phone',
      customerId: other,
      callerPhone: '13812340000',
      description: '再咨询',
    })
  ).json().order;
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE order_id = $1 AND channel IN ('sms', 'email')`, [none.id])).rows[0].n, 0);
  assert.equal((await admin.req('DELETE', `/api/webhooks/${hook.json().id}`)).statusCode, 200);
});
