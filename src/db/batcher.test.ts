/** Batcher: items submitted together share batches, never more than maxInFlight at once; per-item errors stay with their item. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aloneOnFailure, Batcher } from './batcher.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('items submitted together are grouped, at most maxInFlight batches run at once, each caller gets its own answer', async () => {
  const batches: number[][] = [];
  let running = 0;
  let most = 0;
  const b = new Batcher<number, number>(
    async (items) => {
      batches.push(items);
      most = Math.max(most, ++running);
      await tick();
      running--;
      return items.map((x) => x * 10);
    },
    4,
    2,
  );
  const out = await Promise.all(Array.from({ length: 11 }, (_, i) => b.submit(i)));
  assert.deepEqual(
    out,
    Array.from({ length: 11 }, (_, i) => i * 10),
  );
  assert.equal(most, 2);
  assert.ok(batches.every((x) => x.length <= 4));
  assert.deepEqual(
    batches.flat().sort((x, y) => x - y),
    Array.from({ length: 11 }, (_, i) => i),
  );
  assert.ok(batches.length < 11, `grouped: ${batches.length} batches for 11 items`);
  assert.equal(batches[0].length, 1, 'the first item runs at once, alone (no waiting for company)');
});

test('an Error answered for one item fails only that item; a throw fails the whole batch', async () => {
  const b = new Batcher<number, number>(async (items) => items.map((x) => (x === 3 ? new Error('bad 3') : x)), 64, 1);
  const r = await Promise.allSettled([1, 2, 3, 4].map((x) => b.submit(x)));
  assert.deepEqual(
    r.map((x) => x.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  const failing = new Batcher<number, number>(async () => {
    throw new Error('database down');
  });
  const f = await Promise.allSettled([1, 2].map((x) => failing.submit(x)));
  assert.ok(f.every((x) => x.status === 'rejected' && (x.reason as Error).message === 'database down'));
  const short = new Batcher<number, number>(async () => []);
  await assert.rejects(Promise.all([short.submit(1), short.submit(2)]), /0 results for 1 items/);
});

test('aloneOnFailure: a failing batch is run item by item, so only the bad item fails', async () => {
  const runs: number[][] = [];
  const run = aloneOnFailure<number, number>(async (items) => {
    runs.push(items);
    if (items.includes(3)) throw new Error('3 is bad');
    return items.map((x) => x + 100);
  });
  const out = await run([1, 2, 3, 4]);
  assert.deepEqual(
    out.map((x) => (x instanceof Error ? x.message : x)),
    [101, 102, '3 is bad', 104],
  );
  assert.deepEqual(runs, [[1, 2, 3, 4], [1], [2], [3], [4]]);
  const alone = await aloneOnFailure<number, number>(async () => {
    throw 'not an Error';
  })([7]);
  assert.ok(alone[0] instanceof Error && alone[0].message === 'not an Error');
});
