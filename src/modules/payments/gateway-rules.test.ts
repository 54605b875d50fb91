import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { canonical, sign, signed, verify } from './gateway-rules.js';

test('canonical string: sorted keys, empty values and sign left out', () => {
  assert.equal(canonical({ orderNo: 'A1', amountFen: 100, merchantId: 'm', note: '', sign: 'x', extra: null }), 'amountFen=100&merchantId=m&orderNo=A1');
});

test('the signature is HMAC-SHA256 over the canonical string, hex', () => {
  const expected = createHmac('sha256', 'secret').update('amountFen=100&orderNo=A1').digest('hex');
  assert.equal(sign({ orderNo: 'A1', amountFen: 100 }, 'secret'), expected);
});

test('verify: a signed message passes; a changed field, another secret or a malformed sign fails', () => {
  const m = signed({ orderNo: 'A1', amountFen: 100, status: 'paid' }, 'k');
  assert.equal(verify(m, 'k'), true);
  assert.equal(verify({ ...m, amountFen: 101 }, 'k'), false);
  assert.equal(verify(m, 'other'), false);
  assert.equal(verify({ ...m, sign: 'zz' }, 'k'), false);
  assert.equal(verify({ ...m, sign: undefined }, 'k'), false);
});
