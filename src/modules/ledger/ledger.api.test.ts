/** Ledger API on the seeded demo county with its demo books (src/seed/ledger-activity.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedLedgerActivity } from '../../seed/ledger-activity.js';
import { principalOf } from '../../../test/support/principals.js';

test('ledger API: chart, demo books balanced, entries, manual entry and reversal, periods, consolidation, Excel; permissions', async () => {
  const t = await testApp({ customers: 60 });
  const adminP = await principalOf(t.db, 'admin');
  const now = new Date('2026-12-06T04:00:00Z');
  const seeded = await seedLedgerActivity(t.db, adminP, 7, now);
  assert.deepEqual(seeded.months, [202609, 202610, 202611, 202612]);
  assert.ok(seeded.events > 100, `${seeded.events} events`);
  assert.equal((await seedLedgerActivity(t.db, adminP, 7, now)).events, seeded.events, 'a second run replays, posting nothing twice');

  const billing = await t.login('billing');
  const admin = await t.login('admin');
  const calltaker = await t.login('calltaker');
  assert.equal((await calltaker.req('GET', '/api/ledger/units')).statusCode, 403);

  const units = (await billing.req('GET', '/api/ledger/units')).json() as { orgUnitId: number; code: string }[];
  assert.deepEqual(
    units.map((u) => u.code),
    ['SF-QH', 'SF-QH-CG', 'SF-QH-HX', 'SF-QH-SH'],
    "the county clerk sees the county's books only",
  );
  const county = units[0].orgUnitId,
    cg = units[1].orgUnitId;

  const chart = (await billing.req('GET', `/api/ledger/accounts?orgUnitId=${county}`)).json();
  assert.deepEqual(chart.codeRule.segmentLengths, [4, 2, 2, 2, 2, 2]);
  assert.ok(chart.accounts.some((x: { code: string }) => x.code === '60010101'));
  assert.ok(chart.postingRules.length >= 30);

  for (const period of seeded.months) {
    for (const u of units) {
      const tb = await billing.req('GET', `/api/ledger/trial-balance?orgUnitId=${u.orgUnitId}&period=${period}`);
      assert.equal(tb.statusCode, 200, tb.body);
      assert.equal(tb.json().totals.balanced, true, `${u.code} ${period}`);
    }
  }
  const cons = (await billing.req('GET', `/api/ledger/consolidation?orgUnitId=${county}&period=202611`)).json();
  assert.equal(cons.totals.balanced, true);
  assert.equal(cons.eliminated.matched, true);
  assert.ok(cons.eliminated.debitFen > 0, 'the county–station transfer is eliminated');
  assert.equal(cons.rows.find((r: { code: string }) => r.code === '122102').closingFen, 0);

  const list = (await billing.req('GET', `/api/ledger/entries?orgUnitId=${cg}&period=202611&accountCode=1122&limit=5`)).json();
  assert.equal(list.items.length, 5);
  assert.ok(list.total > 5);
  assert.ok(list.items.every((e: { lines: unknown[] }) => e.lines.length >= 2));

  // manual entry: billing clerk may, supervisor may not; unbalanced refused with the lines named
  const body = {
    orgUnitId: cg,
    date: '2026-12-03',
    memo: '现金存入银行',
    key: 'api-test-0001',
    lines: [
      { accountCode: '100201', debitFen: 5_000 },
      { accountCode: '1001', creditFen: 5_000 },
    ],
  };
  const supervisor = await t.login('supervisor');
  assert.equal((await supervisor.req('POST', '/api/ledger/entries', body)).statusCode, 403);
  const bad = await billing.req('POST', '/api/ledger/entries', {
    ...body,
    key: 'api-test-0002',
    lines: [
      { accountCode: '100201', debitFen: 5_000 },
      { accountCode: '1001', creditFen: 4_999 },
    ],
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().details[0].field, 'body.lines');
  const made = await billing.req('POST', '/api/ledger/entries', body);
  assert.equal(made.statusCode, 201, made.body);
  assert.equal((await billing.req('POST', '/api/ledger/entries', body)).json().entryId, made.json().entryId, 'same key, same entry');
  const rev = await billing.req('POST', `/api/ledger/entries/${made.json().entryId}/reverse`, { date: '2026-12-04' });
  assert.equal(rev.statusCode, 201, rev.body);
  assert.equal((await billing.req('POST', `/api/ledger/entries/${made.json().entryId}/reverse`, { date: '2026-12-04' })).statusCode, 409);
  assert.deepEqual(
    (await t.db.query(`SELECT action FROM audit_log WHERE entity = 'ledger_entry' ORDER BY seq DESC LIMIT 2`)).rows.map((r) => r.action),
    ['ledger.entry_reverse', 'ledger.entry_post'],
  );

  // periods: the demo closed September; posting there is refused; closing is ledger.admin
  const periods = (await billing.req('GET', `/api/ledger/periods?orgUnitId=${cg}`)).json();
  assert.equal(periods.find((p: { period: number }) => p.period === 202609).status, 'closed');
  const closedPost = await billing.req('POST', '/api/ledger/entries', { ...body, key: 'api-test-0003', date: '2026-09-30' });
  assert.equal(closedPost.statusCode, 409);
  assert.equal(closedPost.json().code, 'PERIOD_CLOSED');
  assert.equal((await billing.req('POST', `/api/ledger/periods/${cg}/202610/close`)).statusCode, 403);
  assert.equal((await admin.req('POST', `/api/ledger/periods/${cg}/202610/close`)).json().status, 'closed');

  // accounts: a unit's level-4 account by an admin; a level-3 one for the unit refused
  assert.equal((await admin.req('POST', '/api/ledger/accounts', { code: '11220104', name: '县设三级', orgUnitId: cg })).statusCode, 400);
  const acct = await admin.req('POST', '/api/ledger/accounts', { code: '1122010101', name: '应收电费—居民—城区', orgUnitId: cg });
  assert.equal(acct.statusCode, 201, acct.body);
  assert.equal(acct.json().level, 4);

  // Excel
  const x = await billing.req('GET', `/api/ledger/trial-balance.xlsx?orgUnitId=${cg}&period=202611`);
  assert.equal(x.statusCode, 200);
  assert.match(String(x.headers['content-type']), /spreadsheetml/);
  assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
  const l = await billing.req('GET', `/api/ledger/ledger.xlsx?orgUnitId=${cg}&period=202611&accountCode=1122`);
  assert.equal(l.statusCode, 200);
  assert.equal(l.rawPayload.subarray(0, 2).toString(), 'PK');
  // out of scope: 404
  const manager = await t.login('manager');
  const root = (await manager.req('GET', '/api/ledger/units')).json().find((u: { code: string }) => u.code === 'SF');
  assert.equal(root, undefined, 'the city manager does not see the province');
  assert.equal(
    (
      await billing.req(
        'GET',
        `/api/ledger/trial-balance?orgUnitId=${(await t.db.query(`SELECT id FROM org_units WHERE code = 'SF'`)).rows[0].id}&period=202611`,
      )
    ).statusCode,
    404,
  );
});
