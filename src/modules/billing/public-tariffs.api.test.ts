import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

test('public tariff notice: no login, the tables of the billed province in force on a day; a bad day is refused naming it', async () => {
  const t = await testApp({ customers: 20 });
  const res = await t.app.inject({ method: 'GET', url: '/api/public/tariffs?on=2025-07-01' });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { province: string; on: string; tariffs: { code: string; province: string; validFrom: string; validTo: string | null }[] };
  assert.equal(body.province, 'zhejiang');
  assert.equal(body.on, '2025-07-01');
  assert.ok(body.tariffs.length >= 3);
  assert.ok(body.tariffs.every((v) => v.province === 'zhejiang' && v.validFrom <= '2025-07-01' && (v.validTo === null || v.validTo >= '2025-07-01')));
  // the same rows the staff's tariff list shows (and the rating engine bills with)
  const billing = await t.login('billing');
  const staff = (await billing.req('GET', '/api/billing/tariffs?province=zhejiang&on=2025-07-01')).json() as { code: string }[];
  assert.deepEqual(
    body.tariffs.map((v) => v.code),
    staff.map((v) => v.code),
  );
  const today = await t.app.inject({ method: 'GET', url: '/api/public/tariffs' });
  assert.equal(today.statusCode, 200);
  assert.match(today.json().on, /^\d{4}-\d{2}-\d{2}$/);
  const bad = await t.app.inject({ method: 'GET', url: '/api/public/tariffs?on=2025-13-01' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'querystring.on');
});
