/**
 * The document store in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS in S3 mode),
 * spoken to over the S3 REST API with SigV4 (`sigv4.ts`): PUT Object, GET Object, HEAD Object,
 * path-style URLs `<endpoint>/<bucket>/files/ab/<sha-256>`. `put` asks HEAD first and writes only
 * what is absent; `get` checks the sha-256 of what comes back. Any answer other than the expected
 * one is an `S3StoreError` carrying the HTTP status and S3's error code (`SignatureDoesNotMatch`,
 * `AccessDenied`, `NoSuchBucket`…).
 */
import { amzDateOf, authorization, EMPTY_SHA256, uriEncode } from './sigv4.js';
import { checkAddress, fileKey, verified, type DocumentStore } from './file-store.js';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** per request, ms */
  timeoutMs?: number;
}

export class S3StoreError extends Error {
  constructor(
    public status: number,
    public code: string,
    what: string,
  ) {
    super(`S3 document store: ${what} answered ${status} ${code}`);
  }
}

/** `<Code>…</Code>` of an S3 error body, or the status text. */
function errorCode(status: number, body: string): string {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? (status === 404 ? 'NotFound' : status === 403 ? 'Forbidden' : `HTTP${status}`);
}

export function s3Store(s: S3Settings, now: () => Date = () => new Date()): DocumentStore {
  const base = new URL(s.endpoint);
  const basePath = base.pathname.replace(/\/+$/, '');

  async function send(method: 'GET' | 'PUT' | 'HEAD', sha: string, body?: Uint8Array) {
    const path = `${basePath}/${uriEncode(s.bucket)}/${uriEncode(fileKey(sha), true)}`;
    const url = new URL(path, base);
    const payloadHash = body ? sha : EMPTY_SHA256;
    const amzDate = amzDateOf(now());
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    if (body) headers['content-type'] = 'application/octet-stream';
    const auth = authorization({ method, path, headers, payloadHash, region: s.region, accessKey: s.accessKey, secretKey: s.secretKey, amzDate });
    const { host: _host, ...sent } = headers;
    try {
      return await fetch(url, {
        method,
        headers: { ...sent, authorization: auth },
        ...(body ? { body: new Uint8Array(body) } : {}),
        signal: AbortSignal.timeout(s.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new S3StoreError(0, 'NetworkError', `${method} ${fileKey(sha)} (${(e as Error).message})`);
    }
  }

  const failure = async (r: Response, what: string) => new S3StoreError(r.status, errorCode(r.status, r.body ? await r.text() : ''), what);

  async function has(sha: string) {
    checkAddress(sha);
    const r = await send('HEAD', sha);
    if (r.status === 200) return true;
    if (r.status === 404) return false;
    throw await failure(r, `HEAD ${fileKey(sha)}`);
  }

  return {
    kind: 's3',
    has,
    async put(sha, bytes) {
      checkAddress(sha, bytes);
      if (await has(sha)) return;
      const r = await send('PUT', sha, bytes);
      if (r.status !== 200) throw await failure(r, `PUT ${fileKey(sha)}`);
      await r.arrayBuffer();
    },
    async get(sha) {
      checkAddress(sha);
      const r = await send('GET', sha);
      if (r.status === 404) {
        const code = errorCode(404, await r.text());
        if (code === 'NoSuchKey' || code === 'NotFound') return null;
        throw new S3StoreError(404, code, `GET ${fileKey(sha)}`);
      }
      if (r.status !== 200) throw await failure(r, `GET ${fileKey(sha)}`);
      return verified(sha, Buffer.from(await r.arrayBuffer()));
    },
  };
}
