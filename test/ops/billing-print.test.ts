/** `griddesk billing print --run ID --out FILE` as a user runs it: the run's print file written with progress, usage errors refused. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDb } from '../support/db.js';
import { seed } from '../../src/seed/seed.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { principalOf } from '../support/principals.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/index.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-print-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('griddesk billing print writes every bill of a run into one PDF', async () => {
  const db = await testDb();
  await seed(db, { customers: 30, seed: 7 });
  const act = await seedBillingActivity(db, await principalOf(db, 'billing'), await principalOf(db, 'supervisor'), 7);
  const bills = Number((await db.query(`SELECT count(*) FROM bills WHERE run_id = $1`, [act.releasedRunId])).rows[0].count);
  const out = path.join(dir, 'run.pdf');
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', timeout: 120_000 });
  const r = run(['billing', 'print', '--run', String(act.releasedRunId), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`print file .*: ${bills} bills, \\d+ pages`));
  const pdf = fs.readFileSync(out);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(!fs.existsSync(`${out}.part`));
  // usage errors and a run that does not exist
  assert.equal(run(['billing', 'print', '--out', out]).status, 2);
  const missing = run(['billing', 'print', '--run', '999999', '--out', path.join(dir, 'x.pdf')]);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /Bill run|核算批次/);
});
