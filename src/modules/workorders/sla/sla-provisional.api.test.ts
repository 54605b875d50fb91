/**
 * A deadline that runs into a year whose holiday arrangement is not entered yet (every December):
 * the law's statutory holidays of that year count provisionally, the clock says "provisional", and
 * entering the year's arrangement recomputes the open order from its history.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import { recomputeOpenOrders } from './recompute.js';

const t = await testApp({ customers: 40 });
const calltaker = await t.login('calltaker');
const admin = await t.login('admin');
const customer = (await t.db.query(`SELECT c.id FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.code = 'SF-QH-CG' ORDER BY c.id LIMIT 1`))
  .rows[0];

const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();
type Clock = { name: string; dueAt: string; calendarCovered: boolean | null; calendarProvisional: boolean | null };

test('a meter-fault order received 2026-12-28 with 2027 not entered: 元旦 counts provisionally; entering 2027 recomputes it', async () => {
  // 2027 not entered (drop it, and anything later, should the package data ever hold it)
  let last = Number(String((await admin.req('GET', '/api/calendar/2026')).json().coveredThrough).slice(0, 4));
  for (; last >= 2027; last--) assert.equal((await admin.req('PUT', `/api/calendar/${last}`, { days: [] })).statusCode, 200);
  const year = (await admin.req('GET', '/api/calendar/2027')).json();
  assert.equal(year.covered, false);
  assert.deepEqual(year.days, []);
  assert.equal(year.provisional.length, 13);
  assert.deepEqual(
    year.provisional.slice(0, 5).map((d: { date: string }) => d.date),
    ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
  );
  assert.match(year.provisionalSource, /全国年节及纪念日放假办法.*国务院令第795号/);

  const res = await calltaker.req('POST', '/api/workorders', {
    orderType: 'service_request',
    subtype: 'meter_fault',
    channel: 'letter',
    customerId: customer.id,
    description: '电能表故障',
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().order.id;
  assert.equal(res.json().order.clocks[0].name, 'completion');
  // Its history as if received on Monday 2026-12-28 10:00 (the clocks are recomputed from history)
  await t.db.query(
    `WITH o AS (SELECT received_at FROM work_orders WHERE id = $1)
     UPDATE order_events e SET at = $2::timestamptz + (e.at - o.received_at) FROM o WHERE e.order_id = $1`,
    [id, shanghai('2026-12-28T10:00')],
  );
  await t.db.query(`UPDATE work_orders SET received_at = $2 WHERE id = $1`, [id, shanghai('2026-12-28T10:00')]);
  await recomputeOpenOrders(t.db);

  // 4 working days: 12-29 (1), 12-30 (2), 12-31 (3), [2027-01-01 元旦, provisional], 01-04 (4) → 01-05 00:00
  const before = (await calltaker.req('GET', `/api/workorders/${id}`)).json();
  const c0 = before.clocks.find((c: Clock) => c.name === 'completion') as Clock;
  assert.deepEqual([c0.dueAt, c0.calendarCovered, c0.calendarProvisional], [shanghai('2027-01-05T00:00'), false, true]);
  assert.equal(before.nextDueAt, shanghai('2027-01-05T00:00'));

  // The State Council's arrangement arrives; an administrator enters it (a test one: 01-01..03 off,
  // Monday 01-04 a bridging day, Saturday 01-09 a make-up day)
  const saved = await admin.req('PUT', '/api/calendar/2027', {
    days: [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      { date: '2027-01-04', kind: 'holiday', name: '元旦' },
      { date: '2027-01-09', kind: 'workday', name: '元旦 调休上班' },
    ],
  });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.ok(saved.json().recomputed >= 1 && saved.json().changed >= 1, saved.body);

  // 12-29 (1), 12-30 (2), 12-31 (3), [01-01..04], 01-05 (4) → 01-06 00:00, no longer provisional
  const after = (await calltaker.req('GET', `/api/workorders/${id}`)).json();
  const c1 = after.clocks.find((c: Clock) => c.name === 'completion') as Clock;
  assert.deepEqual([c1.dueAt, c1.calendarCovered, c1.calendarProvisional], [shanghai('2027-01-06T00:00'), true, false]);
  assert.equal(after.nextDueAt, shanghai('2027-01-06T00:00'));
  const recomputed = (await t.db.query(`SELECT data FROM sla_events WHERE order_id = $1 AND kind = 'recomputed' ORDER BY id DESC LIMIT 1`, [id])).rows[0];
  assert.deepEqual(
    recomputed.data.before.find((c: [string, string]) => c[0] === 'completion'),
    ['completion', shanghai('2027-01-05T00:00')],
  );
  assert.deepEqual(
    recomputed.data.after.find((c: [string, string]) => c[0] === 'completion'),
    ['completion', shanghai('2027-01-06T00:00')],
  );
  const listed = (await admin.req('GET', '/api/calendar/2027')).json();
  assert.deepEqual([listed.covered, listed.provisional, listed.provisionalSource], [true, [], null]);
});
