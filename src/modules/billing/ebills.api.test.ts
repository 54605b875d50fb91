import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { principalOf } from '../../../test/support/principals.js';
import { queueAllBillNotices, queueBillNotices } from './bill-notices.js';
import { releaseRun, reviewRun } from './billruns.js';

test('e-bills: each released bill noticed once through the outbox, on the accepted channels, after quiet hours; never twice', async () => {
  const t = await testApp({ customers: 40 });
  const supervisor = await principalOf(t.db, 'supervisor');
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), supervisor, 7);
  await t.db.query(`UPDATE billing_settings SET ebill_link = 'https://portal.example.cn/portal/bills?bill={billId}'`);
  const released = (await t.db.query(`SELECT id, account_id, customer_id FROM bills WHERE run_id = $1 ORDER BY id`, [act.releasedRunId])).rows;
  // one customer takes no SMS and has quiet hours around the clock but one minute: their e-mail waits
  const quiet = released[0];
  await t.db.query(`UPDATE customers SET phone = '13900001111', email = 'quiet@example.cn' WHERE id = $1`, [quiet.customer_id]);
  await t.db.query(`INSERT INTO notification_prefs (customer_id, sms, email, quiet_start, quiet_end) VALUES ($1, false, true, '00:00', '23:59')`, [
    quiet.customer_id,
  ]);
  // one customer with no way to be told
  const mute = released[1];
  await t.db.query(`UPDATE customers SET phone = NULL, email = NULL WHERE id = $1`, [mute.customer_id]);

  // two instances at once share the waiting bills: every bill exactly once
  const [a, b] = await Promise.all([queueBillNotices(t.db, 7), queueBillNotices(t.db, 7)]);
  const rest = await queueAllBillNotices(t.db, 7);
  assert.equal((a?.bills ?? 0) + (b?.bills ?? 0) + rest.bills, released.length);
  assert.deepEqual(await queueAllBillNotices(t.db), { bills: 0, messages: 0, unreachable: 0 }, 'nothing is noticed twice');
  const msgs = (await t.db.query(`SELECT channel, recipient, body, next_attempt_at, payload FROM outbox WHERE event = 'bill.released' ORDER BY id`)).rows;
  const perBill = new Map<number, string[]>();
  for (const m of msgs) perBill.set(m.payload.billId, [...(perBill.get(m.payload.billId) ?? []), m.channel]);
  for (const [, channels] of perBill) assert.equal(new Set(channels).size, channels.length, 'one message per channel and bill');
  assert.equal(perBill.size, released.length - 1, 'every bill but the unreachable one');
  assert.ok(!perBill.has(Number(mute.id)));
  assert.deepEqual(perBill.get(Number(quiet.id)), ['email']);
  const q = msgs.find((m) => m.payload.billId === Number(quiet.id))!;
  const cstMinute = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  if (cstMinute(new Date()) !== '23:59') assert.equal(cstMinute(q.next_attempt_at), '23:59', 'waits for the end of the quiet hours (23:59 CST)');
  const sms = msgs.find((m) => m.channel === 'sms')!;
  const bill = (await t.db.query(`SELECT total_fen, to_char(due_date, 'YYYY-MM-DD') AS due FROM bills WHERE id = $1`, [sms.payload.billId])).rows[0];
  assert.ok(sms.body.includes(`电费 ${(Number(bill.total_fen) / 100).toFixed(2)} 元，请于 ${bill.due} 前缴清`), sms.body);
  assert.ok(sms.body.includes(`https://portal.example.cn/portal/bills?bill=${sms.payload.billId}`));
  const audit = (await t.db.query(`SELECT entity, entity_id, after FROM audit_log WHERE action = 'bill.notice'`)).rows;
  assert.equal(
    audit.reduce((s, x) => s + x.after.bills, 0),
    released.length,
  );
  assert.equal(
    audit.reduce((s, x) => s + x.after.unreachable, 0),
    1,
  );

  // releasing the next run: its bills are noticed, the earlier ones are not again; a second release is refused
  await reviewRun(t.db, supervisor, act.reviewRunId);
  await releaseRun(t.db, supervisor, act.reviewRunId);
  await assert.rejects(releaseRun(t.db, supervisor, act.reviewRunId), /released/);
  const next = await queueAllBillNotices(t.db);
  const nextBills = Number((await t.db.query(`SELECT count(*) FROM bills WHERE run_id = $1`, [act.reviewRunId])).rows[0].count);
  assert.equal(next.bills, nextBills);
  assert.equal((await queueAllBillNotices(t.db)).bills, 0);

  // a rebill is noticed (its reversal is not)
  const billing = await t.login('billing');
  const target = released[2];
  const rb = await billing.req('POST', `/api/billing/bills/${target.id}/rebill`, { reason: '抄表差错更正' });
  assert.equal(rb.statusCode, 201, rb.body);
  assert.deepEqual((await queueAllBillNotices(t.db)).bills, 1);
  const rebilled = (await t.db.query(`SELECT payload FROM outbox WHERE event = 'bill.rebilled'`)).rows;
  assert.ok(rebilled.length >= 1 && rebilled.every((m) => m.payload.billId === rb.json().rebill.id));
});
