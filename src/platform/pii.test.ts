import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idCheckChar, maskIdNumber, maskInText, maskPhone, validIdNumber } from './pii.js';

test('phones are masked as 138****1234; short values fully', () => {
  assert.equal(maskPhone('13812341234'), '138****1234');
  assert.equal(maskPhone('0531-88881234'), '053****1234');
  assert.equal(maskPhone('12345'), '*****');
  assert.equal(maskPhone(null), null);
});

test('ID numbers keep 4 + 4 characters', () => {
  assert.equal(maskIdNumber('11010519491231002X'), '1101**********002X');
});

test('GB 11643 check character: the standard example 11010519491231002X', () => {
  assert.equal(idCheckChar('11010519491231002'), 'X');
  assert.ok(validIdNumber('11010519491231002X'));
  assert.ok(validIdNumber('11010519491231002x'));
  assert.ok(!validIdNumber('110105194912310021'));
  assert.ok(!validIdNumber('1101051949123100'));
});

test('free text such as a logged URL loses its phone and ID numbers', () => {
  assert.equal(maskInText('/api/cti/lookup?phone=13812341234&x=1'), '/api/cti/lookup?phone=138****1234&x=1');
  assert.equal(maskInText('id=11010519491231002X;'), 'id=1101**********002X;');
  assert.equal(maskInText('order 2026112600001'), 'order 2026112600001'); // 13 digits: not a phone
});
