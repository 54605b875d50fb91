import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

const t = await testApp({ customers: 300 });
const calltaker = await t.login('calltaker');

async function aCustomer() {
  return (
    await t.db.query(`SELECT c.id, c.name, c.phone, a.account_no, m.meter_no, sp.address FROM customers c
    JOIN customer_accounts a ON a.customer_id = c.id JOIN service_points sp ON sp.customer_id = c.id JOIN meters m ON m.service_point_id = sp.id
    WHERE c.kind = 'person' ORDER BY c.id LIMIT 1`)
  ).rows[0];
}

test('search finds a customer by name, phone, account number, meter number and address, masked', async () => {
  const c = await aCustomer();
  for (const q of [c.name, c.phone.slice(0, 7), c.account_no, c.meter_no, c.address.slice(-6)]) {
    const res = await calltaker.req('GET', `/api/customers?q=${encodeURIComponent(q)}&limit=50`);
    assert.equal(res.statusCode, 200, q);
    const hit = res.json().items.find((x: { id: number }) => x.id === c.id);
    assert.ok(hit, `query ${q} should find customer ${c.id}`);
    assert.equal(hit.phone, c.phone.slice(0, 3) + '****' + c.phone.slice(-4));
  }
});

test('a LIKE wildcard in the query is matched literally, not as a wildcard', async () => {
  const res = await calltaker.req('GET', `/api/customers?q=${encodeURIComponent('%_%')}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().items.length, 0);
});

test('the 360° view shows accounts, service points with network position and meters, PII masked', async () => {
  const c = await aCustomer();
  const v = (await calltaker.req('GET', `/api/customers/${c.id}`)).json();
  assert.equal(v.customer.name, c.name);
  assert.match(v.customer.phone, /^\d{3}\*{4}\d{4}$/);
  assert.match(v.customer.idNumber, /^\d{4}\*+\d{3}[\dX]$/);
  assert.equal(v.accounts[0].accountNo, c.account_no);
  assert.ok(v.servicePoints[0].transformer.code.startsWith('T'));
  assert.ok(v.servicePoints[0].feeder.code.startsWith('F'));
  assert.ok(v.servicePoints[0].substation.code.startsWith('SUB'));
  assert.equal(v.servicePoints[0].meters[0].meterNo, c.meter_no);
});

test('reading full PII needs customers.pii and is audited', async () => {
  const c = await aCustomer();
  const res = await calltaker.req('GET', `/api/customers/${c.id}/pii`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().phone, c.phone);
  const audit = await t.db.query(`SELECT actor_name FROM audit_log WHERE action = 'customer.pii_read' AND entity_id = $1`, [String(c.id)]);
  assert.equal(audit.rowCount, 1);
  const manager = await t.login('manager');
  assert.equal((await manager.req('GET', `/api/customers/${c.id}/pii`)).statusCode, 403);
});

test('a user sees only customers of their subtree: out of scope answers 404', async () => {
  const hx = await t.login('hx_calltaker'); // 河西供电所 only
  const { rows } = await t.db.query(`SELECT c.id, o.code FROM customers c JOIN org_units o ON o.id = c.org_unit_id ORDER BY c.id`);
  const inside = rows.find((r) => r.code === 'SF-QH-HX');
  const outside = rows.find((r) => r.code === 'SF-QH-CG');
  assert.equal((await hx.req('GET', `/api/customers/${inside.id}`)).statusCode, 200);
  const res = await hx.req('GET', `/api/customers/${outside.id}`);
  assert.equal(res.statusCode, 404);
  const list = (await hx.req('GET', '/api/customers?limit=200')).json().items as Array<{ id: number }>;
  assert.ok(list.length > 0);
  assert.ok(!list.some((x) => x.id === outside.id));
});

test('a customer sees only their own record', async () => {
  const me = await t.login('customer1');
  const own = (await me.req('GET', '/api/me/customer')).json();
  assert.ok(own.customer.id);
  assert.equal((await me.req('GET', `/api/customers/${own.customer.id + 1}`)).statusCode, 403);
  assert.equal((await me.req('GET', '/api/customers')).statusCode, 403);
});

test('editing a customer validates the ID check digit and audits before/after masked', async () => {
  const admin = await t.login('marketing');
  const c = await aCustomer();
  const bad = await admin.req('PATCH', `/api/customers/${c.id}`, { idNumber: '110101199003070001' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.idNumber');
  const ok = await admin.req('PATCH', `/api/customers/${c.id}`, { idNumber: '11010119900307002X', phone: '13912345678' });
  assert.equal(ok.statusCode, 200, ok.body);
  const a = (await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'customer.update' AND entity_id = $1`, [String(c.id)])).rows[0];
  assert.equal(a.after.phone, '139****5678');
  assert.ok(!JSON.stringify(a).includes('13912345678'), 'the audit log holds no full phone number');
});
