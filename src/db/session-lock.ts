/**
 * Work that runs as several transactions on one connection while holding a session-level advisory
 * lock, so one process at a time does it across every instance (e.g. building a rollup in steps:
 * docs/scorecards.md "Building a rollup without stopping writers"). Others calling with the same key
 * wait for the lock, then see what the holder left.
 */
import type { Db, Tx } from './pool.js';

/**
 * The options of a build done in steps under a session lock (withSessionLock, one inTx a step): the work
 * orders' rollup and the calls' rollup take them.
 */
export interface SteppedBuildOptions {
  /** how much a step takes on, in the builder's unit (ids; for calls, the span of time in ms); the builder's own size by default */
  step?: number;
  /** called after a step's commit (tests write between steps) */
  afterStep?: () => Promise<void>;
}

export async function withSessionLock<T>(db: Db, key: string, fn: (c: Tx) => Promise<T>): Promise<T> {
  const c = await db.connect();
  let locked = false;
  try {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    locked = true;
    return await fn(c);
  } finally {
    // a broken connection drops its session locks with it: destroy it rather than hand it back
    let broken = false;
    if (locked) await c.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => (broken = true));
    c.release(broken);
  }
}

/** One transaction on a connection the caller holds; rolled back on any throw. */
export async function inTx<T>(c: Tx, fn: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const out = await fn();
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  }
}
