/**
 * Supervision API: checklists as versioned data, a window inspection and a secret visit with a
 * photo, bad input refused naming the field (nothing written), org scope, and the window score
 * of the next scorecard run coming from the inspections (with drill-down to them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp } from '../../../test/support/app.js';
import { filePath, sha256Hex } from '../../platform/file-store/index.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');

test('supervision: checklists, inspections with photos, window score in the scorecard', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gd-supervision-'));
  const t = await testApp({ customers: 40, config: { dataDir } });
  const db = t.db;
  const unit = async (code: string) => Number((await db.query('SELECT id FROM org_units WHERE code = $1', [code])).rows[0].id);
  const cg = await unit('SF-QH-CG');
  const hx = await unit('SF-QH-HX');
  const hall = await unit('SF-QH-YYT');
  const sup = await t.login('supervisor');
  const admin = await t.login('admin');
  const calltaker = await t.login('calltaker');

  const lists = (await sup.req('GET', '/api/scorecards/checklists')).json() as {
    id: number;
    code: string;
    kind: string;
    maxPoints: number;
    items: { code: string; points: number }[];
  }[];
  const win = lists.find((c) => c.code === 'window')!;
  const secret = lists.find((c) => c.code === 'secret_visit')!;
  assert.deepEqual([win.kind, win.maxPoints, secret.kind, secret.maxPoints], ['window', 100, 'secret_visit', 100]);

  const full = (c: typeof win) => c.items.map((x) => ({ code: x.code, points: x.points }));
  const body = {
    checklistId: win.id,
    orgUnitId: hall,
    inspectedAt: '2026-11-12T02:00:00Z',
    items: full(win).map((x) => (x.code === 'W02' ? { code: 'W02', points: 10, finding: '收费标准未更新', rectifyBy: '2026-11-30' } : x)),
    photos: [{ itemCode: 'W02', fileName: 'board.png', contentBase64: PNG }],
  };
  assert.equal((await calltaker.req('POST', '/api/scorecards/inspections', body)).statusCode, 403);
  // bad input: a deduction without a finding, points out of range, a PDF as photo — all named, nothing written
  const bad = await sup.req('POST', '/api/scorecards/inspections', {
    ...body,
    items: body.items.map((x) => (x.code === 'W01' ? { code: 'W01', points: 11 } : x.code === 'W03' ? { code: 'W03', points: 2 } : x)),
    photos: [{ fileName: 'x.pdf', contentBase64: Buffer.from('%PDF-1.7').toString('base64') }],
  });
  assert.equal(bad.statusCode, 400);
  const fields = bad.json().details.map((d: { field: string }) => d.field);
  for (const f of ['items[0].points', 'items[2].finding', 'items[2].rectifyBy', 'photos[0].contentBase64'])
    assert.ok(
      fields.some((x: string) => x.endsWith(f)),
      `${f} in ${fields}`,
    );
  assert.equal((await db.query('SELECT count(*)::int AS n FROM scorecard_inspections')).rows[0].n, 0);
  assert.equal((await sup.req('POST', '/api/scorecards/inspections', { ...body, items: body.items.slice(1) })).statusCode, 400, 'an item left unscored');
  assert.equal((await sup.req('POST', '/api/scorecards/inspections', { ...body, inspectedAt: '2099-01-01T00:00:00Z' })).statusCode, 400);

  const ok = await sup.req('POST', '/api/scorecards/inspections', body);
  assert.equal(ok.statusCode, 201, ok.body);
  const ins = ok.json();
  assert.deepEqual([ins.points, ins.maxPoints, ins.photos.length, ins.orgUnitId], [95, 100, 1, hall]);
  const photo = await sup.req('GET', `/api/scorecards/inspections/${ins.id}/photos/${ins.photos[0].id}`);
  assert.equal(photo.statusCode, 200);
  assert.equal(photo.headers['content-type'], 'image/png');
  assert.equal(photo.rawPayload.toString('base64'), PNG);
  // the photo lives in the house's file store (issue 12), the row keeps its sha-256 as checksum and address
  const row = (await db.query('SELECT sha256, size_bytes FROM scorecard_inspection_photos WHERE id = $1', [ins.photos[0].id])).rows[0];
  assert.deepEqual(row, { sha256: sha256Hex(Buffer.from(PNG, 'base64')), size_bytes: 12 });
  assert.deepEqual(fs.readFileSync(filePath(dataDir, row.sha256)), Buffer.from(PNG, 'base64'));
  // a secret visit at HX: 80 of 100
  const visit = await sup.req('POST', '/api/scorecards/inspections', {
    checklistId: secret.id,
    orgUnitId: hx,
    inspectedAt: '2026-11-20T03:00:00Z',
    items: full(secret).map((x) => (x.code === 'S02' ? { code: 'S02', points: 0, finding: '态度冷淡', rectifyBy: '2026-12-05' } : x)),
  });
  assert.equal(visit.statusCode, 201, visit.body);
  assert.equal(visit.json().points, 80);
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'supervision.inspect'`)).rows[0].n, 2);

  // the supervisor board's tile: this month's figures and the open rectifications, soonest first
  const board = (await sup.req('GET', '/api/scorecards/board')).json();
  assert.deepEqual(
    board.figures.map((f: { indicator: string }) => f.indicator),
    ['installation_overdue', 'repair_arrival', 'repair_restoration'],
  );
  assert.deepEqual(
    board.findings.map((f: { itemCode: string; rectifyBy: string }) => [f.itemCode, f.rectifyBy]),
    [
      ['W02', '2026-11-30'],
      ['S02', '2026-12-05'],
    ],
  );

  // org scope: a station supervisor does not see the hall's inspection
  const hash = (await db.query(`SELECT password_hash FROM users WHERE username = 'supervisor'`)).rows[0].password_hash;
  await db.query(`INSERT INTO users (username, display_name, role, org_unit_id, password_hash) VALUES ('cg_sup', 'cg', 'supervisor', $1, $2)`, [cg, hash]);
  const cgSup = await t.login('cg_sup');
  assert.equal((await cgSup.req('GET', `/api/scorecards/inspections/${ins.id}`)).statusCode, 404);
  assert.equal((await cgSup.req('GET', `/api/scorecards/inspections/${ins.id}/photos/${ins.photos[0].id}`)).statusCode, 404);
  assert.equal((await cgSup.req('POST', '/api/scorecards/inspections', { ...body, orgUnitId: hx })).statusCode, 400, 'an out-of-scope unit named');
  assert.equal(((await sup.req('GET', '/api/scorecards/inspections')).json() as unknown[]).length, 2);

  // a new checklist version closes the old one
  const v2 = await admin.req('POST', '/api/scorecards/checklists', {
    code: 'window',
    kind: 'window',
    name: '营业窗口规范化检查表',
    nameEn: 'Window checklist',
    validFrom: '2026-12-01',
    items: [{ code: 'W01', section: '场所', text: '标识', textEn: 'Signs', points: 50 }],
    source: 'test',
  });
  assert.equal(v2.statusCode, 201, v2.body);
  assert.equal(v2.json().version, 2);
  const late = await sup.req('POST', '/api/scorecards/inspections', { ...body, inspectedAt: '2026-12-02T02:00:00Z' });
  assert.equal(late.statusCode, 400, 'version 1 is no longer valid in December');
  assert.ok(late.json().details[0].field.endsWith('checklistId'));

  // the window score of November: hall under the county's... stations: HX has its visit (80/100); the hall is its own level
  const run = (await sup.req('POST', '/api/scorecards/runs', { period: '2026-11' })).json();
  const line = (code: string) =>
    (run.results as { code: string; lines: { indicator: string; numerator: string; denominator: string; missing: string | null }[] }[])
      .find((r) => r.code === code)!
      .lines.find((l) => l.indicator === 'window_score')!;
  assert.deepEqual([line('SF-QH-HX').numerator, line('SF-QH-HX').denominator], ['80', '100']);
  assert.equal(line('SF-QH-CG').missing, 'no_records');
  const halls = (await sup.req('POST', '/api/scorecards/runs', { period: '2026-11', level: 'hall' })).json();
  const h = halls.results[0].lines.find((l: { indicator: string }) => l.indicator === 'window_score');
  assert.deepEqual([h.numerator, h.denominator, h.points], ['95', '100', '5.00'], 'one hall ranked alone: the full weight');
  const drill = (await sup.req('GET', `/api/scorecards/runs/${run.id}/units/${hx}/indicators/window_score/records`)).json();
  assert.deepEqual(
    drill.items.map((x: { id: number }) => x.id),
    [visit.json().id],
  );
});
