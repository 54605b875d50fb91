/** Service-desk settings over HTTP: read by staff, changed by the SLA administrator, checked as a whole, audited, and used at once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';

const t = await testApp({ customers: 20 });
const admin = await t.login('admin');
const calltaker = await t.login('calltaker');
const row = async () => (await t.db.query('SELECT * FROM workorder_settings WHERE id = 1')).rows[0];

test('staff read the settings; only the SLA administrator changes them', async () => {
  const r = await calltaker.req('GET', '/api/workorders/settings');
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json().escalationMinutes, [15, 30]);
  assert.equal((await calltaker.req('PUT', '/api/workorders/settings', { reopenWindowDays: 3 })).statusCode, 403);
});

test('a change is merged, audited with before and after, and the next intake uses it', async () => {
  const res = await admin.req('PUT', '/api/workorders/settings', { maxBackdateMinutes: { phone: 5 }, escalationMinutes: [10, 25] });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().maxBackdateMinutes.phone, 5);
  assert.equal(res.json().maxBackdateMinutes.letter, 43200, 'the other channels keep their limits');
  const a = (await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'workorder.settings_update' ORDER BY seq DESC LIMIT 1`)).rows[0];
  assert.deepEqual(
    [a.before.escalationMinutes, a.after.escalationMinutes],
    [
      [15, 30],
      [10, 25],
    ],
  );
  const customer = (await t.db.query('SELECT id FROM customers ORDER BY id LIMIT 1')).rows[0].id;
  const late = await calltaker.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    customerId: customer,
    description: '十分钟前的来电',
    receivedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  });
  assert.equal(late.statusCode, 400, late.body);
  assert.equal(late.json().details[0].field, 'body.receivedAt');
});

test('bad settings are refused with the field and rule named, and nothing changes', async () => {
  const before = await row();
  const cases: [unknown, string, string][] = [
    [{ escalationMinutes: [30, 15] }, 'body.escalationMinutes[1]', 'ascending'],
    [{ escalationMinutes: [20] }, 'body.escalationMinutes', 'length'],
    [{ maxBackdateMinutes: { pigeon: 10 } }, 'body.maxBackdateMinutes.pigeon', 'enum'],
    [{ maxBackdateMinutes: { letter: 0 } }, 'body.maxBackdateMinutes.letter', 'reachable'],
    [{ callbackSamplePercent: 101 }, 'body.callbackSamplePercent', 'maximum'],
    [{ duplicateWindowHours: '72' }, 'body.duplicateWindowHours', 'type'],
    [{}, 'body', 'minProperties'],
    [{ reopenWindowDays: 3, colour: 'red' }, 'body.colour', 'unknown'],
  ];
  for (const [body, field, rule] of cases) {
    const r = await admin.req('PUT', '/api/workorders/settings', body);
    assert.equal(r.statusCode, 400, `${JSON.stringify(body)} → ${r.body}`);
    const d = r.json().details as { field: string; rule: string }[];
    assert.ok(
      d.some((x) => x.field === field && x.rule === rule),
      `${JSON.stringify(body)}: expected ${field}/${rule}, got ${JSON.stringify(d)}`,
    );
    assert.ok(r.json().messages['zh-CN'] && r.json().messages.en);
  }
  assert.deepEqual(await row(), before);
});
