/**
 * A fingerprint of every table's content: row count and the md5 of its rows' text forms in
 * sorted order, plus every sequence's state. Two databases with equal digests hold the same
 * rows; the backup round-trip test and `griddesk restore` checks rely on it.
 */
import type { Queryable } from '../db/pool.js';
import { listTables, quoteIdent, readSequences } from './catalog.js';

export interface DatabaseDigest {
  tables: Record<string, { rows: number; md5: string }>;
  sequences: Record<string, string>;
}

export async function databaseDigest(q: Queryable): Promise<DatabaseDigest> {
  const { tables } = await listTables(q);
  const out: DatabaseDigest = { tables: {}, sequences: {} };
  for (const t of tables) {
    const { rows } = await q.query<{ n: string; md5: string | null }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(x.r, E'\\n' ORDER BY x.r COLLATE "C"), '')) AS md5
         FROM (SELECT t::text AS r FROM public.${quoteIdent(t.name)} t) x`,
    );
    out.tables[t.name] = { rows: Number(rows[0].n), md5: rows[0].md5 ?? '' };
  }
  for (const s of await readSequences(q)) out.sequences[s.name] = `${s.lastValue}/${s.isCalled}`;
  return out;
}
