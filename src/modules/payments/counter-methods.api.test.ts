/**
 * Counter takings by method (docs/ledger.md, "Counter takings by method") through HTTP on real PostgreSQL: cash
 * posts to collections in transit (Dr 101201), a bank card to card takings awaiting the acquirer's settlement
 * (Dr 101202), a bank transfer to the collection account (Dr 100201), each with the same credit side as any
 * payment; a card payment reversed (four eyes) reverses its own entry; the cashier's daily close balances to the
 * fen against the same totals the ledger took per account; the cash deposit concerns cash only — a slip with
 * the card money in it is refused, the slip of the cash clears 101201 of the day to zero and leaves 101202 alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalOf } from '../../../test/support/principals.js';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../ledger/index.js';

test('counter takings: cash, card and transfer each to its account; the close balances; the deposit takes cash only', async () => {
  const t = await testApp({ customers: 40 });
  const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const accounts = (
    await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 10000 ORDER BY account_id LIMIT 5`, [
      act.releasedRunId,
    ])
  ).rows.map((r) => Number(r.account_id));
  const today = todayBeijing();
  const cashier = await t.login('cashier');
  const sup = await t.login('supervisor');
  const pay = async (accountId: number, amountFen: number, method: string) => {
    const r = await cashier.req('POST', '/api/payments/counter', { accountId, amountFen, method, reference: `M-${method}-${accountId}`, confirmOverpay: true });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: number; principalFen: number; creditFen: number };
  };
  /** an entry's lines as [account code (6 digits), debit, credit] */
  const linesOf = async (type: string, id: string) =>
    (
      await t.db.query(
        `SELECT a.code, l.debit_fen::int AS d, l.credit_fen::int AS c FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
           JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_type = $1 AND e.source_id = $2 AND e.reverses_entry_id IS NULL ORDER BY l.line_no`,
        [type, id],
      )
    ).rows.map((r) => [r.code.slice(0, 6), r.d, r.c]);
  const balanceOf = async (code: string) =>
    Number(
      (
        await t.db.query(
          `SELECT coalesce(sum(l.debit_fen - l.credit_fen), 0)::bigint AS b FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = $1`,
          [code],
        )
      ).rows[0].b,
    );

  // one payment of 5,000 fen by each method (less than each bill: all principal), and a second cash payment
  const cash1 = await pay(accounts[0], 5_000, 'cash');
  const card = await pay(accounts[1], 5_000, 'card');
  const transfer = await pay(accounts[2], 5_000, 'transfer');
  await pay(accounts[3], 7_000, 'cash');
  assert.deepEqual(await linesOf('payment_received', `payment:${cash1.id}`), [
    ['101201', 5_000, 0],
    ['112201', 0, 5_000],
  ]);
  assert.deepEqual(await linesOf('payment_received_card', `payment:${card.id}`), [
    ['101202', 5_000, 0],
    ['112201', 0, 5_000],
  ]);
  assert.deepEqual(await linesOf('payment_received_transfer', `payment:${transfer.id}`), [
    ['100201', 5_000, 0],
    ['112201', 0, 5_000],
  ]);
  assert.equal(await linesOf('payment_received', `payment:${card.id}`).then((l) => l.length), 0, 'a card taking is not in collections in transit');

  // a second card payment reversed before the close (four eyes): its own entry reversed, 101202 back to the first card payment
  const card2 = await pay(accounts[4], 2_500, 'card');
  assert.equal(await balanceOf('101202'), 7_500);
  const rq = await cashier.req('POST', `/api/payments/${card2.id}/reversal-requests`, { reason: '刷卡重复' });
  assert.equal(rq.statusCode, 201, rq.body);
  assert.equal((await sup.req('POST', `/api/payments/requests/${rq.json().id}/approve`, {})).statusCode, 200);
  assert.equal(
    Number(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM ledger_entries r JOIN ledger_entries e ON e.id = r.reverses_entry_id
            WHERE e.source_type = 'payment_received_card' AND e.source_id = $1`,
          [`payment:${card2.id}`],
        )
      ).rows[0].n,
    ),
    1,
  );
  assert.equal(await balanceOf('101202'), 5_000);

  // the daily close: the system's totals per method are what the ledger took per account, and it balances to the fen
  const day = (await cashier.req('GET', `/api/payments/cashier/day?day=${today}`)).json();
  assert.deepEqual(day.totals, { cash: 12_000, card: 5_000, transfer: 5_000 });
  assert.deepEqual([await balanceOf('101201'), await balanceOf('101202'), await balanceOf('100201')], [12_000, 5_000, 5_000]);
  const close = await cashier.req('POST', '/api/payments/cashier/close', { day: today, declared: day.totals });
  assert.equal(close.statusCode, 201, close.body);
  assert.equal(close.json().balanced, true);
  assert.ok(close.json().lines.every((l: { differenceFen: number }) => l.differenceFen === 0));

  // the deposit is about cash: a slip with the card money in it differs by ¥50 from the close's cash (held, not posted)
  const slip = {
    slipRef: 'JK-M-01',
    bankName: '农业银行城关支行',
    amountFen: 12_000,
    depositedAt: new Date(Date.now() - 60_000).toISOString(),
    closeIds: [close.json().id],
  };
  const wrong = await cashier.req('POST', '/api/payments/cash-deposits', { ...slip, slipRef: 'JK-M-00', amountFen: 17_000 });
  assert.equal(wrong.statusCode, 201, wrong.body);
  assert.deepEqual([wrong.json().status, wrong.json().expectedFen, wrong.json().differenceFen], ['pending_approval', 12_000, 5_000]);
  assert.equal((await sup.req('POST', `/api/payments/cash-deposits/${wrong.json().id}/reject`, {})).statusCode, 200);
  const dep = await cashier.req('POST', '/api/payments/cash-deposits', slip);
  assert.equal(dep.statusCode, 201, dep.body);
  assert.deepEqual([dep.json().status, dep.json().expectedFen, dep.json().differenceFen], ['posted', 12_000, 0]);
  // collections in transit back to zero, card money still awaiting its settlement, the bank has cash and transfer
  assert.deepEqual([await balanceOf('101201'), await balanceOf('101202'), await balanceOf('100201')], [0, 5_000, 17_000]);
});
