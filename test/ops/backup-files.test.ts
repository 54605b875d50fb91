/**
 * The stored files (the connection documents' content-addressed store under <dataDir>/files) go
 * into the backup after the tables and come back under the target data directory, byte for byte;
 * a backup whose file content was tampered with is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { seed } from '../../src/seed/seed.js';
import { backup } from '../../src/ops/backup.js';
import { restore } from '../../src/ops/restore.js';
import { testDb } from '../support/db.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-backup-files-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function store(dataDir: string, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const p = path.join(dataDir, 'files', sha.slice(0, 2), sha);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, bytes);
  return `files/${sha.slice(0, 2)}/${sha}`;
}

test('documents of the file store travel in the backup and are restored under the target data directory', async () => {
  const source = await testDb();
  await seed(source, { customers: 20, seed: 3 });
  const from = path.join(dir, 'source-data');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 7), Buffer.from('\n\\.\nEND\n')]); // bytes that look like markers
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]);
  const names = [store(from, pdf), store(from, png)].sort();
  fs.writeFileSync(path.join(from, names[0]) + '.abc.tmp', 'half written'); // a failed write's leftover: not backed up
  const file = path.join(dir, 'with-files.gdb.gz');
  const header = await backup(source, file, { dataDir: from });
  assert.equal(header.files, 2);

  const to = path.join(dir, 'target-data');
  const report = await restore(await testDb(), file, { dataDir: to });
  assert.equal(report.files, 2);
  for (const n of names) assert.deepEqual(fs.readFileSync(path.join(to, n)), fs.readFileSync(path.join(from, n)));
  assert.equal(fs.readdirSync(path.join(to, 'files', names[0].slice(6, 8))).length, names[0].slice(6, 8) === names[1].slice(6, 8) ? 2 : 1);

  // a changed byte in a file's content: refused, nothing restored
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('latin1');
  const at = text.indexOf(`FILE ${names[1]}`);
  const line = text.indexOf('\n', at) + 1;
  const tampered = text.slice(0, line) + (text[line] === 'A' ? 'B' : 'A') + text.slice(line + 1);
  const bad = path.join(dir, 'tampered.gdb.gz');
  fs.writeFileSync(bad, zlib.gzipSync(Buffer.from(tampered, 'latin1')));
  const target2 = await testDb();
  await assert.rejects(restore(target2, bad, { dataDir: path.join(dir, 'other') }), /sha-256|bytes/);
  assert.equal((await target2.query('SELECT count(*)::int AS n FROM org_units')).rows[0].n, 0);
});
