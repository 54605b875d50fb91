/**
 * `griddesk payments import-card-settlement FILE` as an operator runs it (docs/payments.md "Card acquirer
 * settlement"): a file of the published DEMO-ACQ layout settles a card taking and is posted; the same file again
 * answers its first import; a file with a line that matches nothing exits 1 naming the quarantine; usage errors exit 2.
 */
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
import { registerLedgerUnit, todayBeijing } from '../../src/modules/ledger/index.js';
import { takeCounterPayment } from '../../src/modules/payments/index.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/index.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-cardsettle-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const HEADER = 'settleDate,merchantNo,terminalId,batchNo,traceNo,reference,txnTime,amountFen,feeFen,netFen';

test('griddesk payments import-card-settlement settles and posts a card taking once', async () => {
  const db = await testDb();
  await seed(db, { customers: 30, seed: 7 });
  const county = (await db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
  const act = await seedBillingActivity(db, await principalOf(db, 'billing'), await principalOf(db, 'supervisor'), 7);
  const accountId = Number(
    (
      await db.query(`SELECT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 10000 ORDER BY account_id LIMIT 1`, [
        act.releasedRunId,
      ])
    ).rows[0].account_id,
  );
  await takeCounterPayment(db, await principalOf(db, 'cashier'), { accountId, amountFen: 6_000, method: 'card', reference: 'RRN000000777' });
  const today = todayBeijing();
  const file = path.join(dir, 'settle.csv');
  fs.writeFileSync(file, [HEADER, `${today},898110048990001,T01,000001,000777,RRN000000777,${today}T09:00:00+08:00,6000,33,5967`, ''].join('\r\n'));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', timeout: 120_000 });

  const r = run(['payments', 'import-card-settlement', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 line\(s\), 1 settled \(gross 6000 fen, fee 33 fen, net 5967 fen\), 0 quarantined; posted cardsettle:\d+:\d+:/);
  const again = run(['payments', 'import-card-settlement', file]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /imported before: nothing new/);
  const entries = await db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'card_settlement'`);
  assert.equal(entries.rows[0].n, 1);

  const other = path.join(dir, 'other.csv');
  fs.writeFileSync(other, [HEADER, `${today},898110048990001,T01,000002,000778,RRN000000778,${today}T09:30:00+08:00,1000,6,994`, ''].join('\n'));
  const bad = run(['payments', 'import-card-settlement', other]);
  assert.equal(bad.status, 1, bad.stdout);
  assert.match(bad.stdout, /0 settled .* 1 quarantined/);

  assert.equal(run(['payments', 'import-card-settlement']).status, 2);
  assert.equal(run(['payments', 'import-card-settlement', file, '--bogus', 'x']).status, 2);
  const unknownAcq = run(['payments', 'import-card-settlement', file, '--acquirer', 'NO-SUCH']);
  assert.equal(unknownAcq.status, 1);
  assert.match(unknownAcq.stderr, /no settlement file layout for acquirer NO-SUCH/);
});
