/**
 * The daily pass (docs/collection.md): the late fee computed in SQL equals the rule (late-fee-rules.ts)
 * line by line — at the ¥1 floor, across the year boundary, with partial payments, rounding half-up
 * once per bill — and the ageing snapshot per account and org unit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../test/support/db.js';
import { lateFee } from './late-fee-rules.js';
import { LATE_FEE_1996 } from './policy-data.js';
import { runLateFeeDailyPass } from './daily-pass.js';

type B = { id: number; account: number; cls: string; due: string; fen: number; cycle: string; unit?: number; paid?: [string, number][] };

test('daily pass: SQL accrual equals the rule on every case; ageing per account and org unit', async () => {
  const db = await testDb(4);
  const bills: B[] = [
    // the published example: ¥1000 commercial due 31 May, ¥400 paid 10 June
    { id: 1, account: 101, cls: 'commercial_industrial', due: '2026-05-31', fen: 100_000, cycle: '2026-04', paid: [['2026-06-10', 40_000]] },
    // ¥1 floor: residential ¥50, 5 days → 25 fen → 100
    { id: 2, account: 102, cls: 'residential', due: '2026-06-15', fen: 5_000, cycle: '2026-05' },
    // across the year boundary: 2‰ to 31 Dec, 3‰ from 1 Jan
    { id: 3, account: 103, cls: 'commercial_industrial', due: '2025-12-10', fen: 100_000, cycle: '2025-11' },
    // rounding once per bill: 150.5 + 100.5 = 251 (per line it would be 252)
    { id: 4, account: 104, cls: 'commercial_industrial', due: '2026-05-31', fen: 7_525, cycle: '2026-05', paid: [['2026-06-10', 2_500]] },
    // two partial payments; the second on a later day
    {
      id: 5,
      account: 105,
      cls: 'residential',
      due: '2026-05-01',
      fen: 30_000,
      cycle: '2026-04',
      paid: [
        ['2026-05-05', 10_000],
        ['2026-05-20', 5_000],
      ],
    },
    // paid in full: not open, no accrual
    { id: 6, account: 106, cls: 'residential', due: '2026-05-01', fen: 30_000, cycle: '2026-04', paid: [['2026-05-03', 30_000]] },
    // not yet due: no accrual
    { id: 7, account: 107, cls: 'residential', due: '2026-06-30', fen: 30_000, cycle: '2026-06' },
    // a second bill of account 101, due earlier
    { id: 8, account: 101, cls: 'commercial_industrial', due: '2026-02-28', fen: 20_000, cycle: '2026-01', unit: 2 },
  ];
  const asOf = '2026-06-20';
  let pay = 0;
  for (const b of bills) {
    await db.query(
      `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date)
       VALUES ($1, $2, $3, 'released', 1, $7, '/1/', '2026-01-01', '2026-01-31', 100, $4, '{}', $5::json, now(), $6)`,
      [b.id, b.account, b.cycle, b.fen, JSON.stringify({ account: { customerClass: b.cls } }), b.due, b.unit ?? 1],
    );
    for (const [day, fen] of b.paid ?? []) {
      if (fen === 0) continue;
      pay++;
      await db.query(
        `INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen, principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
         VALUES ($1, $2, 1, 1, '/1/', $3, 'counter', 'cash', $6, $4, $4, 0, 0, '{}', $5, 'R' || $6)`,
        [pay, b.account, b.cls, fen, day, String(pay)],
      );
      await db.query(`INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen) VALUES ($1, $2, 1, $3, 'principal', $4)`, [
        b.account,
        pay,
        b.id,
        fen,
      ]);
    }
  }
  // the year-boundary bill counted to 10 January 2026 as a separate run
  const check = async (date: string, ids: number[]) => {
    const r = await runLateFeeDailyPass(db, date);
    assert.equal(r.steps[0].name, 'late_fees');
    const rows = (await db.query('SELECT * FROM late_fee_accruals ORDER BY bill_id')).rows;
    for (const b of bills) {
      const payments = (b.paid ?? []).filter(([d, f]) => f > 0 && d <= date).map(([d, f]) => ({ date: d, principalFen: f }));
      const open = b.due < date && payments.reduce((s, p) => s + p.principalFen, 0) < b.fen;
      const row = rows.find((x) => Number(x.bill_id) === b.id);
      if (!ids.includes(b.id) || !open) {
        assert.equal(row, undefined, `bill ${b.id} has no accrual on ${date}`);
        continue;
      }
      const want = lateFee({ billId: String(b.id), customerClass: b.cls, dueDate: b.due, principalFen: b.fen }, payments, date, LATE_FEE_1996);
      assert.ok(row, `bill ${b.id} accrued on ${date}`);
      assert.equal(Number(row.fee_fen), want.totalFen, `bill ${b.id} fee`);
      assert.equal(row.days, want.days, `bill ${b.id} days`);
      assert.equal(row.minimum_applied, want.minimumApplied, `bill ${b.id} minimum`);
      assert.equal(String(row.exact_fen), want.exactFen, `bill ${b.id} exact`);
      assert.deepEqual(row.lines, want.lines, `bill ${b.id} lines`);
    }
    return rows;
  };
  const jan = await check('2026-01-10', [3]);
  assert.equal(jan.length, 1);
  assert.deepEqual(
    (jan[0].lines as { yearRate: string; rate: string; days: number }[]).map((l) => [l.yearRate, l.rate, l.days]),
    [
      ['currentYear', '0.002', 21],
      ['priorYear', '0.003', 10],
    ],
  );
  const june = await check(asOf, [1, 2, 3, 4, 5, 8]);
  const fee = (id: number) => Number(june.find((x) => Number(x.bill_id) === id)!.fee_fen);
  assert.equal(fee(1), 3_200, 'the published example: ¥32.00');
  assert.equal(fee(2), 100, '¥1 floor');
  assert.equal(fee(4), 251, 'rounded once per bill');
  // ageing: account 101 has two bills (20 and 112 days overdue), one row per account
  const acc = (await db.query(`SELECT * FROM arrears_accounts WHERE account_id = 101`)).rows[0];
  assert.equal(acc.bills, 2);
  assert.equal(acc.max_days, 112);
  assert.equal(Number(acc.principal_fen), 60_000 + 20_000);
  assert.deepEqual(acc.buckets, { '0': 60_000, '3': 20_000 });
  const units = (await db.query(`SELECT org_unit_id, bucket, accounts FROM arrears_ageing_units WHERE as_of = $1 ORDER BY 1, 2`, [asOf])).rows;
  assert.ok(units.length >= 2);
  assert.equal(
    units.reduce((s, u) => s + u.accounts, 0),
    5,
    'every open account once, in the bucket of its oldest debt',
  );
  // reminders due: every overdue account, counted by the pass, not written
  const again = await runLateFeeDailyPass(db, asOf);
  assert.equal(again.steps.find((x) => x.name === 'steps')!.rows, 5);
  assert.equal(Number((await db.query(`SELECT count(*) FROM collection_steps`)).rows[0].count), 0);
  assert.equal(again.steps.find((x) => x.name === 'late_fees')!.rows, 6, 'the next pass updates the same rows');
  // a settled bill leaves the accruals on the next pass
  await db.query(`INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen, principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
                  VALUES (900, 102, 1, 1, '/1/', 'residential', 'counter', 'cash', 'x900', 5000, 5000, 0, 0, '{}', '2026-06-21', 'R900')`);
  await db.query(`INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen) VALUES (102, 900, 1, 2, 'principal', 5000)`);
  await runLateFeeDailyPass(db, '2026-06-21');
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM late_fee_accruals WHERE bill_id = 2`)).rows[0].n, 0);
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM arrears_accounts WHERE account_id = 102`)).rows[0].n, 0);
});
