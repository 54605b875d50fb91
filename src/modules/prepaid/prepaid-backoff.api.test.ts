/**
 * Back-off for a meter head-end that keeps failing (docs/prepaid.md, "Back-off"), real PostgreSQL: the
 * head-end does not answer at all (a closed port); the send is retried after the policy's growing waits,
 * the order fails once its attempts are used up (audited), and the next disconnect order for the same
 * notice waits 1 h, then 2 h after the next failure — the set-based SQL agrees with `reorderNotBefore`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testApp } from '../../../test/support/app.js';
import { workPrepaidCommands } from './commands.js';
import { enrollAccount, storeUsage } from './accounts.js';
import { runPrepaidDailyPass } from './daily-pass.js';
import { nextInWindow, reorderNotBefore, retryPlan } from './prepaid-rules.js';
import { prepaidPolicy } from './store.js';
import { principalOf } from '../../../test/support/principals.js';

/** A local port nobody listens on: every send fails to connect. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('prepaid back-off: growing retry waits, a failed order, the next order only after 1 h, then 2 h', async () => {
  const t = await testApp({ customers: 20 });
  const settings = { url: `http://127.0.0.1:${await closedPort()}`, secret: 'x', notifyUrl: 'http://127.0.0.1:1/api/prepaid/head-end/callback' };
  try {
    // arrange: two attempts per order (the policy's shipped 12 make the same shape, only longer)
    await t.db.query(`UPDATE prepaid_settings SET policy = policy || '{"maxAttempts":2}'::jsonb WHERE id = 1`);
    const policy = await prepaidPolicy(t.db);
    const p = await principalOf(t.db, 'billing');
    const accountId = Number(
      (
        await t.db.query(
          `SELECT a.id FROM customer_accounts a JOIN users u ON u.customer_id = a.customer_id WHERE u.username = 'customer1' ORDER BY a.id LIMIT 1`,
        )
      ).rows[0].id,
    );
    await enrollAccount(t.db, p, { accountId, planCode: 'ZJ-RES-2012', openingBalanceFen: 100 });
    await storeUsage(t.db, p, [{ accountId, day: '2026-12-01', kwh: '10' }]);
    await runPrepaidDailyPass(t.db, '2026-12-01'); // ¥1.00 − ¥5.38: below zero, the notice goes out
    const notice = (await t.db.query(`SELECT id, send_after FROM prepaid_notices WHERE account_id = $1 AND kind = 'zero'`, [accountId])).rows[0];
    assert.ok(notice, 'a below-zero notice');
    const orders = async () =>
      (await t.db.query(`SELECT id, status, attempts, not_before, failed_at FROM prepaid_commands WHERE account_id = $1 ORDER BY id`, [accountId])).rows;
    const min = 60_000;

    // the first order, inside the disconnect window; its send fails: retried after retryAfterMinutes
    const t0 = nextInWindow(
      new Date(new Date(notice.send_after).getTime() + (policy.disconnectAfterNoticeHours + 1) * 3_600_000),
      policy.disconnectWindow,
      policy.utcOffsetMinutes,
    );
    assert.deepEqual(await workPrepaidCommands(t.db, settings, t0), { ordered: 1, sent: 0, polled: 0, failed: 1 });
    let o = await orders();
    assert.equal(o[0].status, 'queued');
    assert.equal(new Date(o[0].not_before).getTime(), retryPlan(1, t0, policy).retryAt!.getTime());
    // the second attempt fails too: attempts used up, the order failed at the worker's clock, audited
    const t1 = new Date(o[0].not_before);
    assert.deepEqual(await workPrepaidCommands(t.db, settings, t1), { ordered: 0, sent: 0, polled: 0, failed: 1 });
    o = await orders();
    assert.deepEqual([o[0].status, o[0].attempts, new Date(o[0].failed_at).getTime()], ['failed', 2, t1.getTime()]);
    const failedAudit = await t.db.query(`SELECT after FROM audit_log WHERE action = 'prepaid.result' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [
      String(o[0].id),
    ]);
    assert.equal(failedAudit.rows[0].after.status, 'failed');

    // no new order for an hour after the failure (before: one every tick once the old one failed)
    const first = reorderNotBefore(1, t1, policy)!;
    assert.equal(first.getTime() - t1.getTime(), 60 * min);
    assert.equal((await workPrepaidCommands(t.db, settings, new Date(first.getTime() - min))).ordered, 0);
    assert.equal((await orders()).length, 1);
    const w = await workPrepaidCommands(t.db, settings, first);
    assert.equal(w.ordered, 1);
    // the second order fails in its turn; the next waits twice as long
    const o2 = (await orders())[1];
    const t2 = new Date(o2.not_before);
    await workPrepaidCommands(t.db, settings, t2);
    const failed2 = (await orders())[1];
    assert.equal(failed2.status, 'failed');
    const second = reorderNotBefore(2, new Date(failed2.failed_at), policy)!;
    assert.equal(second.getTime() - new Date(failed2.failed_at).getTime(), 120 * min);
    assert.equal((await workPrepaidCommands(t.db, settings, new Date(second.getTime() - min))).ordered, 0);
    assert.equal((await workPrepaidCommands(t.db, settings, second)).ordered, 1);
    assert.equal((await orders()).length, 3);
  } finally {
    await t.app.close();
  }
});
