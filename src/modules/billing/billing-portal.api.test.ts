import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { principalOf } from '../../../test/support/principals.js';

const fields = (res: { json(): unknown }) => ((res.json() as { details?: { field: string }[] }).details ?? []).map((d) => d.field);

test('billing settings, the pay QR code, portal usage by month and TOU period, and the TOU what-if', async () => {
  const t = await testApp({ customers: 40 });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const billing = await t.login('billing');
  const admin = await t.login('admin');

  // ── settings: read by billing.read, changed by the billing administrator only, validated, audited
  const s0 = (await billing.req('GET', '/api/billing/settings')).json();
  assert.equal(s0.paymentDays, 15);
  assert.equal(s0.payLink, null);
  assert.ok(s0.provinces.includes('zhejiang'));
  const { provinces: _p, updatedAt: _u, ...body } = s0;
  assert.equal((await billing.req('PUT', '/api/billing/settings', { ...body, paymentDays: 20 })).statusCode, 403);
  const bad = await admin.req('PUT', '/api/billing/settings', { ...body, payLink: 'https://pay.example.cn/bill' });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(fields(bad), ['body.payLink']);
  const badProvince = await admin.req('PUT', '/api/billing/settings', { ...body, province: 'atlantis' });
  assert.deepEqual([badProvince.statusCode, fields(badProvince)], [400, ['body.province']]);
  const badDays = await admin.req('PUT', '/api/billing/settings', { ...body, paymentDays: 0 });
  assert.equal(badDays.statusCode, 400);
  assert.ok(
    fields(badDays).some((f) => f.includes('paymentDays')),
    badDays.body,
  );
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.settings_update'`)).rows[0].n, 0, 'refusals write nothing');
  const saved = await admin.req('PUT', '/api/billing/settings', {
    ...body,
    paymentDays: 20,
    payLink: 'https://pay.example.cn/bill?ref={payRef}',
    ebillLink: 'https://griddesk.example.cn/portal/bills?bill={billId}',
  });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().paymentDays, 20);
  assert.ok(saved.json().updatedAt);
  const audit = (await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'billing.settings_update'`)).rows;
  assert.equal(audit.length, 1);
  assert.deepEqual([audit[0].before.paymentDays, audit[0].after.paymentDays, audit[0].after.payLink], [15, 20, 'https://pay.example.cn/bill?ref={payRef}']);

  // ── the pay QR code of the customer's own released bill
  const portal = await t.login('customer1');
  const mine = (await portal.req('GET', '/api/portal/bills')).json() as { id: number; status: string; kind: string; totalFen: number }[];
  const payable = mine.find((b) => b.status === 'released' && b.kind === 'normal' && b.totalFen > 0)!;
  assert.ok(payable);
  const pay = await portal.req('GET', `/api/portal/bills/${payable.id}/pay`);
  assert.equal(pay.statusCode, 200, pay.body);
  assert.match(pay.json().payRef, /^\d+-\d+-\d$/);
  assert.equal(pay.json().payText, `https://pay.example.cn/bill?ref=${pay.json().payRef}`);
  assert.match(pay.json().qrSvg, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  const pdf = await portal.req('GET', `/api/portal/bills/${payable.id}/pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  const other = (
    await t.db.query(`SELECT id FROM bills WHERE run_id = $1 AND customer_id <> (SELECT customer_id FROM users WHERE username = 'customer1') LIMIT 1`, [
      act.releasedRunId,
    ])
  ).rows[0].id;
  assert.equal((await portal.req('GET', `/api/portal/bills/${other}/pay`)).statusCode, 404);

  // ── usage by month; the residential account is not billed by TOU: the what-if is refused naming accountId
  const usage = (await portal.req('GET', '/api/portal/usage')).json() as {
    accounts: { accountId: number; tou: boolean; months: { byPeriod: unknown; kwh: string }[] }[];
  };
  assert.ok(usage.accounts.length >= 1);
  const acc = usage.accounts[0];
  assert.ok(acc.months.length >= 1);
  if (!acc.tou) {
    const refused = await portal.req('GET', `/api/portal/usage/what-if?accountId=${acc.accountId}&sharePct=20`);
    assert.deepEqual([refused.statusCode, fields(refused)], [400, ['querystring.accountId']]);
  }
  assert.equal((await portal.req('GET', `/api/portal/usage/what-if?accountId=${acc.accountId}&sharePct=0`)).statusCode, 400);

  // ── a commercial customer billed by TOU period: usage by period and the what-if on their latest bill
  const tou = (
    await t.db.query(
      `SELECT b.customer_id, b.account_id FROM bills b WHERE b.run_id = $1 AND (b.inputs -> 'account' ->> 'tou')::boolean ORDER BY b.id LIMIT 1`,
      [act.releasedRunId],
    )
  ).rows[0];
  assert.ok(tou, 'the demo county has TOU accounts');
  await t.db.query(
    `INSERT INTO users (username, display_name, role, org_unit_id, customer_id, password_hash)
     SELECT 'ci_customer', '工商业客户', 'customer', org_unit_id, $1, password_hash FROM users WHERE username = 'customer1'`,
    [tou.customer_id],
  );
  const ci = await t.login('ci_customer');
  const ciUsage = (await ci.req('GET', '/api/portal/usage')).json() as {
    accounts: { accountId: number; tou: boolean; months: { byPeriod: Record<string, number> | null; kwh: string }[] }[];
  };
  const ciAcc = ciUsage.accounts.find((a) => a.accountId === Number(tou.account_id))!;
  assert.ok(ciAcc.tou);
  const m = ciAcc.months[ciAcc.months.length - 1];
  assert.ok(m.byPeriod);
  const w = await ci.req('GET', `/api/portal/usage/what-if?accountId=${ciAcc.accountId}&sharePct=30`);
  assert.equal(w.statusCode, 200, w.body);
  const r = w.json();
  assert.equal(r.savingFen, r.beforeFen - r.afterFen);
  assert.ok(r.savingFen > 0, `saving ${r.savingFen}`);
  assert.ok(r.movedKwh > 0);
  const sumKwh = (k: Record<string, number>) => Math.round(Object.values(k).reduce((a, b) => a + b, 0) * 100);
  assert.equal(sumKwh(r.after), sumKwh(r.before));
  // the stored bill's total is what the what-if rates as billed
  const billed = (await t.db.query(`SELECT total_fen FROM bills WHERE id = $1`, [r.billId])).rows[0].total_fen;
  assert.equal(r.beforeFen, Number(billed));
  // another customer's account: 404
  assert.equal((await ci.req('GET', `/api/portal/usage/what-if?accountId=${acc.accountId}&sharePct=30`)).statusCode, 404);
});
