/**
 * Document download: the customer downloads the documents of their own application on the portal,
 * staff in scope through the staff route, with the type judged at upload, `nosniff` and the file
 * name (UTF-8) in Content-Disposition; another customer's application, an unknown document, a
 * missing stored file answer 404, a staff route for a customer 403.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp } from '../../../test/support/app.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-docdl-'));
const PDF = Buffer.from('%PDF-1.4\n% 房产证明 test\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7]);

test('documents download with the right permission, type and name', async () => {
  const t = await testApp({ customers: 60, config: { dataDir } });
  const c = await t.login('customer1');
  const app = await c.req('POST', '/api/portal/connections', {
    kind: 'new',
    customerClass: 'residential',
    applicantName: '客户一',
    applicantPhone: '13900000001',
    address: '清河县河西镇王庄村',
    voltageKv: 0.22,
    requestedKva: 6,
  });
  assert.equal(app.statusCode, 201, app.body);
  const id = app.json().id;
  const up = await c.req('POST', `/api/portal/connections/${id}/documents`, {
    kind: 'property_proof',
    filename: '房产证.pdf',
    contentBase64: PDF.toString('base64'),
  });
  assert.equal(up.statusCode, 201, up.body);
  const docId = up.json().id;

  // the customer, on the portal
  const mine = await c.req('GET', `/api/portal/connections/${id}/documents/${docId}/content`);
  assert.equal(mine.statusCode, 200, mine.body);
  assert.equal(mine.headers['content-type'], 'application/pdf');
  assert.equal(mine.headers['x-content-type-options'], 'nosniff');
  assert.equal(mine.headers['content-disposition'], `attachment; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('房产证.pdf')}`);
  assert.deepEqual(mine.rawPayload, PDF);
  assert.equal((await c.req('GET', `/api/connections/${id}/documents/${docId}/content`)).statusCode, 403, 'the staff route is not for customers');
  assert.equal((await c.req('GET', `/api/portal/connections/${id}/documents/999999/content`)).statusCode, 404);

  // staff in scope, a PNG uploaded at the counter
  const m = await t.login('marketing');
  const png = await m.req('POST', `/api/connections/${id}/documents`, { kind: 'id_card', filename: 'id card.png', contentBase64: PNG.toString('base64') });
  assert.equal(png.statusCode, 201, png.body);
  const staff = await m.req('GET', `/api/connections/${id}/documents/${png.json().id}/content`);
  assert.equal(staff.statusCode, 200);
  assert.equal(staff.headers['content-type'], 'image/png');
  assert.deepEqual(staff.rawPayload, PNG);
  assert.equal((await m.req('GET', `/api/connections/${id}/documents/${docId}/content`)).statusCode, 200);

  // another customer's application: 404 for this customer; another org's staff: 404
  const other = await m.req('POST', '/api/connections', {
    kind: 'new',
    customerClass: 'residential',
    channel: 'counter',
    applicantName: '张三',
    applicantPhone: '13800138000',
    address: '清河县城关镇人民路 8 号',
    voltageKv: 0.22,
    requestedKva: 8,
  });
  const otherDoc = (
    await m.req('POST', `/api/connections/${other.json().id}/documents`, { kind: 'id_card', filename: 'x.pdf', contentBase64: PDF.toString('base64') })
  ).json().id;
  assert.equal((await c.req('GET', `/api/portal/connections/${other.json().id}/documents/${otherDoc}/content`)).statusCode, 404);
  // a document id of another application under this one: 404
  assert.equal((await c.req('GET', `/api/portal/connections/${id}/documents/${otherDoc}/content`)).statusCode, 404);

  // the stored file gone (a data directory restored without its files): 404, not 500
  const sha = up.json().sha256 as string;
  fs.rmSync(path.join(dataDir, 'files', sha.slice(0, 2), sha));
  const gone = await m.req('GET', `/api/connections/${id}/documents/${docId}/content`);
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.json().code, 'NOT_FOUND');
});
