/**
 * A local HTTP server speaking the part of the S3 REST API the file store uses (PUT / GET / HEAD
 * Object and ListObjectsV2, path-style, one bucket `docs`), verifying every request's SigV4
 * signature by recomputing it from the canonical request it received (query included): a wrong
 * secret gets 403 SignatureDoesNotMatch. `pageSize` caps ListObjectsV2 pages below the client's
 * `max-keys`, so paging is exercised with a few objects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthorization, sha256Hex, signature } from '../../src/platform/file-store/index.js';

export const FAKE_S3_KEYS: Record<string, string> = { GRIDDESKTESTKEY: 'test/secret+key=' };
export const FAKE_S3_REGION = 'cn-north-1';
export const FAKE_S3_BUCKET = 'docs';

const xmlEscape = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function fakeS3(opts: { pageSize?: number } = {}) {
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
      const secret = FAKE_S3_KEYS[auth.accessKey];
      if (!secret) return fail(403, 'InvalidAccessKeyId');
      const amzDate = String(req.headers['x-amz-date'] ?? '');
      const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
      if (auth.scope !== `${amzDate.slice(0, 8)}/${FAKE_S3_REGION}/s3/aws4_request`) return fail(403, 'SignatureDoesNotMatch');
      if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-content-sha256')) return fail(403, 'AccessDenied');
      const url = new URL(req.url!, 'http://x');
      const headers = Object.fromEntries(auth.signedHeaders.map((h) => [h, String(req.headers[h] ?? '')]));
      const expected = signature({
        method: req.method!,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        payloadHash,
        region: FAKE_S3_REGION,
        accessKey: auth.accessKey,
        secretKey: secret,
        amzDate,
      });
      if (expected !== auth.signature) return fail(403, 'SignatureDoesNotMatch');
      if (payloadHash !== sha256Hex(body)) return fail(400, 'XAmzContentSHA256Mismatch');
      if (url.pathname === `/${FAKE_S3_BUCKET}` && req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        // ListObjectsV2: keys in UTF-8 binary order after the continuation token (here: the last key returned)
        const prefix = url.searchParams.get('prefix') ?? '';
        const max = Math.min(Number(url.searchParams.get('max-keys') ?? 1000), opts.pageSize ?? 1000);
        const after = url.searchParams.get('continuation-token');
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && (after === null || k > after)).sort();
        const page = keys.slice(0, max);
        const truncated = keys.length > page.length;
        res.writeHead(200, { 'content-type': 'application/xml' });
        return res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${FAKE_S3_BUCKET}</Name>` +
            `<Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
            page
              .map((k) => `<Contents><Key>${xmlEscape(k)}</Key><Size>${objects.get(k)!.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
              .join('') +
            (truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1])}</NextContinuationToken>` : '') +
            `</ListBucketResult>`,
        );
      }
      const m = new RegExp(`^/${FAKE_S3_BUCKET}/(files/[0-9a-f]{2}/[0-9a-f]{64})$`).exec(url.pathname);
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
  return {
    server,
    objects,
    log,
    /** listens on a free port of 127.0.0.1 and answers the endpoint URL */
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    settings(endpoint: string) {
      return { endpoint, bucket: FAKE_S3_BUCKET, region: FAKE_S3_REGION, accessKey: 'GRIDDESKTESTKEY', secretKey: FAKE_S3_KEYS.GRIDDESKTESTKEY };
    },
  };
}
