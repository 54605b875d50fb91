import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { registerLedgerUnit } from '../ledger/index.js';
import { workPendingChunks } from './billruns.js';

interface Line {
  code: string;
  quantity: string;
  price: string;
  amountFen: number;
  tariffCode: string | null;
  rule: string;
  note: string | null;
  reading: string | null;
}
interface Bill {
  id: number;
  kind: string;
  kwh: string;
  totalFen: number;
  interimNo: number | null;
  periodFrom: string;
  periodTo: string;
  inputs: Record<string, any>;
  lines: Line[];
}

test('split reading: interim bills from interim readings, the month-end bill nets them to the single bill; a metering split rated in a run', async () => {
  const t = await testApp({ customers: 40 });
  const billing = await t.login('billing');
  const customer = await t.login('customer1');
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params)).rows[0].n);
  const county = (await t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
  await registerLedgerUnit(t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });

  const one = (
    await t.db.query(
      `SELECT sp.account_id, sp.customer_class, min(m.meter_no) AS meter_no FROM meters m JOIN service_points sp ON sp.id = m.service_point_id
        GROUP BY sp.account_id, sp.customer_class HAVING count(*) = 1 ORDER BY sp.account_id`,
    )
  ).rows.map((r) => ({ id: Number(r.account_id), cls: r.customer_class as string, meter: r.meter_no as string }));
  const res = one.filter((a) => a.cls === 'residential');
  const ci = one.filter((a) => a.cls !== 'residential');
  assert.ok(res.length >= 4 && ci.length >= 3, `${res.length} residential, ${ci.length} C&I`);
  const [r1, r2, r3, r4] = res;
  const [c1, c2, s1] = ci;
  await t.db.query(`UPDATE service_points SET contracted_kva = 8, supply_voltage_kv = 0.22 WHERE account_id = ANY($1::bigint[])`, [
    [r1.id, r2.id, r3.id, r4.id],
  ]);
  await t.db.query(`UPDATE service_points SET contracted_kva = 630, supply_voltage_kv = 10 WHERE account_id = ANY($1::bigint[])`, [[c1.id, c2.id]]);
  await t.db.query(`UPDATE service_points SET contracted_kva = 50, supply_voltage_kv = 0.22 WHERE account_id = $1`, [s1.id]);
  const all = [r1, r2, r3, r4, c1, c2, s1];
  await t.db.query(`UPDATE meters SET multiplier = 1 WHERE service_point_id IN (SELECT id FROM service_points WHERE account_id = ANY($1::bigint[]))`, [
    all.map((a) => a.id),
  ]);

  // readings: the month-end reads of the 25th for all; interim reads on the 10th and the 20th for r1 and c1, on the
  // 10th for r4 (which then has no month-end read); none on its reading day for r3
  const rows = ['meter_no,register,read_at,value,flag'];
  const read = (a: { meter: string }, at: string, regs: [string, number][]) => regs.forEach(([reg, v]) => rows.push(`${a.meter},${reg},${at},${v},`));
  for (const a of [r1, r2, r3, r4]) read(a, '2026-10-25 08:00', [['kwh_total', 1000]]);
  for (const a of [r1, r2, r3]) read(a, '2026-11-25 08:00', [['kwh_total', 1400]]);
  read(r1, '2026-11-10 08:00', [['kwh_total', 1100]]);
  read(r1, '2026-11-20 08:30', [['kwh_total', 1250]]);
  read(r4, '2026-11-10 09:00', [['kwh_total', 1080]]);
  const tou = (peak: number, flat: number, valley: number, kvarh: number): [string, number][] => [
    ['kwh_peak', peak],
    ['kwh_flat', flat],
    ['kwh_valley', valley],
    ['kwh_total', Math.round((peak + flat + valley) * 10) / 10],
    ['kvarh', kvarh],
  ];
  for (const a of [c1, c2]) {
    read(a, '2026-10-25 08:00', tou(3000, 4000, 2000, 1000));
    read(a, '2026-11-25 08:00', tou(7123.4, 9876.5, 5432.1, 6000));
  }
  read(c1, '2026-11-10 08:00', tou(4000, 5500, 2800, 2500));
  read(c1, '2026-11-20 08:00', tou(5600, 7700, 4000, 4500));
  read(s1, '2026-10-25 08:00', tou(1000, 1000, 1000, 0).slice(0, 4));
  read(s1, '2026-11-25 08:00', tou(1600, 1500, 1400, 0).slice(0, 4));
  const imp = await billing.req('POST', '/api/billing/readings/import', { fileName: 'splitread.csv', text: rows.join('\n') });
  assert.equal(imp.statusCode, 201, imp.body);
  assert.equal(imp.json().exceptions, 0, imp.body);

  // the schedule: an agreement with basis 'reading'; shares or an agreed amount are refused, field named
  const put = (accountId: number, body: unknown, who = billing) => who.req('PUT', `/api/billing/accounts/${accountId}/split-settlement`, body);
  const withShare = await put(r1.id, { basis: 'reading', days: [10, 20], sharePct: ['30', '30'], expectedMonthlyFen: null, active: true });
  assert.equal(withShare.statusCode, 400);
  assert.equal(withShare.json().details[0].field, 'body.sharePct');
  assert.match(withShare.json().details[0].message, /分次抄表/);
  const withAmount = await put(r1.id, { basis: 'reading', days: [10, 20], sharePct: [], expectedMonthlyFen: 10_000, active: true });
  assert.equal(withAmount.json().details[0].field, 'body.expectedMonthlyFen');
  assert.equal(
    (await put(r1.id, { basis: 'share', days: [10], sharePct: [], expectedMonthlyFen: null, active: true })).json().details[0].field,
    'body.sharePct',
  );
  assert.equal((await put(r1.id, { basis: 'reading', days: [10], sharePct: [], expectedMonthlyFen: null, active: true }, customer)).statusCode, 403);
  assert.equal(await n(`SELECT count(*)::int AS n FROM split_settlement_agreements`), 0);
  for (const [a, days] of [
    [r1, [10, 20]],
    [c1, [10, 20]],
    [r3, [10]],
    [r4, [10]],
  ] as const) {
    const ok = await put(a.id, { basis: 'reading', days, sharePct: [], expectedMonthlyFen: null, active: true });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().agreement.basis, 'reading');
  }
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.split_agreement'`), 4);

  // interim bills from the readings: r1 read 100 kWh by the 10th, 150 more by the 20th (Zhejiang tier 1, 0.538)
  const issue = (accountId: number, body: unknown) => billing.req('POST', `/api/billing/accounts/${accountId}/interim-bills`, body);
  const getBill = async (id: number): Promise<Bill> => (await billing.req('GET', `/api/billing/bills/${id}`)).json();
  const i1 = await issue(r1.id, { cycle: '2026-11', interimNo: 1 });
  assert.equal(i1.statusCode, 201, i1.body);
  const b1 = await getBill(i1.json().bill.id);
  assert.deepEqual([b1.kind, b1.interimNo, Number(b1.kwh), b1.totalFen, b1.periodFrom, b1.periodTo], ['interim', 1, 100, 5380, '2026-11-01', '2026-11-10']);
  assert.deepEqual(
    b1.lines.map((l) => [l.code, l.quantity, l.price, l.amountFen, l.tariffCode]),
    [['energy_tier1', '100', '0.538', 5380, 'ZJ-RES-2012']],
  );
  assert.match(b1.lines[0].reading!, /1000\.0000@2026-10-25T08:00→1100\.0000@2026-11-10T08:00/);
  assert.equal(b1.inputs.split.readAt, '2026-11-10T08:00');
  const again = await issue(r1.id, { cycle: '2026-11', interimNo: 1 });
  assert.deepEqual([again.statusCode, again.json().created, again.json().bill.id], [200, false, b1.id]);
  const b2 = await getBill((await issue(r1.id, { cycle: '2026-11', interimNo: 2 })).json().bill.id);
  assert.deepEqual([Number(b2.kwh), b2.totalFen, b2.periodFrom, b2.periodTo], [150, 8070, '2026-11-11', '2026-11-20']);
  assert.match(b2.lines[0].reading!, /1100\.0000@2026-11-10T08:00→1250\.0000@2026-11-20T08:30/);
  assert.equal(await n(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'bill.interim' AND after->>'basis' = 'reading'`), 2);
  assert.equal(await n(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'bill_released' AND source_id = $1`, [`bill:${b1.id}`]), 1);

  // c1: the reading of the 20th billed first (since the reading before the month): energy by period and funds, no
  // basic charge, no power factor adjustment; the 10th is then covered by it and refused
  const c1i2 = await getBill((await issue(c1.id, { cycle: '2026-11', interimNo: 2 })).json().bill.id);
  assert.deepEqual(
    c1i2.lines.map((l) => [l.code, l.quantity, l.amountFen]),
    [
      ['energy_peak', '2600', 228800],
      ['energy_flat', '3700', 207200],
      ['energy_valley', '2000', 54000],
      ['fund_major_water', '8300', 1627], // 16.268 → 16.27
      ['fund_reservoir_migrants', '8300', 5146],
      ['fund_renewable', '8300', 15770],
    ],
  );
  assert.equal(c1i2.totalFen, 512543);
  const order = await issue(c1.id, { cycle: '2026-11', interimNo: 1 });
  assert.deepEqual([order.statusCode, order.json().code], [409, 'INTERIM_ORDER']);
  // r3 was not read on its day
  const none = await issue(r3.id, { cycle: '2026-11', interimNo: 1 });
  assert.deepEqual([none.statusCode, none.json().code], [409, 'NO_READING']);
  assert.match(none.json().message, /2026-11-10/);

  // the day's due interims by the schedule's use case: r4's issued, r3's refused, c1's first not tried again
  const due = (await billing.req('POST', '/api/billing/interim-bills/issue-due', { on: '2026-11-30' })).json();
  assert.deepEqual(
    due.issued.map((b: { accountId: number; interimNo: number }) => [b.accountId, b.interimNo]),
    [[r4.id, 1]],
  );
  assert.deepEqual(
    due.refused.map((x: { accountId: number; code: string }) => [x.accountId, x.code]),
    [[r3.id, 'NO_READING']],
  );

  // the console's view of r1's reading days
  const reads = (await billing.req('GET', `/api/billing/accounts/${r1.id}/interim-reads?cycle=2026-11`)).json();
  assert.equal(reads.basis, 'reading');
  assert.deepEqual(
    reads.items.map((x: { day: string; readAt: string; bill: { id: number } }) => [x.day, x.readAt, x.bill.id]),
    [
      ['2026-11-10', '2026-11-10 08:00', b1.id],
      ['2026-11-20', '2026-11-20 08:30', b2.id],
    ],
  );
  assert.equal((await billing.req('GET', `/api/billing/accounts/${r1.id}/interim-reads?cycle=2026-13`)).statusCode, 400);

  // the metering split of the shop: 20 % residential lighting (定比), refused field by field first
  const params = (accountId: number, meteringSplit: unknown) =>
    billing.req('PUT', `/api/billing/accounts/${accountId}/parameters`, {
      validFrom: '2026-11-01',
      validTo: null,
      customerClass: null,
      pricing: null,
      voltage: null,
      tou: null,
      basicBasis: null,
      contractKva: null,
      contractDemandKw: null,
      highLoadEligible: true,
      meteringSplit,
    });
  const over = await params(s1.id, { kind: 'ratio', customerClass: 'residential', sharePct: '120' });
  assert.equal(over.statusCode, 400);
  assert.equal(over.json().details[0].field, 'body.meteringSplit.sharePct');
  const same = await params(s1.id, { kind: 'fixed', customerClass: 'commercial_industrial', kwh: 300 });
  assert.equal(same.json().details[0].field, 'body.meteringSplit.customerClass');
  assert.equal((await params(s1.id, { kind: 'fixed', customerClass: 'residential', kwh: 300.5 })).json().details[0].field, 'body.meteringSplit.kwh');
  assert.equal(await n(`SELECT count(*)::int AS n FROM billing_parameters WHERE account_id = $1`, [s1.id]), 0);
  assert.equal((await params(s1.id, { kind: 'ratio', customerClass: 'residential', sharePct: '20' })).statusCode, 200);

  // the run: month-end bills
  const run = (await billing.req('POST', '/api/billing/runs', { cycle: '2026-11', orgCode: 'SF-QH', chunkAccounts: 1000 })).json();
  await workPendingChunks(t.db, 'W', run.id);
  assert.equal((await billing.req('GET', `/api/billing/runs/${run.id}`)).json().status, 'review');
  const monthEnd = async (accountId: number): Promise<Bill> => {
    const id = Number((await t.db.query(`SELECT id FROM bills WHERE account_id = $1 AND cycle = '2026-11' AND kind = 'normal'`, [accountId])).rows[0].id);
    return getBill(id);
  };
  const sumOf = async (accountId: number, col: string) =>
    (await t.db.query(`SELECT coalesce(sum(${col}), 0)::text AS s FROM bills WHERE account_id = $1 AND cycle = '2026-11'`, [accountId])).rows[0].s as string;
  for (const [acc, twin] of [
    [r1, r2],
    [c1, c2],
  ] as const) {
    const single = await monthEnd(twin.id);
    const f = await monthEnd(acc.id);
    const interims = await n(`SELECT coalesce(sum(total_fen), 0)::bigint AS n FROM bills WHERE account_id = $1 AND kind = 'interim'`, [acc.id]);
    assert.equal(f.lines.find((l) => l.code === 'split_trueup')!.amountFen, -interims);
    // the month rated exactly as the twin's single bill, line by line, then the true-up
    assert.deepEqual(
      f.lines.filter((l) => l.code !== 'split_trueup').map((l) => [l.code, l.quantity, l.amountFen]),
      single.lines.map((l) => [l.code, l.quantity, l.amountFen]),
    );
    assert.equal(Number(await sumOf(acc.id, 'total_fen')), single.totalFen, `account ${acc.id}: Σ interim + month-end = the single bill`);
    assert.equal(Number(await sumOf(acc.id, 'kwh')), Number(single.kwh), `account ${acc.id}: Σ kWh = the month`);
  }
  assert.deepEqual([Number((await monthEnd(r1.id)).kwh), (await monthEnd(r1.id)).totalFen], [150, 21520 - 5380 - 8070]);
  assert.ok((await monthEnd(c2.id)).lines.some((l) => l.code.startsWith('basic')));
  // r4 was read on its interim day and not at month end: not billed, named
  const exc = (await billing.req('GET', `/api/billing/runs/${run.id}/exceptions`)).json() as { accountId: number; code: string; messageEn: string }[];
  const r4x = exc.find((x) => x.accountId === r4.id)!;
  assert.equal(r4x.code, 'missing_reading');
  assert.match(r4x.messageEn, /interim reading of 2026-11-10 09:00/);

  // the shop: 1500 kWh, 300 residential at 0.538 (ZJ-RES-2012), 1200 commercial by period 480 / 400 / 320
  const shop = await monthEnd(s1.id);
  assert.deepEqual(
    shop.lines.map((l) => [l.code, l.quantity, l.amountFen, l.tariffCode]),
    [
      ['energy_peak', '480', 48480, 'ZJ-CI1-LV-2024'],
      ['energy_flat', '400', 26800, 'ZJ-CI1-LV-2024'],
      ['energy_valley', '320', 10560, 'ZJ-CI1-LV-2024'],
      ['fund_major_water', '1200', 235, 'ZJ-CI1-LV-2024'],
      ['fund_reservoir_migrants', '1200', 744, 'ZJ-CI1-LV-2024'],
      ['fund_renewable', '1200', 2280, 'ZJ-CI1-LV-2024'],
      ['energy_tier1_split', '300', 16140, 'ZJ-RES-2012'],
    ],
  );
  assert.equal(shop.totalFen, 105239);
  assert.match(shop.lines[6].note!, /定比 20% × 1500 kWh = 300 kWh（取整 kWh）→ 居民生活/);
  assert.match(shop.lines[6].note!, /计费参数 parameters #/);
  assert.equal(shop.inputs.meteringSplit.splitKwh, '300');
  assert.ok(!shop.inputs.warnings.some((w: string) => /定比定量/.test(w)));

  // the simulator on the bill's own inputs (same readings, same tariffs): with the account named, its metering split is
  // applied as the run did, line for line and to the fen; without it (or for an account without a split) as before
  const simulate = (b: Bill, accountId?: number) =>
    billing.req('POST', '/api/billing/simulate', {
      province: b.inputs.province,
      account: b.inputs.account,
      period: b.inputs.period,
      registers: b.inputs.registers,
      ytdKwh: b.inputs.ytdKwh,
      ...(b.inputs.serviceEvents?.length ? { events: b.inputs.serviceEvents } : {}),
      ...(accountId === undefined ? {} : { accountId }),
    });
  const shape = (lines: Pick<Line, 'code' | 'quantity' | 'price' | 'amountFen' | 'tariffCode' | 'rule'>[]) =>
    lines.map((l) => [l.code, l.quantity, l.price, l.amountFen, l.tariffCode, l.rule]);
  const simShop = await simulate(shop, s1.id);
  assert.equal(simShop.statusCode, 200, simShop.body);
  assert.equal(simShop.json().totalFen, shop.totalFen);
  assert.deepEqual(shape(simShop.json().lines), shape(shop.lines));
  assert.match(simShop.json().lines[6].note, /定比 20% × 1500 kWh = 300 kWh（取整 kWh）→ 居民生活/);
  // the split applied is in the answer, as the run stored it in the bill's inputs
  assert.deepEqual(simShop.json().meteringSplit, shop.inputs.meteringSplit);
  const unsplit = (await simulate(shop)).json();
  assert.equal(unsplit.meteringSplit, undefined);
  assert.deepEqual(
    unsplit.lines.filter((l: Line) => l.code.startsWith('energy')).map((l: Line) => [l.code, l.quantity]),
    [
      ['energy_peak', '600'],
      ['energy_flat', '500'],
      ['energy_valley', '400'],
    ],
  );
  assert.notEqual(unsplit.totalFen, shop.totalFen);
  const plain = await monthEnd(c2.id);
  const simPlain = await simulate(plain, c2.id);
  assert.equal(simPlain.statusCode, 200, simPlain.body);
  // an account without a split: the answer names no split and is otherwise the one without the account
  const { meteringSplit: noSplit, ...plainRated } = simPlain.json();
  assert.equal(noSplit, null);
  assert.deepEqual(plainRated, (await simulate(plain)).json());
  assert.equal(simPlain.json().totalFen, plain.totalFen);
  assert.deepEqual(shape(simPlain.json().lines), shape(plain.lines));
  assert.equal((await simulate(shop, 99_999_999)).statusCode, 404);
  // the simulator's account picker: by the number's prefix, in the caller's scope; a number with other characters refused naming q
  const { account_no: shopNo, name: shopName } = (
    await t.db.query(`SELECT a.account_no, c.name FROM customer_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = $1`, [s1.id])
  ).rows[0];
  const picked = await billing.req('GET', `/api/billing/accounts?q=${encodeURIComponent(shopNo)}`);
  assert.equal(picked.statusCode, 200, picked.body);
  assert.deepEqual(
    picked.json().find((a: { accountId: number }) => a.accountId === s1.id),
    { accountId: s1.id, accountNo: shopNo, customerName: shopName, customerClass: 'commercial_industrial', status: 'active' },
  );
  const prefix = await billing.req('GET', `/api/billing/accounts?q=${encodeURIComponent(shopNo.slice(0, -1))}`);
  assert.ok(prefix.json().some((a: { accountId: number }) => a.accountId === s1.id));
  assert.ok(prefix.json().every((a: { accountNo: string }) => a.accountNo.startsWith(shopNo.slice(0, -1))));
  const badQ = await billing.req('GET', `/api/billing/accounts?q=${encodeURIComponent('1%')}`);
  assert.equal(badQ.statusCode, 400);
  assert.equal(badQ.json().details[0].field, 'querystring.q');

  // the portal's TOU what-if on the released shop bill rates it with its split: as billed it is the bill's total
  const supervisor = await t.login('supervisor');
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${run.id}/review`)).statusCode, 200);
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${run.id}/release`)).statusCode, 200);
  await t.db.query(
    `INSERT INTO users (username, display_name, role, org_unit_id, customer_id, password_hash)
     SELECT 'shop_customer', '商铺客户', 'customer', org_unit_id, $1, password_hash FROM users WHERE username = 'customer1'`,
    [(await t.db.query(`SELECT customer_id FROM bills WHERE id = $1`, [shop.id])).rows[0].customer_id],
  );
  const shopPortal = await t.login('shop_customer');
  const w = await shopPortal.req('GET', `/api/portal/usage/what-if?accountId=${s1.id}&sharePct=50`);
  assert.equal(w.statusCode, 200, w.body);
  // 300 peak kWh to the valley: the shop's 240 / 400 / 560 kWh instead of 480 / 400 / 320, ¥163.20 less; the residential 300 kWh unchanged
  assert.deepEqual([w.json().billId, w.json().beforeFen, w.json().savingFen], [shop.id, shop.totalFen, 16320]);
});
