/**
 * AWS Signature Version 4 for the S3 REST API (pure: no I/O, the clock passed in), after
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html — canonical request,
 * string to sign, signing key, signature, Authorization header. The payload hash travels in
 * `x-amz-content-sha256` and is signed.
 */
import { createHash, createHmac } from 'node:crypto';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignInput {
  method: string;
  /** the path as sent, already URI-encoded (`/bucket/files/ab/abcd…`) */
  path: string;
  /** query parameters (unencoded); sorted and encoded here */
  query?: Record<string, string>;
  /** headers to sign, any case; `host` must be among them */
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  service?: string;
  accessKey: string;
  secretKey: string;
  /** `YYYYMMDDTHHMMSSZ` */
  amzDate: string;
}

/** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX (upper case); `/` kept when asked. */
export function uriEncode(s: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function amzDateOf(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Uint8Array | string, s: string) => createHmac('sha256', key).update(s).digest();

function canonicalHeaders(headers: Record<string, string>) {
  const entries = Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { text: entries.map(([k, v]) => `${k}:${v}\n`).join(''), signed: entries.map(([k]) => k).join(';') };
}

export function canonicalRequest(i: SignInput): string {
  const q = Object.entries(i.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const h = canonicalHeaders(i.headers);
  return [i.method.toUpperCase(), i.path || '/', q, h.text, h.signed, i.payloadHash].join('\n');
}

export function credentialScope(i: Pick<SignInput, 'amzDate' | 'region' | 'service'>): string {
  return `${i.amzDate.slice(0, 8)}/${i.region}/${i.service ?? 's3'}/aws4_request`;
}

export function stringToSign(i: SignInput): string {
  return ['AWS4-HMAC-SHA256', i.amzDate, credentialScope(i), sha256(canonicalRequest(i))].join('\n');
}

export function signingKey(secretKey: string, day: string, region: string, service = 's3'): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), service), 'aws4_request');
}

export function signature(i: SignInput): string {
  return createHmac('sha256', signingKey(i.secretKey, i.amzDate.slice(0, 8), i.region, i.service ?? 's3'))
    .update(stringToSign(i))
    .digest('hex');
}

export function authorization(i: SignInput): string {
  return `AWS4-HMAC-SHA256 Credential=${i.accessKey}/${credentialScope(i)},SignedHeaders=${canonicalHeaders(i.headers).signed},Signature=${signature(i)}`;
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header, or null when it is not one. */
export function parseAuthorization(h: string): { accessKey: string; scope: string; signedHeaders: string[]; signature: string } | null {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,]+)\/([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(h.trim());
  return m ? { accessKey: m[1], scope: m[2], signedHeaders: m[3].split(';'), signature: m[4] } : null;
}
