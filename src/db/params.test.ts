import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idArray } from './params.js';

test('idArray: the literal PostgreSQL reads as bigint[], anything but whole numbers refused', () => {
  assert.equal(idArray([]), '{}');
  assert.equal(idArray([1, 20, -3, 9007199254740991]), '{1,20,-3,9007199254740991}');
  assert.equal(idArray([1, '9223372036854775807']), '{1,9223372036854775807}', 'a bigint read as text');
  for (const bad of [1.5, NaN, Infinity, null, undefined, '7,8', '1}', '', ' 7'] as unknown as number[]) assert.throws(() => idArray([1, bad]), /whole number/);
});
