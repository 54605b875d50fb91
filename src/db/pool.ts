/** The one connection pool and the transaction helper every service uses. */
import { createHash } from 'node:crypto';
import pg from 'pg';

// bigint (int8) and numeric come back as strings by default; counts are safe as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
export type Queryable = pg.Pool | pg.PoolClient;

export function createPool(url: string, max = 20): Db {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'griddesk' });
  pool.on('error', () => {
    /* a broken idle client is dropped by the pool; the next query reconnects */
  });
  return pool;
}

/**
 * Whether `q` is the pool (queries may run at once, each on its own connection) rather than one
 * connection, which runs one query at a time: concurrent queries on one client are deprecated by pg
 * (removed in pg 9), so code given either runs its queries in turn when this is false.
 */
export const isPool = (q: Queryable): q is Db => q instanceof pg.Pool;

/** Resolves when the database answers a trivial query (health checks); rejects otherwise. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** Runs fn in one transaction; rolls back on any throw. */
export async function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const names = new Map<string, string>();
/**
 * A query to run as a named prepared statement: each connection parses and plans it once and
 * then only binds and executes. For hot, fixed-text queries, where planning costs more than
 * running (e.g. duplicates at intake: about ten times the throughput). The name is derived from
 * the text, so one text always has one name.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
