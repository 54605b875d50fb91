/**
 * The connection flow through the API on a real database: application → documents (a refused
 * acceptance with items missing, the one notice) → a refused skip → survey → plan → ... → power-on
 * (customer, account, service point under the plan's transformer, meter) → archive; the large
 * customer's reviews and agreements; pause rules; bad input answered 4xx with nothing written;
 * org scope answering 404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp, type Session } from '../../../test/support/app.js';
import { loadCalendar } from '../../platform/calendar/calendar-store.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-conn-'));
const PDF = Buffer.from('%PDF-1.4\n% test document\n').toString('base64');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64');

const residential = {
  kind: 'new',
  customerClass: 'residential',
  channel: 'counter',
  applicantName: '张三',
  applicantPhone: '13800138000',
  address: '清河县城关镇人民路 8 号',
  voltageKv: 0.22,
  requestedKva: 8,
};

async function counts(db: { query: (s: string) => Promise<{ rows: { n: number }[] }> }) {
  const q = async (t: string) => (await db.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
  return { apps: await q('connection_applications'), events: await q('connection_events'), audit: await q('audit_log'), outbox: await q('outbox') };
}

async function advance(s: Session, id: number, to: string, extra: Record<string, unknown> = {}) {
  const r = await s.req('POST', `/api/connections/${id}/advance`, { to, ...extra });
  assert.equal(r.statusCode, 200, `advance to ${to}: ${r.body}`);
  return r.json();
}

test('a residential new connection from application to power-on, with a refused acceptance and a refused skip', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const m = await t.login('marketing');
  const created = await m.req('POST', '/api/connections', residential);
  assert.equal(created.statusCode, 201, created.body);
  const { id, appNo, policySet } = created.json();
  assert.match(appNo, /^YK\d{8}\d{6}$/);
  assert.equal(policySet, 'current');

  let d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.application.stage, 'acceptance');
  assert.deepEqual(d.requiredDocuments, ['id_card', 'property_proof']);
  assert.deepEqual(
    d.application.missing.map((x: { kind: string }) => x.kind),
    ['id_card', 'property_proof'],
  );
  assert.equal(d.clocks[0].name, 'process');
  assert.equal(d.clocks[0].state, 'running');

  // acceptance refused, naming each missing item; nothing written
  const before = await counts(t.db);
  const refused = await m.req('POST', `/api/connections/${id}/advance`, { to: 'survey' });
  assert.equal(refused.statusCode, 400);
  const body = refused.json();
  assert.equal(body.code, 'DOCUMENTS_INCOMPLETE');
  assert.deepEqual(
    body.details.map((x: { field: string; rule: string }) => [x.field, x.rule]),
    [
      ['documents.id_card', 'document_missing'],
      ['documents.property_proof', 'document_missing'],
    ],
  );
  assert.match(body.messages['zh-CN'], /身份证明/);
  assert.match(body.messages.en, /ID is missing/);
  assert.deepEqual(await counts(t.db), before);

  // the one notice lists every missing item and pauses the clock on the customer; a second is refused
  const notice = await m.req('POST', `/api/connections/${id}/missing-notice`);
  assert.equal(notice.statusCode, 200, notice.body);
  assert.equal(notice.json().items.length, 2);
  const again = await m.req('POST', `/api/connections/${id}/missing-notice`);
  assert.equal(again.statusCode, 409);
  assert.deepEqual(
    again.json().details.map((x: { rule: string }) => x.rule),
    ['one_notice'],
  );
  d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.application.customerWait, true);
  assert.equal(d.application.clock.paused, true);

  // uploads: by content, not by name
  const gif = await m.req('POST', `/api/connections/${id}/documents`, {
    kind: 'id_card',
    filename: 'id.pdf',
    contentBase64: Buffer.from('GIF89a....').toString('base64'),
  });
  assert.equal(gif.statusCode, 400);
  assert.equal(gif.json().details[0].rule, 'file_type');
  assert.equal(gif.json().details[0].field, 'body.contentBase64');
  const up1 = await m.req('POST', `/api/connections/${id}/documents`, { kind: 'id_card', filename: 'id.pdf', contentBase64: PDF, validUntil: '2040-01-01' });
  assert.equal(up1.statusCode, 201, up1.body);
  assert.equal(up1.json().mime, 'application/pdf');
  const sha = up1.json().sha256;
  assert.ok(fs.existsSync(path.join(dataDir, 'files', sha.slice(0, 2), sha)), 'stored in the content-addressed file store');
  assert.equal(
    (await m.req('POST', `/api/connections/${id}/documents`, { kind: 'property_proof', filename: 'house.png', contentBase64: PNG })).statusCode,
    201,
  );
  const checked = await m.req('POST', `/api/connections/${id}/documents/${up1.json().id}/check`, {});
  assert.equal(checked.json().checkedBy, '营销 周静');

  // a stage cannot be skipped
  const skip = await m.req('POST', `/api/connections/${id}/advance`, { to: 'plan' });
  assert.equal(skip.statusCode, 409);
  assert.equal(skip.json().code, 'STAGE_SKIPPED');
  assert.equal(skip.json().details[0].rule, 'no_skip');

  await advance(m, id, 'survey');
  d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.application.customerWait, false, 'moving on ends the customer wait');
  assert.ok(d.stages[0].customerMs > 0, 'the customer time is shown on the acceptance stage');
  await advance(m, id, 'plan');
  const noPlan = await m.req('POST', `/api/connections/${id}/advance`, { to: 'completion' });
  assert.equal(noPlan.statusCode, 400);
  assert.equal(noPlan.json().details[0].rule, 'plan_required');
  const tr = (await t.db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' ORDER BY id LIMIT 1`)).rows[0].id as number;
  const badFee = await m.req('PUT', `/api/connections/${id}/plan`, {
    transformerId: tr,
    supplyMode: '低压 220V 单相接入',
    fees: [{ code: 'design_fee', quantity: 1 }],
  });
  assert.equal(badFee.statusCode, 400);
  assert.equal(badFee.json().details[0].rule, 'published_fee');
  const plan = await m.req('PUT', `/api/connections/${id}/plan`, {
    transformerId: tr,
    supplyMode: '低压 220V 单相接入',
    customerChoices: { constructionFirm: '客户自选：清河县某电力工程公司' },
  });
  assert.equal(plan.statusCode, 200, plan.body);
  await advance(m, id, 'completion');
  await advance(m, id, 'contract');
  await advance(m, id, 'power_on', { powerOnDate: '2026-12-10' });
  const on = await advance(m, id, 'archive');
  assert.ok(on.customerId && on.servicePointId, 'power-on set up the customer and service point');
  const sp = (await t.db.query(`SELECT transformer_id, contracted_kva, customer_class FROM service_points WHERE id = $1`, [on.servicePointId])).rows[0];
  assert.equal(sp.transformer_id, tr, 'under the transformer of the plan');
  assert.equal(Number(sp.contracted_kva), 8);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM meters WHERE service_point_id = $1`, [on.servicePointId])).rows[0].n, 1);
  const closed = await advance(m, id, 'archived');
  assert.equal(closed.status, 'archived');

  d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.clocks[0].state, 'met');
  assert.deepEqual(
    d.stages.map((s: { stage: string }) => s.stage),
    ['acceptance', 'survey', 'plan', 'completion', 'contract', 'power_on', 'archive'],
  );
  const notices = (await t.db.query(`SELECT event FROM outbox WHERE payload->>'applicationId' = $1 ORDER BY id`, [String(id)])).rows.map((r) => r.event);
  assert.deepEqual(notices, ['connection.accepted', 'connection.missing_documents', 'connection.plan_ready', 'connection.power_on_date']);
  const audit = (
    await t.db.query(`SELECT action FROM audit_log WHERE entity = 'connection_application' AND entity_id = $1 ORDER BY seq`, [String(id)])
  ).rows.map((r) => r.action);
  assert.ok(
    audit.filter((a) => a === 'connection.advance').length === 6 && audit.includes('connection.archive') && audit.includes('connection.missing_notice'),
    audit.join(),
  );

  // the workbench lists open ones with their live clock
  await m.req('POST', '/api/connections', residential);
  const wb = (await m.req('GET', '/api/connections?scope=mine')).json();
  assert.equal(wb.total, 1);
  assert.ok(wb.items[0].clock.dueAt);
});

test('a large HV dual-supply customer: reviews and plan checks before the reply, agreements before energising', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const m = await t.login('marketing');
  const boss = await t.login('supervisor');
  const r = await m.req('POST', '/api/connections', {
    kind: 'new',
    customerClass: 'hv_dual',
    channel: 'counter',
    applicantName: '清河钢铁有限公司',
    applicantPhone: '05318888888',
    address: '清河县工业园 1 号',
    voltageKv: 10,
    requestedKva: 2000,
    legalEntity: true,
    industry: 'industrial',
    highEnergy: true,
    ownGeneration: true,
  });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id;
  const reg = (await m.req('GET', '/api/connections/large-customers')).json();
  assert.equal(reg.items[0].applicationId, id);
  assert.deepEqual(
    reg.items[0].reasons.map((x: { code: string }) => x.code),
    ['capacity'],
  );
  assert.equal(reg.items[0].powerFactor, 0.9);
  let d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.requiredDocuments.length, 9);
  assert.equal(d.flow.length, 9);
  for (const kind of d.requiredDocuments)
    assert.equal((await m.req('POST', `/api/connections/${id}/documents`, { kind, filename: `${kind}.pdf`, contentBase64: PDF })).statusCode, 201);
  await advance(m, id, 'survey');
  await advance(m, id, 'plan');
  const tr = (await t.db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' ORDER BY id LIMIT 1`)).rows[0].id as number;
  const newT = { kva: 2000, voltageKv: 10, type: 'oil', indoor: true, hvRoom: true, hvMetering: true, ctPrimaryA: 150 };
  assert.equal((await m.req('PUT', `/api/connections/${id}/plan`, { transformerId: tr, supplyMode: '10kV 双电源', newTransformer: newT })).statusCode, 200);
  const warn = await m.req('POST', `/api/connections/${id}/advance`, { to: 'design_review' });
  assert.equal(warn.statusCode, 400);
  assert.deepEqual(
    warn.json().details.map((x: { field: string }) => x.field),
    ['plan.dry_type_indoor'],
  );
  assert.equal(
    (
      await m.req('PUT', `/api/connections/${id}/plan`, {
        transformerId: tr,
        supplyMode: '10kV 双电源',
        newTransformer: newT,
        overrides: [{ check: 'dry_type_indoor', reason: '独立油浸变压器室，满足防火要求' }],
      })
    ).statusCode,
    200,
  );
  const rev = await m.req('POST', `/api/connections/${id}/advance`, { to: 'design_review' });
  assert.equal(rev.statusCode, 400);
  assert.deepEqual(
    rev.json().details.map((x: { rule: string }) => x.rule),
    ['first_review', 'joint_review'],
  );
  assert.equal(
    (await m.req('POST', `/api/connections/${id}/reviews`, { level: 'first', decision: 'approved', participants: '设计 调度 生产' })).statusCode,
    403,
    'reviews need connections.approve',
  );
  assert.equal(
    (await boss.req('POST', `/api/connections/${id}/reviews`, { level: 'joint', decision: 'approved', participants: '公司领导' })).statusCode,
    409,
    'joint after first',
  );
  // the review board lists it awaiting the first review, with its reasons
  const onBoard = async (awaiting = 'all') => {
    const r = await boss.req('GET', `/api/connections/review-board?awaiting=${awaiting}`);
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as {
      items: { id: number; awaiting: string; reasons: { code: string }[]; first: { participants: string } | null }[];
      counts: Record<string, number>;
    };
  };
  let board = await onBoard();
  let item = board.items.find((x) => x.id === id)!;
  assert.equal(item.awaiting, 'first');
  assert.deepEqual(
    item.reasons.map((r) => r.code),
    ['hv_dual', 'capacity'],
  );
  assert.ok(board.counts.first >= 1);
  assert.ok((await onBoard('first')).items.some((x) => x.id === id));
  assert.ok(!(await onBoard('joint')).items.some((x) => x.id === id));
  assert.equal((await boss.req('GET', '/api/connections/review-board?awaiting=later')).statusCode, 400);
  assert.equal(
    (await boss.req('POST', `/api/connections/${id}/reviews`, { level: 'first', decision: 'approved', participants: '设计部 调度 生产技术部' })).statusCode,
    201,
  );
  item = (await onBoard('joint')).items.find((x) => x.id === id)!;
  assert.equal(item.first?.participants, '设计部 调度 生产技术部');
  assert.equal(
    (await boss.req('POST', `/api/connections/${id}/reviews`, { level: 'joint', decision: 'approved', participants: '分管副总经理 等' })).statusCode,
    201,
  );
  board = await onBoard('approved');
  assert.ok(board.items.some((x) => x.id === id));
  for (const s of ['design_review', 'mid_inspection', 'completion', 'contract', 'power_on']) await advance(m, id, s);
  const energise = await m.req('POST', `/api/connections/${id}/advance`, { to: 'archive' });
  assert.equal(energise.statusCode, 400);
  assert.deepEqual(
    energise.json().details.map((x: { field: string }) => x.field),
    ['agreements.supply_contract', 'agreements.dispatch_agreement', 'agreements.generation_agreement', 'agreements.anti_backfeed'],
  );
  for (const kind of ['supply_contract', 'dispatch_agreement', 'generation_agreement', 'anti_backfeed']) {
    assert.equal((await m.req('POST', `/api/connections/${id}/agreements`, { kind, refNo: `QH-${kind}`, signedOn: '2026-12-01' })).statusCode, 201);
  }
  await advance(m, id, 'archive');
  d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.application.stage, 'archive');
  const audit = (
    await t.db.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action IN ('connection.plan_override', 'connection.review_first', 'connection.review_joint') ORDER BY seq`,
      [String(id)],
    )
  ).rows.map((x) => x.action);
  assert.deepEqual(audit, ['connection.plan_override', 'connection.review_first', 'connection.review_joint']);
});

test('pause requests: refused by rule with nothing written; the validate endpoint names each rule', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const m = await t.login('marketing');
  const spId = (await t.db.query(`SELECT id FROM service_points ORDER BY id LIMIT 1`)).rows[0].id as number;
  const v = await m.req('POST', '/api/connections/capacity-requests/validate', {
    kind: 'pause',
    servicePointId: spId,
    requestedOn: '2026-03-01',
    startsOn: '2026-03-03',
    endsOn: '2026-03-10',
    kva: 5,
    transformers: [10],
  });
  assert.equal(v.statusCode, 200);
  assert.deepEqual(
    v.json().problems.map((p: { rule: string }) => p.rule),
    ['notice_days', 'min_days', 'whole_transformer'],
  );
  const before = await counts(t.db);
  const r = await m.req('POST', '/api/connections', {
    ...residential,
    kind: 'pause',
    servicePointId: spId,
    requestedKva: 5,
    details: { startsOn: '2026-01-01', endsOn: '2026-01-05', transformers: [10] },
  });
  assert.equal(r.statusCode, 400);
  assert.deepEqual(
    r.json().details.map((p: { field: string; rule: string }) => `${p.field}:${p.rule}`),
    ['body.details.startsOn:notice_days', 'body.details.endsOn:min_days', 'body.requestedKva:whole_transformer'],
  );
  assert.deepEqual(await counts(t.db), before);
});

test('bad input: 400 in zh-CN and English naming the field and rule, nothing written; other orgs get 404', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const m = await t.login('marketing');
  const before = await counts(t.db);
  const cases: [Record<string, unknown>, string][] = [
    [{ ...residential, applicantPhone: '12' }, 'body.applicantPhone'],
    [{ ...residential, customerClass: 'hv_single' }, 'body.voltageKv'],
    [{ ...residential, kind: 'increase' }, 'body.servicePointId'],
    [{ ...residential, requestedKva: -1 }, 'body.requestedKva'],
    [{ ...residential, extra: 1 }, 'body'],
    [{ ...residential, kind: 'teleport' }, 'body.kind'],
  ];
  for (const [payload, field] of cases) {
    const r = await m.req('POST', '/api/connections', payload);
    assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
    const b = r.json();
    assert.ok(b.messages['zh-CN'] && b.messages.en);
    assert.ok(
      b.details.some((x: { field: string }) => x.field.startsWith(field)),
      `${field} in ${JSON.stringify(b.details)}`,
    );
    assert.ok(b.details.every((x: { rule: string; message: string; messageEn: string }) => x.rule && x.message && x.messageEn));
  }
  assert.deepEqual(await counts(t.db), before);
  const id = (await m.req('POST', '/api/connections', residential)).json().id;
  const bad = await m.req('POST', `/api/connections/${id}/advance`, { to: 'nowhere' });
  assert.equal(bad.statusCode, 400);
  // an account manager moved to a supply station no longer sees the county's application
  await t.db.query(`UPDATE users SET org_unit_id = (SELECT id FROM org_units WHERE code = 'SF-QH-HX') WHERE username = 'accountmgr'`);
  const am = await t.login('accountmgr');
  assert.equal((await am.req('GET', `/api/connections/${id}`)).statusCode, 404);
  assert.equal((await am.req('POST', `/api/connections/${id}/advance`, { to: 'survey' })).statusCode, 404);
  assert.equal((await am.req('GET', '/api/connections')).json().total, 0);
  assert.equal((await m.req('GET', '/api/connections/999999')).statusCode, 404);
});

test('portal: a customer applies and follows their own applications only', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const c = await t.login('customer1');
  const r = await c.req('POST', '/api/portal/connections', {
    kind: 'new',
    customerClass: 'residential',
    applicantName: '客户一',
    applicantPhone: '13900000001',
    address: '清河县河西镇王庄村',
    voltageKv: 0.22,
    requestedKva: 6,
  });
  assert.equal(r.statusCode, 201, r.body);
  const mine = (await c.req('GET', '/api/portal/connections')).json();
  assert.equal(mine.items.length, 1);
  assert.deepEqual(
    mine.items[0].missing.map((x: { kind: string }) => x.kind),
    ['id_card', 'property_proof'],
  );
  assert.equal(
    (await c.req('POST', `/api/portal/connections/${r.json().id}/documents`, { kind: 'id_card', filename: 'id.png', contentBase64: PNG })).statusCode,
    201,
  );
  assert.equal((await c.req('GET', `/api/connections/${r.json().id}`)).statusCode, 403, 'staff routes are not for customers');
  const m = await t.login('marketing');
  const other = (await m.req('POST', '/api/connections', residential)).json().id;
  assert.equal((await c.req('GET', `/api/portal/connections/${other}`)).statusCode, 404);
  const staffView = (await m.req('GET', `/api/connections/${r.json().id}`)).json();
  assert.equal(staffView.application.channel, 'portal');
});

test('policy: an administrator saves a new version; new applications follow its set; a bad document is refused naming the field', async () => {
  const t = await testApp({ customers: 20, config: { dataDir } });
  const admin = await t.login('admin');
  const m = await t.login('marketing');
  const cur = (await admin.req('GET', '/api/connections/policy')).json();
  assert.equal(cur.version, 1);
  assert.equal(cur.data.activeSet, 'current');
  assert.equal((await m.req('PUT', '/api/connections/policy', { data: cur.data })).statusCode, 403);
  const bad = structuredClone(cur.data);
  bad.pause.minDays = -1;
  const refused = await admin.req('PUT', '/api/connections/policy', { data: bad });
  assert.equal(refused.statusCode, 400);
  assert.deepEqual(
    refused.json().details.map((x: { field: string; rule: string }) => [x.field, x.rule]),
    [['body.data.pause.minDays', 'non_negative_number']],
  );
  // a checklist entry with a misspelt condition or an unknown initiator is refused, naming it
  const badList = structuredClone(cur.data);
  badList.documents.checklist[0].when.notInitiator = ['company'];
  badList.documents.checklist[1].when.initiators = ['landlord'];
  const refusedList = await admin.req('PUT', '/api/connections/policy', { data: badList });
  assert.equal(refusedList.statusCode, 400);
  assert.deepEqual(
    refusedList.json().details.map((x: { field: string; rule: string }) => [x.field, x.rule]),
    [
      ['body.data.documents.checklist.0.when.notInitiator', 'unknown_condition'],
      ['body.data.documents.checklist.1.when.initiators', 'known_value'],
    ],
  );
  const saved = await admin.req('PUT', '/api/connections/policy', { data: { ...cur.data, activeSet: '2011' }, note: '按 2011 十项承诺考核' });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().version, 2);
  const id = (await m.req('POST', '/api/connections', residential)).json().id;
  const d = (await m.req('GET', `/api/connections/${id}`)).json();
  assert.equal(d.application.policySet, '2011');
  assert.deepEqual(
    d.clocks.map((c: { name: string; state: string }) => [c.name, c.state]),
    [
      ['plan_reply', 'running'],
      ['power_on', 'pending'],
    ],
  );
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'connection_policy.update'`)).rows[0].n, 1);
});

test('connection clocks: an administrator makes a new version of a limit; applications keep the version of their receipt; withdrawal ends the clock', async () => {
  const t = await testApp({ customers: 20, config: { dataDir } });
  const admin = await t.login('admin');
  const m = await t.login('marketing');
  const older = (await m.req('POST', '/api/connections', residential)).json().id;
  const list = (await admin.req('GET', '/api/connections/sla-policies')).json();
  assert.equal(list.length, 8, 'four classes in each of the two sets');
  const res = list.find((x: { policySet: string; customerClass: string }) => x.policySet === 'current' && x.customerClass === 'residential');
  assert.equal(res.clocks[0].workingDays, 5);
  const bad = await admin.req('POST', `/api/connections/sla-policies/${res.id}/versions`, { workingDays: { plan_reply: 3 } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    bad.json().details.map((x: { field: string; rule: string }) => [x.field, x.rule]),
    [['body.workingDays.plan_reply', 'clock_name']],
  );
  assert.equal((await admin.req('POST', `/api/connections/sla-policies/${res.id}/versions`, { workingDays: { process: 0 } })).statusCode, 400);
  assert.equal((await m.req('POST', `/api/connections/sla-policies/${res.id}/versions`, { workingDays: { process: 4 } })).statusCode, 403);
  const v2 = await admin.req('POST', `/api/connections/sla-policies/${res.id}/versions`, {
    workingDays: { process: 4 },
    source: '省公司 2027 承诺：居民 4 个工作日',
  });
  assert.equal(v2.statusCode, 201, v2.body);
  assert.equal(v2.json().version, 2);
  assert.equal(
    (await admin.req('POST', `/api/connections/sla-policies/${res.id}/versions`, { workingDays: { process: 3 } })).statusCode,
    409,
    'only the current version is followed',
  );
  const newer = (await m.req('POST', '/api/connections', residential)).json().id;
  const due = async (id: number) => (await m.req('GET', `/api/connections/${id}`)).json().clocks[0].dueAt as string;
  const cal = await loadCalendar(t.db, 'Asia/Shanghai');
  const received = async (id: number) => new Date((await m.req('GET', `/api/connections/${id}`)).json().application.receivedAt);
  assert.equal(await due(older), cal.addWorkingDays(await received(older), 5).toISOString(), 'received before the new version: 5 working days');
  assert.equal(await due(newer), cal.addWorkingDays(await received(newer), 4).toISOString(), 'received after: 4 working days');

  const cancelled = await m.req('POST', `/api/connections/${newer}/cancel`, { reason: '客户撤回申请' });
  assert.equal(cancelled.statusCode, 200, cancelled.body);
  const d = (await m.req('GET', `/api/connections/${newer}`)).json();
  assert.equal(d.application.status, 'cancelled');
  assert.equal(d.clocks[0].state, 'stopped');
  const again = await m.req('POST', `/api/connections/${newer}/advance`, { to: 'survey' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().details[0].rule, 'application_open');
});

test('a relocation moves the service point under the transformer of its plan at power-on', async () => {
  const t = await testApp({ customers: 40, config: { dataDir } });
  const m = await t.login('marketing');
  const sp = (await t.db.query(`SELECT id, transformer_id, contracted_kva FROM service_points WHERE customer_class = 'residential' ORDER BY id LIMIT 1`))
    .rows[0];
  const other = (await t.db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' AND id <> $1 ORDER BY id LIMIT 1`, [sp.transformer_id])).rows[0]
    .id as number;
  const r = await m.req('POST', '/api/connections', { ...residential, kind: 'relocation', servicePointId: sp.id, requestedKva: 0 });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id;
  for (const kind of ['id_card', 'property_proof'])
    assert.equal((await m.req('POST', `/api/connections/${id}/documents`, { kind, filename: 'x.pdf', contentBase64: PDF })).statusCode, 201);
  await advance(m, id, 'survey');
  await advance(m, id, 'plan');
  const planned = await m.req('PUT', `/api/connections/${id}/plan`, { transformerId: other, supplyMode: '迁址后接入新台区' });
  assert.equal(planned.statusCode, 200, planned.body);
  // the plan names the transformer as the network model does
  const named = (await t.db.query(`SELECT code, name FROM network_devices WHERE id = $1`, [other])).rows[0];
  assert.deepEqual([planned.json().transformer.id, planned.json().transformer.code, planned.json().transformer.name], [Number(other), named.code, named.name]);
  assert.equal((await m.req('GET', `/api/connections/${id}`)).json().plan.transformer.code, named.code);
  for (const s of ['completion', 'contract', 'power_on', 'archive']) await advance(m, id, s);
  const after = (await t.db.query(`SELECT transformer_id, contracted_kva FROM service_points WHERE id = $1`, [sp.id])).rows[0];
  assert.equal(after.transformer_id, other);
  assert.equal(after.contracted_kva, sp.contracted_kva, 'capacity unchanged');
});

test("rename and transfer ask the new holder's documents and take effect with the new contract: the name changes, or the account passes to the applicant", async () => {
  const t = await testApp({ customers: 40, config: { dataDir } });
  const m = await t.login('marketing');
  const sps = (await t.db.query(`SELECT id, customer_id, account_id FROM service_points WHERE customer_class = 'residential' ORDER BY id LIMIT 2`)).rows;
  const run = async (kind: string, sp: { id: number }, newName: string) => {
    const r = await m.req('POST', '/api/connections', {
      ...residential,
      kind,
      servicePointId: sp.id,
      requestedKva: 0,
      applicantName: newName,
      details: { newName },
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id;
    // the checklist asks the new holder's documents (not the old holder's ID list); acceptance is refused naming them
    assert.deepEqual((await m.req('GET', `/api/connections/${id}`)).json().requiredDocuments, ['new_owner_id', 'property_proof', 'change_proof']);
    const refused = await m.req('POST', `/api/connections/${id}/advance`, { to: 'contract' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      refused.json().details.map((x: { field: string }) => x.field),
      ['documents.new_owner_id', 'documents.property_proof', 'documents.change_proof'],
    );
    assert.match(refused.json().messages['zh-CN'], /缺少新户主身份证明/);
    for (const k of ['new_owner_id', 'property_proof', 'change_proof'])
      assert.equal((await m.req('POST', `/api/connections/${id}/documents`, { kind: k, filename: 'x.pdf', contentBase64: PDF })).statusCode, 201);
    await advance(m, id, 'contract');
    return advance(m, id, 'archive');
  };
  const renamed = await run('rename', sps[0], '王五');
  assert.equal(renamed.customerId, sps[0].customer_id);
  assert.equal((await t.db.query(`SELECT name FROM customers WHERE id = $1`, [sps[0].customer_id])).rows[0].name, '王五');
  const moved = await run('transfer', sps[1], '赵六');
  assert.notEqual(moved.customerId, sps[1].customer_id);
  const acc = (await t.db.query(`SELECT c.name FROM customer_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = $1`, [sps[1].account_id]))
    .rows[0];
  assert.equal(acc.name, '赵六');
});

test('a phone consultation becomes an application: the order must be a visible consultation, and its timeline names the application', async () => {
  const t = await testApp({ customers: 40, config: { dataDir } });
  const calltaker = await t.login('calltaker');
  const m = await t.login('marketing');
  const cust = (await t.db.query(`SELECT id FROM customers ORDER BY id LIMIT 1`)).rows[0];
  const consult = await calltaker.req('POST', '/api/workorders', {
    orderType: 'consultation',
    channel: 'phone',
    customerId: cust.id,
    description: '想给新房装电',
  });
  assert.equal(consult.statusCode, 201, consult.body);
  const consultId = consult.json().order.id;
  const complaint = await calltaker.req('POST', '/api/workorders', {
    orderType: 'complaint',
    subtype: 'service',
    channel: 'phone',
    customerId: cust.id,
    description: '营业厅排队太久',
  });
  assert.equal(complaint.statusCode, 201, complaint.body);

  // refused, naming the field, nothing written: not a consultation; no such order; not by phone
  const before = await counts(t.db);
  for (const [body, rule] of [
    [{ ...residential, channel: 'phone', consultationOrderId: complaint.json().order.id }, 'consultation'],
    [{ ...residential, channel: 'phone', consultationOrderId: 987654321 }, 'exists'],
    [{ ...residential, channel: 'counter', consultationOrderId: consultId }, 'phone_only'],
  ] as const) {
    const r = await m.req('POST', '/api/connections', body);
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(
      r.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
      [['body.consultationOrderId', rule]],
    );
  }
  assert.deepEqual(await counts(t.db), before);

  const created = await m.req('POST', '/api/connections', { ...residential, channel: 'phone', consultationOrderId: consultId });
  assert.equal(created.statusCode, 201, created.body);
  const timeline = (await t.db.query(`SELECT action, note, data FROM order_events WHERE order_id = $1 ORDER BY id`, [consultId])).rows;
  const link = timeline.find((e) => e.data?.connectionAppNo === created.json().appNo);
  assert.ok(link, 'the consultation order names the application');
  assert.match(link.note, /转为业扩报装申请/);
});
