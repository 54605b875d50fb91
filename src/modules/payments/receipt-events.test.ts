import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receiptEventType } from './receipt-events.js';

test('the receipt event by channel and method: counter card and transfer have their own, the rest is payment_received', () => {
  assert.equal(receiptEventType('counter', 'cash'), 'payment_received');
  assert.equal(receiptEventType('counter', 'card'), 'payment_received_card');
  assert.equal(receiptEventType('counter', 'transfer'), 'payment_received_transfer');
  assert.equal(receiptEventType('online', 'online'), 'payment_received');
  assert.equal(receiptEventType('bank', 'withholding'), 'payment_received');
});
