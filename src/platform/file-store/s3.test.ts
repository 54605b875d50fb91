/**
 * The S3 adapter against a local HTTP server that speaks the contract (PUT / GET / HEAD Object,
 * ListObjectsV2, path-style; test/support/fake-s3.ts) and verifies every request's SigV4 signature
 * by recomputing it from the canonical request it received: a wrong secret gets 403
 * SignatureDoesNotMatch, which the adapter surfaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Hex, StoredFileCorrupt, storeBytes } from './store.js';
import { parseListPage, s3Store, S3StoreError } from './s3.js';
import { fakeS3, FAKE_S3_KEYS as KEYS, FAKE_S3_REGION as REGION } from '../../../test/support/fake-s3.js';

test('S3 store: put (idempotent, HEAD first), get, has against a server that verifies SigV4; wrong secret, corruption', async (t) => {
  const s3 = fakeS3();
  const endpoint = await s3.start();
  t.after(() => s3.server.close());
  const store = s3Store({ endpoint, bucket: 'docs', region: REGION, accessKey: 'GRIDDESKTESTKEY', secretKey: KEYS.GRIDDESKTESTKEY });

  const bytes = Buffer.from('%PDF-1.4\n% stored in a bucket\n');
  const sha = await storeBytes(store, bytes);
  assert.equal(sha, sha256Hex(bytes));
  assert.deepEqual(s3.log, [`HEAD /docs/files/${sha.slice(0, 2)}/${sha}`, `PUT /docs/files/${sha.slice(0, 2)}/${sha}`]);
  assert.deepEqual(s3.objects.get(`files/${sha.slice(0, 2)}/${sha}`), bytes);
  s3.log.length = 0;
  await storeBytes(store, bytes);
  assert.deepEqual(s3.log, [`HEAD /docs/files/${sha.slice(0, 2)}/${sha}`], 'the same content is not written twice');
  assert.equal(await store.has(sha), true);
  assert.deepEqual(await store.get(sha), bytes);
  const absent = sha256Hex(Buffer.from('absent'));
  assert.equal(await store.has(absent), false);
  assert.equal(await store.get(absent), null);

  // a corrupted object is refused
  s3.objects.set(`files/${sha.slice(0, 2)}/${sha}`, Buffer.from('%PDF-1.4\n% tampered in the bucket\n'));
  await assert.rejects(store.get(sha), (e) => e instanceof StoredFileCorrupt);

  // a wrong secret: the server's recomputed signature differs
  const wrong = s3Store({ endpoint, bucket: 'docs', region: REGION, accessKey: 'GRIDDESKTESTKEY', secretKey: 'not-the-secret' });
  await assert.rejects(
    wrong.get(sha),
    (e) => e instanceof S3StoreError && e.status === 403 && e.code === 'SignatureDoesNotMatch' && /SignatureDoesNotMatch/.test(e.message),
  );
  await assert.rejects(storeBytes(wrong, Buffer.from('%PDF-1.4\n% new\n')), (e) => e instanceof S3StoreError && e.status === 403);
  // HEAD has no body: the status names it
  await assert.rejects(wrong.has(sha), (e) => e instanceof S3StoreError && e.status === 403);
  // a wrong region is a different signing key
  await assert.rejects(
    s3Store({ endpoint, bucket: 'docs', region: 'us-east-1', accessKey: 'GRIDDESKTESTKEY', secretKey: KEYS.GRIDDESKTESTKEY }).get(sha),
    (e) => e instanceof S3StoreError && e.code === 'SignatureDoesNotMatch',
  );
  // an unknown key id, a missing bucket, and nobody listening
  await assert.rejects(
    s3Store({ endpoint, bucket: 'docs', region: REGION, accessKey: 'NOBODY', secretKey: 'x' }).get(sha),
    (e) => e instanceof S3StoreError && e.code === 'InvalidAccessKeyId',
  );
  await assert.rejects(
    s3Store({ endpoint, bucket: 'other', region: REGION, accessKey: 'GRIDDESKTESTKEY', secretKey: KEYS.GRIDDESKTESTKEY }).get(sha),
    (e) => e instanceof S3StoreError && e.code === 'NoSuchBucket',
  );
  await assert.rejects(
    s3Store({ endpoint: 'http://127.0.0.1:1', bucket: 'docs', region: REGION, accessKey: 'a', secretKey: 'b' }).has(sha),
    (e) => e instanceof S3StoreError && e.code === 'NetworkError',
  );
});

test('S3 store: list pages through ListObjectsV2 (signed query, continuation token) and yields every address once, in order', async (t) => {
  const s3 = fakeS3({ pageSize: 2 });
  const endpoint = await s3.start();
  t.after(() => s3.server.close());
  const store = s3Store({ ...s3.settings(endpoint), listPageSize: 1000 });
  const list = async () => {
    const out: string[] = [];
    for await (const sha of store.list()) out.push(sha);
    return out;
  };
  assert.deepEqual(await list(), []);
  const shas = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((x) => storeBytes(store, Buffer.from(`%PDF-1.4\n% ${x}\n`))));
  s3.objects.set('other/readme.txt', Buffer.from('not ours')); // outside files/: not listed
  s3.log.length = 0;
  assert.deepEqual(await list(), [...shas].sort());
  assert.equal(s3.log.length, 3, 'five keys in pages of two: three requests');
  assert.ok(s3.log.every((l) => l.startsWith('GET /docs?')));
  assert.match(s3.log[1], /continuation-token=files%2F/);
  // a wrong secret is refused on the listing as well
  const wrong = s3Store({ ...s3.settings(endpoint), secretKey: 'not-the-secret' });
  await assert.rejects(
    (async () => {
      for await (const _ of wrong.list());
    })(),
    (e) => e instanceof S3StoreError && e.code === 'SignatureDoesNotMatch',
  );
});

test('ListObjectsV2 answer: keys, truncation, the token with XML entities decoded', () => {
  const page = parseListPage(
    '<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>files/ab/x</Key><Size>1</Size></Contents>' +
      '<Contents><Key>a&amp;b</Key></Contents><NextContinuationToken>1/abc+def=&amp;</NextContinuationToken></ListBucketResult>',
  );
  assert.deepEqual(page, { keys: ['files/ab/x', 'a&b'], truncated: true, next: '1/abc+def=&' });
  assert.deepEqual(parseListPage('<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>'), { keys: [], truncated: false, next: null });
});
