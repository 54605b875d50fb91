import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { filePath, localStore, sha256Hex, StoredFileCorrupt, storeBytes } from './store.js';
import { fileStoreOf } from './index.js';
import { loadConfig } from '../../config.js';

test('the local file store is content-addressed: same bytes, one file, named by sha-256; no temporary file left', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-files-'));
  const store = localStore(dir);
  const bytes = Buffer.from('%PDF-1.4\n% one document\n');
  const sha = await storeBytes(store, bytes);
  assert.equal(sha, sha256Hex(bytes));
  assert.match(sha, /^[0-9a-f]{64}$/);
  assert.equal(await storeBytes(store, bytes), sha, 'stored once');
  assert.deepEqual(fs.readdirSync(path.dirname(filePath(dir, sha))), [sha]);
  assert.deepEqual(await store.get(sha), bytes);
  assert.equal(await store.has(sha), true);
  const other = await storeBytes(store, Buffer.from('%PDF-1.4\n% another\n'));
  assert.notEqual(other, sha);
  const absent = sha256Hex(Buffer.from('never stored'));
  assert.equal(await store.has(absent), false);
  assert.equal(await store.get(absent), null);
  await assert.rejects(store.put(absent, bytes), /does not hash to its address/, 'bytes under a wrong address are refused');
  await assert.rejects(store.get('../../etc/passwd'), /not a sha-256 address/);
});

test('the local store refuses a corrupted file on read (its sha-256 no longer matches)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-files-'));
  const store = localStore(dir);
  const sha = await storeBytes(store, Buffer.from('%PDF-1.4\n% to be damaged\n'));
  fs.writeFileSync(filePath(dir, sha), '%PDF-1.4\n% damaged!!!!\n');
  await assert.rejects(store.get(sha), (e) => e instanceof StoredFileCorrupt && e.sha === sha);
});

test('configuration picks the store: local by default; s3 needs endpoint, bucket and keys, each named when missing', () => {
  assert.equal(fileStoreOf(loadConfig({})).kind, 'local');
  const s3 = {
    GRIDDESK_FILE_STORE: 's3',
    GRIDDESK_S3_ENDPOINT: 'http://127.0.0.1:9000',
    GRIDDESK_S3_BUCKET: 'griddesk-docs',
    GRIDDESK_S3_ACCESS_KEY: 'AK',
    GRIDDESK_S3_SECRET_KEY: 'SK',
  };
  const c = loadConfig(s3);
  assert.deepEqual(c.fileStore, {
    kind: 's3',
    endpoint: 'http://127.0.0.1:9000',
    bucket: 'griddesk-docs',
    region: 'us-east-1',
    accessKey: 'AK',
    secretKey: 'SK',
  });
  assert.equal(fileStoreOf(c).kind, 's3');
  assert.throws(() => loadConfig({ ...s3, GRIDDESK_S3_SECRET_KEY: '' }), /GRIDDESK_S3_SECRET_KEY is required/);
  assert.throws(() => loadConfig({ ...s3, GRIDDESK_S3_BUCKET: 'Bad_Bucket' }), /GRIDDESK_S3_BUCKET/);
  assert.throws(() => loadConfig({ GRIDDESK_FILE_STORE: 'ftp' }), /GRIDDESK_FILE_STORE=ftp/);
});

test('the local store lists every stored file by address, in order, without temporary leftovers', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-files-'));
  const store = localStore(dir);
  const list = async () => {
    const out: string[] = [];
    for await (const sha of store.list()) out.push(sha);
    return out;
  };
  assert.deepEqual(await list(), [], 'no files folder yet');
  const shas = await Promise.all(['a', 'b', 'c', 'd'].map((x) => storeBytes(store, Buffer.from(`%PDF-1.4\n% ${x}\n`))));
  fs.writeFileSync(filePath(dir, shas[0]) + '.abc123.tmp', 'half written');
  assert.deepEqual(await list(), [...shas].sort());
});
