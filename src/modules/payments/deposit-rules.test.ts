/** Cash deposit rules (docs/payments.md "Cash deposit"): the slip against the closes' cash, and the split per ledger unit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depositByUnit, matchDeposit } from './deposit-rules.js';
import { DEPOSIT_POLICY } from './policy-data.js';

test('a slip equal to the closes’ cash is balanced; a difference within the limit needs approval; beyond it, or under a refusing policy, refused', () => {
  assert.deepEqual(matchDeposit(150_000, [100_000, 50_000], DEPOSIT_POLICY), { expectedFen: 150_000, differenceFen: 0, outcome: 'balanced', reason: null });
  assert.equal(matchDeposit(149_990, [100_000, 50_000], DEPOSIT_POLICY).outcome, 'needs_approval');
  assert.equal(matchDeposit(149_990, [100_000, 50_000], DEPOSIT_POLICY).differenceFen, -10);
  assert.equal(matchDeposit(160_000, [100_000, 50_000], DEPOSIT_POLICY).outcome, 'needs_approval', 'exactly the ¥100 limit');
  assert.deepEqual(matchDeposit(160_001, [100_000, 50_000], DEPOSIT_POLICY).reason, 'difference_above_limit');
  assert.equal(matchDeposit(149_999, [150_000], { ...DEPOSIT_POLICY, difference: 'refuse' }).reason, 'policy_refuses_difference');
});

test('per ledger unit: deposit + shortage = covered + overage, sums give the slip and the expected cash', () => {
  const check = (slip: number, cash: Map<number, number>) => {
    const out = depositByUnit(slip, cash);
    for (const u of out) {
      assert.equal(u.deposit + u.shortage, u.covered + u.overage, `unit ${u.unit} balances`);
      assert.ok(u.deposit >= 0 && u.shortage >= 0 && u.overage >= 0);
    }
    assert.equal(
      out.reduce((s, u) => s + u.deposit, 0),
      slip,
    );
    assert.equal(
      out.reduce((s, u) => s + u.covered, 0),
      [...cash.values()].reduce((s, v) => s + v, 0),
    );
    return out;
  };
  assert.deepEqual(check(30_000, new Map([[5, 30_000]])), [{ unit: 5, deposit: 30_000, covered: 30_000, shortage: 0, overage: 0 }]);
  // an overage goes to the unit with the most cash
  assert.deepEqual(
    check(
      30_050,
      new Map([
        [5, 10_000],
        [7, 20_000],
      ]),
    ).map((u) => [u.unit, u.overage]),
    [
      [5, 0],
      [7, 50],
    ],
  );
  // a shortage larger than the biggest unit's cash spreads over the next
  const s = check(
    1,
    new Map([
      [5, 100],
      [7, 100],
    ]),
  );
  assert.deepEqual(
    s.map((u) => [u.unit, u.deposit, u.shortage]),
    [
      [5, 0, 100],
      [7, 1, 99],
    ],
  );
});
