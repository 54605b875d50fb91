/**
 * Schema-driven fuzzing of the HTTP API: requests generated from the OpenAPI document the app serves
 * (/api/docs/json), by fast-check arbitraries built from each operation's declared parameters and
 * body. Most values are valid for their schema (so requests reach the services and the database);
 * at each node a small share is replaced by a hostile value — out of range (min − 1, max + 1, 1e308,
 * 2^63, 1e999 as raw JSON text), of the wrong type, too long, a NUL character, an impossible date,
 * a missing required or an unknown field — and a small share of bodies is not JSON at all.
 *
 * Used by test/api/fuzz.test.ts (a few thousand requests per `npm test`, a fixed seed unless
 * FUZZ_SEED says otherwise) and bench/fuzz.ts (10,000 requests per role).
 */
import http from 'node:http';
import fc from 'fast-check';
import type { Db } from '../../src/db/pool.js';

export interface Schema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}

export interface Param {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  path: string;
  params: Param[];
  body?: Schema;
}

export interface FuzzRequest {
  /** `METHOD /api/path/{id}`: the operation of the OpenAPI document it was drawn for */
  op: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export const opKey = (op: { method: string; path: string }) => `${op.method} ${op.path}`;

/** Every operation of an OpenAPI 3 document, with its parameters and its JSON body schema. */
export function operationsOf(doc: Record<string, unknown>): Operation[] {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Values

/** A number written into the JSON text as it stands (1e999, 30 digits), which JSON.stringify cannot produce. */
const RAW = '\u0001raw:';
const raw = (text: string) => `${RAW}${text}\u0001`;
const RAW_IN_JSON = /"\\u0001raw:([^"\\]*)\\u0001"/g;

/** JSON text of a generated value, raw numbers spliced in. */
export const toJson = (v: unknown): string => JSON.stringify(v).replace(RAW_IN_JSON, '$1');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A generated value as a path segment: percent-encoded, or a raw one (`%FF`, `%`) as it stands. */
function asSegment(v: unknown): string {
  if (typeof v === 'string' && v.startsWith(RAW)) return v.slice(RAW.length, -1);
  // a URL carries UTF-8, which has no unpaired surrogate: it travels as U+FFFD
  return encodeURIComponent(asText(v).replace(LONE_SURROGATE, '\ufffd'));
}

/** Path segments no schema describes: broken percent-encoding, a NUL, a climb out of the path. */
const RAW_SEGMENTS = ['%FF', '%', '%00', '..%2F..', '%E4%BE', '1%20OR%201=1'].map(raw);

/** A generated value as the text of a path segment, query or header value. */
function asText(v: unknown): string {
  if (typeof v === 'string') return v.startsWith(RAW) ? v.slice(RAW.length, -1) : v;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return toJson(v);
  return String(v);
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function bounds(s: Schema, integer: boolean): { lo: number; hi: number } {
  let lo = s.minimum ?? -MAX_SAFE;
  let hi = s.maximum ?? MAX_SAFE;
  if (typeof s.exclusiveMinimum === 'number') lo = integer ? Math.floor(s.exclusiveMinimum) + 1 : s.exclusiveMinimum;
  if (typeof s.exclusiveMaximum === 'number') hi = integer ? Math.ceil(s.exclusiveMaximum) - 1 : s.exclusiveMaximum;
  if (integer) {
    lo = Math.max(Math.ceil(lo), -MAX_SAFE);
    hi = Math.min(Math.floor(hi), MAX_SAFE);
  }
  return { lo, hi };
}

/**
 * Numbers a schema without a bound calls valid, which no integer column (bigint ends at 2^63 − 1)
 * and no JavaScript date arithmetic can carry: drawn often, so an unbounded field shows.
 */
function beyondColumns(s: Schema): number[] {
  const above = s.maximum === undefined && s.exclusiveMaximum === undefined ? [2 ** 63, 1e19, 1e308] : [];
  const below = s.minimum === undefined && s.exclusiveMinimum === undefined ? [-(2 ** 63), -1e308] : [];
  return [...above, ...below];
}

function integerArb(s: Schema): fc.Arbitrary<number> {
  const { lo, hi } = bounds(s, true);
  if (lo > hi) return fc.constant(lo);
  const centre = Math.min(Math.max(0, lo), hi);
  const near = fc.integer({ min: Math.max(lo, centre - 5), max: Math.min(hi, centre + 30) });
  const whole = fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number);
  const beyond = beyondColumns(s);
  return fc.oneof(
    { arbitrary: near, weight: 6 },
    { arbitrary: fc.constantFrom(lo, hi), weight: 1 },
    { arbitrary: whole, weight: 2 },
    ...(beyond.length ? [{ arbitrary: fc.constantFrom(...beyond), weight: 3 }] : []),
  );
}

function numberArb(s: Schema): fc.Arbitrary<number> {
  const { lo, hi } = bounds(s, false);
  const minExcluded = typeof s.exclusiveMinimum === 'number';
  const maxExcluded = typeof s.exclusiveMaximum === 'number';
  const whole = fc.double({ min: lo, max: hi, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
  const edges = [minExcluded ? null : lo, maxExcluded ? null : hi].filter((x): x is number => x !== null);
  const beyond = beyondColumns(s);
  return fc.oneof(
    { arbitrary: whole, weight: 5 },
    ...(edges.length ? [{ arbitrary: fc.constantFrom(...edges), weight: 1 }] : []),
    ...(beyond.length ? [{ arbitrary: fc.constantFrom(...beyond), weight: 2 }] : []),
  );
}

const recentDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
const EDGE_DATE_TIMES = [
  '1970-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-12-31T23:59:60Z',
  '2026-06-01T08:00:00+08:00',
  '2026-06-01T00:00:00.123456Z',
  '1900-02-28T23:59:59-12:00',
];
const EDGE_DATES = ['0001-01-01', '9999-12-31', '2024-02-29', '1900-01-01', '1970-01-01'];
const SPECIAL_TEXT = ["' OR '1'='1", '%', '_', '\\', 'a\nb', '<script>alert(1)</script>', '🙂', '   ', '0', '-1', 'null', '供电', '../..', '${x}'];
const CJK = fc.constantFrom(...'供电服务工单抢修故障停电客户表计电费线路台区');

function stringArb(s: Schema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 200;
  switch (s.format) {
    case 'date-time':
      return fc.oneof({ arbitrary: recentDate.map((d) => d.toISOString()), weight: 8 }, { arbitrary: fc.constantFrom(...EDGE_DATE_TIMES), weight: 1 });
    case 'date':
      return fc.oneof({ arbitrary: recentDate.map((d) => d.toISOString().slice(0, 10)), weight: 8 }, { arbitrary: fc.constantFrom(...EDGE_DATES), weight: 1 });
    case 'time':
      return fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`);
    case 'email':
      return fc.emailAddress({ size: 'xsmall' });
    case 'uri':
      return fc.webUrl({ size: 'xsmall' });
    case 'uuid':
      return fc.uuid();
  }
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { maxLength, size: 'xsmall' });
  const short = Math.min(maxLength, Math.max(minLength, 24));
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength: short }), weight: 4 },
    { arbitrary: fc.string({ unit: CJK, minLength, maxLength: short }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', minLength, maxLength: short }), weight: 1 },
    { arbitrary: fc.constantFrom(...SPECIAL_TEXT), weight: 1 },
  );
}

function itemsCap(s: Schema): { minLength: number; maxLength: number } {
  const minLength = s.minItems ?? 0;
  return { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 4)) };
}

/**
 * Arbitraries built once per schema node: a node's valid and hostile forms both build its children,
 * so without this the work grows threefold with every level of nesting.
 */
const built = new WeakMap<Schema, Map<string, fc.Arbitrary<unknown>>>();
function once<T>(s: Schema, key: string, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let m = built.get(s);
  if (!m) built.set(s, (m = new Map()));
  let a = m.get(key);
  if (!a) m.set(key, (a = make()));
  return a as fc.Arbitrary<T>;
}

/** A value of the schema (mostly valid, with hostile values mixed in at every level). */
export function valueArb(s: Schema, validWeight = 12): fc.Arbitrary<unknown> {
  return once(s, `value:${validWeight}`, () =>
    fc.oneof({ arbitrary: validArb(s, validWeight), weight: validWeight }, { arbitrary: invalidArb(s, validWeight), weight: 1 }),
  );
}

function validArb(s: Schema, w: number): fc.Arbitrary<unknown> {
  return once(s, `valid:${w}`, () => {
    const core = validCore(s, w);
    return s.nullable ? fc.oneof({ arbitrary: core, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : core;
  });
}

function validCore(s: Schema, w: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((x) => validArb(x, w)));
  switch (s.type) {
    case 'integer':
      return integerArb(s);
    case 'number':
      return numberArb(s);
    case 'string':
      return stringArb(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = s.items ?? {};
      if (s.uniqueItems && items.enum?.length) return fc.subarray(items.enum, { minLength: Math.min(s.minItems ?? 0, items.enum.length) });
      return s.uniqueItems ? fc.uniqueArray(valueArb(items, w), { ...itemsCap(s), selector: (v) => toJson(v) }) : fc.array(valueArb(items, w), itemsCap(s));
    }
    case 'object':
      return objectArb(s, w);
    default:
      if (s.properties) return objectArb(s, w);
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArb(s: Schema, w: number): fc.Arbitrary<Record<string, unknown>> {
  return once(s, `object:${w}`, () => objectCore(s, w));
}

function objectCore(s: Schema, w: number): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = valueArb(v, w);
  const required = (s.required ?? []).filter((k) => k in props);
  return fc.record(model, { requiredKeys: required, noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>;
}

const WRONG_TYPES: unknown[] = [null, true, 'x', 12, [], {}, { a: 1 }, [1, 2]];
const HOSTILE_NUMBERS = (lo: number, hi: number, integer: boolean): unknown[] => [
  lo - 1,
  hi + 1,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  ...(integer ? [1.5, -0.5] : [Number.MIN_VALUE]),
  -1,
  0,
  raw('1e999'),
  raw('-1e999'),
  raw('123456789012345678901234567890'),
  raw('1e-999'),
  '1',
  '1e308',
  'NaN',
];
const HOSTILE_STRINGS = (s: Schema): unknown[] => [
  '',
  'x'.repeat((s.maxLength ?? 200) + 1),
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\uffff',
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '2026-06-01T25:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  'not a value',
];

function invalidArb(s: Schema, w: number): fc.Arbitrary<unknown> {
  return once(s, `invalid:${w}`, () => invalidCore(s, w));
}

function invalidCore(s: Schema, w: number): fc.Arbitrary<unknown> {
  const arbs: fc.Arbitrary<unknown>[] = [fc.constantFrom(...WRONG_TYPES)];
  const type = s.type ?? (s.properties ? 'object' : undefined);
  if (s.enum?.length) arbs.push(fc.constantFrom('NOT_IN_ENUM', String(s.enum[0]).toUpperCase(), 99));
  if (type === 'integer' || type === 'number') {
    const { lo, hi } = bounds(s, type === 'integer');
    arbs.push(fc.constantFrom(...HOSTILE_NUMBERS(lo, hi, type === 'integer')));
  }
  if (type === 'string') arbs.push(fc.constantFrom(...HOSTILE_STRINGS(s)));
  // any JSON: nested deeper than any document (a recursive walk of it overflows the stack)
  if (type === undefined && !s.enum && !s.anyOf && !s.oneOf) arbs.push(fc.constantFrom(10_000, 200_000).map((n) => raw(`${'['.repeat(n)}${']'.repeat(n)}`)));
  if (type === 'array') {
    const items = s.items ?? {};
    const max = s.maxItems ?? 4;
    if (max < 2_000) arbs.push(fc.array(validArb(items, w), { minLength: max + 1, maxLength: max + 1 }));
    arbs.push(validArb(items, w).map((v) => [v, v]));
  }
  if (type === 'object') {
    const required = s.required ?? [];
    if (required.length)
      arbs.push(
        fc.tuple(objectArb(s, w), fc.nat()).map(([o, i]) => {
          const copy = { ...o };
          delete copy[required[i % required.length]];
          return copy;
        }),
      );
    if (s.additionalProperties !== true) arbs.push(objectArb(s, w).map((o) => ({ ...o, zzUnknown: 1 })));
  }
  return fc.oneof(...arbs);
}

/**
 * Every number a request may carry without both bounds (`POST /api/tokens body.orgUnitId`): a
 * value with an enum or a constant is bounded; an empty list is what the test asks for.
 */
export function unboundedNumbers(ops: Operation[]): string[] {
  const out: string[] = [];
  const walk = (s: Schema | undefined, where: string) => {
    if (!s || typeof s !== 'object') return;
    const numeric = s.type === 'integer' || s.type === 'number';
    const hasMin = s.minimum !== undefined || typeof s.exclusiveMinimum === 'number';
    const hasMax = s.maximum !== undefined || typeof s.exclusiveMaximum === 'number';
    if (numeric && s.enum === undefined && s.const === undefined && !(hasMin && hasMax))
      out.push(`${where} (${s.type}, ${hasMin ? 'no maximum' : hasMax ? 'no minimum' : 'no bounds'})`);
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${k}`);
    walk(s.items, `${where}[]`);
    (s.anyOf ?? s.oneOf ?? []).forEach((x) => walk(x, where));
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}.*`);
  };
  for (const op of ops) {
    for (const p of op.params) walk(p.schema, `${opKey(op)} ${p.in === 'query' ? 'querystring' : p.in === 'path' ? 'params' : p.in}.${p.name}`);
    walk(op.body, `${opKey(op)} body`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Requests

const MALFORMED_BODIES = [
  '{"a":',
  '{',
  '[1,',
  'null',
  '[]',
  '"x"',
  '1e999',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{}}}',
];

/** A request for one operation: its path, query, headers and body drawn from their schemas. */
export function requestArb(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const headers = op.params.filter((p) => p.in === 'header');
  const record = <T>(ps: Param[], arb: (p: Param) => fc.Arbitrary<T>) =>
    fc.record(Object.fromEntries(ps.map((p) => [p.name, arb(p)])), { requiredKeys: ps.filter((p) => p.required || p.in === 'path').map((p) => p.name) });
  const canHaveBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
  const body: fc.Arbitrary<{ text?: string; type?: string }> = op.body
    ? fc.oneof(
        { arbitrary: valueArb(op.body).map((v) => ({ text: toJson(v), type: 'application/json' })), weight: 40 },
        { arbitrary: fc.constantFrom(...MALFORMED_BODIES).map((text) => ({ text, type: 'application/json' })), weight: 1 },
        { arbitrary: valueArb(op.body).map((v) => ({ text: toJson(v), type: 'text/plain' })), weight: 1 },
        { arbitrary: fc.constant({ text: undefined, type: undefined }), weight: 1 },
      )
    : canHaveBody
      ? fc.oneof(
          { arbitrary: fc.constant({ text: undefined, type: undefined }), weight: 8 },
          { arbitrary: fc.constantFrom('{}', '{"a":1}', '{"a":').map((text) => ({ text, type: 'application/json' })), weight: 1 },
        )
      : fc.constant({ text: undefined, type: undefined });
  return fc
    .record({
      path: record(pathParams, (p) => fc.oneof({ arbitrary: valueArb(p.schema, 6), weight: 20 }, { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 })),
      query: record(query, (p) => valueArb(p.schema, 8)),
      unknownQuery: fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, { arbitrary: fc.constant(true), weight: 1 }),
      headers: record(headers, (p) => valueArb(p.schema, 8)),
      body,
      lang: fc.constantFrom('zh-CN', 'en'),
    })
    .map(({ path, query: q, unknownQuery, headers: h, body: b, lang }) => {
      const url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => asSegment((path as Record<string, unknown>)[name]));
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
        if (Array.isArray(v)) v.forEach((x) => search.append(k, asText(x)));
        else search.append(k, asText(v));
      }
      if (unknownQuery) search.append('zzUnknown', '1');
      const headerValues: Record<string, string> = { 'accept-language': lang };
      // only what HTTP can carry in a header: visible ASCII
      for (const [k, v] of Object.entries(h as Record<string, unknown>)) headerValues[k] = asText(v).replace(/[^\x20-\x7e]/g, '?');
      if (b.type) headerValues['content-type'] = b.type;
      const qs = search.toString();
      return { op: opKey(op), method: op.method, url: qs ? `${url}?${qs}` : url, headers: headerValues, body: b.text };
    });
}

// ---------------------------------------------------------------------------------------------
// Sending

export interface Auth {
  cookie: string;
  csrf: string;
}

export interface Answer {
  status: number;
  text: string;
}

/** One keep-alive connection per client, as a browser or an integration holds it. */
const agents = new Map<string, http.Agent>();
function agentFor(baseUrl: string): http.Agent {
  let a = agents.get(baseUrl);
  if (!a) agents.set(baseUrl, (a = new http.Agent({ keepAlive: true, maxSockets: 1 })));
  return a;
}

/** Closes the kept-alive connections (before the server closes). */
export function closeConnections() {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

/**
 * Sends a request over a real socket (node:http, keep-alive); rejects when the connection drops
 * (reset, closed before the answer) — which is what the fuzz calls a dropped connection.
 */
export function send(baseUrl: string, req: FuzzRequest, auth: Auth | null): Promise<Answer & { headers: http.IncomingHttpHeaders }> {
  const url = new URL(baseUrl);
  const headers: Record<string, string | number> = { ...req.headers };
  if (auth) Object.assign(headers, { cookie: auth.cookie, 'x-csrf-token': auth.csrf });
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  if (body) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    const r = http.request({ host: url.hostname, port: url.port, path: req.url, method: req.method, headers, agent: agentFor(baseUrl) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

export async function loginOverHttp(baseUrl: string, username: string, password: string): Promise<Auth> {
  const res = await send(
    baseUrl,
    {
      op: 'POST /api/auth/login',
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    },
    null,
  );
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
  const { csrfToken } = JSON.parse(res.text) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/** A short, replayable description of a request. */
export function describeRequest(req: FuzzRequest): string {
  const body = req.body === undefined ? '' : ` ${req.body.length > 400 ? `${req.body.slice(0, 400)}… (${req.body.length} chars)` : req.body}`;
  const type = req.headers['content-type'] ? ` [${req.headers['content-type']}]` : '';
  return `${req.method} ${req.url}${type}${body}`;
}

/** The one error format of every 4xx (src/http/errors.ts): the problem, or null when it is well formed. */
export function errorFormatProblem(text: string): string | null {
  let b: { code?: unknown; message?: unknown; messages?: Record<string, unknown>; details?: unknown };
  try {
    b = JSON.parse(text);
  } catch {
    return 'the error body is not JSON';
  }
  if (typeof b.code !== 'string' || typeof b.message !== 'string') return 'the error body has no code and message';
  if (typeof b.messages?.['zh-CN'] !== 'string' || typeof b.messages?.en !== 'string') return 'the error body lacks the zh-CN or English message';
  if (!Array.isArray(b.details)) return 'the error body has no details';
  return null;
}

// ---------------------------------------------------------------------------------------------
// What a request wrote

/**
 * Tables a refused request may legitimately write: `sessions` (a session is touched on every
 * signed-in request, and created by the fuzz's own logins).
 */
export const WRITE_EXEMPT = new Set<string>(['sessions']);

export interface WriteLog {
  /** a mark of the writes committed so far */
  mark(): Promise<number>;
  /** the rows committed after a mark, by table and operation (`work_orders INSERT 1`); empty when none */
  since(mark: number): Promise<string[]>;
}

/**
 * A write log of the test database: a row trigger on every table of the public schema (partitions
 * included) records each committed INSERT, UPDATE and DELETE in an unlogged side table. A refused
 * request must leave it unchanged — row counts included, and stronger than them (an UPDATE shows).
 * A rolled-back transaction leaves nothing. Reading a mark is one index lookup, where counting the
 * rows of ninety tables after every request would cost more than the requests themselves.
 */
export async function installWriteLog(db: Db, exempt: Set<string> = WRITE_EXEMPT): Promise<WriteLog> {
  await db.query(`CREATE UNLOGGED TABLE IF NOT EXISTS fuzz_writes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL)`);
  await db.query(`CREATE OR REPLACE FUNCTION fuzz_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO fuzz_writes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`);
  const tables = (
    await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'fuzz_writes' ORDER BY 1`,
    )
  ).rows.map((r) => r.name);
  for (const t of tables.filter((x) => !exempt.has(x))) {
    await db.query(`DROP TRIGGER IF EXISTS fuzz_log ON "${t}"`);
    await db.query(`CREATE TRIGGER fuzz_log AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION fuzz_log_write()`);
  }
  return {
    mark: async () => Number((await db.query<{ n: string }>(`SELECT coalesce(max(id), 0) AS n FROM fuzz_writes`)).rows[0].n),
    since: async (mark) =>
      (
        await db.query<{ tbl: string; op: string; n: number }>(
          `SELECT tbl, op, count(*)::int AS n FROM fuzz_writes WHERE id > $1 GROUP BY 1, 2 ORDER BY 1, 2`,
          [mark],
        )
      ).rows.map((r) => `${r.tbl} ${r.op} ${r.n}`),
  };
}

// ---------------------------------------------------------------------------------------------
// One role's fuzzing session

export interface Role {
  name: string;
  /** signed in as this demo user (session cookie and CSRF token); anonymous when absent */
  username?: string;
  password?: string;
}

/** A data exception PostgreSQL raised while answering a request, recorded by the app's onError hook. */
export interface DbRefusal {
  reqId: string;
  code: string;
  message: string;
}

/** Operations a role leaves out: a signed-in role does not end its own session (anonymous fuzzes logout). */
export function fuzzedOperations(ops: Operation[], role: Role): Operation[] {
  return ops.filter((op) => !(role.username && opKey(op) === 'POST /api/auth/logout'));
}

export const isWrite = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

export interface FuzzStats {
  requests: number;
  byClass: Record<'2xx' | '3xx' | '4xx' | '5xx', number>;
  dbRefusals: number;
  dropped: number;
  relogins: number;
}

/**
 * Sends requests as one role and checks what must hold for every one of them: no 5xx, no dropped
 * connection, no data exception reaching PostgreSQL (a value a schema should have refused), every
 * 4xx in the one error format, and — for a refused write — no row inserted, updated or deleted.
 */
export class Fuzzer {
  auth: Auth | null = null;
  readonly stats: FuzzStats = { requests: 0, byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, dbRefusals: 0, dropped: 0, relogins: 0 };

  constructor(
    private readonly baseUrl: string,
    readonly role: Role,
    private readonly refusals: DbRefusal[],
    /** the write log of the database; null: not checked (the bench) */
    private readonly writes: WriteLog | null,
  ) {}

  async start(): Promise<this> {
    if (this.role.username) this.auth = await loginOverHttp(this.baseUrl, this.role.username, this.role.password ?? '');
    return this;
  }

  /** Sends one request; the problems found, empty when every invariant held. */
  async check(req: FuzzRequest): Promise<string[]> {
    const problems: string[] = [];
    const before = this.writes && isWrite(req.method) ? await this.writes.mark() : null;
    const seen = this.refusals.length;
    let answer: Answer;
    this.stats.requests++;
    try {
      answer = await send(this.baseUrl, req, this.auth);
    } catch (e) {
      this.stats.dropped++;
      return [`${this.role.name}: dropped connection (${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}) on ${describeRequest(req)}`];
    }
    const cls = `${Math.floor(answer.status / 100)}xx` as keyof FuzzStats['byClass'];
    if (cls in this.stats.byClass) this.stats.byClass[cls]++;
    const where = `${this.role.name}: ${describeRequest(req)} → ${answer.status}`;
    if (answer.status >= 500) problems.push(`${where} ${answer.text.slice(0, 300)}`);
    for (const r of this.refusals.slice(seen)) {
      this.stats.dbRefusals++;
      problems.push(
        `${where}: PostgreSQL refused a value (SQLSTATE ${r.code}: ${r.message}) that the route's schema let through; bound the field in its schema. Answer: ${answer.text.slice(0, 300)}`,
      );
    }
    if (answer.status >= 400 && answer.status < 500) {
      const format = errorFormatProblem(answer.text);
      if (format) problems.push(`${where}: ${format}: ${answer.text.slice(0, 200)}`);
      if (before !== null) {
        const written = await this.writes!.since(before);
        if (written.length) problems.push(`${where}: a refused write wrote rows: ${written.join(', ')}`);
      }
    }
    if (answer.status === 401 && this.auth) await this.keepSignedIn(where, problems);
    return problems;
  }

  /** After a 401 a signed-in role checks its session; a lost one is renewed (a request may end it legitimately). */
  private async keepSignedIn(where: string, problems: string[]) {
    const me = await send(this.baseUrl, { op: 'GET /api/auth/me', method: 'GET', url: '/api/auth/me', headers: {} }, this.auth);
    if (me.status === 200) return;
    this.stats.relogins++;
    try {
      await this.start();
    } catch (e) {
      problems.push(`${where}: the session was lost and signing in again failed (${(e as Error).message})`);
    }
  }
}
