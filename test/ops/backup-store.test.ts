/**
 * Issue 9, "Backup and restore include the store", for both kinds of file store: a connection
 * document and an inspection photo uploaded through the API go into the backup (the S3 bucket
 * listed with ListObjectsV2 against the local S3-speaking test server, which checks every
 * signature); the store and the database are wiped; restore puts the files back and both are
 * served again with the same sha-256. A second restore writes no file twice (content-addressed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp } from '../support/app.js';
import { testDb } from '../support/db.js';
import { fakeS3 } from '../support/fake-s3.js';
import { backup } from '../../src/ops/backup.js';
import { restore } from '../../src/ops/restore.js';
import { fileStoreOf, sha256Hex } from '../../src/platform/file-store/index.js';
import type { Config } from '../../src/config.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-backup-store-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const PDF = Buffer.from('%PDF-1.4\n% 房产证明 backed up\n\\.\nEND\n'); // bytes that look like the backup's markers
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);

/** Uploads a document (portal) and records an inspection with a photo (staff); answers the URLs that serve them. */
async function fill(t: Awaited<ReturnType<typeof testApp>>) {
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
  const sup = await t.login('supervisor');
  const win = ((await sup.req('GET', '/api/scorecards/checklists')).json() as { id: number; code: string; items: { code: string; points: number }[] }[]).find(
    (x) => x.code === 'window',
  )!;
  const hall = Number((await t.db.query(`SELECT id FROM org_units WHERE code = 'SF-QH-YYT'`)).rows[0].id);
  const ins = await sup.req('POST', '/api/scorecards/inspections', {
    checklistId: win.id,
    orgUnitId: hall,
    inspectedAt: '2026-11-12T02:00:00Z',
    items: win.items.map((x) => ({ code: x.code, points: x.points })),
    photos: [{ fileName: 'hall.png', contentBase64: PNG.toString('base64') }],
  });
  assert.equal(ins.statusCode, 201, ins.body);
  return {
    doc: `/api/portal/connections/${id}/documents/${up.json().id}/content`,
    photo: `/api/scorecards/inspections/${ins.json().id}/photos/${ins.json().photos[0].id}`,
  };
}

async function served(t: Awaited<ReturnType<typeof testApp>>, urls: { doc: string; photo: string }) {
  const doc = await (await t.login('customer1')).req('GET', urls.doc);
  const photo = await (await t.login('supervisor')).req('GET', urls.photo);
  assert.equal(doc.statusCode, 200, doc.body);
  assert.equal(photo.statusCode, 200, photo.body);
  return { doc: sha256Hex(doc.rawPayload), photo: sha256Hex(photo.rawPayload) };
}

for (const kind of ['local', 's3'] as const) {
  test(`backup → wipe → restore with the ${kind} file store: documents and photos served with the same sha-256`, async (t) => {
    const s3 = fakeS3({ pageSize: 1 }); // one key a page: the listing pages
    const endpoint = await s3.start();
    t.after(() => s3.server.close());
    const dataDir = path.join(dir, `${kind}-source`);
    const storeConfig: Pick<Config, 'dataDir' | 'fileStore'> = {
      dataDir,
      fileStore: kind === 's3' ? { kind: 's3', ...s3.settings(endpoint) } : { kind: 'local' },
    };

    const source = await testApp({ customers: 40, config: storeConfig });
    const urls = await fill(source);
    const before = await served(source, urls);
    assert.deepEqual(before, { doc: sha256Hex(PDF), photo: sha256Hex(PNG) });

    const file = path.join(dir, `${kind}.gdb.gz`);
    const stages = new Set<string>();
    const header = await backup(source.db, file, { store: fileStoreOf(storeConfig), onProgress: (_d, _t, stage) => stages.add(stage) });
    assert.equal(header.files, 2);
    assert.equal(header.fileStore, kind);
    assert.ok(stages.has('files') && stages.has(`listing the ${kind} file store`), [...stages].join(', '));
    if (kind === 's3') assert.ok(s3.log.filter((l) => l.startsWith('GET /docs?')).length >= 2, 'listed with ListObjectsV2, paged');

    // wipe: the store emptied, the database a fresh one
    if (kind === 's3') s3.objects.clear();
    else fs.rmSync(dataDir, { recursive: true });
    const target = await testDb();
    s3.log.length = 0;
    const report = await restore(target, file, { store: fileStoreOf(storeConfig) });
    assert.equal(report.files, 2);
    if (kind === 's3') assert.equal(s3.log.filter((l) => l.startsWith('PUT ')).length, 2);

    const restored = await testApp({ db: target, config: storeConfig });
    try {
      assert.deepEqual(await served(restored, urls), before);
    } finally {
      await restored.app.close(); // here: the database's own end hook, registered first, would wait for the app's listening connection
    }

    // restore again (another empty database, the same store): nothing written twice
    s3.log.length = 0;
    const files = kind === 'local' ? fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).length : s3.objects.size;
    await restore(await testDb(), file, { store: fileStoreOf(storeConfig) });
    if (kind === 's3')
      assert.deepEqual(
        s3.log.filter((l) => !l.startsWith('HEAD ')),
        [],
        'only HEADs: both files are there',
      );
    else assert.equal(fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).length, files);
  });
}
