/**
 * The grouped reads of intake (intake-reader.ts): requests submitted together, from staff and a
 * portal customer, with a service point, a customer only, anonymous, out of scope and citing an
 * article, each get their own placement, article check and duplicates, and the duplicates are
 * exactly what findDuplicates (GET /api/workorders/duplicates) answers for the same keys and caller.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../../test/support/app.js';
import type { Principal } from '../../identity/principal.js';
import { principalOf } from '../../../../test/support/principals.js';
import { findDuplicates } from './duplicates.js';
import { intakeReadStats, readForIntake, type IntakeReadRequest } from './intake-reader.js';

const t = await testApp({ customers: 300 });
const WINDOW = 72;

const calltaker = await principalOf(t.db, 'calltaker');
const hexi = await principalOf(t.db, 'hx_calltaker'); // a station's call-taker: sees only that station
const portal = await principalOf(t.db, 'customer1');
const inScope = (
  await t.db.query(
    `SELECT DISTINCT ON (sp.customer_id) sp.id AS sp, sp.customer_id AS c, sp.org_unit_id AS org, c.phone FROM service_points sp JOIN customers c ON c.id = sp.customer_id
    JOIN org_units o ON o.id = sp.org_unit_id WHERE o.path LIKE $1 || '%' AND sp.customer_id <> $2 ORDER BY sp.customer_id, sp.id LIMIT 4`,
    [calltaker.orgPath, portal.customerId],
  )
).rows;
const outOfScope = (
  await t.db.query(
    `SELECT sp.id AS sp, sp.customer_id AS c FROM service_points sp JOIN customers c ON c.id = sp.customer_id JOIN org_units o ON o.id = c.org_unit_id
    WHERE o.path NOT LIKE $1 || '%' ORDER BY sp.id LIMIT 1`,
    [hexi.orgPath],
  )
).rows[0];
const portalSp = (await t.db.query('SELECT id FROM service_points WHERE customer_id = $1 ORDER BY id LIMIT 1', [portal.customerId])).rows[0].id as number;
// an article in force and a draft: only the first may be cited
const editor = await t.login('supervisor');
const newArticle = async (status: string) => {
  const r = await editor.req('POST', '/api/knowledge', { title: `测试文章 ${status}`, body: '正文', category: '测试', status });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id as number;
};
const article = await newArticle('published');
const draft = await newArticle('draft');
// contact preferences of the first customer: read with the placement
await t.db.query(`INSERT INTO notification_prefs (customer_id, sms, email, quiet_start, quiet_end) VALUES ($1, false, true, '21:30', '07:15')`, [
  (
    await t.db.query(
      `SELECT sp.customer_id FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id WHERE o.path LIKE $1 || '%' AND sp.customer_id <> $2 ORDER BY sp.customer_id, sp.id LIMIT 1`,
      [calltaker.orgPath, portal.customerId],
    )
  ).rows[0].customer_id,
]);

// Open orders to be found as duplicates: two for the first customer, one by phone only, one for the portal customer.
const desk = await t.login('calltaker');
for (const body of [
  { orderType: 'consultation', channel: 'phone', customerId: inScope[0].c, servicePointId: inScope[0].sp, description: '第一次来电' },
  { orderType: 'complaint', subtype: 'service', channel: 'phone', customerId: inScope[0].c, description: '第二次来电' },
  { orderType: 'consultation', channel: 'phone', callerPhone: '13912345678', address: '某路 1 号', description: '匿名来电' },
])
  assert.equal((await desk.req('POST', '/api/workorders', body)).statusCode, 201);
const own = await t.login('customer1');
assert.equal(
  (await own.req('POST', '/api/portal/workorders', { orderType: 'consultation', channel: 'web', servicePointId: portalSp, description: '门户咨询' }))
    .statusCode,
  201,
);

const req = (p: Principal, q: Partial<IntakeReadRequest>): IntakeReadRequest => ({
  principal: p,
  customerId: null,
  servicePointId: null,
  phone: null,
  kbArticleId: null,
  windowHours: WINDOW,
  ...q,
});

test('requests read together each get their own placement, article check and duplicates', async () => {
  const cases = [
    req(calltaker, { customerId: inScope[0].c, servicePointId: inScope[0].sp, phone: inScope[0].phone }),
    req(calltaker, { customerId: inScope[0].c }),
    req(calltaker, { servicePointId: inScope[1].sp }),
    req(calltaker, { phone: '13912345678' }),
    req(hexi, { servicePointId: outOfScope.sp }),
    req(hexi, { customerId: outOfScope.c }),
    req(calltaker, { customerId: inScope[2].c, kbArticleId: 987654321 }),
    req(portal, { customerId: portal.customerId, servicePointId: portalSp }),
    req(portal, { customerId: portal.customerId, phone: '13912345678' }),
    req(calltaker, { customerId: inScope[3].c, kbArticleId: article }),
    req(calltaker, { customerId: inScope[3].c, kbArticleId: draft }),
  ];
  const before = intakeReadStats(t.db);
  const results = await Promise.all(cases.map((c) => readForIntake(t.db, c)));
  const after = intakeReadStats(t.db);
  assert.equal(after.items - before.items, cases.length);
  assert.ok(after.batches - before.batches < cases.length, `read in ${after.batches - before.batches} statements, not one per request`);

  // placement
  assert.deepEqual(
    [results[0].placement?.branch, results[0].placement?.customer_id, results[0].placement?.org_unit_id],
    ['service_point', inScope[0].c, inScope[0].org],
  );
  assert.deepEqual([results[1].placement?.branch, results[1].placement?.customer_id], ['customer', inScope[0].c]);
  assert.equal(results[2].placement?.customer_id, inScope[1].c, 'a service point alone places at its customer');
  assert.deepEqual(
    [results[3].placement?.branch, results[3].placement?.org_unit_id, results[3].placement?.path],
    ['anonymous', calltaker.orgUnitId, calltaker.orgPath],
  );
  assert.equal(results[4].placement, null, "a service point outside the caller's units is not found");
  assert.equal(results[5].placement, null, "a customer outside the caller's units is not found");
  assert.equal(results[7].placement?.customer_id, portal.customerId, 'a portal customer is placed at its own service point wherever it is');
  // the placement's columns are the service point's, with the customer's contact preferences
  const sp = (await t.db.query('SELECT customer_class, important, address, lon, lat FROM service_points WHERE id = $1', [inScope[0].sp])).rows[0];
  const p0 = results[0].placement!;
  assert.deepEqual([p0.customer_class, p0.important, p0.address, p0.lon, p0.lat], [sp.customer_class, sp.important, sp.address, sp.lon, sp.lat]);
  assert.deepEqual([p0.np_sms, p0.np_email, p0.np_qs, p0.np_qe], [false, true, '21:30', '07:15']);
  const agg = (await t.db.query('SELECT min(customer_class) AS cls, bool_or(important) AS imp FROM service_points WHERE customer_id = $1', [inScope[0].c]))
    .rows[0];
  assert.deepEqual(
    [results[1].placement?.customer_class, results[1].placement?.important, results[1].placement?.lon],
    [agg.cls, agg.imp, null],
    'a customer alone: its service points summed up, no coordinates',
  );
  assert.equal(results[2].placement?.np_sms, null, 'no stored preferences: none read');
  // article check: missing and draft refused, in force accepted, none asked accepted
  assert.deepEqual([results[6].kbExists, results[9].kbExists, results[10].kbExists], [false, true, false]);
  assert.ok(results.filter((_, i) => i !== 6 && i !== 10).every((r) => r.kbExists));

  // duplicates: the same as findDuplicates for the same keys and caller, newest first
  for (const [i, c] of cases.entries()) {
    const expected = await findDuplicates(t.db, c.principal, {
      customerId: c.customerId,
      servicePointId: c.servicePointId,
      phone: c.phone,
      excludeId: null,
      windowHours: WINDOW,
    });
    assert.deepEqual(results[i].duplicates, expected, `case ${i}`);
  }
  assert.equal(results[0].duplicates.length, 2, 'both open orders of the first customer');
  assert.ok(results[0].duplicates[0].receivedAt >= results[0].duplicates[1].receivedAt);
  assert.equal(results[3].duplicates.length, 1, "the anonymous caller's earlier order, by phone");
  assert.equal(results[7].duplicates.length, 1, 'the portal customer sees its own open order');
  assert.deepEqual(
    results[8].duplicates.map((d) => d.id),
    results[7].duplicates.map((d) => d.id),
    "a portal customer sees only its own orders, never another caller's by phone",
  );
  assert.ok(!results[8].duplicates.some((d) => d.id === results[3].duplicates[0].id));
});

test('an order a staff member owns is theirs to see as a duplicate even once it moved outside their unit', async () => {
  const station = await t.login('hx_calltaker');
  const mine = (
    await t.db.query(
      `SELECT sp.id, sp.customer_id FROM service_points sp JOIN customers c ON c.id = sp.customer_id JOIN org_units o ON o.id = c.org_unit_id WHERE o.path LIKE $1 || '%' ORDER BY sp.id LIMIT 1`,
      [hexi.orgPath],
    )
  ).rows[0];
  const r = await station.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    customerId: mine.customer_id,
    servicePointId: mine.id,
    callerPhone: '13700001111',
    description: '转出后仍是我的',
  });
  assert.equal(r.statusCode, 201, r.body);
  await t.db.query(`UPDATE work_orders SET org_path = '/elsewhere/' WHERE id = $1`, [r.json().order.id]);
  const [got] = await Promise.all([readForIntake(t.db, req(hexi, { phone: '13700001111' }))]);
  assert.deepEqual(
    got.duplicates.map((d) => d.id),
    [r.json().order.id],
  );
  assert.deepEqual(got.duplicates, await findDuplicates(t.db, hexi, { phone: '13700001111', excludeId: null, windowHours: WINDOW }));
  const [other] = await Promise.all([readForIntake(t.db, req(await principalOf(t.db, 'dispatcher'), { phone: '13700001111' }))]);
  assert.deepEqual(other.duplicates, [], 'nobody else outside that path sees it');
});

test('closed orders and orders outside the window are not duplicates', async () => {
  await t.db.query(`UPDATE work_orders SET received_at = now() - interval '100 hours' WHERE customer_id = $1 AND order_type = 'complaint'`, [inScope[0].c]);
  const [r] = await Promise.all([readForIntake(t.db, req(calltaker, { customerId: inScope[0].c }))]);
  assert.deepEqual(
    r.duplicates.map((d) => d.orderType),
    ['consultation'],
  );
});

test('intake checks the cited article before who the order is for, and a draft cannot be cited', async () => {
  const anonymousBadArticle = await desk.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    description: '无电话无地址',
    kbArticleId: 99999999,
  });
  assert.equal(anonymousBadArticle.statusCode, 400);
  assert.equal(anonymousBadArticle.json().details[0].field, 'body.kbArticleId');
  const citesDraft = await desk.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    customerId: inScope[1].c,
    description: '引用草稿',
    kbArticleId: draft,
  });
  assert.equal(citesDraft.statusCode, 400);
  assert.deepEqual([citesDraft.json().details[0].field, citesDraft.json().details[0].rule], ['body.kbArticleId', 'exists']);
  const cites = await desk.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    customerId: inScope[1].c,
    description: '引用文章',
    kbArticleId: article,
  });
  assert.equal(cites.statusCode, 201, cites.body);
  assert.equal(cites.json().order.kbArticleId, article);
});
