/**
 * Inspection photos live in the house's file store (src/platform/file-store), addressed by the
 * sha-256 in `scorecard_inspection_photos.sha256`. Photos recorded before migration 732 held their
 * bytes in the row; `movePhotosToStore` moves them: in batches (each one transaction, rows locked
 * with SKIP LOCKED so two instances share the work), each photo's bytes checked against its
 * sha-256, put into the store (idempotent: content-addressed), and the row's bytes emptied in the
 * same transaction. Run again it finds nothing left; cut off halfway it resumes. It runs as the
 * data step before migration 733, which then drops the column.
 */
import { withTx, type Db } from '../../db/pool.js';
import type { DataStep } from '../../db/migrate.js';
import { sha256Hex, type FileStore } from '../../platform/file-store/index.js';

export const PHOTOS_TO_STORE_BEFORE = '733_inspection_photos_drop_content.sql';

export async function movePhotosToStore(
  db: Db,
  store: FileStore,
  opts: { batchSize?: number; onProgress?: (moved: number, total: number) => void } = {},
): Promise<number> {
  const batch = opts.batchSize ?? 50;
  const total = Number((await db.query(`SELECT count(*) AS n FROM scorecard_inspection_photos WHERE content IS NOT NULL`)).rows[0].n);
  let moved = 0;
  for (;;) {
    const n = await withTx(db, async (tx) => {
      const { rows } = await tx.query<{ id: string; sha256: string; content: Buffer }>(
        `SELECT id, sha256, content FROM scorecard_inspection_photos WHERE content IS NOT NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      for (const r of rows) {
        const actual = sha256Hex(r.content);
        if (actual !== r.sha256)
          throw new Error(`inspection photo ${r.id}: its bytes hash to ${actual}, the row says ${r.sha256}; nothing of this batch moved`);
        await store.put(r.sha256, r.content);
      }
      if (rows.length) await tx.query(`UPDATE scorecard_inspection_photos SET content = NULL WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
    if (n === 0) return moved;
    moved += n;
    opts.onProgress?.(moved, total);
  }
}

/** The data step before migration 733: photos' bytes into the given store. */
export function photosToStoreStep(store: FileStore): DataStep {
  return {
    before: PHOTOS_TO_STORE_BEFORE,
    name: 'inspection photos into the file store',
    async run(db, log) {
      const moved = await movePhotosToStore(db, store, { onProgress: (m, t) => log(`inspection photos into the ${store.kind} file store: ${m}/${t}`) });
      log(`inspection photos moved into the ${store.kind} file store: ${moved}`);
    },
  };
}
