/**
 * The S3 adapter against a local HTTP server that speaks the contract (PUT / GET / HEAD Object,
 * path-style) and verifies every request's SigV4 signature by recomputing it from the canonical
 * request it received: a wrong secret gets 403 SignatureDoesNotMatch, which the adapter surfaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex, StoredFileCorrupt, storeBytes } from './file-store.js';
import { s3Store, S3StoreError } from './s3-store.js';
import { parseAuthorization, signature } from './sigv4.js';

const KEYS: Record<string, string> = { GRIDDESKTESTKEY: 'test/secret+key=' };
const REGION = 'cn-north-1';

function fakeS3() {
  const objects = new Map<string, Buffer>();
  const log: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fail = (status: number, code: string) => {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
      };
      log.push(`${req.method} ${req.url}`);
      const auth = parseAuthorization(String(req.headers.authorization ?? ''));
      if (!auth) return fail(403, 'AccessDenied');
      const secret = KEYS[auth.accessKey];
      if (!secret) return fail(403, 'InvalidAccessKeyId');
      const amzDate = String(req.headers['x-amz-date'] ?? '');
      const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
      if (auth.scope !== `${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`) return fail(403, 'SignatureDoesNotMatch');
      if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-content-sha256')) return fail(403, 'AccessDenied');
      const url = new URL(req.url!, 'http://x');
      const headers = Object.fromEntries(auth.signedHeaders.map((h) => [h, String(req.headers[h] ?? '')]));
      const expected = signature({
        method: req.method!,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        payloadHash,
        region: REGION,
        accessKey: auth.accessKey,
        secretKey: secret,
        amzDate,
      });
      if (expected !== auth.signature) return fail(403, 'SignatureDoesNotMatch');
      if (payloadHash !== sha256Hex(body)) return fail(400, 'XAmzContentSHA256Mismatch');
      const m = /^\/docs\/(files\/[0-9a-f]{2}\/[0-9a-f]{64})$/.exec(url.pathname);
      if (!m) return fail(404, 'NoSuchBucket');
      const key = m[1];
      if (req.method === 'PUT') {
        objects.set(key, body);
        res.writeHead(200, { etag: '"x"' });
        return res.end();
      }
      const o = objects.get(key);
      if (!o) return fail(404, 'NoSuchKey');
      res.writeHead(200, { 'content-length': o.length, 'content-type': 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : o);
    });
  });
  return { server, objects, log };
}

test('S3 store: put (idempotent, HEAD first), get, has against a server that verifies SigV4; wrong secret, corruption', async (t) => {
  const s3 = fakeS3();
  await new Promise<void>((r) => s3.server.listen(0, '127.0.0.1', r));
  t.after(() => s3.server.close());
  const endpoint = `http://127.0.0.1:${(s3.server.address() as AddressInfo).port}`;
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
