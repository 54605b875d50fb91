import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { filePath, readFile, sha256Hex, storeFile } from './file-store.js';

test('the document store is content-addressed: same bytes, one file, named by sha-256; no temporary file left', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-files-'));
  const bytes = Buffer.from('%PDF-1.4\n% one document\n');
  const sha = await storeFile(dir, bytes);
  assert.equal(sha, sha256Hex(bytes));
  assert.match(sha, /^[0-9a-f]{64}$/);
  assert.equal(await storeFile(dir, bytes), sha, 'stored once');
  assert.deepEqual(fs.readdirSync(path.dirname(filePath(dir, sha))), [sha]);
  assert.deepEqual(await readFile(dir, sha), bytes);
  const other = await storeFile(dir, Buffer.from('%PDF-1.4\n% another\n'));
  assert.notEqual(other, sha);
});
