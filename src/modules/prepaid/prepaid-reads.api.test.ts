/**
 * Prepaid accounts charged from billing's meter reads (docs/prepaid.md, "Charges from meter reads"),
 * real PostgreSQL and HTTP: reads entered through billing's own route, the daily pass taking each
 * read once on the day it arrived (idempotent on the reading's key), the multiplier, the tiers from the
 * year-to-date kWh, a read held by a reading exception waiting until billing accepts it, daily totals
 * refused for such an account (the field named, nothing written), the account detail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { dailyCharge } from './prepaid-rules.js';

const ZJ = { boundsKwh: ['2760', '4800'], pricesYuan: ['0.538', '0.588', '0.838'] };

test('prepaid from meter reads: charged on the day the read arrives, once per read, held reads wait, daily totals refused', async () => {
  const t = await testApp({ customers: 40 });
  try {
    // the pass's chargeFen counts what it posts: the org units keep books
    await registerCountyLedgerUnits(t.db);
    const clerk = await t.login('billing');
    const admin = await t.login('admin');
    const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
    // an account with one meter and no readings yet; its multiplier (倍率) set to 2 to see it applied
    const m = (
      await t.db.query(
        `SELECT m.id AS meter_id, m.meter_no, sp.account_id FROM meters m JOIN service_points sp ON sp.id = m.service_point_id
          WHERE sp.customer_class = 'residential' AND (SELECT count(*) FROM meters m2 JOIN service_points s2 ON s2.id = m2.service_point_id WHERE s2.account_id = sp.account_id) = 1
            AND NOT EXISTS (SELECT 1 FROM meter_readings r WHERE r.account_id = sp.account_id)
          ORDER BY sp.account_id LIMIT 1`,
      )
    ).rows[0];
    assert.ok(m, 'a residential account with one meter');
    const accountId = Number(m.account_id);
    await t.db.query('UPDATE meters SET multiplier = 2 WHERE id = $1', [m.meter_id]);
    const reading = async (readAt: string, value: string, more: Record<string, unknown> = {}) => {
      const r = await clerk.req('POST', '/api/billing/readings', { meterNo: m.meter_no, readAt, registers: { kwh_total: value }, ...more });
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };
    const pass = async (day: string) => {
      const r = await admin.req('POST', '/api/prepaid/daily-pass', { day });
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const balance = async () => Number((await t.db.query('SELECT balance_fen FROM prepaid_accounts WHERE account_id = $1', [accountId])).rows[0].balance_fen);

    // the last read before the switch to prepaid (the postpaid bill ends on it), then enrolment on 1 October
    await reading('2026-09-30 10:00', '1000');
    const enrolled = await clerk.req('POST', '/api/prepaid/accounts', {
      accountId,
      planCode: 'ZJ-RES-2012',
      openingBalanceFen: 20_000,
      usageSource: 'meter_reads',
    });
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    assert.equal(enrolled.json().usageSource, 'meter_reads');
    await t.db.query(`UPDATE prepaid_accounts SET enrolled_at = '2026-10-01T00:00:00+08:00' WHERE account_id = $1`, [accountId]); // arrange: enrolled in the past

    // daily totals for it are refused, the line named, nothing written
    const usageBefore = await n('SELECT count(*)::int AS n FROM prepaid_usage');
    const refused = await clerk.req('POST', '/api/prepaid/usage', { days: [{ accountId, day: '2026-10-15', kwh: '5' }] });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().details[0].field, /days\.0\.accountId$/);
    assert.match(refused.json().details[0].message, /抄表/);
    assert.match(refused.json().details[0].messageEn, /meter reads/);
    assert.equal(await n('SELECT count(*)::int AS n FROM prepaid_usage'), usageBefore);

    // the read of 31 October: nothing for the pass of the 30th; the pass of the 31st takes it
    await reading('2026-10-31 09:00', '1100.5');
    assert.deepEqual((await pass('2026-10-30')).meterReads, { taken: 0, accounts: 0, waiting: 0 });
    const p1 = await pass('2026-10-31');
    assert.deepEqual(p1.meterReads, { taken: 1, accounts: 1, waiting: 0 });
    // (1100.5 − 1000) × 2 = 201 kWh from a year-to-date of 0: 201 × 0.538 = ¥108.138 → 10814 fen
    assert.equal(p1.charged, 1);
    assert.equal(p1.chargeFen, 10_814);
    assert.equal(p1.chargeFen, dailyCharge(ZJ, '0', '201').chargeFen, 'SQL and rule agree');
    assert.equal(await balance(), 20_000 - 10_814);
    // the same read is never taken twice: the same day again, and the next days
    assert.equal((await pass('2026-10-31')).chargeFen, 0);
    const p2 = await pass('2026-11-01');
    assert.deepEqual([p2.meterReads.taken, p2.chargeFen], [0, 0]);
    assert.equal(await balance(), 9186);
    assert.equal(await n('SELECT count(*)::int AS n FROM prepaid_read_charges WHERE account_id = $1', [accountId]), 1);

    // an estimated read (估抄) opens a reading exception: it waits, and is charged once billing accepts it
    await reading('2026-11-15 09:00', '1150', { estimated: true });
    const exc = (await t.db.query(`SELECT id FROM reading_exceptions WHERE account_id = $1 AND status = 'open'`, [accountId])).rows[0];
    assert.ok(exc, 'the estimated read is held by an open exception');
    assert.deepEqual((await pass('2026-11-16')).meterReads, { taken: 0, accounts: 0, waiting: 1 });
    assert.equal(await balance(), 9186);
    const accepted = await clerk.req('POST', `/api/billing/reading-exceptions/${exc.id}/accept`, { note: 'estimated read agreed with the customer' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    // charged on the day the pass takes it (the 17th), not on its read date: (1150 − 1100.5) × 2 = 99 kWh from 201 → ¥53.262 → 5326 fen
    const p3 = await pass('2026-11-17');
    assert.deepEqual(p3.meterReads, { taken: 1, accounts: 1, waiting: 0 });
    assert.equal(p3.chargeFen, dailyCharge(ZJ, '201', '99').chargeFen);
    assert.equal(p3.chargeFen, 5326);
    assert.equal(await balance(), 9186 - 5326);

    // the account detail: the days with their source, the reads taken
    const detail = (await clerk.req('GET', `/api/prepaid/accounts/${accountId}`)).json();
    assert.deepEqual(
      detail.usage.map((u: { day: string; kwh: string; source: string; chargeFen: number }) => [u.day, u.kwh, u.source, u.chargeFen]),
      [
        ['2026-11-17', '99.000', 'meter_reads', 5326],
        ['2026-10-31', '201.000', 'meter_reads', 10_814],
      ],
    );
    assert.deepEqual(
      detail.reads.map((r: { prevValue: string; value: string; multiplier: string; kwh: string; outcome: string; day: string }) => [
        r.prevValue,
        r.value,
        r.multiplier,
        r.kwh,
        r.outcome,
        r.day,
      ]),
      [
        ['1100.5000', '1150.0000', '2.0000', '99.000', 'charged', '2026-11-17'],
        ['1000.0000', '1100.5000', '2.0000', '201.000', 'charged', '2026-10-31'],
      ],
    );
    // the run is audited with its reads
    const audit = (await t.db.query(`SELECT after FROM audit_log WHERE action = 'prepaid.pass' ORDER BY seq DESC LIMIT 1`)).rows[0];
    assert.deepEqual(audit.after.meterReads, { taken: 1, accounts: 1, waiting: 0 });
    // a bad source is refused by the schema, the field named
    const other = Number((await t.db.query('SELECT id FROM customer_accounts WHERE id <> $1 ORDER BY id LIMIT 1', [accountId])).rows[0].id);
    const bad = await clerk.req('POST', '/api/prepaid/accounts', { accountId: other, planCode: 'ZJ-RES-2012', usageSource: 'smoke_signals' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().details[0].field, /usageSource/);

    // the console's form enrols by account number (户号): exactly one of id and number, an unknown number named; nothing written
    const plans = await clerk.req('GET', '/api/prepaid/plans');
    assert.deepEqual(
      plans.json().map((x: { code: string }) => x.code),
      ['SH-RES-2012', 'ZJ-CI1-LV-2024', 'ZJ-RES-2012'],
    );
    const otherNo = (await t.db.query('SELECT account_no FROM customer_accounts WHERE id = $1', [other])).rows[0].account_no as string;
    const enrolledBefore = await n('SELECT count(*)::int AS n FROM prepaid_accounts');
    for (const body of [
      { planCode: 'ZJ-RES-2012' },
      { accountId: other, accountNo: otherNo, planCode: 'ZJ-RES-2012' },
      { accountNo: 'NO-SUCH-ACCOUNT', planCode: 'ZJ-RES-2012' },
    ]) {
      const r = await clerk.req('POST', '/api/prepaid/accounts', body);
      assert.equal(r.statusCode, 400, JSON.stringify(body));
      assert.match(r.json().details[0].field, /accountNo$/);
      assert.ok(r.json().details[0].message && r.json().details[0].messageEn);
    }
    assert.equal(await n('SELECT count(*)::int AS n FROM prepaid_accounts'), enrolledBefore);
    const byNo = await clerk.req('POST', '/api/prepaid/accounts', { accountNo: otherNo, planCode: 'ZJ-RES-2012', thresholdFen: 3000 });
    assert.equal(byNo.statusCode, 201, byNo.body);
    assert.deepEqual([byNo.json().accountId, byNo.json().thresholdFen, byNo.json().usageSource], [other, 3000, 'daily_totals']);
  } finally {
    await t.app.close();
  }
});
