/**
 * The incremental late-fee pass (late-fee-pass.ts): after each day's pass, with payments (on the pass
 * day, backdated, before the first fee day), a reversal, a new bill and a policy change between
 * passes, every open bill's accrual in `late_fee_accruals` equals `lateFee` for that day, line by
 * line; only new or changed bills' terms are written, and an unchanged bill's fee grows without one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../db/pool.js';
import { testDb } from '../../../test/support/db.js';
import { addDays } from '../../platform/calendar/dates.js';
import { lateFee } from './late-fee-rules.js';
import { COLLECTION_DEFAULT, LATE_FEE_1996 } from './policy-data.js';
import { runLateFeeDailyPass } from './daily-pass.js';
import type { LateFeePolicy } from './schemas.js';

type Bill = { id: number; account: number; cls: string; due: string; fen: number; cycle: string };
type Pay = { id: number; bill: number; on: string; fen: number; reversed?: boolean };

async function addBill(db: Db, b: Bill) {
  await db.query(
    `INSERT INTO bills (id, account_id, cycle, status, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs, released_at, due_date)
     VALUES ($1, $2, $3, 'released', 1, 1, '/1/', '2025-10-01', '2025-10-31', 100, $4, '{}', $5::json, now(), $6)`,
    [b.id, b.account, b.cycle, b.fen, JSON.stringify({ account: { customerClass: b.cls } }), b.due],
  );
}

async function addPay(db: Db, bills: Bill[], p: Pay) {
  const b = bills.find((x) => x.id === p.bill)!;
  await db.query(
    `INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen, principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
     VALUES ($1, $2, 1, 1, '/1/', $3, 'counter', 'cash', $6, $4, $4, 0, 0, '{}', $5, 'R' || $6)`,
    [p.id, b.account, b.cls, p.fen, p.on, `inc${p.id}`],
  );
  await db.query(`INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen) VALUES ($1, $2, 1, $3, 'principal', $4)`, [
    b.account,
    p.id,
    b.id,
    p.fen,
  ]);
}

/** Every bill's accrual as of `date` against the rule; the number of open bills. */
async function compare(db: Db, bills: Bill[], pays: Pay[], date: string, policy: LateFeePolicy): Promise<number> {
  const rows = (await db.query('SELECT *, as_of::text AS as_of_text FROM late_fee_accruals ORDER BY bill_id')).rows;
  let open = 0;
  for (const b of bills) {
    const payments = pays
      .filter((p) => p.bill === b.id && !p.reversed && p.on <= date)
      .map((p) => ({ date: p.on, principalFen: p.fen }))
      .sort((x, y) => x.date.localeCompare(y.date));
    const isOpen = b.due < date && payments.reduce((s, p) => s + p.principalFen, 0) < b.fen;
    const row = rows.find((x) => Number(x.bill_id) === b.id);
    if (!isOpen) {
      assert.equal(row, undefined, `bill ${b.id} has no accrual on ${date}`);
      continue;
    }
    open++;
    const want = lateFee({ billId: String(b.id), customerClass: b.cls, dueDate: b.due, principalFen: b.fen }, payments, date, policy);
    assert.ok(row, `bill ${b.id} accrued on ${date}`);
    assert.equal(row.as_of_text, date);
    assert.equal(Number(row.principal_owed_fen), b.fen - payments.reduce((s, p) => s + p.principalFen, 0), `bill ${b.id} owed on ${date}`);
    assert.equal(Number(row.fee_fen), want.totalFen, `bill ${b.id} fee on ${date}`);
    assert.equal(row.days, want.days, `bill ${b.id} days on ${date}`);
    assert.equal(row.minimum_applied, want.minimumApplied, `bill ${b.id} minimum on ${date}`);
    assert.equal(String(row.exact_fen), want.exactFen, `bill ${b.id} exact on ${date}`);
    assert.deepEqual(row.lines, want.lines, `bill ${b.id} lines on ${date}`);
  }
  assert.equal(rows.length, open, `only open bills on ${date}`);
  return open;
}

test('incremental late-fee pass: equal to the rule day by day, writing only what changed', async () => {
  const db = await testDb(4);
  const bills: Bill[] = [
    { id: 1, account: 201, cls: 'commercial_industrial', due: '2025-12-10', fen: 100_000, cycle: '2025-11' },
    { id: 2, account: 202, cls: 'residential', due: '2025-12-20', fen: 5_000, cycle: '2025-11' },
    { id: 3, account: 203, cls: 'commercial_industrial', due: '2025-12-28', fen: 30_000, cycle: '2025-12' },
    { id: 4, account: 203, cls: 'residential', due: '2025-11-30', fen: 7_525, cycle: '2025-10' },
    { id: 5, account: 205, cls: 'commercial_industrial', due: '2026-01-03', fen: 90_000, cycle: '2025-12' },
  ];
  for (const b of bills) await addBill(db, b);
  // payments recorded on the evening of `seen` (after that day's pass), paid on `on`
  const events: { seen: string; pay?: Pay; reverse?: number; bill?: Bill }[] = [
    { seen: '2025-12-15', pay: { id: 1, bill: 1, on: '2025-12-15', fen: 40_000 } }, // on the pass day itself
    { seen: '2025-12-18', pay: { id: 2, bill: 4, on: '2025-12-16', fen: 2_500 } }, // backdated
    { seen: '2025-12-22', pay: { id: 3, bill: 3, on: '2025-12-22', fen: 10_000 } }, // before its first fee day
    { seen: '2025-12-24', pay: { id: 7, bill: 4, on: '2025-12-25', fen: 1_000 } }, // paid on the next pass day, before its pass
    { seen: '2025-12-30', pay: { id: 4, bill: 1, on: '2025-12-30', fen: 10_000 } }, // then reversed
    { seen: '2026-01-02', reverse: 4 },
    { seen: '2026-01-04', bill: { id: 6, account: 206, cls: 'residential', due: '2026-01-02', fen: 12_345, cycle: '2025-12' } }, // released late
    { seen: '2026-01-05', pay: { id: 5, bill: 2, on: '2026-01-05', fen: 5_000 } }, // settled
    { seen: '2026-01-06', pay: { id: 6, bill: 5, on: '2026-01-06', fen: 45_000 } }, // after the carry-over day
  ];
  const pays: Pay[] = [];
  const policies = { lateFee: LATE_FEE_1996, collection: COLLECTION_DEFAULT };
  const written = async () =>
    Number((await db.query(`SELECT count(*) FROM late_fee_terms WHERE pass_at = (SELECT max(pass_at) FROM late_fee_terms)`)).rows[0].count);
  let quiet = 0;
  for (let day = '2025-12-10'; day <= '2026-01-10'; day = addDays(day, 1)) {
    const before = (await db.query('SELECT max(pass_at) AS t FROM late_fee_terms')).rows[0].t;
    const r = await runLateFeeDailyPass(db, day, policies);
    const open = await compare(db, bills, pays, day, LATE_FEE_1996);
    assert.equal(r.steps[0].rows, open, `the step counts the open bills on ${day}`);
    const after = (await db.query('SELECT max(pass_at) AS t FROM late_fee_terms')).rows[0].t;
    // a day with no new bill and no payment event writes no terms, yet every fee moved on a day
    if (day > '2025-12-29' && String(before) === String(after)) quiet++;
    for (const e of events.filter((x) => x.seen === day)) {
      if (e.pay) {
        pays.push(e.pay);
        await addPay(db, bills, e.pay);
      }
      if (e.reverse) {
        pays.find((p) => p.id === e.reverse)!.reversed = true;
        await db.query(`UPDATE payments SET status = 'reversed', reversed_at = now() WHERE id = $1`, [e.reverse]);
      }
      if (e.bill) {
        bills.push(e.bill);
        await addBill(db, e.bill);
      }
    }
  }
  assert.ok(quiet > 0, 'some passes wrote no terms at all');
  assert.ok((await written()) < bills.length, 'the last pass rewrote only changed bills');
  // the same day again writes nothing
  const last = (await db.query('SELECT max(pass_at) AS t FROM late_fee_terms')).rows[0].t;
  await runLateFeeDailyPass(db, '2026-01-10', policies);
  assert.equal(String((await db.query('SELECT max(pass_at) AS t FROM late_fee_terms')).rows[0].t), String(last));
  // another policy (a grace period, other rates): every bill's terms again, equal to the rule
  const other: LateFeePolicy = { ...LATE_FEE_1996, graceDays: 3, otherRates: { currentYear: '0.0025', priorYear: '0.004' } };
  await runLateFeeDailyPass(db, '2026-01-11', { ...policies, lateFee: other });
  await compare(db, bills, pays, '2026-01-11', other);
  // a bill's figures changed in billing (a corrected total): recomputed
  bills.find((b) => b.id === 3)!.fen = 32_000;
  await db.query(`UPDATE bills SET total_fen = 32000 WHERE id = 3`);
  await runLateFeeDailyPass(db, '2026-01-12', { ...policies, lateFee: other });
  await compare(db, bills, pays, '2026-01-12', other);
});
