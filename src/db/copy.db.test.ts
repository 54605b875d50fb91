/** COPY text through a real PostgreSQL: what copyRows sends comes back as it was given. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../test/support/db.js';
import { copyRows } from './copy.js';
import { withTx } from './pool.js';

test('copyRows round trip: NULL, the text \\N, backslash, tab, newline, CR, JSON text, text[] with quotes and backslashes', async () => {
  const db = await testDb(2);
  const rows = [
    [1, null, null, null],
    [2, '\\N', JSON.stringify({ memo: 'x\ny', path: 'C:\\bills' }), ['ZJ-RES', 'a"b', 'c\\d', 'e\tf', null]],
    [3, 'back\\slash\ttab\nnewline\rcr 收费', '{}', []],
  ];
  const back = await withTx(db, async (tx) => {
    await tx.query(`CREATE TEMP TABLE copy_rt (n int, t text, j jsonb, a text[]) ON COMMIT DROP`);
    await copyRows(tx, 'copy_rt', ['n', 't', 'j', 'a'], rows);
    return (await tx.query(`SELECT n, t, j, a FROM copy_rt ORDER BY n`)).rows;
  });
  assert.deepEqual(
    back.map((r) => [r.n, r.t, r.j, r.a]),
    [
      [1, null, null, null],
      [2, '\\N', { memo: 'x\ny', path: 'C:\\bills' }, ['ZJ-RES', 'a"b', 'c\\d', 'e\tf', null]],
      [3, 'back\\slash\ttab\nnewline\rcr 收费', {}, []],
    ],
  );
});
