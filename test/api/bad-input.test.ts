/**
 * Bad input of every kind on several endpoints: a clear 4xx in the one error format, naming the
 * field, in zh-CN and English — and nothing written (audit log and tables unchanged).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../support/app.js';

const t = await testApp({ customers: 50 });
const admin = await t.login('admin');

async function counts() {
  const r = await t.db.query(`SELECT (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM users)::int AS users,
    (SELECT count(*) FROM org_units)::int AS orgs, (SELECT count(*) FROM api_tokens)::int AS tokens, (SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM customers c) AS customers`);
  return r.rows[0];
}

function assertError(res: { statusCode: number; json(): any }, status: number, field?: string) {
  assert.equal(res.statusCode, status);
  const b = res.json();
  assert.ok(b.code && b.message && b.messages['zh-CN'] && b.messages.en, 'error format');
  if (field)
    assert.ok(
      b.details.some((d: { field: string }) => d.field === field),
      `field ${field} named in ${JSON.stringify(b.details)}`,
    );
}

const cases: Array<[string, 'POST' | 'PATCH', string, unknown, number, string?]> = [
  ['malformed JSON', 'POST', '/api/org-units', '{"parentId": 1, "code": ', 400, 'body'],
  ['missing field', 'POST', '/api/org-units', { parentId: 1, name: 'x', level: 'city', areaType: 'urban' }, 400, 'body.code'],
  ['unknown field', 'POST', '/api/org-units', { parentId: 1, code: 'ZZ1', name: 'x', level: 'city', areaType: 'urban', evil: 1 }, 400, 'body.evil'],
  ['wrong type', 'POST', '/api/org-units', { parentId: '1', code: 'ZZ1', name: 'x', level: 'city', areaType: 'urban' }, 400, 'body.parentId'],
  ['bad enum', 'POST', '/api/org-units', { parentId: 1, code: 'ZZ1', name: 'x', level: 'planet', areaType: 'urban' }, 400, 'body.level'],
  ['over-long string', 'POST', '/api/org-units', { parentId: 1, code: 'ZZ1', name: 'x'.repeat(65), level: 'city', areaType: 'urban' }, 400, 'body.name'],
  [
    'SQL-looking code',
    'POST',
    '/api/org-units',
    { parentId: 1, code: "x'; DROP TABLE users;--", name: 'x', level: 'city', areaType: 'urban' },
    400,
    'body.code',
  ],
  ['wrong hierarchy', 'POST', '/api/org-units', { parentId: 1, code: 'ZZ2', name: 'x', level: 'station', areaType: 'urban' }, 400, 'body.level'],
  [
    'invalid phone',
    'POST',
    '/api/users',
    { username: 'user1', displayName: 'x', role: 'crew', orgUnitId: 1, password: 'abcdefg12', phone: '12345' },
    400,
    'body.phone',
  ],
  ['weak password', 'POST', '/api/users', { username: 'user1', displayName: 'x', role: 'crew', orgUnitId: 1, password: 'abc' }, 400, 'body.password'],
  ['unknown role', 'POST', '/api/users', { username: 'user1', displayName: 'x', role: 'king', orgUnitId: 1, password: 'abcdefg12' }, 400, 'body.role'],
  [
    'org that does not exist',
    'POST',
    '/api/users',
    { username: 'user1', displayName: 'x', role: 'crew', orgUnitId: 99999, password: 'abcdefg12' },
    400,
    'body.orgUnitId',
  ],
  ['invalid ID number format', 'PATCH', '/api/customers/1', { idNumber: '12345' }, 400, 'body.idNumber'],
  ['invalid ID check digit', 'PATCH', '/api/customers/1', { idNumber: '110101199003070001' }, 400, 'body.idNumber'],
  ['bad email', 'PATCH', '/api/customers/1', { email: 'not-an-email' }, 400, 'body.email'],
  ['string id in path', 'PATCH', '/api/users/abc', { displayName: 'x' }, 400, 'params.id'],
  [
    'id beyond any column (reported: was a 500)',
    'POST',
    '/api/tokens',
    { name: 'x', orgUnitId: 1e308, expiresInDays: 577, scopes: ['workorders.read'] },
    400,
    'body.orgUnitId',
  ],
  [
    'NUL in text (PostgreSQL cannot store it)',
    'POST',
    '/api/org-units',
    { parentId: 1, code: 'ZZ3', name: 'a\u0000b', level: 'city', areaType: 'urban' },
    400,
    'body.name',
  ],
  ['unpaired surrogate in text', 'PATCH', '/api/users/2', { displayName: '\ud800' }, 400, 'body.displayName'],
];

for (const [name, method, url, body, status, field] of cases) {
  test(`${name}: ${method} ${url} → ${status}, nothing written`, async () => {
    const before = await counts();
    const res =
      typeof body === 'string'
        ? await t.app.inject({ method, url, payload: body, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' } })
        : await admin.req(method, url, body);
    assertError(res, status, field);
    assert.deepEqual(await counts(), before);
  });
}

test('an org unit of another subtree answers 404, not 403', async () => {
  const hx = await t.login('supervisor');
  const province = (await t.db.query(`SELECT id FROM org_units WHERE level = 'province'`)).rows[0].id;
  assertError(await hx.req('GET', `/api/org-units/${province}`), 404);
});

test('a user of another subtree cannot be edited and nothing is written', async () => {
  const before = await counts();
  // the supervisor sits in the county; the manager sits above it, in the city
  const sup = await t.login('supervisor');
  const managerId = (await t.db.query(`SELECT id FROM users WHERE username = 'manager'`)).rows[0].id;
  assert.equal((await sup.req('PATCH', `/api/users/${managerId}`, { displayName: 'x' })).statusCode, 403); // no users.write
  const countyAdmin = await admin.req('POST', '/api/users', {
    username: 'countyadmin',
    displayName: '县管理员',
    role: 'admin',
    orgUnitId: (await t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH'`)).rows[0].id,
    password: 'county-admin-1',
  });
  assert.equal(countyAdmin.statusCode, 201);
  const ca = await t.login('countyadmin', 'county-admin-1');
  const mid = await counts();
  assertError(await ca.req('PATCH', `/api/users/${managerId}`, { displayName: 'x' }), 404);
  assert.deepEqual(await counts(), mid);
  assert.ok(mid.audit > before.audit);
});

test('English messages follow Accept-Language', async () => {
  const res = await admin.req('POST', '/api/org-units', {}, { 'accept-language': 'en-US' });
  assert.match(res.json().message, /^Invalid request/);
  const zh = await admin.req('POST', '/api/org-units', {});
  assert.match(zh.json().message, /^请求参数有误/);
});

test('reported: a portal fault order with an id beyond any column and coordinates off the globe answers 400 naming the field, nothing written', async () => {
  const customer = await t.login('customer1');
  const before = await counts();
  const res = await customer.req('POST', '/api/portal/fault-orders', {
    servicePointId: 1e308,
    channel: 'mobile',
    description: 'x',
    location: { lon: 553.4, lat: 650.1, text: 'x' },
  });
  assertError(res, 400, 'body.servicePointId');
  assert.deepEqual(await counts(), before);
});

test('unstorable text however the JSON writes it: an upper-case escape, a charset parameter, an object key; an escaped pair (an emoji) is stored', async () => {
  // the raw body text is tested first and only a body that may hold such text is walked (src/http/validation.ts)
  const raw = (payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'PATCH', url: '/api/users/2', payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': contentType } });
  const before = await counts();
  assertError(await raw('{"displayName": "a\\uDBFFb"}'), 400, 'body.displayName');
  assertError(await raw('{"displayName": "a\\u0000"}', 'application/json; charset=utf-8'), 400, 'body.displayName');
  assertError(await raw('{"displayName": "x", "k\\u0000": 1}'), 400, 'body.k?');
  assert.deepEqual(await counts(), before);
  const ok = await raw('{"displayName": "\\ud83d\\ude00 ok"}');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().displayName, '\u{1F600} ok');
});

test('NUL in a query string answers 400 naming the parameter', async () => {
  assertError(await admin.req('GET', '/api/knowledge?tag=%00'), 400, 'querystring.tag');
});

test('a URL that cannot be decoded answers 400 in the error format, naming the url', async () => {
  assertError(await admin.req('GET', '/api/outages/%FF'), 400, 'url');
});

test('dates outside the years 1900–2199 or a leap second answer 400 naming the parameter (found by the fuzz: a 500 and a data exception)', async () => {
  assertError(await admin.req('GET', '/api/calendar/deadline?from=2026-12-31T23%3A59%3A60Z&workingDays=13&convention=same_time'), 400, 'querystring.from');
  assertError(await admin.req('GET', '/api/reliability?from=2029-10-12T16%3A25%3A13.587Z&to=9999-12-31T23%3A59%3A59.999Z'), 400, 'querystring.to');
  const ok = await admin.req('GET', '/api/calendar/deadline?from=2026-12-31T08%3A00%3A00Z&workingDays=13&convention=same_time');
  assert.equal(ok.statusCode, 200, ok.body);
});

test('a GeoJSON import with a feature that is not an object answers 400 naming it (found by the fuzz: a 500)', async () => {
  const before = await counts();
  const res = await admin.req('POST', '/api/network/import', { geojson: { type: 'FeatureCollection', features: [{}, null] }, orgUnitId: 1 });
  assertError(res, 400, 'body.geojson.features.1');
  assert.deepEqual(await counts(), before);
});
