/** Group-committed intake: concurrent orders each get their own row, timeline event and audit entry (right actor, unbroken chain); concurrent retries of one key yield one order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import { sealAudit, verifyAudit } from '../../../platform/audit/audit.js';

const t = await testApp({ customers: 40 });
const a = await t.login('calltaker');
const b = await t.login('dispatcher');
const customers = (
  await t.db.query(
    `SELECT c.id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.path LIKE (SELECT path FROM org_units WHERE code = 'SF-QH') || '%' ORDER BY c.id LIMIT 10`,
  )
).rows.map((r) => r.id as number);

test('thirty concurrent intakes by two people: thirty orders, events and audit entries, each by its own author', async () => {
  const res = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      (i % 2 ? b : a).req('POST', '/api/workorders', {
        orderType: 'consultation',
        channel: 'phone',
        customerId: customers[i % customers.length],
        description: `并发受理 ${i}`,
      }),
    ),
  );
  assert.ok(
    res.every((r) => r.statusCode === 201),
    res.map((r) => r.statusCode).join(','),
  );
  const ids = res.map((r) => r.json().order.id as number);
  assert.equal(new Set(ids).size, 30);
  assert.equal(new Set(res.map((r) => r.json().order.orderNo)).size, 30);
  const audit = await t.db.query(`SELECT entity_id, actor_name FROM audit_log WHERE action = 'workorder.create' AND entity_id = ANY($1::text[])`, [
    ids.map(String),
  ]);
  assert.equal(audit.rowCount, 30);
  const names = new Map(audit.rows.map((r) => [Number(r.entity_id), r.actor_name]));
  const who = async (u: string) => (await t.db.query('SELECT display_name FROM users WHERE username = $1', [u])).rows[0].display_name;
  const [na, nb] = [await who('calltaker'), await who('dispatcher')];
  ids.forEach((id, i) => assert.equal(names.get(id), i % 2 ? nb : na));
  const events = await t.db.query(`SELECT order_id FROM order_events WHERE action = 'accept' AND order_id = ANY($1::bigint[])`, [ids]);
  assert.equal(events.rowCount, 30);
  await sealAudit(t.db); // chain the records (the app's background sealer does this)
  const v = await verifyAudit(t.db);
  assert.deepEqual([v.ok, v.unsealed], [true, 0]);
  assert.ok(v.checked >= 30);
});

test('five concurrent requests with one Idempotency-Key: one order, all answers name it', async () => {
  const before = (await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n;
  const res = await Promise.all(
    Array.from({ length: 5 }, () =>
      a.req(
        'POST',
        '/api/workorders',
        { orderType: 'complaint', subtype: 'business', channel: 'phone', customerId: customers[0], description: '同一请求重试' },
        { 'idempotency-key': 'same-key-12345' },
      ),
    ),
  );
  assert.ok(
    res.every((r) => r.statusCode === 201 || r.statusCode === 200),
    res.map((r) => r.body).join('\n'),
  );
  assert.equal(new Set(res.map((r) => r.json().order.id)).size, 1);
  assert.equal(res.filter((r) => r.statusCode === 201).length, 1);
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n, before + 1);
});

test('the order intake answers with is the order as stored (the writer keeps the values it sent and reads back the rest)', async () => {
  // the writer relies on this: no BEFORE row trigger may change what it sends (see returnedColumns in intake-writer.ts)
  const triggers = await t.db.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'work_orders'::regclass AND NOT tgisinternal AND (tgtype & 2) = 2`);
  assert.deepEqual(triggers.rows, [], 'a BEFORE trigger on work_orders: make intake-writer.ts read back the columns it sets');
  const sp = (await t.db.query('SELECT id, customer_id FROM service_points WHERE customer_id = $1 LIMIT 1', [customers[1]])).rows[0];
  for (const body of [
    { orderType: 'fault_repair', channel: 'phone', customerId: sp.customer_id, servicePointId: sp.id, callerPhone: '13800138000', description: '家里停电' },
    {
      orderType: 'complaint',
      subtype: 'service',
      urgency: 'major',
      channel: 'letter',
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      customerId: customers[2],
      description: '重大投诉',
    },
    {
      orderType: 'consultation',
      channel: 'phone',
      callerPhone: '13800138001',
      description: '匿名咨询',
      location: { lon: 116.7212345678901, lat: 36.5634567890123, text: '路口' },
    },
  ]) {
    const made = await a.req('POST', '/api/workorders', body);
    assert.equal(made.statusCode, 201, made.body);
    const stored = (await a.req('GET', `/api/workorders/${made.json().order.id}`)).json();
    const { clocks: c1, ...answered } = made.json().order;
    const { clocks: c2, ...read } = stored;
    assert.deepEqual(answered, read, body.orderType);
    assert.deepEqual(
      c1.map((c: { name: string; dueAt: string; state: string }) => [c.name, c.dueAt, c.state]),
      c2.map((c: { name: string; dueAt: string; state: string }) => [c.name, c.dueAt, c.state]),
    );
  }
});
