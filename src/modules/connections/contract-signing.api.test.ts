/**
 * 网上签约 through the API on a real database: staff offer the supply contract at the contract
 * stage only, once; the customer reads it (JSON and PDF) and signs by typing their name against the
 * content hash they were shown; a changed hash, another name, no agreement, a repeat, another
 * customer's application, an expired or withdrawn offer are refused with nothing written; the
 * signature records the supply contract, is audited, sealed and notified; a tampered row shows as
 * not intact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp, type Session } from '../../../test/support/app.js';
import { contentHash } from './contract-rules.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-sign-'));
const PDF = Buffer.from('%PDF-1.4\n% test document\n').toString('base64');

async function toContractStage(m: Session, db: { query: (s: string, p?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }, id: number) {
  const step = async (to: string) => {
    const r = await m.req('POST', `/api/connections/${id}/advance`, { to });
    assert.equal(r.statusCode, 200, `advance to ${to}: ${r.body}`);
  };
  for (const kind of ['id_card', 'property_proof'])
    assert.equal((await m.req('POST', `/api/connections/${id}/documents`, { kind, filename: `${kind}.pdf`, contentBase64: PDF })).statusCode, 201);
  await step('survey');
  await step('plan');
  const tr = (await db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' ORDER BY id LIMIT 1`)).rows[0].id as number;
  const plan = await m.req('PUT', `/api/connections/${id}/plan`, { transformerId: tr, supplyMode: '低压 220V 单相接入' });
  assert.equal(plan.statusCode, 200, plan.body);
  await step('completion');
  await step('contract');
}

test('the supply contract signed on the portal: offered once at the contract stage, signed once as shown, audited and sealed', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const c = await t.login('customer1');
  const m = await t.login('marketing');
  const apply = async () => {
    const r = await c.req('POST', '/api/portal/connections', {
      kind: 'new',
      customerClass: 'residential',
      applicantName: '客户一',
      applicantPhone: '13900000001',
      address: '清河县河西镇王庄村 3 号',
      voltageKv: 0.22,
      requestedKva: 6,
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: number; appNo: string };
  };
  const { id, appNo } = await apply();
  const count = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM connection_contract_offers)::int AS offers,
                (SELECT count(*) FROM connection_contract_offers WHERE status = 'signed')::int AS signed,
                (SELECT count(*) FROM connection_agreements)::int AS agreements,
                (SELECT count(*) FROM audit_log WHERE action LIKE 'connection.contract%')::int AS audit,
                (SELECT count(*) FROM outbox WHERE event LIKE 'connection.contract%')::int AS outbox`,
      )
    ).rows[0];

  // not before the contract stage
  const early = await m.req('POST', `/api/connections/${id}/contract/offer`);
  assert.equal(early.statusCode, 409, early.body);
  assert.equal(early.json().code, 'STAGE_NOT_CONTRACT');
  await toContractStage(m, t.db, id);
  const none = await c.req('GET', `/api/portal/connections/${id}/contract`);
  assert.equal(none.statusCode, 200, none.body);
  assert.equal(none.json().current, null);
  const z = '0'.repeat(64);
  const unsigned = await c.req('POST', `/api/portal/connections/${id}/contract/sign`, { contentSha256: z, signerName: '客户一', agree: true });
  assert.equal(unsigned.statusCode, 409);
  assert.equal(unsigned.json().code, 'CONTRACT_NOT_OFFERED');
  const before = await count();

  // offered: terms filled from the application and plan, hashed, the customer told
  const offered = await m.req('POST', `/api/connections/${id}/contract/offer`);
  assert.equal(offered.statusCode, 201, offered.body);
  const o = offered.json();
  assert.equal(o.contractNo, `HT${appNo}-1`);
  assert.equal(o.status, 'offered');
  assert.equal(o.terms.customer.name, '客户一');
  assert.equal(o.terms.supply.contractedKva, 6);
  assert.equal(o.terms.supply.supplyMode, '低压 220V 单相接入');
  assert.equal(o.terms.termYears, 0, 'a residential contract is open-ended');
  assert.ok(o.terms.clauses.length >= 5);
  assert.ok(!o.terms.clauses.some((x: { zh: string; en: string }) => /\{\w+\}/.test(x.zh + x.en)), 'every placeholder filled');
  assert.match(o.terms.clauses[0].zh, /0\.22 kV/);
  assert.equal(o.contentSha256, contentHash(o.terms));
  assert.equal(o.intact, true);
  assert.deepEqual(await count(), { ...before, offers: before.offers + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
  const again = await m.req('POST', `/api/connections/${id}/contract/offer`);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'CONTRACT_ALREADY_OFFERED');

  // the customer sees the same terms, and the PDF
  const seen = (await c.req('GET', `/api/portal/connections/${id}/contract`)).json();
  assert.equal(seen.current.contentSha256, o.contentSha256);
  const pdf = await c.req('GET', `/api/portal/connections/${id}/contract.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  // refusals, each naming its field, nothing written
  const mid = await count();
  const url = `/api/portal/connections/${id}/contract/sign`;
  const changed = await c.req('POST', url, { contentSha256: z, signerName: '客户一', agree: true });
  assert.equal(changed.statusCode, 409);
  assert.equal(changed.json().code, 'CONTRACT_CHANGED');
  assert.equal(changed.json().details[0].field, 'body.contentSha256');
  const other = await c.req('POST', url, { contentSha256: o.contentSha256, signerName: '张三', agree: true });
  assert.equal(other.statusCode, 400);
  assert.equal(other.json().details[0].field, 'body.signerName');
  assert.equal(other.json().details[0].rule, 'signer_is_applicant');
  const noAgree = await c.req('POST', url, { contentSha256: o.contentSha256, signerName: '客户一', agree: false });
  assert.equal(noAgree.statusCode, 400);
  assert.equal(noAgree.json().details[0].field, 'body.agree');
  const badHash = await c.req('POST', url, { contentSha256: 'XYZ', signerName: '客户一', agree: true });
  assert.equal(badHash.statusCode, 400);
  assert.equal(badHash.json().details[0].field, 'body.contentSha256');
  const c2 = await t.login('customer2');
  assert.equal((await c2.req('GET', `/api/portal/connections/${id}/contract`)).statusCode, 404);
  assert.equal((await c2.req('POST', url, { contentSha256: o.contentSha256, signerName: '客户一', agree: true })).statusCode, 404);
  assert.deepEqual(await count(), mid);

  // signed: the name typed with spaces and full-width forms still is the applicant's
  const signed = await c.req('POST', url, { contentSha256: o.contentSha256, signerName: ' 客户 一 ', agree: true }, { 'user-agent': 'gd-test/1.0' });
  assert.equal(signed.statusCode, 200, signed.body);
  const s = signed.json();
  assert.equal(s.status, 'signed');
  assert.equal(s.signerName, '客户 一');
  assert.match(s.signatureSha256, /^[0-9a-f]{64}$/);
  assert.equal(s.intact, true);
  assert.deepEqual(await count(), { ...mid, signed: mid.signed + 1, agreements: mid.agreements + 1, audit: mid.audit + 1, outbox: mid.outbox + 1 });
  const d = (await m.req('GET', `/api/connections/${id}`)).json();
  const contract = d.agreements.find((g: { kind: string }) => g.kind === 'supply_contract');
  assert.equal(contract.refNo, o.contractNo);
  const audit = (await t.db.query(`SELECT actor_id, after FROM audit_log WHERE action = 'connection.contract_sign' AND entity_id = $1`, [String(id)])).rows;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].after.signatureSha256, s.signatureSha256);
  const ua = (await t.db.query(`SELECT signed_user_agent FROM connection_contract_offers WHERE id = $1`, [s.id])).rows[0].signed_user_agent;
  assert.equal(ua, 'gd-test/1.0');

  // once only; staff cannot offer over it or withdraw it
  const twice = await c.req('POST', url, { contentSha256: o.contentSha256, signerName: '客户一', agree: true });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().code, 'CONTRACT_SIGNED');
  assert.equal((await m.req('POST', `/api/connections/${id}/contract/offer`)).json().code, 'CONTRACT_ALREADY_OFFERED');
  assert.equal((await m.req('POST', `/api/connections/${id}/contract/withdraw`, { reason: '测试' })).json().code, 'CONTRACT_NOT_OFFERED');
  const signedPdf = await m.req('GET', `/api/connections/${id}/contract.pdf`);
  assert.equal(signedPdf.statusCode, 200);

  // a stored signature changed afterwards no longer matches its seal
  await t.db.query(`UPDATE connection_contract_offers SET signer_name = '别人' WHERE id = $1`, [s.id]);
  assert.equal((await m.req('GET', `/api/connections/${id}/contract`)).json().current.intact, false);
});

test('a withdrawn or expired offer cannot be signed; a new offer gets the next number', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const c = await t.login('customer1');
  const m = await t.login('marketing');
  const r = await c.req('POST', '/api/portal/connections', {
    kind: 'new',
    customerClass: 'residential',
    applicantName: '客户一',
    applicantPhone: '13900000001',
    address: '清河县河西镇王庄村 5 号',
    voltageKv: 0.22,
    requestedKva: 4,
  });
  const { id, appNo } = r.json();
  await toContractStage(m, t.db, id);
  const first = (await m.req('POST', `/api/connections/${id}/contract/offer`)).json();
  const blank = await m.req('POST', `/api/connections/${id}/contract/withdraw`, { reason: '  ' });
  assert.equal(blank.statusCode, 400);
  assert.equal(blank.json().details[0].field, 'body.reason');
  const w = await m.req('POST', `/api/connections/${id}/contract/withdraw`, { reason: '容量填写有误，重新出具' });
  assert.equal(w.statusCode, 200, w.body);
  assert.equal(w.json().status, 'withdrawn');
  const late = await c.req('POST', `/api/portal/connections/${id}/contract/sign`, { contentSha256: first.contentSha256, signerName: '客户一', agree: true });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().code, 'CONTRACT_NOT_OFFERED');

  const second = (await m.req('POST', `/api/connections/${id}/contract/offer`)).json();
  assert.equal(second.contractNo, `HT${appNo}-2`);
  await t.db.query(`UPDATE connection_contract_offers SET expires_at = now() - interval '1 minute' WHERE id = $1`, [second.id]);
  const view = (await c.req('GET', `/api/portal/connections/${id}/contract`)).json();
  assert.equal(view.current, null);
  assert.equal(view.offers.at(-1).status, 'expired');
  const expired = await c.req('POST', `/api/portal/connections/${id}/contract/sign`, {
    contentSha256: second.contentSha256,
    signerName: '客户一',
    agree: true,
  });
  assert.equal(expired.statusCode, 409);
  assert.equal(expired.json().code, 'CONTRACT_OFFER_EXPIRED');
  const third = await m.req('POST', `/api/connections/${id}/contract/offer`);
  assert.equal(third.statusCode, 201, third.body);
  assert.equal(third.json().contractNo, `HT${appNo}-3`);
  const ok = await c.req('POST', `/api/portal/connections/${id}/contract/sign`, {
    contentSha256: third.json().contentSha256,
    signerName: '客户一',
    agree: true,
  });
  assert.equal(ok.statusCode, 200, ok.body);
  const statuses = (await m.req('GET', `/api/connections/${id}/contract`)).json().offers.map((x: { status: string }) => x.status);
  assert.deepEqual(statuses, ['withdrawn', 'withdrawn', 'signed']);
});
