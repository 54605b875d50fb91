/** SLA warnings fire once; policy and calendar changes recompute open orders from history; bad policies and calendars are refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import { scanSlaWarnings } from './sla-scan.js';

const t = await testApp({ customers: 40 });
const calltaker = await t.login('calltaker');
const admin = await t.login('admin');
const customer = (await t.db.query(`SELECT c.id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.code = 'SF-QH-CG' ORDER BY c.id LIMIT 1`))
  .rows[0];

async function letter(orderType: string, subtype: string | null, daysAgo: number) {
  const res = await calltaker.req('POST', '/api/workorders', {
    orderType,
    subtype,
    channel: 'letter',
    customerId: customer.id,
    description: '来信反映',
    receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().order;
}
const slaEvents = async (id: number) => (await t.db.query('SELECT key, kind FROM sla_events WHERE order_id = $1 ORDER BY id', [id])).rows;
const counts = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM sla_policies)::int AS policies, (SELECT count(*) FROM calendar_days)::int AS days`,
    )
  ).rows[0];

test('an overdue clock warns once: thresholds passed together are recorded, only the breach is announced', async () => {
  const o = await letter('complaint', 'service', 3); // contact: 24 h natural → breached
  const first = await scanSlaWarnings(t.db);
  assert.ok(first.orders >= 1);
  const keys = (await slaEvents(o.id)).map((e) => e.key);
  assert.ok(keys.includes('contact:breach'));
  assert.ok(keys.includes('contact:w:0.5') && keys.includes('contact:w:0.9'));
  const outbox = await t.db.query(`SELECT event, channel FROM outbox WHERE order_id = $1 AND event LIKE 'sla.%'`, [o.id]);
  assert.ok(outbox.rows.length >= 1, 'owner and supervisors are told');
  assert.ok(
    outbox.rows.every((r) => r.event === 'sla.breach'),
    'superseded warnings are not sent',
  );
  const again = await scanSlaWarnings(t.db);
  assert.equal(again.warnings, 0);
  assert.deepEqual(
    (await slaEvents(o.id)).map((e) => e.key),
    keys,
  );
  const view = (await calltaker.req('GET', `/api/workorders/${o.id}`)).json();
  assert.equal(view.slaState, 'breached');
  assert.equal(view.clocks.find((c: { name: string }) => c.name === 'contact').state, 'breached');
});

test('sla events are append-only', async () => {
  await assert.rejects(t.db.query('UPDATE sla_events SET kind = kind'), /append-only/);
  await assert.rejects(t.db.query('DELETE FROM sla_events'), /append-only/);
});

test('a new policy version recomputes open orders from their history', async () => {
  const o = await letter('service_request', 'meter_test', 1);
  const before = o.clocks[0].dueAt;
  const list = (await admin.req('GET', '/api/sla/policies')).json();
  const current = list.policies.find((p: { code: string; policySet: string }) => p.code === 'meter-test' && p.policySet === 'current');
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  // overlapping the open-ended version 1 → refused, nothing written
  const c0 = await counts();
  const overlap = await admin.req('POST', '/api/sla/policies', {
    ...current,
    id: undefined,
    version: 2,
    validFrom: from,
    clocks: [{ ...current.clocks[0], workingDays: 3 }],
  });
  assert.equal(overlap.statusCode, 400, overlap.body);
  assert.equal(overlap.json().details[0].rule, 'overlap');
  assert.deepEqual(await counts(), c0);
  // close version 1, then add version 2 with 3 working days
  const closed = await admin.req('PATCH', `/api/sla/policies/${current.id}`, { validTo: from });
  assert.equal(closed.statusCode, 200, closed.body);
  const { id: _drop, ...rest } = current;
  const created = await admin.req('POST', '/api/sla/policies', {
    ...rest,
    version: 2,
    validFrom: from,
    validTo: null,
    clocks: [{ ...current.clocks[0], workingDays: 3 }],
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.ok(created.json().recomputed >= 1);
  const after = (await calltaker.req('GET', `/api/workorders/${o.id}`)).json();
  assert.equal(after.policyId, created.json().policy.id);
  assert.ok(Date.parse(after.clocks[0].dueAt) < Date.parse(before));
  assert.ok((await slaEvents(o.id)).some((e) => e.kind === 'recomputed'));
});

test('a policy whose clock could never stop is refused, naming the field', async () => {
  const c0 = await counts();
  const res = await admin.req('POST', '/api/sla/policies', {
    code: 'odd',
    policySet: 'current',
    version: 1,
    validFrom: '2026-01-01T00:00:00Z',
    validTo: null,
    match: { orderType: 'suggestion', subtype: null, channel: null, customerClass: null, areaType: null },
    clocks: [{ name: 'reply', basis: 'working_days', workingDays: 5, stopOn: { states: ['handled'] }, pauseStates: ['handled'] }],
  });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().details[0].field, 'body.clocks[0].pauseStates');
  assert.equal(res.json().details[0].rule, 'unreachable');
  assert.deepEqual(await counts(), c0);
});

test('calendar: a day listed twice is refused; a new holiday moves open deadlines', async () => {
  const c0 = await counts();
  const dup = await admin.req('PUT', '/api/calendar/2030', {
    days: [
      { date: '2030-10-01', kind: 'holiday' },
      { date: '2030-10-01', kind: 'workday' },
    ],
  });
  assert.equal(dup.statusCode, 400);
  assert.deepEqual(
    dup.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    [['body.days[1].date', 'duplicate']],
  );
  const wrongYear = await admin.req('PUT', '/api/calendar/2030', { days: [{ date: '2031-01-01', kind: 'holiday' }] });
  assert.equal(wrongYear.json().details[0].rule, 'year');
  assert.deepEqual(await counts(), c0);

  const o = await letter('service_request', 'meter_fault', 0); // 4 working days
  const due = new Date(o.clocks[0].dueAt);
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const existing = (await admin.req('GET', `/api/calendar/${year}`)).json().days as { date: string; kind: string; name: string | null }[];
  // declare the next working day after receipt a holiday
  const next = (await admin.req('GET', `/api/calendar/deadline?from=${encodeURIComponent(new Date().toISOString())}&workingDays=1`)).json().dueAt;
  const day = new Date(Date.parse(next) - 1).toISOString(); // last instant of that day (UTC); convert to local date
  const local = new Date(Date.parse(day) + 8 * 3_600_000).toISOString().slice(0, 10);
  const days = [
    ...existing.filter((d) => d.date !== local).map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })),
    { date: local, kind: 'holiday', name: '测试假日' },
  ];
  const res = await admin.req('PUT', `/api/calendar/${local.slice(0, 4)}`, {
    days: local.startsWith(String(year)) ? days : [{ date: local, kind: 'holiday', name: '测试假日' }],
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.ok(res.json().recomputed >= 1);
  const after = (await calltaker.req('GET', `/api/workorders/${o.id}`)).json();
  assert.ok(Date.parse(after.clocks[0].dueAt) > due.getTime(), `${after.clocks[0].dueAt} after ${due.toISOString()}`);
});

test('a major complaint is escalated: province at once, city after the first step, both recorded', async () => {
  const res = await calltaker.req('POST', '/api/workorders', {
    orderType: 'complaint',
    subtype: 'outage',
    urgency: 'major',
    channel: 'phone',
    customerId: customer.id,
    description: '多户长时间停电，媒体关注',
  });
  assert.equal(res.statusCode, 201, res.body);
  const o = res.json().order;
  assert.equal(o.priority, 1);
  const ev = (await t.db.query(`SELECT key, due_at FROM sla_events WHERE order_id = $1 AND kind = 'escalation' ORDER BY key DESC`, [o.id])).rows;
  assert.deepEqual(
    ev.map((e) => e.key),
    ['escalation:province', 'escalation:city'],
  );
  const received = Date.parse(o.receivedAt);
  assert.deepEqual(
    ev.map((e) => (e.due_at.getTime() - received) / 60_000),
    [15, 30],
  );
  const msgs = (
    await t.db.query(`SELECT body, urgent, next_attempt_at FROM outbox WHERE order_id = $1 AND event = 'workorder.escalated' ORDER BY next_attempt_at`, [o.id])
  ).rows;
  assert.ok(msgs.length >= 2, 'province and city staff are told');
  assert.ok(msgs.every((m) => m.urgent));
  const province = msgs.filter((m) => m.body.includes('省级'));
  const city = msgs.filter((m) => m.body.includes('市级'));
  assert.ok(province.length >= 1 && city.length >= 1);
  assert.ok(city.every((m) => m.next_attempt_at.getTime() - received >= 15 * 60_000 - 1000));
  const normal = await calltaker.req('POST', '/api/workorders', {
    orderType: 'complaint',
    subtype: 'outage',
    channel: 'phone',
    customerId: customer.id,
    description: '一般投诉',
  });
  assert.equal(
    (await t.db.query(`SELECT count(*)::int AS n FROM sla_events WHERE order_id = $1 AND kind = 'escalation'`, [normal.json().order.id])).rows[0].n,
    0,
  );
});

test('calendar: a year without its holiday arrangement is reported as not covered until it is saved', async () => {
  const seeded = (await admin.req('GET', '/api/calendar/2025')).json();
  assert.equal(seeded.covered, true);
  const last = Number(String(seeded.coveredThrough).slice(0, 4));
  const future = (await admin.req('GET', `/api/calendar/${last + 3}`)).json();
  assert.deepEqual([future.covered, future.days.length, future.coveredThrough], [false, 0, `${last}-12-31`]);
  const saved = await admin.req('PUT', `/api/calendar/${last + 3}`, { days: [{ date: `${last + 3}-01-01`, kind: 'holiday', name: '元旦' }] });
  assert.equal(saved.statusCode, 200, saved.body);
  const after = (await admin.req('GET', `/api/calendar/${last + 3}`)).json();
  assert.deepEqual([after.covered, after.coveredThrough], [true, `${last + 3}-12-31`]);
});
