/** The one connection pool and the transaction helper every service uses. */
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
