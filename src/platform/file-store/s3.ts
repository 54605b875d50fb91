/**
 * The file store in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS in S3 mode),
 * spoken to over the S3 REST API with SigV4 (`sigv4.ts`): PUT Object, GET Object, HEAD Object,
 * ListObjectsV2 (for backup), path-style URLs `<endpoint>/<bucket>/files/ab/<sha-256>`. `put` asks
 * HEAD first and writes only what is absent; `get` checks the sha-256 of what comes back; `list`
 * pages through the keys under `files/` with the continuation token. Any answer other than the
 * expected one is an `S3StoreError` carrying the HTTP status and S3's error code
 * (`SignatureDoesNotMatch`, `AccessDenied`, `NoSuchBucket`…).
 */
import { amzDateOf, authorization, EMPTY_SHA256, uriEncode } from './sigv4.js';
import { checkAddress, fileKey, verified, type FileStore } from './store.js';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** per request, ms */
  timeoutMs?: number;
  /** keys per ListObjectsV2 page (S3's maximum and default: 1000) */
  listPageSize?: number;
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

const KEY = /^files\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const unescapeXml = (x: string) =>
  x.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) =>
    dec
      ? String.fromCodePoint(Number(dec))
      : hex
        ? String.fromCodePoint(parseInt(hex, 16))
        : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name],
  );

/** The keys, the truncation flag and the next continuation token of a ListObjectsV2 answer. */
export function parseListPage(xml: string): { keys: string[]; truncated: boolean; next: string | null } {
  const keys = [...xml.matchAll(/<Contents>[\s\S]*?<Key>([^<]*)<\/Key>[\s\S]*?<\/Contents>/g)].map((m) => unescapeXml(m[1]));
  const truncated = /<IsTruncated>\s*true\s*<\/IsTruncated>/.test(xml);
  const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
  return { keys, truncated, next: next === undefined ? null : unescapeXml(next) };
}

export function s3Store(s: S3Settings, now: () => Date = () => new Date()): FileStore {
  const base = new URL(s.endpoint);
  const basePath = base.pathname.replace(/\/+$/, '');

  /** One signed request: `key` is the object key (empty for the bucket itself), `query` unencoded. */
  async function request(
    method: 'GET' | 'PUT' | 'HEAD',
    key: string,
    what: string,
    opts: { body?: Uint8Array; sha?: string; query?: Record<string, string> } = {},
  ) {
    const path = `${basePath}/${uriEncode(s.bucket)}${key ? `/${uriEncode(key, true)}` : ''}`;
    const url = new URL(path, base);
    const query = opts.query ?? {};
    // sent exactly as signed: each name and value encoded per SigV4, sorted
    url.search = Object.entries(query)
      .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
      .sort()
      .join('&');
    const payloadHash = opts.body ? opts.sha! : EMPTY_SHA256;
    const amzDate = amzDateOf(now());
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    if (opts.body) headers['content-type'] = 'application/octet-stream';
    const auth = authorization({ method, path, query, headers, payloadHash, region: s.region, accessKey: s.accessKey, secretKey: s.secretKey, amzDate });
    const { host: _host, ...sent } = headers;
    try {
      return await fetch(url, {
        method,
        headers: { ...sent, authorization: auth },
        ...(opts.body ? { body: new Uint8Array(opts.body) } : {}),
        signal: AbortSignal.timeout(s.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new S3StoreError(0, 'NetworkError', `${what} (${(e as Error).message})`);
    }
  }
  const send = (method: 'GET' | 'PUT' | 'HEAD', sha: string, body?: Uint8Array) =>
    request(method, fileKey(sha), `${method} ${fileKey(sha)}`, body ? { body, sha } : {});

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
    async *list() {
      let token: string | null = null;
      for (;;) {
        const query: Record<string, string> = { 'list-type': '2', prefix: 'files/', 'max-keys': String(s.listPageSize ?? 1000) };
        if (token) query['continuation-token'] = token;
        const r = await request('GET', '', 'ListObjectsV2 files/', { query });
        if (r.status !== 200) throw await failure(r, 'ListObjectsV2 files/');
        const page = parseListPage(await r.text());
        for (const k of page.keys) {
          const m = KEY.exec(k);
          if (m && m[2].startsWith(m[1])) yield m[2];
        }
        if (!page.truncated) return;
        if (!page.next) throw new S3StoreError(200, 'NoContinuationToken', 'ListObjectsV2 files/ (truncated without a continuation token)');
        token = page.next;
      }
    },
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
