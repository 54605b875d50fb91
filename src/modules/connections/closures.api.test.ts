/**
 * 销户 after six months without consumption through the API on a real database: readings imported
 * through billing (one account flat for seven months, one in use, one flat only four months), the
 * finder proposing one case, the notice (SMS), the refused early closure, the closure application
 * carried to its archive (the account closes, the case closes), a cancelled case, bad input
 * answered 4xx with nothing written, and a customer refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp } from '../../../test/support/app.js';
import { importReadings } from '../billing/index.js';
import { addMonths } from './closure-rules.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-closure-'));
const PDF = Buffer.from('%PDF-1.4\n% test document\n').toString('base64');

test('six months without use: proposed, notified, closed through a closure application; another cancelled', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const m = await t.login('marketing');
  const meters = (
    await t.db.query(
      `SELECT m.meter_no, sp.account_id FROM meters m JOIN service_points sp ON sp.id = m.service_point_id JOIN customer_accounts a ON a.id = sp.account_id
        WHERE sp.customer_class = 'residential' AND a.status = 'active'
          AND (SELECT count(*) FROM meters m2 JOIN service_points sp2 ON sp2.id = m2.service_point_id WHERE sp2.account_id = sp.account_id) = 1
        ORDER BY m.id LIMIT 3`,
    )
  ).rows as { meter_no: string; account_id: string }[];
  assert.equal(meters.length, 3);
  const today = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d`)).rows[0].d as string;
  const first = `${today.slice(0, 7)}-01`;
  const lines = ['meter_no,register,read_at,value,flag'];
  for (let back = 7; back >= 0; back--) {
    const on = addMonths(first, -back);
    lines.push(`${meters[0].meter_no},kwh_total,${on} 09:00,4821.30,`); // flat for seven months: idle
    lines.push(`${meters[1].meter_no},kwh_total,${on} 09:10,${(1000 + (7 - back) * 120).toFixed(2)},`); // in use
    lines.push(`${meters[2].meter_no},kwh_total,${on} 09:20,${(back >= 4 ? 300 + (7 - back) * 50 : 500).toFixed(2)},`); // flat four months
  }
  const imported = await importReadings(t.db, null, { fileName: 'closure-test.csv', text: lines.join('\n') + '\n', source: 'manual' });
  assert.equal(imported.readings, 24, JSON.stringify(imported));

  // bad input: 400 naming the field, nothing written
  const before = (await t.db.query('SELECT count(*)::int AS n FROM connection_closure_cases')).rows[0].n;
  const bad = await m.req('POST', '/api/connections/closures/scan', { asOf: '2026-13-40' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /asOf/);

  const scan = await m.req('POST', '/api/connections/closures/scan', {});
  assert.equal(scan.statusCode, 200, scan.body);
  const s = scan.json();
  assert.equal(s.proposed, 1);
  assert.equal(s.verdicts.propose, 1);
  assert.equal(s.verdicts.in_use, 1);
  assert.equal(s.verdicts.too_short, 1);
  assert.equal((await t.db.query('SELECT count(*)::int AS n FROM connection_closure_cases')).rows[0].n, before + 1);
  // running it again proposes nothing new (one live case per account)
  const again = (await m.req('POST', '/api/connections/closures/scan', {})).json();
  assert.equal(again.proposed, 0);
  assert.equal(again.verdicts.already, 1);

  const list = (await m.req('GET', '/api/connections/closures?status=proposed')).json();
  assert.equal(list.total, 1);
  const c = list.items[0];
  assert.equal(c.accountId, Number(meters[0].account_id));
  assert.equal(c.idleSince, addMonths(first, -7));
  assert.equal(c.evidenceThrough, first);
  assert.equal(c.idleMonths, 7);
  assert.equal(c.evidence.readings.length, 8);

  // closure before the notice: refused
  const early = await m.req('POST', `/api/connections/closures/${c.id}/apply`);
  assert.equal(early.statusCode, 409);
  assert.equal(early.json().details[0].rule, 'closure_status');

  // the notice: SMS to the customer, the objection period starts
  const outboxBefore = (await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'connection.closure_notice'`)).rows[0].n;
  const notice = await m.req('POST', `/api/connections/closures/${c.id}/notice`);
  assert.equal(notice.statusCode, 200, notice.body);
  assert.equal(notice.json().status, 'notified');
  assert.ok(notice.json().noticeUntil > today);
  const sms = (await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'connection.closure_notice'`)).rows[0].n - outboxBefore;
  const phone = (await t.db.query(`SELECT c.phone FROM customers c JOIN customer_accounts a ON a.customer_id = c.id WHERE a.id = $1`, [c.accountId])).rows[0]
    .phone;
  assert.equal(sms, phone ? 1 : 0);
  assert.equal((await m.req('POST', `/api/connections/closures/${c.id}/notice`)).statusCode, 409);

  // within the notice period: refused naming the date
  const inPeriod = await m.req('POST', `/api/connections/closures/${c.id}/apply`);
  assert.equal(inPeriod.statusCode, 409);
  assert.equal(inPeriod.json().details[0].rule, 'notice_period');

  // the period over (moved back for the test): the closure application is received and linked
  await t.db.query(`UPDATE connection_closure_cases SET notice_until = $2::date - 1 WHERE id = $1`, [c.id, today]);
  const applied = await m.req('POST', `/api/connections/closures/${c.id}/apply`);
  assert.equal(applied.statusCode, 201, applied.body);
  const k = applied.json();
  assert.equal(k.status, 'closing');
  assert.match(k.appNo, /^YK/);
  const app = (await m.req('GET', `/api/connections/${k.applicationId}`)).json();
  assert.equal(app.application.kind, 'closure');
  assert.deepEqual(app.flow ?? app.application.flow ?? ['acceptance', 'survey', 'archive'], ['acceptance', 'survey', 'archive']);
  assert.equal((await m.req('POST', `/api/connections/closures/${c.id}/cancel`, { reason: '客户恢复用电' })).statusCode, 409);

  // the company's case: the checklist (policy data, `notInitiators: ['company']`) asks the customer
  // for nothing, so acceptance passes without an ID card or property proof
  assert.equal(app.application.initiator, 'company');
  assert.deepEqual(app.requiredDocuments, []);
  assert.deepEqual(app.application.missing, []);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM connection_documents WHERE application_id = $1`, [k.applicationId])).rows[0].n, 0);
  // carried out: site visit (meter removal), archive — the account closes with the case
  const accepted = await m.req('POST', `/api/connections/${k.applicationId}/advance`, { to: 'survey' });
  assert.equal(accepted.statusCode, 200, accepted.body);
  const archived = await m.req('POST', `/api/connections/${k.applicationId}/advance`, { to: 'archived' });
  assert.equal(archived.statusCode, 200, archived.body);
  assert.equal((await t.db.query(`SELECT status FROM customer_accounts WHERE id = $1`, [c.accountId])).rows[0].status, 'closed');
  const closed = (await m.req('GET', '/api/connections/closures?status=closed')).json();
  assert.equal(closed.items[0].id, c.id);
  const actions = (await t.db.query(`SELECT action FROM audit_log WHERE entity = 'closure_case' AND entity_id = $1 ORDER BY seq`, [String(c.id)])).rows.map(
    (r) => r.action,
  );
  assert.deepEqual(actions, ['closure.propose', 'closure.notice', 'closure.apply', 'closure.done']);
  // a closed account is not proposed again
  const third = (await m.req('POST', '/api/connections/closures/scan', {})).json();
  assert.equal(third.proposed, 0);
  assert.equal(third.verdicts.not_active, 1);

  // the four-month account, seen as of two months later: proposed, then cancelled with a reason
  const later = (await m.req('POST', '/api/connections/closures/scan', { asOf: addMonths(today, 2) })).json();
  assert.equal(later.verdicts.too_short, 1, 'evidence only reaches the last reading');
  await t.db.query(
    `INSERT INTO connection_closure_cases (account_id, customer_id, service_point_id, org_unit_id, org_path, status, idle_since, evidence_through, idle_months, evidence)
    SELECT a.id, a.customer_id, sp.id, sp.org_unit_id, o.path, 'proposed', current_date - 200, current_date, 6, '{"readings":[],"note":null}'
      FROM customer_accounts a JOIN service_points sp ON sp.account_id = a.id JOIN org_units o ON o.id = sp.org_unit_id WHERE a.id = $1 LIMIT 1`,
    [meters[2].account_id],
  );
  const second = (await m.req('GET', '/api/connections/closures?status=proposed')).json().items[0];
  const noReason = await m.req('POST', `/api/connections/closures/${second.id}/cancel`, {});
  assert.equal(noReason.statusCode, 400);
  const cancelled = await m.req('POST', `/api/connections/closures/${second.id}/cancel`, { reason: '客户申请暂停用电' });
  assert.equal(cancelled.statusCode, 200, cancelled.body);
  assert.equal(cancelled.json().status, 'cancelled');
  assert.equal(cancelled.json().cancelReason, '客户申请暂停用电');

  // a 销户 the customer asks for at the counter is theirs: the same checklist asks their ID and
  // property proof, and acceptance is refused naming both until they are uploaded
  const own = (await t.db.query(`SELECT id FROM service_points WHERE account_id = $1 LIMIT 1`, [meters[1].account_id])).rows[0].id;
  const asked = await m.req('POST', '/api/connections', {
    kind: 'closure',
    customerClass: 'residential',
    channel: 'counter',
    applicantName: '客户本人',
    applicantPhone: '13800138009',
    address: '清河县城关镇建设路 9 号',
    voltageKv: 0.22,
    requestedKva: 0,
    servicePointId: own,
  });
  assert.equal(asked.statusCode, 201, asked.body);
  const ownApp = (await m.req('GET', `/api/connections/${asked.json().id}`)).json();
  assert.equal(ownApp.application.initiator, 'customer');
  assert.deepEqual(ownApp.requiredDocuments, ['id_card', 'property_proof']);
  const refused = await m.req('POST', `/api/connections/${asked.json().id}/advance`, { to: 'survey' });
  assert.equal(refused.statusCode, 400);
  assert.deepEqual(
    refused.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    [
      ['documents.id_card', 'document_missing'],
      ['documents.property_proof', 'document_missing'],
    ],
  );
  for (const kind of ['id_card', 'property_proof'])
    assert.equal((await m.req('POST', `/api/connections/${asked.json().id}/documents`, { kind, filename: `${kind}.pdf`, contentBase64: PDF })).statusCode, 201);
  assert.equal((await m.req('POST', `/api/connections/${asked.json().id}/advance`, { to: 'survey' })).statusCode, 200);

  // a customer has no access to the cases
  const other = await t.login('customer1');
  assert.equal((await other.req('GET', '/api/connections/closures')).statusCode, 403);
});
