import { test } from 'node:test';
import assert from 'node:assert/strict';
import { creditToApply, isAccountCredit } from './account-credit-rules.js';

test('credit applied: part of the debt when the credit is less, the whole debt when it is more, nothing without either', () => {
  // the API test's cases: credit half a ¥123.45 bill; credit ¥10 above the bill; no debt; no credit (or below zero after a refund held)
  assert.equal(creditToApply(6_172, 12_345), 6_172);
  assert.equal(creditToApply(13_345, 12_345), 12_345);
  assert.equal(creditToApply(5_000, 0), 0);
  assert.equal(creditToApply(0, 12_345), 0);
  assert.equal(creditToApply(-300, 12_345), 0);
});

test('an application of the account credit is a credit-channel row of its own method', () => {
  assert.equal(isAccountCredit({ channel: 'credit', method: 'account_credit' }), true);
  assert.equal(isAccountCredit({ channel: 'credit', method: 'credit_bill' }), false);
  assert.equal(isAccountCredit({ channel: 'counter', method: 'cash' }), false);
});
