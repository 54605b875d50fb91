/**
 * Upgrading a database whose inspection photos still hold their bytes (before migrations 732/733):
 * migrate() runs the data step, which moves the bytes into the file store in batches, empties the
 * rows, and only then lets 733 drop the column. Run again, nothing is left to do. A photo whose bytes
 * do not match its checksum stops the move (nothing of that batch moved); without the step, 733
 * refuses instead of losing a photo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from '../../../test/support/db.js';
import { migrate } from '../../db/migrate.js';
import type { Db } from '../../db/pool.js';
import { localStore, sha256Hex } from '../../platform/file-store/index.js';
import { movePhotosToStore, photosToStoreStep } from './photo-store.js';

const png = (i: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`photo ${i}`)]);

/** Back to the state before 733, with `n` photos holding their bytes (as 721 stored them). */
async function beforeDrop(db: Db, n: number) {
  await db.query(`DELETE FROM schema_migrations WHERE name = '733_inspection_photos_drop_content.sql'`);
  await db.query(`ALTER TABLE scorecard_inspection_photos ADD COLUMN content bytea`);
  const cl = (await db.query(`SELECT id FROM scorecard_checklists WHERE code = 'window'`)).rows[0].id;
  const ins = (
    await db.query(
      `INSERT INTO scorecard_inspections (checklist_id, kind, org_unit_id, org_path, inspected_at, inspector_name, points, max_points)
       VALUES ($1, 'window', 1, '/1/', now(), 'x', 1, 1) RETURNING id`,
      [cl],
    )
  ).rows[0].id;
  for (let i = 0; i < n; i++) {
    const b = png(i % 5); // five distinct images among the rows: the same content is stored once
    await db.query(
      `INSERT INTO scorecard_inspection_photos (inspection_id, file_name, mime, size_bytes, sha256, content) VALUES ($1, $2, 'image/png', $3, $4, $5)`,
      [ins, `p${i}.png`, b.length, sha256Hex(b), b],
    );
  }
}

const columns = async (db: Db) =>
  (await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'scorecard_inspection_photos' ORDER BY ordinal_position`)).rows.map(
    (r) => r.column_name,
  );

test('photos move into the file store in batches before 733 drops the column; idempotent; a bad checksum stops the move', async () => {
  const db = await testDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-photos-'));
  const store = localStore(dir);
  await beforeDrop(db, 23);

  // without the step the drop refuses: no photo is lost
  await assert.rejects(migrate(db), /still hold their bytes/);
  assert.ok((await columns(db)).includes('content'));

  // the move alone, in batches of 10: 3 batches, progress after each; then nothing left
  const seen: number[] = [];
  assert.equal(await movePhotosToStore(db, store, { batchSize: 10, onProgress: (m, t) => seen.push(m * 100 + t) }), 23);
  assert.deepEqual(seen, [1023, 2023, 2323]);
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM scorecard_inspection_photos WHERE content IS NOT NULL`)).rows[0].n, 0);
  assert.equal(await movePhotosToStore(db, store), 0, 'run again: nothing to move');
  const stored: string[] = [];
  for await (const sha of store.list()) stored.push(sha);
  assert.deepEqual(stored, [...new Set([0, 1, 2, 3, 4].map((i) => sha256Hex(png(i))))].sort());

  // through migrate(): the step runs before 733, which then drops the column
  const db2 = await testDb();
  await beforeDrop(db2, 7);
  const log: string[] = [];
  assert.deepEqual(await migrate(db2, (m) => log.push(m), { steps: [photosToStoreStep(store)] }), ['733_inspection_photos_drop_content.sql']);
  assert.ok(!(await columns(db2)).includes('content'));
  assert.ok(
    log.some((l) => /inspection photos moved into the local file store: 7/.test(l)),
    log.join('\n'),
  );
  for (const r of (await db2.query(`SELECT sha256, size_bytes FROM scorecard_inspection_photos`)).rows)
    assert.equal((await store.get(r.sha256))?.length, r.size_bytes);
  // once applied, the step does not run again
  log.length = 0;
  assert.deepEqual(await migrate(db2, (m) => log.push(m), { steps: [photosToStoreStep(store)] }), []);
  assert.deepEqual(log, []);

  // a row whose bytes do not match its checksum: that batch is refused and stays in the database
  const db3 = await testDb();
  await beforeDrop(db3, 3);
  await db3.query(`UPDATE scorecard_inspection_photos SET content = $1 WHERE id = (SELECT max(id) FROM scorecard_inspection_photos)`, [Buffer.from('damaged')]);
  const dir3 = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-photos-'));
  await assert.rejects(movePhotosToStore(db3, localStore(dir3)), /hash to/);
  assert.equal((await db3.query(`SELECT count(*)::int AS n FROM scorecard_inspection_photos WHERE content IS NOT NULL`)).rows[0].n, 3);
});
