import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitWaiver, waivableFen, type WaiverFigures } from './waiver-rules.js';

const none: WaiverFigures = { unchargedFen: 0, chargedFen: 0, paidFen: 0, waivedChargedFen: 0, waivedPaidFen: 0, pendingFen: 0 };

test('worked example (collection.md): ¥20.00 charged and paid on 10 June, ¥12.00 accrued since; a ¥30.00 waiver on 20 June credits ¥18.00', () => {
  // ¥1,000 commercial bill due 31 May; ¥400 + its ¥20 fee paid 10 June; to 20 June 10 × 2‰ × 60,000 = ¥12 more, not charged
  const f: WaiverFigures = { ...none, unchargedFen: 1_200, chargedFen: 2_000, paidFen: 2_000 };
  assert.equal(waivableFen(f), 3_200);
  assert.deepEqual(splitWaiver(3_000, f), { unchargedFen: 1_200, chargedFen: 0, paidFen: 1_800 });
  // the whole fee: everything not charged, and all that was paid back as credit
  assert.deepEqual(splitWaiver(3_200, f), { unchargedFen: 1_200, chargedFen: 0, paidFen: 2_000 });
  // a small waiver takes only from what has not been charged
  assert.deepEqual(splitWaiver(500, f), { unchargedFen: 500, chargedFen: 0, paidFen: 0 });
});

test('the fee charged and not paid comes before the fee paid', () => {
  const f: WaiverFigures = { ...none, chargedFen: 500, paidFen: 300 };
  assert.equal(waivableFen(f), 500);
  assert.deepEqual(splitWaiver(150, f), { unchargedFen: 0, chargedFen: 150, paidFen: 0 });
  assert.deepEqual(splitWaiver(350, f), { unchargedFen: 0, chargedFen: 200, paidFen: 150 });
});

test('earlier approved waivers and pending ones hold their part back; above the rest is refused naming amountFen', () => {
  const f: WaiverFigures = { ...none, chargedFen: 500, paidFen: 300, waivedChargedFen: 200, waivedPaidFen: 100, pendingFen: 50 };
  // charged-unpaid left 0, paid left 200, less 50 pending
  assert.equal(waivableFen(f), 150);
  assert.deepEqual(splitWaiver(150, f), { unchargedFen: 0, chargedFen: 0, paidFen: 150 });
  assert.throws(
    () => splitWaiver(151, f),
    (e: { details?: { field: string; rule: string }[] }) => e.details?.[0]?.field === 'amountFen' && e.details[0].rule === 'exceeds_fee',
  );
  assert.throws(
    () => splitWaiver(0, f),
    (e: { details?: { field: string }[] }) => e.details?.[0]?.field === 'amountFen',
  );
  assert.equal(waivableFen(none), 0);
});
