/** Clearing a gateway statement exception's balance (docs/payments.md "Clearing an exception's balance"): every pairing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearanceImbalance, planClearance } from './clearance-rules.js';
import { exceptionPosting } from './statement-posting-rules.js';

test('the worked example: ¥41.00 reported for our ¥40.00 leaves ¥1.00 in 224106; refunded to the payer it leaves the bank', () => {
  const posted = exceptionPosting({ kind: 'pay', outcome: 'mismatch', amountFen: 4_100, feeFen: 25, transitFen: 4_000, ourRefundFen: 0, refundPending: false });
  assert.equal(posted!.over, 100);
  const plan = planClearance(posted, 'refund_payer');
  assert.deepEqual(plan, { ok: true, side: 'over', amountFen: 100, amounts: { over: 100, bankIn: 0, expense: 0, short: 0, bankOut: 100, income: 0 } });
});

test('over: refund the payer or write off to income; short: recover from the gateway or write off as a loss; all balance', () => {
  const cases = [
    [{ over: 500 }, 'refund_payer', { over: 500, bankOut: 500 }],
    [{ over: 500 }, 'write_off', { over: 500, income: 500 }],
    [{ short: 700 }, 'recover_from_gateway', { bankIn: 700, short: 700 }],
    [{ short: 700 }, 'write_off', { expense: 700, short: 700 }],
  ] as const;
  for (const [posting, action, expected] of cases) {
    const plan = planClearance({ ...posting }, action);
    assert.ok(plan.ok, action);
    assert.deepEqual(plan.amounts, { over: 0, bankIn: 0, expense: 0, short: 0, bankOut: 0, income: 0, ...expected });
    assert.equal(clearanceImbalance(plan.amounts), 0);
  }
});

test('refused: an action that does not fit the balance; an exception that left nothing to clear', () => {
  const a = planClearance({ over: 100, short: 0 }, 'recover_from_gateway');
  assert.equal(a.ok, false);
  assert.equal(!a.ok && a.rule, 'wrong_action');
  const b = planClearance({ over: 0, short: 300 }, 'refund_payer');
  assert.equal(!b.ok && b.rule, 'wrong_action');
  // a mismatch of another transaction id only, same amount: no over, no short
  const same = exceptionPosting({ kind: 'pay', outcome: 'mismatch', amountFen: 4_000, feeFen: 24, transitFen: 4_000, ourRefundFen: 0, refundPending: false });
  const c = planClearance(same, 'write_off');
  assert.equal(!c.ok && c.rule, 'nothing_to_clear');
  assert.equal(!planClearance(null, 'write_off').ok, true);
});
