/** COPY text: NULL, numbers, the four characters the text format escapes, and text[] array literals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayLiteral, copyPieces, copyText, copyValue } from './copy.js';

test('values as COPY text', () => {
  assert.equal(copyValue(null), '\\N');
  assert.equal(copyValue(undefined), '\\N');
  assert.equal(copyValue(12345), '12345');
  assert.equal(copyValue('收费 ok'), '收费 ok');
  assert.equal(copyValue('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
  // a JSON text with an escaped newline keeps its backslash through COPY's unescaping
  assert.equal(copyValue(JSON.stringify({ memo: 'x\ny' })), '{"memo":"x\\\\ny"}');
  assert.equal(copyValue('\\N'), '\\\\N', 'the text \\N is not NULL');
});

test('rows: tab between values, newline after each row', () => {
  assert.equal(
    copyText([
      [1, 'a', null],
      [2, 'b\tc', '2026-12-07'],
    ]),
    '1\ta\t\\N\n2\tb\\tc\t2026-12-07\n',
  );
  assert.equal(copyText([]), '');
});

test('arrays as text[] literals, then escaped for COPY like any text', () => {
  assert.equal(arrayLiteral([]), '{}');
  assert.equal(arrayLiteral(['ZJ-RES', '居民 阶梯']), '{"ZJ-RES","居民 阶梯"}');
  assert.equal(arrayLiteral(['a"b', 'c\\d', null]), '{"a\\"b","c\\\\d",NULL}', 'quote and backslash escaped inside the element; a null element is NULL');
  assert.equal(copyValue(['ZJ-RES', 'ZJ-TOU']), '{"ZJ-RES","ZJ-TOU"}');
  // the array literal's backslashes are doubled again for COPY, which undoes one level before the array is parsed
  assert.equal(copyValue(['a"b', 'c\\d']), '{"a\\\\"b","c\\\\\\\\d"}');
  assert.equal(copyValue(['x\ty']), '{"x\\ty"}', 'a tab inside an element is escaped for COPY');
});

test('pieces: the same bytes as the whole text, cut at row ends', () => {
  const rows = Array.from({ length: 6000 }, (_, i) => [i, `电度电费 第${i % 3}档 😀`, 'a\tb', null, ['ZJ-RES', '居民']]);
  const pieces = copyPieces(rows);
  assert.ok(pieces.length > 1, 'more than one piece');
  assert.deepEqual(Buffer.concat(pieces), Buffer.from(copyText(rows)));
  for (const p of pieces) assert.equal(p.toString().endsWith('\n'), true, 'a piece ends with a whole row');
  assert.deepEqual(copyPieces([]), []);
});
