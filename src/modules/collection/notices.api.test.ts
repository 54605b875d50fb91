/**
 * The stop-supply notice as a document (docs/collection.md "Stop-supply notice"), through HTTP on real
 * PostgreSQL: a notice issued without serving (its PDF parsed back: customer, account, arrears by bill
 * with the late fee's lines, the pay ways, the legal basis, an empty serving record) does not allow a
 * stop; its serving recorded (method, instant, receiver) queues the SMS copy held by the customer's quiet
 * hours, and the reprint carries the serving record and the stop day; bad input names the field and
 * writes nothing; every change audited.
 */
import { test } from 'node:test';
import { principalOf } from '../../../test/support/principals.js';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { parsePdf } from '../../../test/support/pdf.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../ledger/index.js';
import { addDays } from '../../platform/calendar/dates.js';

test('stop-supply notice: issued, printed, served with SMS in quiet hours, stop refused until served', async () => {
  const t = await testApp({ customers: 40 });
  const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const today = todayBeijing();
  await t.db.query(`UPDATE bills SET due_date = $2::date WHERE run_id = $1`, [act.releasedRunId, addDays(today, -40)]);
  const acct = (
    await t.db.query(
      `SELECT b.account_id, a.account_no, c.id AS customer_id, c.phone FROM bills b JOIN customer_accounts a ON a.id = b.account_id JOIN customers c ON c.id = a.customer_id
        WHERE b.run_id = $1 AND b.status = 'released' AND b.total_fen > 5000 AND c.phone IS NOT NULL ORDER BY b.account_id LIMIT 1`,
      [act.releasedRunId],
    )
  ).rows[0];
  assert.ok(acct, 'an overdue account whose customer has a phone');
  const accountId = Number(acct.account_id);
  // the customer's own quiet hours cover the next hour (Beijing time): the SMS must wait for their end
  const hhmm = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);
  const quietEnd = hhmm(Date.now() + 60 * 60_000);
  await t.db.query(
    `INSERT INTO notification_prefs (customer_id, sms, email, quiet_start, quiet_end) VALUES ($1, true, false, $2, $3)
     ON CONFLICT (customer_id) DO UPDATE SET sms = true, quiet_start = $2, quiet_end = $3`,
    [acct.customer_id, hhmm(Date.now() - 60 * 60_000), quietEnd],
  );
  const clerk = await t.login('billing');
  const calltaker = await t.login('calltaker');
  const file = (await clerk.req('GET', `/api/collection/accounts/${accountId}`)).json();
  const owed = file.bills.reduce((s: number, b: { principalOwedFen: number; feeDueFen: number }) => s + b.principalOwedFen + b.feeDueFen, 0);
  const count = async (sql: string, p: unknown[] = []) => Number((await t.db.query(sql, p)).rows[0].n);
  const steps = () => count(`SELECT count(*)::int AS n FROM collection_steps`);
  const sms = () => count(`SELECT count(*)::int AS n FROM outbox WHERE event = 'collection.stop_notice'`);

  // issued, not served
  const issued = await clerk.req('POST', `/api/collection/accounts/${accountId}/notices`, { note: '欠费停电通知书' });
  assert.equal(issued.statusCode, 201, issued.body);
  const n = issued.json();
  assert.equal(n.status, 'issued');
  assert.match(n.noticeNo, new RegExp(`^TZ${today.replaceAll('-', '')}\\d{8}$`));
  assert.equal(n.servedOn, null);
  assert.equal(n.smsOutboxId, null);
  assert.equal(await sms(), 0, 'no SMS before the serving');
  // a stop order still needs a served notice
  await clerk.req('POST', `/api/collection/accounts/${accountId}/calls`, { outcome: 'reached' });
  const refused = await clerk.req('POST', `/api/collection/accounts/${accountId}/stop-orders`, {});
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().code, 'NOTICE_MISSING');

  // the printable notice
  assert.equal((await calltaker.req('GET', `/api/collection/notices/${n.id}/pdf`)).statusCode, 403);
  assert.equal((await clerk.req('GET', `/api/collection/notices/999999999/pdf`)).statusCode, 404);
  const pdf = await clerk.req('GET', `/api/collection/notices/${n.id}/pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const text = parsePdf(pdf.rawPayload)
    .pages.flatMap((p) => p.texts)
    .join('\n');
  const yuan = (f: number) => `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`;
  for (const part of [
    '停 电 通 知 书',
    n.noticeNo,
    acct.account_no,
    file.customerName,
    yuan(owed),
    '缴费方式',
    '依据',
    '电力供应与使用条例',
    '送达回证',
    '送达时间：______',
  ])
    assert.ok(text.includes(part), `the notice shows ${part}`);
  for (const b of file.bills) {
    assert.ok(text.includes(b.cycle), `bill ${b.cycle}`);
    assert.ok(text.includes(yuan(b.principalOwedFen)), `principal of ${b.cycle}`);
    for (const l of b.lateFee.lines) assert.ok(text.includes(`${l.from}–${l.to} ${l.days}天 × ${l.rate}`), `fee line ${l.from}`);
  }

  // bad input: names the field, writes nothing
  const s0 = await steps();
  const future = await clerk.req('POST', `/api/collection/notices/${n.id}/served`, {
    method: 'in_person',
    servedAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  assert.equal(future.statusCode, 400);
  assert.equal(future.json().details[0].field, 'body.servedAt');
  const noMethod = await clerk.req('POST', `/api/collection/notices/${n.id}/served`, {});
  assert.equal(noMethod.statusCode, 400);
  assert.equal((await clerk.req('POST', `/api/collection/notices/999999999/served`, { method: 'in_person' })).statusCode, 404);
  assert.equal(await steps(), s0);
  assert.equal((await clerk.req('GET', `/api/collection/accounts/${accountId}`)).json().steps.find((s: { id: number }) => s.id === n.id).status, 'issued');

  // served: method, instant, receiver; the SMS queued until the end of the customer's quiet hours
  const servedAt = new Date(Date.now() - 5 * 60_000).toISOString();
  const served = await clerk.req('POST', `/api/collection/notices/${n.id}/served`, { method: 'in_person', servedAt, servedTo: '张三（户主）' });
  assert.equal(served.statusCode, 200, served.body);
  const s = served.json();
  assert.equal(s.status, 'done');
  assert.equal(new Date(s.servedAt).toISOString(), servedAt);
  assert.equal(s.servedOn, todayBeijing(Date.parse(servedAt)));
  assert.equal(s.servedTo, '张三（户主）');
  assert.equal(s.stopFrom, addDays(s.servedOn, 7));
  assert.ok(s.smsOutboxId, 'the SMS copy queued');
  const out = (await t.db.query(`SELECT channel, recipient, body, next_attempt_at, urgent, payload FROM outbox WHERE id = $1`, [s.smsOutboxId])).rows[0];
  assert.equal(out.channel, 'sms');
  assert.equal(out.recipient, acct.phone);
  assert.equal(out.urgent, false);
  assert.ok(out.body.includes(acct.account_no) && out.body.includes(s.stopFrom) && out.body.includes(n.noticeNo));
  assert.equal(hhmm(new Date(out.next_attempt_at).getTime()), quietEnd, 'held until the quiet hours end');
  assert.ok(new Date(out.next_attempt_at).getTime() > Date.now(), 'not sent now');
  assert.equal(out.payload.noticeId, n.id);
  // served once
  const again = await clerk.req('POST', `/api/collection/notices/${n.id}/served`, { method: 'in_person' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'ALREADY_SERVED');
  assert.equal(await sms(), 1);

  // the reprint carries the serving record and the stop day
  const text2 = parsePdf((await clerk.req('GET', `/api/collection/notices/${n.id}/pdf`)).rawPayload)
    .pages.flatMap((p) => p.texts)
    .join('\n');
  for (const part of ['直接送达', '张三（户主）', s.stopFrom, `停电日：${s.stopFrom}`]) assert.ok(text2.includes(part), `the served notice shows ${part}`);

  // now a served notice is on file: the stop waits for its notice period (not NOTICE_MISSING)
  const early = await clerk.req('POST', `/api/collection/accounts/${accountId}/stop-orders`, {});
  assert.equal(early.json().code, 'NOTICE_PERIOD');
  // (the notice period passes) the call made before the serving does not count as the call before the stop
  await t.db.query(`UPDATE collection_steps SET served_on = served_on - 8, stop_from = stop_from - 8 WHERE id = $1`, [n.id]);
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${accountId}/stop-orders`, {})).json().code, 'CALL_MISSING');
  assert.equal((await clerk.req('POST', `/api/collection/accounts/${accountId}/calls`, { outcome: 'reached' })).statusCode, 201);
  const stop = await clerk.req('POST', `/api/collection/accounts/${accountId}/stop-orders`, {});
  assert.equal(stop.statusCode, 201, stop.body);
  assert.equal(stop.json().noticeId, n.id);

  // issued and served at once (the earlier form of the request) still works and sends the SMS
  const other = (
    await t.db.query(
      `SELECT b.account_id FROM bills b WHERE b.run_id = $1 AND b.status = 'released' AND b.total_fen > 5000 AND b.account_id <> $2 ORDER BY b.account_id LIMIT 1`,
      [act.releasedRunId, accountId],
    )
  ).rows[0];
  const once = await clerk.req('POST', `/api/collection/accounts/${other.account_id}/notices`, { method: 'registered_mail', servedTo: '邮局回执' });
  assert.equal(once.statusCode, 201, once.body);
  assert.equal(once.json().status, 'done');
  assert.ok(once.json().servedAt);

  // audited: issue and serving of both notices
  const audits = (
    await t.db.query(`SELECT action FROM audit_log WHERE entity = 'collection_step' AND entity_id = ANY($1::text[]) ORDER BY seq`, [
      [String(n.id), String(once.json().id)],
    ])
  ).rows.map((r) => r.action);
  assert.deepEqual(audits, ['collection.notice_issued', 'collection.notice_served', 'collection.notice_issued', 'collection.notice_served']);
});
