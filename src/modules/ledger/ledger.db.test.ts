/**
 * Ledger against real PostgreSQL (docs/ledger.md): posting by rules, idempotency, immutability,
 * reversals dated on their own day, closed periods, the code rule, consolidation with inter-unit
 * eliminations, and a property test: any seeded random sequence of money events and reversals
 * leaves every trial balance balanced and the posted totals equal to the lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../test/support/db.js';
import { withTx, type Db } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { postMoneyEvent, postMoneyEvents, registerLedgerUnit, reverseMoneyEvent, trialBalanceOf, type MoneyEvent } from './index.js';
import { createAccount } from './chart.js';
import { postManualEntry, reverseEntry } from './posting.js';
import { closePeriod } from './periods.js';
import { consolidation, trialBalance } from './reports.js';

const admin: Principal = {
  kind: 'user',
  id: 1,
  name: 'admin',
  role: 'admin',
  scopes: [],
  orgUnitId: 1,
  orgPath: '/1/',
  customerId: null,
  csrfToken: null,
  ip: null,
  userAgent: null,
};

async function books(): Promise<Db> {
  const db = await testDb(4);
  await registerLedgerUnit(db, { orgUnitId: 1, orgPath: '/1/', code: 'CITY', name: '市公司' });
  await registerLedgerUnit(db, { orgUnitId: 2, orgPath: '/1/2/', code: 'CTY-A', name: '甲县公司' });
  await registerLedgerUnit(db, { orgUnitId: 3, orgPath: '/1/3/', code: 'CTY-B', name: '乙县公司' });
  await registerLedgerUnit(db, { orgUnitId: 9, orgPath: '/9/', code: 'OTHER', name: '外单位' });
  return db;
}
const post = (db: Db, e: MoneyEvent) => withTx(db, (tx) => postMoneyEvent(tx, e));
const bill = (id: string, o: Partial<MoneyEvent> = {}): MoneyEvent => ({
  type: 'bill_released',
  id,
  orgUnitId: 2,
  date: '2026-10-15',
  customerClass: 'residential',
  amounts: { energy: 10_000, funds: 500 },
  ...o,
});

test('a money event posts by the rules; the trial balance rolls up and balances', async () => {
  const db = await books();
  const r = await post(db, bill('B-1'));
  assert.equal(r.replayed, false);
  const lines = (
    await db.query(
      `SELECT a.code, l.debit_fen, l.credit_fen FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE l.entry_id = $1 ORDER BY l.line_no`,
      [r.entryId],
    )
  ).rows;
  assert.deepEqual(
    lines.map((l) => [l.code, Number(l.debit_fen), Number(l.credit_fen)]),
    [
      ['11220101', 10_500, 0],
      ['60010101', 0, 10_000],
      ['224101', 0, 500],
    ],
  );
  await post(db, {
    type: 'payment_received',
    id: 'P-1',
    orgUnitId: 2,
    date: '2026-10-20',
    customerClass: 'residential',
    amounts: { principal: 10_500, lateFee: 0, credit: 200 },
  });
  const tb = await trialBalanceOf(db, 2, 202610);
  assert.equal(tb.totals.balanced, true);
  assert.equal(tb.totals.debitFen, 10_700 + 10_500);
  const row = (code: string) => tb.rows.find((x) => x.code === code)!;
  assert.equal(row('1122').closingFen, 0, 'the receivable is paid');
  assert.equal(row('6001').closingFen, -10_000, 'revenue is a credit balance');
  assert.equal(row('2203').closingFen, -200, 'the overpayment is a prepaid balance');
  assert.equal(row('1012').debitFen, 10_700);
  const nov = await trialBalanceOf(db, 2, 202611);
  assert.equal(row('6001').closingFen, nov.rows.find((x) => x.code === '6001')!.openingFen, 'closing carries into the next opening');
});

test('the same event posts once: a replay answers the first entry; other content under the same id is refused', async () => {
  const db = await books();
  const a = await post(db, bill('B-2'));
  const b = await post(db, bill('B-2'));
  assert.deepEqual(b, { entryId: a.entryId, replayed: true });
  const [x, y] = await Promise.all([post(db, bill('B-3')), post(db, bill('B-3'))]);
  assert.equal(x.entryId, y.entryId, 'concurrent posts of one event make one entry');
  await assert.rejects(post(db, bill('B-2', { amounts: { energy: 1, funds: 0 } })), (e: { code: string }) => e.code === 'EVENT_ALREADY_POSTED');
  assert.equal(Number((await db.query(`SELECT count(*) AS n FROM ledger_entries WHERE source_id IN ('B-2', 'B-3')`)).rows[0].n), 2);
});

test('a batch posts many events in a few statements: in order, repeats and earlier posts replayed, all or nothing', async () => {
  const db = await books();
  const first = await post(db, bill('R-1'));
  const batch = [
    bill('R-2'),
    bill('R-1'),
    bill('R-3', { orgUnitId: 3, customerClass: 'commercial_industrial' }),
    bill('R-2'),
    { type: 'late_fee_charged' as const, id: 'F-1', orgUnitId: 2, date: '2026-10-20', amounts: { lateFee: 100 } },
  ];
  const r = await withTx(db, (tx) => postMoneyEvents(tx, batch));
  assert.deepEqual(
    r.map((x) => x.replayed),
    [false, true, false, true, false],
  );
  assert.equal(r[1].entryId, first.entryId);
  assert.equal(r[3].entryId, r[0].entryId);
  assert.equal(new Set(r.map((x) => x.entryId)).size, 4);
  assert.equal((await trialBalanceOf(db, 3, 202610)).rows.find((x) => x.code === '11220102')!.closingFen, 10_500);
  // one event into a closed period refuses the whole batch
  await closePeriod(db, admin, 3, 202609);
  await assert.rejects(
    withTx(db, (tx) => postMoneyEvents(tx, [bill('R-4'), bill('R-5', { orgUnitId: 3, date: '2026-09-30' })])),
    (e: { code: string; en: string }) => e.code === 'PERIOD_CLOSED' && /bill_released:R-5/.test(e.en),
  );
  assert.equal((await db.query(`SELECT count(*) AS n FROM ledger_entries WHERE source_id = 'R-4'`)).rows[0].n, 0);
  // an invalid event is named by its index
  await assert.rejects(
    withTx(db, (tx) => postMoneyEvents(tx, [bill('R-6'), bill('R-7', { amounts: { energy: -5 } })])),
    (e: { details: { field: string }[] }) => e.details[0].field === '1.amounts.energy',
  );
  // the same id with other content inside one batch is refused
  await assert.rejects(
    withTx(db, (tx) => postMoneyEvents(tx, [bill('R-8'), bill('R-8', { memo: 'other' })])),
    (e: { code: string }) => e.code === 'EVENT_ALREADY_POSTED',
  );
});

test('refusals: unbalanced (naming the entry), a class with no rule, an unknown amount, a unit without books', async () => {
  const db = await books();
  await assert.rejects(
    postManualEntry(db, admin, {
      orgUnitId: 2,
      date: '2026-10-01',
      memo: 'x',
      key: 'man-1',
      lines: [
        { accountCode: '1001', debitFen: 100 },
        { accountCode: '1002', creditFen: 99 },
      ],
    }),
    (e: { details: { message: string; messageEn: string }[] }) =>
      /entry manual:man-1 does not balance: debits 100 fen, credits 99 fen/.test(e.details[0].messageEn),
  );
  await assert.rejects(post(db, bill('B-4', { customerClass: 'nuclear' })), (e: { details: { field: string }[] }) => e.details[0].field === 'customerClass');
  await assert.rejects(
    post(db, bill('B-5', { amounts: { energy: 100, tip: 5 } })),
    (e: { details: { field: string }[] }) => e.details[0].field === 'amounts.tip',
  );
  await assert.rejects(post(db, bill('B-6', { orgUnitId: 77 })), (e: { details: { field: string }[] }) => e.details[0].field === 'orgUnitId');
  // the database refuses an unbalanced statement whoever writes it
  const entry = (
    await db.query(
      `INSERT INTO ledger_entries (org_unit_id, entry_date, period, source_type, source_id, line_count) VALUES (2, '2026-10-01', 202610, 'raw', 'r1', 2) RETURNING id`,
    )
  ).rows[0].id;
  await assert.rejects(
    db.query(
      `INSERT INTO ledger_lines (entry_id, line_no, org_unit_id, period, entry_date, account_id, debit_fen, credit_fen) SELECT $1, n, 2, 202610, '2026-10-01', (SELECT id FROM ledger_accounts WHERE code = '1001'), CASE n WHEN 1 THEN 5 ELSE 0 END, CASE n WHEN 2 THEN 4 ELSE 0 END FROM generate_series(1, 2) n`,
      [entry],
    ),
    /does not balance/,
  );
});

test('posted entries are immutable; a correction is a reversal dated on the reversal day, in its own period', async () => {
  const db = await books();
  const { entryId } = await post(db, bill('B-7'));
  await assert.rejects(db.query('UPDATE ledger_lines SET debit_fen = 1 WHERE entry_id = $1', [entryId]), /immutable/);
  await assert.rejects(db.query('DELETE FROM ledger_lines WHERE entry_id = $1', [entryId]), /immutable/);
  await assert.rejects(db.query('UPDATE ledger_entries SET memo = $2 WHERE id = $1', [entryId, 'x']), /immutable/);
  await assert.rejects(db.query('DELETE FROM ledger_entries WHERE id = $1', [entryId]), /immutable/);
  await assert.rejects(db.query('TRUNCATE ledger_lines CASCADE'), /immutable/);
  // adding balanced lines to an entry posted before is refused too
  await assert.rejects(
    db.query(
      `INSERT INTO ledger_lines (entry_id, line_no, org_unit_id, period, entry_date, account_id, debit_fen, credit_fen) SELECT $1, 10 + n, 2, 202610, '2026-10-15', (SELECT id FROM ledger_accounts WHERE code = '1001'), CASE n WHEN 1 THEN 5 ELSE 0 END, CASE n WHEN 2 THEN 5 ELSE 0 END FROM generate_series(1, 2) n`,
      [entryId],
    ),
    /cannot be added/,
  );

  const rev = await reverseEntry(db, admin, entryId, { date: '2026-11-03' });
  const e = (await db.query(`SELECT entry_date::text AS d, period, reverses_entry_id FROM ledger_entries WHERE id = $1`, [rev.entryId])).rows[0];
  assert.deepEqual([e.d, e.period, Number(e.reverses_entry_id)], ['2026-11-03', 202611, entryId]);
  const oct = await trialBalanceOf(db, 2, 202610);
  assert.equal(oct.rows.find((r) => r.code === '1122')!.closingFen, 10_500, 'October is as it was');
  const nov = await trialBalanceOf(db, 2, 202611);
  assert.equal(nov.rows.find((r) => r.code === '1122')!.closingFen, 0, 'reversed in November');
  assert.equal(nov.totals.balanced, true);
  await assert.rejects(reverseEntry(db, admin, entryId, { date: '2026-11-04' }), (x: { code: string }) => x.code === 'ALREADY_REVERSED');
  await assert.rejects(reverseEntry(db, admin, rev.entryId, { date: '2026-11-04' }), (x: { code: string }) => x.code === 'IS_REVERSAL');
  const b8 = await post(db, bill('B-8'));
  await assert.rejects(reverseEntry(db, admin, b8.entryId, { date: '2026-10-14' }), (x: { details: { field: string }[] }) => x.details[0].field === 'date');
  // the contract's reversal by source
  const r8 = await withTx(db, (tx) => reverseMoneyEvent(tx, { type: 'bill_released', id: 'B-8' }, '2026-10-31'));
  assert.ok(r8.entryId > b8.entryId);
});

test('a closed period refuses posting, manual entries and reversals into it; other units and periods go on', async () => {
  const db = await books();
  const { entryId } = await post(db, bill('B-9', { date: '2026-09-30' }));
  await closePeriod(db, admin, 2, 202609);
  await assert.rejects(post(db, bill('B-10', { date: '2026-09-12' })), (e: { code: string }) => e.code === 'PERIOD_CLOSED');
  await assert.rejects(reverseEntry(db, admin, entryId, { date: '2026-09-30' }), (e: { code: string }) => e.code === 'PERIOD_CLOSED');
  await assert.rejects(closePeriod(db, admin, 2, 202609), (e: { code: string }) => e.code === 'PERIOD_CLOSED');
  assert.equal((await post(db, bill('B-11', { date: '2026-09-12', orgUnitId: 3 }))).replayed, false, "another unit's September is open");
  assert.equal((await post(db, bill('B-12', { date: '2026-10-01' }))).replayed, false);
  assert.equal((await post(db, bill('B-9', { date: '2026-09-30' }))).replayed, true, 'a replay of a posted event still answers');
  await reverseEntry(db, admin, entryId, { date: '2026-10-02' });
});

test('code rule: the group fixes levels 1–3; a unit adds levels 4–6 under them and posts there; the trial balance rolls it up', async () => {
  const db = await books();
  await assert.rejects(
    createAccount(db, admin, { code: '11220104', name: '县自设三级', orgUnitId: 2 }),
    (e: { details: { rule: string }[] }) => e.details[0].rule === 'group_level',
  );
  await assert.rejects(
    createAccount(db, admin, { code: '1122010101', name: '无单位四级' }),
    (e: { details: { field: string }[] }) => e.details[0].field === 'orgUnitId',
  );
  await assert.rejects(
    createAccount(db, admin, { code: '112201011', name: '错位', orgUnitId: 2 }),
    (e: { details: { rule: string }[] }) => e.details[0].rule === 'code_rule',
  );
  const g = await createAccount(db, admin, { code: '11220104', name: '应收电费—趸售' });
  assert.equal(g.level, 3);
  const u = await createAccount(db, admin, { code: '1122010101', name: '应收电费—居民—城区', orgUnitId: 2 });
  assert.deepEqual([u.level, u.normalSide, u.orgUnitId], [4, 'debit', 2]);
  await postManualEntry(db, admin, {
    orgUnitId: 2,
    date: '2026-10-05',
    memo: '补记',
    lines: [
      { accountCode: '1122010101', debitFen: 700 },
      { accountCode: '60010101', creditFen: 700 },
    ],
  });
  await assert.rejects(
    postManualEntry(db, admin, {
      orgUnitId: 3,
      date: '2026-10-05',
      memo: '他单位科目',
      lines: [
        { accountCode: '1122010101', debitFen: 700 },
        { accountCode: '60010101', creditFen: 700 },
      ],
    }),
    (e: { details: { field: string }[] }) => e.details[0].field === 'lines.0.accountCode',
  );
  const tb = await trialBalance(db, admin, 2, 202610);
  assert.equal(tb.rows.find((r) => r.code === '1122010101')!.debitFen, 700);
  assert.equal(tb.rows.find((r) => r.code === '11220101')!.debitFen, 700);
  assert.equal(tb.rows.find((r) => r.code === '1122')!.debitFen, 700);
  // consolidation shows the group's accounts only: the unit's level 4 folds into its level-3 account
  const c = await consolidation(db, admin, 1, 202610);
  assert.equal(
    c.rows.some((r) => r.code === '1122010101'),
    false,
  );
  assert.equal(c.rows.find((r) => r.code === '11220101')!.debitFen, 700);
  assert.equal(c.totals.balanced, true);
});

test('consolidation over a unit subtree eliminates entries between its units, and not those with units outside', async () => {
  const db = await books();
  await post(db, bill('C-1', { orgUnitId: 2 }));
  await post(db, bill('C-2', { orgUnitId: 3, amounts: { energy: 20_000, funds: 0 } }));
  // A lends B ¥300 (内部往来): both sides recorded with the counter-unit
  await postManualEntry(db, admin, {
    orgUnitId: 2,
    date: '2026-10-10',
    memo: '拨付乙县',
    lines: [
      { accountCode: '122102', debitFen: 30_000, counterOrgUnitId: 3 },
      { accountCode: '100202', creditFen: 30_000 },
    ],
  });
  await postManualEntry(db, admin, {
    orgUnitId: 3,
    date: '2026-10-10',
    memo: '收甲县拨款',
    lines: [
      { accountCode: '100202', debitFen: 30_000 },
      { accountCode: '224102', creditFen: 30_000, counterOrgUnitId: 2 },
    ],
  });
  // A with a unit outside the subtree: not eliminated
  await postManualEntry(db, admin, {
    orgUnitId: 2,
    date: '2026-10-11',
    memo: '外单位',
    lines: [
      { accountCode: '122102', debitFen: 5_000, counterOrgUnitId: 9 },
      { accountCode: '100202', creditFen: 5_000 },
    ],
  });
  const c = await consolidation(db, admin, 1, 202610);
  assert.deepEqual(
    c.units.map((u) => u.orgUnitId),
    [1, 2, 3],
  );
  const row = (code: string) => c.rows.find((r) => r.code === code)!;
  assert.equal(row('122102').closingFen, 5_000, 'only the receivable from outside remains');
  assert.equal(row('122102').eliminatedDebitFen, 30_000);
  assert.equal(row('224102').closingFen, 0);
  assert.equal(row('224102').eliminatedCreditFen, 30_000);
  assert.equal(row('1002').closingFen, -5_000, 'cash moved inside the group nets out');
  assert.equal(row('6001').closingFen, -30_000);
  assert.deepEqual(c.eliminated, { debitFen: 30_000, creditFen: 30_000, matched: true });
  assert.equal(c.totals.balanced, true);
  // consolidating one county alone eliminates nothing
  const a = await consolidation(db, admin, 2, 202610);
  assert.equal(a.eliminated.debitFen, 0);
  assert.equal(a.rows.find((r) => r.code === '122102')!.closingFen, 35_000);
  // next period: the opening is eliminated too
  const nov = await consolidation(db, admin, 1, 202611);
  assert.equal(nov.rows.find((r) => r.code === '122102')!.openingFen, 5_000);
  assert.equal(nov.totals.balanced, true);
});

/** mulberry32: a small seeded generator, so a failing sequence can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('property: random money events and reversals leave every trial balance balanced and the posted totals equal to the lines', async () => {
  const db = await books();
  const seed = Number(process.env.LEDGER_PROPERTY_SEED ?? 20261207);
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const classes = ['residential', 'commercial_industrial', 'agricultural'];
  const units = [1, 2, 3];
  const posted: { id: number; date: string }[] = [];
  for (let i = 0; i < 300; i++) {
    const month = 1 + int(6);
    const date = `2026-${String(month).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
    const orgUnitId = units[int(3)];
    const customerClass = classes[int(3)];
    const amt = () => (int(3) === 0 ? 0 : 1 + int(1_000_000));
    const kind = int(9);
    try {
      if (kind === 8 && posted.length) {
        const target = posted[int(posted.length)];
        const d = target.date > date ? target.date : date;
        const rev = await withTx(db, (tx) => reverseEntryById(tx, target.id, d));
        if (rev) posted.push({ id: rev, date: d });
        continue;
      }
      const type = (
        ['bill_released', 'payment_received', 'late_fee_charged', 'late_fee_waived', 'refund', 'write_off', 'withholding_settled', 'prepaid_topup'] as const
      )[kind];
      const amounts: Record<string, number> =
        type === 'bill_released'
          ? { energy: amt(), funds: amt() }
          : type === 'payment_received'
            ? { principal: amt(), lateFee: amt(), credit: amt() }
            : type.startsWith('late_fee')
              ? { lateFee: 1 + int(10_000) }
              : type === 'write_off'
                ? { principal: 1 + int(50_000) }
                : { amount: 1 + int(500_000) };
      const counter = int(10) === 0 ? units.find((u) => u !== orgUnitId) : undefined;
      const res = await post(db, { type, id: `E-${i}`, orgUnitId, date, customerClass, amounts, ...(counter ? { counterOrgUnitId: counter } : {}) });
      posted.push({ id: res.entryId, date });
      if (int(5) === 0)
        assert.equal(
          (await post(db, { type, id: `E-${i}`, orgUnitId, date, customerClass, amounts, ...(counter ? { counterOrgUnitId: counter } : {}) })).replayed,
          true,
        );
    } catch (e) {
      // the only refusal a random event may meet: nothing to post (all components zero)
      assert.match(
        String((e as { details?: { rule: string }[] }).details?.[0]?.rule),
        /nothing_to_post|already/,
        `seed ${seed} step ${i}: ${(e as Error).message}`,
      );
    }
  }
  assert.ok(posted.length > 150, `seed ${seed}: ${posted.length} entries posted`);
  for (const u of units) {
    for (let m = 1; m <= 7; m++) {
      const tb = await trialBalanceOf(db, u, 202600 + m);
      assert.equal(tb.totals.balanced, true, `seed ${seed}: unit ${u} period ${m}`);
      assert.equal(
        tb.rows.filter((x) => x.parentId === null).reduce((s, x) => s + x.closingFen, 0),
        0,
      );
    }
  }
  const c = await consolidation(db, admin, 1, 202607);
  assert.equal(c.totals.closingFen, 0);
  const diff =
    await db.query(`SELECT * FROM (SELECT org_unit_id, period, account_id, COALESCE(counter_org_unit_id, 0) AS cu, sum(debit_fen) AS d, sum(credit_fen) AS c FROM ledger_lines GROUP BY 1, 2, 3, 4) l
    FULL JOIN ledger_balances b ON b.org_unit_id = l.org_unit_id AND b.period = l.period AND b.account_id = l.account_id AND b.counter_org_unit_id = l.cu
    WHERE l.d IS DISTINCT FROM b.debit_fen OR l.c IS DISTINCT FROM b.credit_fen`);
  assert.equal(diff.rowCount, 0, 'ledger_balances equals the sums over the lines');
  const sum = await db.query('SELECT sum(debit_fen) - sum(credit_fen) AS n FROM ledger_lines');
  assert.equal(Number(sum.rows[0].n), 0);
});

/** Reverses an entry unless it is a reversal or reversed already (then null). */
async function reverseEntryById(tx: import('../../db/pool.js').Tx, id: number, date: string): Promise<number | null> {
  const e = (
    await tx.query(
      'SELECT source_type, source_id, reverses_entry_id, (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id) AS done FROM ledger_entries e WHERE id = $1',
      [id],
    )
  ).rows[0];
  if (e.reverses_entry_id !== null || e.done) return null;
  return (await reverseMoneyEvent(tx, { type: e.source_type, id: e.source_id }, date)).entryId;
}
