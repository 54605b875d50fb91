import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exceptionPosting, imbalance, type ExceptionLine } from './statement-posting-rules.js';

const line = (x: Partial<ExceptionLine>): ExceptionLine => ({
  kind: 'pay',
  outcome: 'mismatch',
  amountFen: 0,
  feeFen: 0,
  transitFen: 0,
  ourRefundFen: 0,
  refundPending: false,
  ...x,
});

test('published example: the statement reports ¥41.00 for our ¥40.00 payment, fee ¥0.25', () => {
  const a = exceptionPosting(line({ amountFen: 4_100, feeFen: 25, transitFen: 4_000 }))!;
  assert.deepEqual(a, { bankIn: 4_075, fee: 25, short: 0, transit: 4_000, over: 100, bankOut: 0 });
  assert.equal(imbalance(a), 0);
});

test('the gateway collected less than our payment: the difference is due from the gateway', () => {
  const a = exceptionPosting(line({ amountFen: 3_900, feeFen: 23, transitFen: 4_000 }))!;
  assert.deepEqual(a, { bankIn: 3_877, fee: 23, short: 100, transit: 4_000, over: 0, bankOut: 0 });
  assert.equal(imbalance(a), 0);
});

test('an order unknown to griddesk, or a payment settled before: all of it to be identified', () => {
  for (const outcome of ['unknown_order', 'mismatch']) {
    const a = exceptionPosting(line({ outcome, amountFen: 500, feeFen: 3 }))!;
    assert.deepEqual(a, { bankIn: 497, fee: 3, short: 0, transit: 0, over: 500, bankOut: 0 });
    assert.equal(imbalance(a), 0);
  }
});

test('another transaction id, same amount: our payment leaves transit, no difference', () => {
  const a = exceptionPosting(line({ amountFen: 4_000, feeFen: 24, transitFen: 4_000 }))!;
  assert.deepEqual(a, { bankIn: 3_976, fee: 24, short: 0, transit: 4_000, over: 0, bankOut: 0 });
});

test('refunds: unknown, more or less than ours, pending', () => {
  const unknown = exceptionPosting(line({ kind: 'refund', outcome: 'unmatched_refund', amountFen: 700 }))!;
  assert.deepEqual(unknown, { bankIn: 0, fee: 0, short: 700, transit: 0, over: 0, bankOut: 700 });
  const more = exceptionPosting(line({ kind: 'refund', outcome: 'unmatched_refund', amountFen: 5_100, ourRefundFen: 5_000 }))!;
  assert.deepEqual(more, { bankIn: 0, fee: 0, short: 100, transit: 0, over: 0, bankOut: 100 });
  const less = exceptionPosting(line({ kind: 'refund', outcome: 'unmatched_refund', amountFen: 4_900, ourRefundFen: 5_000 }))!;
  assert.deepEqual(less, { bankIn: 100, fee: 0, short: 0, transit: 0, over: 100, bankOut: 0 });
  for (const a of [unknown, more, less]) assert.equal(imbalance(a), 0);
  assert.equal(exceptionPosting(line({ kind: 'refund', outcome: 'unmatched_refund', amountFen: 700, refundPending: true })), null);
});

test('not confirmed, missing at the gateway, bad line: nothing posted', () => {
  assert.equal(exceptionPosting(line({ outcome: 'not_confirmed', amountFen: 100 })), null);
  assert.equal(exceptionPosting(line({ kind: 'ours', outcome: 'missing_at_gateway', amountFen: 100, transitFen: 100 })), null);
  assert.equal(exceptionPosting(line({ outcome: 'bad_line' })), null);
});
