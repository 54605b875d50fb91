/**
 * Property (fast-check, issue 11): after any sequence of money events made through the modules that
 * own them — counter payments (part, whole, over), late fees charged at payment, waivers, refunds,
 * payment reversals, write-offs, bank withholding files and their settlement, prepaid enrolment with
 * an opening balance, payments recovering written-off debts (坏账收回), waivers of fees already charged or paid
 * (credited back), cancel-and-rebill of paid bills with their credit applied — and replays of each, the books stay right:
 *
 * - every ledger unit's trial balance of every period balances (and the API says `balanced`);
 * - `ledger_balances` (the posted totals) equal the sums over the lines;
 * - every decided event posted exactly one entry naming it (a replay or a second decision posts nothing);
 * - the collections-in-transit account of a settled batch's payments is back to zero.
 *
 * Runs accumulate on one seeded database (the invariant must hold from any reachable state).
 * `MONEY_PROPERTY_SEED` replays a seed; `MONEY_PROPERTY_RUNS` sets the number of sequences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testApp, type Session } from '../support/app.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { todayBeijing } from '../../src/modules/ledger/index.js';
import { addDays } from '../../src/platform/calendar/dates.js';
import { principalOf } from '../support/principals.js';
import { registerCountyLedgerUnits } from '../support/ledger.js';
import { formatFile, parseFile, type BankLayout } from '../../src/modules/payments/bank-file-rules.js';

type Action =
  | { kind: 'pay'; acct: number; fen: number; replay: boolean }
  | { kind: 'age'; acct: number; days: number }
  | { kind: 'waive'; acct: number; fen: number }
  | { kind: 'refund'; acct: number; fen: number }
  | { kind: 'reverse'; acct: number }
  | { kind: 'writeOff'; acct: number }
  | { kind: 'bank'; accts: number[]; failEvery: number }
  | { kind: 'enrol'; acct: number; fen: number }
  | { kind: 'rebill'; acct: number }
  | { kind: 'waivePaid'; acct: number; fen: number };

const ACCOUNTS = 10;
const acct = fc.integer({ min: 0, max: ACCOUNTS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('pay' as const), acct, fen: fc.integer({ min: 1, max: 300_000 }), replay: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('age' as const), acct, days: fc.constantFrom(20, 45, 400, 800) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('waive' as const), acct, fen: fc.integer({ min: 1, max: 2_000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('refund' as const), acct, fen: fc.integer({ min: 1, max: 50_000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reverse' as const), acct }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('writeOff' as const), acct }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('bank' as const),
      accts: fc.uniqueArray(acct, { minLength: 1, maxLength: 4 }),
      failEvery: fc.integer({ min: 0, max: 3 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('enrol' as const), acct, fen: fc.integer({ min: 0, max: 10_000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('rebill' as const), acct }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('waivePaid' as const), acct, fen: fc.integer({ min: 1, max: 5_000 }) }), weight: 1 },
);

test('the books balance after any sequence of money events, each posted once', async (ctx) => {
  const seed = Number(process.env.MONEY_PROPERTY_SEED ?? 20261207);
  const numRuns = Number(process.env.MONEY_PROPERTY_RUNS ?? 8);
  const t = await testApp({ customers: 40 });
  await registerCountyLedgerUnits(t.db);
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const accounts = (
    await t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id LIMIT $2`, [
      act.releasedRunId,
      ACCOUNTS,
    ])
  ).rows.map((r) => Number(r.account_id));
  assert.equal(accounts.length, ACCOUNTS);
  const today = todayBeijing();
  const cashier = await t.login('cashier');
  const clerk = await t.login('billing');
  const sup = await t.login('supervisor');
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const entryCount = () => n(`SELECT count(*)::int AS n FROM ledger_entries`);
  const entriesOf = (type: string, id: string) => n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = $1 AND source_id = $2`, [type, id]);
  const layoutRow = (await t.db.query(`SELECT * FROM bank_layouts WHERE bank_code = 'DEMO-CSV'`)).rows[0];
  const L: BankLayout = {
    bankCode: 'DEMO-CSV',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    header: true,
    debitFields: layoutRow.debit_fields,
    resultFields: layoutRow.result_fields,
    successCode: 'S',
  };
  let refNo = 0;
  const ref = () => `PROP${seed}x${++refNo}`;
  /** decided events and the (type, id) each must have posted exactly once */
  const mustPostOnce: { type: string; id: string }[] = [];
  const settledBatches: number[] = [];
  const refusedWriteOffs: Record<string, number> = {};

  const approve = (s: Session, url: string) => s.req('POST', url, {});
  const creditsChecked = new Set<number>();
  /** the events an approved waiver posts, by what it covered (collection's waiver-rules.ts) */
  const waiverEvents = (w: { id: number; unchargedFen: number; chargedFen: number; paidFen: number }) => {
    if (w.unchargedFen > 0) mustPostOnce.push({ type: 'late_fee_charged', id: `waiver:${w.id}` });
    if (w.unchargedFen + w.chargedFen > 0) mustPostOnce.push({ type: 'late_fee_waived', id: `waiver:${w.id}` });
    if (w.paidFen > 0) mustPostOnce.push({ type: 'late_fee_credited', id: `waiver:${w.id}` });
  };
  const run = async (a: Action): Promise<void> => {
    switch (a.kind) {
      case 'pay': {
        const body = { accountId: accounts[a.acct], amountFen: a.fen, method: 'cash', reference: ref(), confirmOverpay: true };
        const r = await cashier.req('POST', '/api/payments/counter', body);
        assert.equal(r.statusCode, 201, r.body);
        mustPostOnce.push({ type: 'payment_received', id: `payment:${r.json().id}` });
        // 坏账收回: a payment's rest recovers written-off debts (posted with it, once)
        if (r.json().recoveries.length) mustPostOnce.push({ type: 'bad_debt_recovered', id: `payment:${r.json().id}` });
        if (a.replay) {
          const before = await entryCount();
          assert.equal((await cashier.req('POST', '/api/payments/counter', body)).json().replayed, true);
          assert.equal(await entryCount(), before, 'a replayed payment posts nothing');
        }
        return;
      }
      case 'age':
        await t.db.query(`UPDATE bills SET due_date = $2::date WHERE account_id = $1 AND run_id = $3`, [
          accounts[a.acct],
          addDays(today, -a.days),
          act.releasedRunId,
        ]);
        return;
      case 'waive': {
        const feeBill = async () =>
          (await clerk.req('GET', `/api/collection/accounts/${accounts[a.acct]}`)).json().bills.find((b: { feeDueFen: number }) => b.feeDueFen > 0);
        // no fee due yet: the bills fall 45 days overdue first (test set-up, not a money event)
        const bill = (await feeBill()) ?? (await run({ kind: 'age', acct: a.acct, days: 45 }), await feeBill());
        if (!bill) return;
        const w = await clerk.req('POST', `/api/collection/accounts/${accounts[a.acct]}/waivers`, {
          billId: bill.billId,
          amountFen: Math.min(a.fen, bill.feeDueFen),
          reason: '减免',
        });
        if (w.statusCode !== 201) return;
        const d = await approve(sup, `/api/collection/waivers/${w.json().id}/approve`);
        if (d.statusCode === 200) {
          waiverEvents(d.json());
          assert.equal((await approve(sup, `/api/collection/waivers/${w.json().id}/approve`)).statusCode, 409);
        }
        return;
      }
      case 'waivePaid': {
        // a late fee charged at a payment (paid or not), waived afterwards: owed no more, or credited back
        const pays = (await cashier.req('GET', `/api/payments/accounts/${accounts[a.acct]}/payments`)).json();
        const charged = pays.find((p: { status: string; feeCharges: unknown[] }) => p.status === 'posted' && p.feeCharges.length);
        if (!charged) return;
        const w = await clerk.req('POST', `/api/collection/accounts/${accounts[a.acct]}/waivers`, {
          billId: charged.feeCharges[0].billId,
          amountFen: Math.min(a.fen, charged.feeCharges[0].amountFen),
          reason: '减免已收违约金',
        });
        if (w.statusCode !== 201) return;
        const d = await approve(sup, `/api/collection/waivers/${w.json().id}/approve`);
        assert.ok(d.statusCode === 200 || d.statusCode === 409, d.body);
        if (d.statusCode === 200) waiverEvents(d.json());
        return;
      }
      case 'rebill': {
        // cancel and rebill (退补) the account's bill of the run (or its rebill): the money paid on it is a credit, applied at once
        const b = (
          await t.db.query(
            `SELECT id FROM bills WHERE account_id = $1 AND status = 'released' AND kind IN ('normal', 'rebill') AND total_fen > 0 ORDER BY id DESC LIMIT 1`,
            [accounts[a.acct]],
          )
        ).rows[0];
        if (!b) return;
        const r = await clerk.req('POST', `/api/billing/bills/${b.id}/rebill`, { reason: '退补' });
        if (r.statusCode !== 201) return;
        const applied = await cashier.req('POST', `/api/payments/accounts/${accounts[a.acct]}/bill-credits/apply`);
        if (applied.statusCode === 404) return; // the account moved out of the cashier's scope: not a money event
        assert.equal(applied.statusCode, 200, applied.body);
        for (const c of applied.json())
          if (c.status === 'applied' && !creditsChecked.has(c.paymentId)) {
            creditsChecked.add(c.paymentId);
            mustPostOnce.push({ type: 'bill_credit_applied', id: `payment:${c.paymentId}` });
          }
        const before = await entryCount();
        assert.equal((await cashier.req('POST', `/api/payments/accounts/${accounts[a.acct]}/bill-credits/apply`)).statusCode, 200);
        assert.equal(await entryCount(), before, 'a credit applied again posts nothing');
        return;
      }
      case 'refund': {
        const r = await cashier.req('POST', `/api/payments/accounts/${accounts[a.acct]}/refund-requests`, { amountFen: a.fen, reason: '退预收' });
        if (r.statusCode !== 201) return;
        const d = await approve(sup, `/api/payments/requests/${r.json().id}/approve`);
        assert.equal(d.statusCode, 200, d.body);
        mustPostOnce.push({ type: 'refund', id: `refund:${r.json().id}` });
        return;
      }
      case 'reverse': {
        const pays = (await cashier.req('GET', `/api/payments/accounts/${accounts[a.acct]}/payments`)).json();
        const latest = pays.find((p: { status: string }) => p.status === 'posted');
        if (!latest) return;
        const r = await cashier.req('POST', `/api/payments/${latest.id}/reversal-requests`, { reason: '冲正' });
        if (r.statusCode !== 201) return;
        const d = await approve(sup, `/api/payments/requests/${r.json().id}/approve`);
        assert.ok(d.statusCode === 200 || d.statusCode === 409, d.body);
        return;
      }
      case 'writeOff': {
        // the bills a year and more overdue first (test set-up), unless already
        await t.db.query(`UPDATE bills SET due_date = least(due_date, $2::date) WHERE account_id = $1 AND run_id = $3`, [
          accounts[a.acct],
          addDays(today, -400),
          act.releasedRunId,
        ]);
        const r = await clerk.req('POST', `/api/collection/accounts/${accounts[a.acct]}/write-offs`, { reason: '核销' });
        if (r.statusCode !== 201) {
          assert.equal(r.statusCode, 409, r.body);
          refusedWriteOffs[r.json().code] = (refusedWriteOffs[r.json().code] ?? 0) + 1;
          return;
        }
        const d = await approve(sup, `/api/collection/write-offs/${r.json().id}/approve`);
        assert.equal(d.statusCode, 200, d.body);
        mustPostOnce.push({ type: 'write_off', id: `writeoff:${r.json().id}` });
        return;
      }
      case 'bank': {
        for (const i of a.accts) {
          const m = await cashier.req('POST', '/api/payments/withholding/mandates', {
            accountId: accounts[i],
            bankCode: 'DEMO-CSV',
            bankAccountNo: `6222000000${String(i).padStart(6, '0')}`,
            holderName: `户主${i}`,
          });
          assert.equal(m.statusCode, 200, m.body);
        }
        const b = await cashier.req('POST', '/api/payments/withholding/batches', { bankCode: 'DEMO-CSV' });
        if (b.statusCode !== 201) return;
        const batch = b.json();
        if (!batch.lines) return;
        const debit = parseFile(L, L.debitFields, (await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}/file`)).rawPayload);
        const file = formatFile(
          L,
          L.resultFields,
          debit.lines.map((l, i) => ({ ...l.values, result: a.failEvery && i % (a.failEvery + 1) === a.failEvery ? 'F' : 'S', bankRef: `P${i}`, message: '' })),
        );
        const imp = await cashier.req('POST', '/api/payments/withholding/imports', {
          bankCode: 'DEMO-CSV',
          fileName: `${batch.batchNo}.csv`,
          contentBase64: file.toString('base64'),
        });
        assert.equal(imp.statusCode, 201, imp.body);
        const summary = (await cashier.req('GET', `/api/payments/withholding/batches/${batch.id}`)).json();
        if (!summary.paidFen) return;
        const s = await cashier.req('POST', `/api/payments/withholding/batches/${batch.id}/settlement`, {
          amountFen: summary.paidFen,
          bankRef: `S${batch.id}`,
        });
        assert.equal(s.statusCode, 200, s.body);
        for (const id of s.json().ledgerSources) mustPostOnce.push({ type: 'withholding_settled', id });
        settledBatches.push(batch.id);
        const before = await entryCount();
        const again = await cashier.req('POST', `/api/payments/withholding/batches/${batch.id}/settlement`, {
          amountFen: summary.paidFen,
          bankRef: `S${batch.id}`,
        });
        assert.equal(again.json().replayed, true);
        assert.equal(await entryCount(), before, 'a replayed settlement posts nothing');
        return;
      }
      case 'enrol': {
        const r = await clerk.req('POST', '/api/prepaid/accounts', { accountId: accounts[a.acct], planCode: 'ZJ-RES-2012', openingBalanceFen: a.fen });
        if (r.statusCode === 201 && a.fen > 0) mustPostOnce.push({ type: 'prepaid_topup', id: `prepaid_opening:${accounts[a.acct]}` });
        else assert.ok([201, 400, 409].includes(r.statusCode), r.body);
        return;
      }
    }
  };

  const check = async (): Promise<void> => {
    assert.equal(
      await n(`SELECT count(*)::int AS n FROM (SELECT org_unit_id, period FROM ledger_lines GROUP BY 1, 2 HAVING sum(debit_fen) <> sum(credit_fen)) x`),
      0,
      'every unit and period balances',
    );
    assert.equal(
      await n(
        `SELECT count(*)::int AS n FROM (
           SELECT org_unit_id, period, account_id, coalesce(counter_org_unit_id, 0) AS c, sum(debit_fen) AS d, sum(credit_fen) AS k FROM ledger_lines GROUP BY 1, 2, 3, 4) l
           FULL JOIN ledger_balances b ON b.org_unit_id = l.org_unit_id AND b.period = l.period AND b.account_id = l.account_id AND b.counter_org_unit_id = l.c
          WHERE l.d IS DISTINCT FROM b.debit_fen OR l.k IS DISTINCT FROM b.credit_fen`,
      ),
      0,
      'posted totals equal the lines',
    );
    for (const e of mustPostOnce) assert.equal(await entriesOf(e.type, e.id), 1, `${e.type}:${e.id} posted once`);
    const period = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS p`)).rows[0].p;
    for (const u of (await t.db.query(`SELECT org_unit_id FROM ledger_units`)).rows) {
      const tb = await sup.req('GET', `/api/ledger/trial-balance?orgUnitId=${u.org_unit_id}&period=${period}`);
      if (tb.statusCode === 200) assert.equal(tb.json().totals.balanced, true);
    }
    // a settled batch's payments still standing went through collections in transit and out again
    for (const id of settledBatches) {
      const stl = (await cashier.req('GET', `/api/payments/withholding/batches/${id}`)).json().settlement;
      const credited = await n(
        `SELECT coalesce(sum(l.credit_fen), 0)::bigint AS n FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
          WHERE e.source_type = 'withholding_settled' AND e.source_id = ANY($1::text[]) AND a.code = '101201'`,
        [stl.ledgerSources],
      );
      assert.equal(credited + stl.unpostedFen, stl.amountFen);
    }
  };

  try {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 12 }), async (actions) => {
        for (const a of actions) await run(a);
        await check();
      }),
      {
        seed,
        numRuns,
        endOnFailure: true,
        includeErrorInReport: true,
        // one sequence always run first, on the fresh books, so that every kind of event is made at least once
        examples: [
          [
            [
              { kind: 'writeOff', acct: 9 },
              { kind: 'waive', acct: 8, fen: 50 },
              { kind: 'pay', acct: 7, fen: 900_000, replay: true },
              { kind: 'refund', acct: 7, fen: 1_000 },
              { kind: 'bank', accts: [5, 6], failEvery: 0 },
              { kind: 'enrol', acct: 4, fen: 5_000 },
              { kind: 'pay', acct: 4, fen: 2_000, replay: false },
              { kind: 'reverse', acct: 4 },
              { kind: 'pay', acct: 9, fen: 5_000, replay: false },
              { kind: 'age', acct: 3, days: 45 },
              { kind: 'pay', acct: 3, fen: 900_000, replay: false },
              { kind: 'waivePaid', acct: 3, fen: 5_000 },
              { kind: 'pay', acct: 2, fen: 900_000, replay: false },
              { kind: 'rebill', acct: 2 },
            ],
          ],
        ],
      },
    );
  } catch (e) {
    throw new Error(`money-events property failed (replay: MONEY_PROPERTY_SEED=${seed}):\n${(e as Error).message}`, { cause: e });
  }
  const byType: Record<string, number> = {};
  for (const e of mustPostOnce) byType[e.type] = (byType[e.type] ?? 0) + 1;
  ctx.diagnostic(`seed ${seed}, ${numRuns} sequences; events checked: ${JSON.stringify(byType)}; write-offs refused: ${JSON.stringify(refusedWriteOffs)}`);
  for (const k of [
    'payment_received',
    'late_fee_waived',
    'refund',
    'write_off',
    'withholding_settled',
    'prepaid_topup',
    'bad_debt_recovered',
    'late_fee_credited',
    'bill_credit_applied',
  ])
    assert.ok(byType[k] > 0, `the sequences made ${k} events (the property is not vacuous)`);
});
