import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { registerCountyLedgerUnits } from '../../../test/support/ledger.js';
import { workChunk, workPendingChunks } from './billruns.js';

interface Bill {
  id: number;
  kind: string;
  totalFen: number;
  interimNo: number | null;
  lines: { code: string; amountFen: number }[];
}

test('split settlement: interim bills (idempotent, audited, posted), the month-end true-up nets them to the single bill; a run skips prepaid accounts', async () => {
  const t = await testApp({ customers: 40 });
  const billing = await t.login('billing');
  const supervisor = await t.login('supervisor');
  const customer = await t.login('customer1');
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  await registerCountyLedgerUnits(t.db, ['SF-QH']);

  // accounts with one meter; residential pairs and C&I triples are made alike (the same profile and multiplier)
  const one = (
    await t.db.query(
      `SELECT sp.account_id, sp.customer_class, min(m.meter_no) AS meter_no FROM meters m JOIN service_points sp ON sp.id = m.service_point_id
        GROUP BY sp.account_id, sp.customer_class HAVING count(*) = 1 ORDER BY sp.account_id`,
    )
  ).rows.map((r) => ({ id: Number(r.account_id), cls: r.customer_class as string, meter: r.meter_no as string }));
  const res = one.filter((a) => a.cls === 'residential');
  const ci = one.filter((a) => a.cls !== 'residential');
  assert.ok(res.length >= 3 && ci.length >= 3, `${res.length} residential, ${ci.length} C&I`);
  const [r1, r2, pp] = res;
  const [c1, c2, c3] = ci;
  await t.db.query(`UPDATE service_points SET contracted_kva = 8, supply_voltage_kv = 0.22 WHERE account_id = ANY($1::bigint[])`, [[r1.id, r2.id, pp.id]]);
  // 630 kVA at 10 kV: two-part (basic charge by capacity), TOU, funds, power factor 0.85 standard
  await t.db.query(`UPDATE service_points SET contracted_kva = 630, supply_voltage_kv = 10 WHERE account_id = ANY($1::bigint[])`, [[c1.id, c2.id, c3.id]]);
  await t.db.query(`UPDATE meters SET multiplier = 1 WHERE service_point_id IN (SELECT id FROM service_points WHERE account_id = ANY($1::bigint[]))`, [
    [r1.id, r2.id, pp.id, c1.id, c2.id, c3.id],
  ]);
  const rows = ['meter_no,register,read_at,value,flag'];
  for (const a of [r1, r2, pp]) rows.push(`${a.meter},kwh_total,2026-10-25 08:00,1000,`, `${a.meter},kwh_total,2026-11-25 08:00,1312.5,`);
  for (const a of [c1, c2, c3])
    for (const [reg, oct, nov] of [
      ['kwh_peak', 3000, 7123.4],
      ['kwh_flat', 4000, 9876.5],
      ['kwh_valley', 2000, 5432.1],
      ['kwh_total', 9000, 22432],
      ['kvarh', 1000, 6000],
    ] as const)
      rows.push(`${a.meter},${reg},2026-10-25 08:00,${oct},`, `${a.meter},${reg},2026-11-25 08:00,${nov},`);
  const imp = await billing.req('POST', '/api/billing/readings/import', { fileName: 'split.csv', text: rows.join('\n') });
  assert.equal(imp.statusCode, 201, imp.body);

  // the agreement: refused field by field (zh and en), nothing written; a customer cannot set one
  const put = (accountId: number, body: unknown, who = billing) => who.req('PUT', `/api/billing/accounts/${accountId}/split-settlement`, body);
  const badOrder = await put(r1.id, { days: [20, 10], sharePct: ['30', '30'], expectedMonthlyFen: 10_000, active: true });
  assert.equal(badOrder.statusCode, 400, badOrder.body);
  assert.equal(badOrder.json().details[0].field, 'body.days.1');
  assert.match(badOrder.json().details[0].message, /递增/);
  assert.match(badOrder.json().details[0].messageEn, /ascending/);
  const badTotal = await put(r1.id, { days: [10, 20], sharePct: ['60', '50'], expectedMonthlyFen: 10_000, active: true });
  assert.equal(badTotal.json().details[0].field, 'body.sharePct');
  const badDay = await put(r1.id, { days: [29], sharePct: ['30'], expectedMonthlyFen: null, active: true });
  assert.equal(badDay.json().details[0].field, 'body.days.0');
  assert.equal((await put(r1.id, { days: [10], sharePct: ['30'], expectedMonthlyFen: null, active: true }, customer)).statusCode, 403);
  assert.equal(await n(`SELECT count(*)::int AS n FROM split_settlement_agreements`), 0);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.split_agreement'`), 0);

  const ok1 = await put(r1.id, { days: [10, 20], sharePct: ['30', '30'], expectedMonthlyFen: 10_000, active: true });
  assert.equal(ok1.statusCode, 200, ok1.body);
  assert.deepEqual(ok1.json().agreement.sharePct, ['30', '30']);
  assert.equal(ok1.json().agreement.paymentDays, 3);
  // C&I: an under-estimate (¥5 000 a month) and a large over-estimate (¥500 000: the final bill is a credit)
  assert.equal((await put(c1.id, { days: [10, 20, 28], sharePct: ['30', '30', '10'], expectedMonthlyFen: 500_000, active: true })).statusCode, 200);
  assert.equal((await put(c3.id, { days: [10, 20], sharePct: ['90', '5'], expectedMonthlyFen: 50_000_000, paymentDays: 5, active: true })).statusCode, 200);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.split_agreement'`), 3);

  // interim bills: issued once; the same interim again writes nothing
  const issue = (accountId: number, body: unknown, who = billing) => who.req('POST', `/api/billing/accounts/${accountId}/interim-bills`, body);
  const i1 = await issue(r1.id, { cycle: '2026-11', interimNo: 1 });
  assert.equal(i1.statusCode, 201, i1.body);
  assert.equal(i1.json().created, true);
  assert.deepEqual([i1.json().bill.kind, i1.json().bill.status, i1.json().bill.interimNo, i1.json().bill.totalFen], ['interim', 'released', 1, 3000]); // 30 % × ¥100
  assert.ok(i1.json().bill.dueDate);
  const again = await issue(r1.id, { cycle: '2026-11', interimNo: 1 });
  assert.equal(again.statusCode, 200);
  assert.deepEqual([again.json().created, again.json().bill.id], [false, i1.json().bill.id]);
  assert.equal(await n(`SELECT count(*)::int AS n FROM bills WHERE account_id = $1 AND kind = 'interim'`, [r1.id]), 1);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bill.interim'`), 1);
  // posted to the ledger like any released bill
  assert.equal(
    await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'bill_released' AND source_id = $1`, [`bill:${i1.json().bill.id}`]),
    1,
  );
  // refusals: beyond the agreement (named), no agreement, not yet due, not allowed
  const beyond = await issue(r1.id, { cycle: '2026-11', interimNo: 3 });
  assert.equal(beyond.statusCode, 400);
  assert.equal(beyond.json().details[0].field, 'body.interimNo');
  assert.equal((await issue(r2.id, { cycle: '2026-11', interimNo: 1 })).json().code, 'NO_AGREEMENT');
  assert.equal((await issue(r1.id, { cycle: '2099-01', interimNo: 1 })).json().code, 'NOT_DUE');
  assert.equal((await issue(r1.id, { cycle: '2026-11', interimNo: 2 }, customer)).statusCode, 403);
  assert.equal((await issue(r1.id, { cycle: '2026-11', interimNo: 2 })).statusCode, 201);
  assert.equal((await issue(c1.id, { cycle: '2026-11', interimNo: 1 })).json().bill.totalFen, 150_000);
  assert.equal((await issue(c1.id, { cycle: '2026-11', interimNo: 2 })).statusCode, 201);
  const c3i = (await issue(c3.id, { cycle: '2026-11', interimNo: 1 })).json().bill;
  assert.equal(c3i.totalFen, 45_000_000);

  // a prepaid account (enrolled before November ended) is left out of the run with its reason, not as an exception
  const enrolled = await billing.req('POST', '/api/prepaid/accounts', { accountId: pp.id, planCode: 'ZJ-RES-2012' });
  assert.equal(enrolled.statusCode, 201, enrolled.body);
  await t.db.query(`UPDATE prepaid_accounts SET enrolled_at = '2026-10-01T00:00:00+08:00' WHERE account_id = $1`, [pp.id]);

  // one chunk; while it is rated (its bills written, not committed) C1's third interim is asked for: it waits for
  // the chunk's lock on the agreements and is then refused, never issued beside a month-end bill that misses it
  const run = (await billing.req('POST', '/api/billing/runs', { cycle: '2026-11', orgCode: 'SF-QH', chunkAccounts: 1000 })).json();
  assert.equal(run.chunks, 1);
  let during: Promise<{ statusCode: number; json(): { code: string } }> | null = null;
  await workChunk(t.db, 'W', run.id, async () => {
    during = issue(c1.id, { cycle: '2026-11', interimNo: 3 });
    await new Promise((r) => setTimeout(r, 300));
  });
  const late = await during!;
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().code, 'MONTH_SETTLED');
  await workPendingChunks(t.db, 'W', run.id);
  const done = (await billing.req('GET', `/api/billing/runs/${run.id}`)).json();
  assert.equal(done.status, 'review');
  assert.equal(done.skippedPrepaid, 1);
  const skips = (await billing.req('GET', `/api/billing/runs/${run.id}/skips`)).json();
  assert.deepEqual(
    skips.map((s: { accountId: number; code: string }) => [s.accountId, s.code]),
    [[pp.id, 'prepaid']],
  );
  assert.match(skips[0].messageZh, /预付费/);
  assert.match(skips[0].messageEn, /prepaid .* since 2026-10-01/);
  const exc = (await billing.req('GET', `/api/billing/runs/${run.id}/exceptions`)).json() as { accountId: number }[];
  assert.ok(!exc.some((x) => x.accountId === pp.id));
  assert.equal(await n(`SELECT count(*)::int AS n FROM bills WHERE account_id = $1`, [pp.id]), 0);
  // the others are billed: every account of the run is a bill, an exception or a skip
  assert.equal(done.billed + done.exceptions + done.skippedPrepaid, done.accountsTotal);
  assert.ok(done.billed >= 5);

  const monthEnd = async (accountId: number): Promise<Bill> => {
    const id = Number((await t.db.query(`SELECT id FROM bills WHERE account_id = $1 AND cycle = '2026-11' AND kind = 'normal'`, [accountId])).rows[0].id);
    return (await billing.req('GET', `/api/billing/bills/${id}`)).json();
  };
  const interimSum = async (accountId: number) =>
    n(`SELECT coalesce(sum(total_fen), 0)::bigint AS n FROM bills WHERE account_id = $1 AND kind = 'interim'`, [accountId]);
  const single = { res: (await monthEnd(r2.id)).totalFen, ci: (await monthEnd(c2.id)).totalFen };
  assert.ok(single.res > 0 && single.ci > 0);
  for (const [acc, want] of [
    [r1, single.res],
    [c1, single.ci],
    [c3, single.ci],
  ] as const) {
    const f = await monthEnd(acc.id);
    const paid = await interimSum(acc.id);
    const trueUp = f.lines.find((l) => l.code === 'split_trueup')!;
    assert.equal(trueUp.amountFen, -paid);
    assert.equal(
      f.totalFen,
      f.lines.reduce((s, l) => s + l.amountFen, 0),
    );
    assert.equal(paid + f.totalFen, want, `account ${acc.id}: Σ interim ${paid} + final ${f.totalFen} = the single bill ${want}`);
  }
  assert.ok((await monthEnd(c3.id)).totalFen < 0, 'over-estimated interims: the month-end bill is a credit');
  assert.ok((await monthEnd(c1.id)).totalFen > 0);

  // the month is settled: no more interim bills for it; an interim bill is not rebilled
  assert.equal((await issue(c3.id, { cycle: '2026-11', interimNo: 2 })).json().code, 'MONTH_SETTLED');
  assert.equal((await billing.req('POST', `/api/billing/bills/${c3i.id}/rebill`, { reason: 'x' })).json().code, 'BILL_STATE');

  // release: the month-end bill posts the whole month (also the credit one) and the interims' postings are reversed
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${run.id}/review`)).statusCode, 200);
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${run.id}/release`)).statusCode, 200);
  const c3final = await monthEnd(c3.id);
  const debit = async (sourceId: string) =>
    n(
      `SELECT coalesce(sum(l.debit_fen), 0)::bigint AS n FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id WHERE e.source_type = 'bill_released' AND e.source_id = $1`,
      [sourceId],
    );
  assert.equal(await debit(`bill:${c3final.id}`), single.ci);
  const c3entry = Number(
    (await t.db.query(`SELECT id FROM ledger_entries WHERE source_type = 'bill_released' AND source_id = $1`, [`bill:${c3i.id}`])).rows[0].id,
  );
  assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE reverses_entry_id = $1`, [c3entry]), 1);
  // the receivable of the month on the books (bills posted less their reversals) = the single bill
  const net = async (accountId: number) =>
    n(
      `SELECT coalesce(sum(CASE WHEN e.reverses_entry_id IS NULL THEN l.debit_fen ELSE -l.credit_fen END), 0)::bigint AS n
         FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
        WHERE (e.source_type = 'bill_released' AND e.source_id IN (SELECT 'bill:' || id FROM bills WHERE account_id = $1))
           OR e.reverses_entry_id IN (SELECT x.id FROM ledger_entries x WHERE x.source_type = 'bill_released' AND x.source_id IN (SELECT 'bill:' || id FROM bills WHERE account_id = $1))`,
      [accountId],
    );
  assert.equal(await net(c3.id), single.ci);
  assert.equal(await net(c1.id), single.ci);

  // the statement lists the interim bills with the month-end bill; the month nets to the single bill
  const st = (await billing.req('GET', `/api/billing/accounts/${c1.id}/statement`)).json();
  assert.deepEqual(st.bills.map((b: Bill) => [b.kind, b.interimNo]).sort(), [
    ['interim', 1],
    ['interim', 2],
    ['normal', null],
  ]);
  assert.equal(st.usage[0].totalFen, single.ci);

  // the credit month-end bill (docs/payments.md, "Credit bills"): not applied yet, then applied to C3's unpaid interim
  // bill by the same allocation as a payment — the account then owes exactly the month, posted once, audited
  assert.ok(c3final.totalFen < 0, 'C3 month-end bill is a credit');
  const credits = async () => (await billing.req('GET', `/api/payments/accounts/${c3.id}/bill-credits`)).json();
  const pending = await credits();
  assert.deepEqual(
    pending.map((c: { billId: number; source: string; creditFen: number; status: string }) => [c.billId, c.source, c.creditFen, c.status]),
    [[c3final.id, 'credit_bill', -c3final.totalFen, 'pending']],
  );
  assert.equal((await billing.req('GET', `/api/payments/accounts/${c3.id}/arrears`)).json().pendingCreditFen, -c3final.totalFen);
  assert.equal((await customer.req('POST', `/api/payments/accounts/${c3.id}/bill-credits/apply`)).statusCode, 403);
  const applied = await billing.req('POST', `/api/payments/accounts/${c3.id}/bill-credits/apply`);
  assert.equal(applied.statusCode, 200, applied.body);
  const [use] = applied.json();
  assert.equal(use.status, 'applied');
  assert.deepEqual(
    use.allocations.map((l: { billId: number; kind: string; amountFen: number }) => [l.billId, l.kind, l.amountFen]),
    [[c3i.id, 'principal', -c3final.totalFen]],
  );
  assert.equal(use.keptAsCreditFen, 0);
  assert.ok(use.receiptNo.startsWith('CD'));
  const owedC3 = (await billing.req('GET', `/api/payments/accounts/${c3.id}/arrears`)).json();
  assert.deepEqual([owedC3.principalOwedFen, owedC3.pendingCreditFen], [single.ci, 0]);
  const appliedEntries = () =>
    n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'bill_credit_applied' AND source_id = $1`, [`payment:${use.paymentId}`]);
  assert.equal(await appliedEntries(), 1);
  assert.equal((await billing.req('POST', `/api/payments/accounts/${c3.id}/bill-credits/apply`)).json()[0].paymentId, use.paymentId, 'applied once');
  assert.equal(await appliedEntries(), 1);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bill_credit.apply' AND entity_id = $1`, [String(use.paymentId)]), 1);

  // a rebill of the month-end bill keeps the true-up: the month still nets to the single bill
  const rb = await billing.req('POST', `/api/billing/bills/${c3final.id}/rebill`, { reason: '复核' });
  assert.equal(rb.statusCode, 201, rb.body);
  assert.equal(rb.json().rebill.totalFen, c3final.totalFen);
  assert.equal(await n(`SELECT sum(total_fen)::bigint AS n FROM bills WHERE account_id = $1 AND cycle = '2026-11'`, [c3.id]), single.ci);
  assert.equal(await net(c3.id), single.ci);
  // the cancelled credit bill's application is reversed and the rebill's credit applied instead: C3 still owes the month
  const after = await billing.req('POST', `/api/payments/accounts/${c3.id}/bill-credits/apply`);
  assert.equal(after.statusCode, 200, after.body);
  assert.deepEqual(
    after.json().map((c: { billId: number; status: string }) => [c.billId, c.status]),
    [
      [c3final.id, 'reversed'],
      [rb.json().rebill.id, 'applied'],
    ],
  );
  assert.equal((await billing.req('GET', `/api/payments/accounts/${c3.id}/arrears`)).json().principalOwedFen, single.ci);
  assert.equal(
    await n(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE reverses_entry_id = (SELECT id FROM ledger_entries WHERE source_type = 'bill_credit_applied' AND source_id = $1)`,
      [`payment:${use.paymentId}`],
    ),
    1,
  );
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bill_credit.reverse'`), 1);

  // the due interims of a day, issued in one call for the agreements in scope: a settled month refuses its late
  // interims (named); a past month catches up; a second call issues nothing twice; a future day is refused
  const due = (on: string) => billing.req('POST', '/api/billing/interim-bills/issue-due', { on });
  const nov = (await due('2026-11-30')).json();
  assert.deepEqual(nov.issued, []);
  assert.deepEqual(
    nov.refused.map((x: { accountId: number; interimNo: number; code: string }) => [x.accountId, x.interimNo, x.code]),
    [
      [c1.id, 3, 'MONTH_SETTLED'],
      [c3.id, 2, 'MONTH_SETTLED'],
    ],
  );
  const oct = await due('2026-10-31');
  assert.equal(oct.statusCode, 200, oct.body);
  assert.deepEqual(
    oct.json().issued.map((b: Bill & { accountId: number }) => [b.accountId, b.interimNo]),
    [
      [r1.id, 1],
      [r1.id, 2],
      [c1.id, 1],
      [c1.id, 2],
      [c1.id, 3],
      [c3.id, 1],
      [c3.id, 2],
    ],
  );
  assert.deepEqual((await due('2026-10-31')).json().issued, []);
  assert.equal(await n(`SELECT count(*)::int AS n FROM bills WHERE cycle = '2026-10' AND kind = 'interim'`), 7);
  const future = await due('2099-01-10');
  assert.equal(future.statusCode, 400);
  assert.equal(future.json().details[0].field, 'body.on');
});
