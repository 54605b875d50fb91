import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { BILL_RUN_LANES, startBillRunWorker, workChunk, workPendingChunks } from './billruns.js';

interface M {
  meter_no: string;
  account_id: string;
  customer_class: string;
  contracted_kva: string;
}

/** A reading file: October and November register readings for every meter, some made to be flagged. */
function files(meters: M[]) {
  const oct: string[] = ['meter_no,register,read_at,value,flag'];
  const nov: string[] = ['meter_no,register,read_at,value,flag'];
  meters.forEach((m, i) => {
    const base = 1000 + i * 100;
    const use = 150 + (i % 7) * 20;
    if (m.customer_class === 'residential') {
      oct.push(`${m.meter_no},kwh_total,2026-10-25 08:00,${base},`);
      nov.push(`${m.meter_no},kwh_total,2026-11-25 08:00,${base + use},${i === 1 ? 'E' : ''}`);
    } else {
      const p = [0.3, 0.45, 0.25];
      oct.push(
        `${m.meter_no},kwh_total,2026-10-25 08:00,${base},`,
        `${m.meter_no},kwh_peak,2026-10-25 08:00,${base * p[0]},`,
        `${m.meter_no},kwh_flat,2026-10-25 08:00,${base * p[1]},`,
        `${m.meter_no},kwh_valley,2026-10-25 08:00,${base * p[2]},`,
        `${m.meter_no},kvarh,2026-10-25 08:00,${base / 2},`,
      );
      nov.push(
        `${m.meter_no},kwh_total,2026-11-25 08:00,${base + use * 10},`,
        `${m.meter_no},kwh_peak,2026-11-25 08:00,${base * p[0] + use * 3},`,
        `${m.meter_no},kwh_flat,2026-11-25 08:00,${base * p[1] + use * 4.5},`,
        `${m.meter_no},kwh_valley,2026-11-25 08:00,${base * p[2] + use * 2.5},`,
        `${m.meter_no},kvarh,2026-11-25 08:00,${base / 2 + use * 4},`,
      );
    }
  });
  return { oct: oct.join('\n'), nov: nov.join('\n') };
}

test('readings import, exceptions, a run shared by workers with one killed mid-chunk, review and release, rebill nets to zero', async () => {
  const t = await testApp({ customers: 40 });
  const billing = await t.login('billing');
  const supervisor = await t.login('supervisor');
  const manager = await t.login('manager');
  const meters: M[] = (
    await t.db.query(
      `SELECT m.meter_no, sp.account_id, sp.customer_class, sp.contracted_kva FROM meters m JOIN service_points sp ON sp.id = m.service_point_id ORDER BY sp.account_id`,
    )
  ).rows;
  const residential = meters.filter((m) => m.customer_class === 'residential');
  assert.ok(residential.length >= 10);

  // a bad layout is refused naming the line; nothing is stored
  const bad = await billing.req('POST', '/api/billing/readings/import', {
    fileName: 'bad.csv',
    text: `meter_no,register,read_at,value,flag\n${meters[0].meter_no},kwh_total,2026-10-25 08:00,12,\n${meters[0].meter_no},kwh_totl,2026-10-25 08:00,12,`,
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.match(bad.json().details[0].messageEn, /^line 3: register 'kwh_totl'/);
  assert.equal(bad.json().details[0].field, 'body.text');
  const badHeader = await billing.req('POST', '/api/billing/readings/import', { fileName: 'bad.csv', text: `meter,register\n1,2` });
  assert.equal(badHeader.statusCode, 400);
  assert.match(badHeader.json().details[0].messageEn, /^line 1: the header/);
  assert.equal(Number((await t.db.query(`SELECT count(*) FROM meter_readings`)).rows[0].count), 0);

  const { oct, nov } = files(meters);
  const first = await billing.req('POST', '/api/billing/readings/import', { fileName: 'oct.csv', text: oct, uploadId: 'upload-oct-1' });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().exceptions, 0);
  assert.deepEqual((await billing.req('GET', '/api/billing/readings/import-progress/upload-oct-1')).json(), { stage: 'done', done: 1, total: 1 });
  // the same content again is refused as a duplicate, whatever its name
  const again = await billing.req('POST', '/api/billing/readings/import', { fileName: 'oct-copy.csv', text: oct });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'DUPLICATE_FILE');
  // the same new file sent twice at once: one import, one refusal
  const twice = `meter_no,register,read_at,value,flag\n${meters[0].meter_no},kvarh,2026-10-25 08:00,1,\n`;
  const both = await Promise.all([1, 2].map(() => billing.req('POST', '/api/billing/readings/import', { fileName: 'twice.csv', text: twice })));
  assert.deepEqual(both.map((r) => r.statusCode).sort(), [201, 409]);
  // a repeated line (in the file, or already stored) never makes a second reading
  const rep = `meter_no,register,read_at,value,flag\n${meters[0].meter_no},kwh_total,2026-10-25 08:00,${1000},\n${meters[0].meter_no},kwh_total,2026-10-25 08:00,1000.0,\n`;
  const repeated = await billing.req('POST', '/api/billing/readings/import', { fileName: 'rep.csv', text: rep });
  assert.equal(repeated.statusCode, 201, repeated.body);
  assert.deepEqual([repeated.json().readings, repeated.json().repeated], [0, 2]);

  // November: one reading below the last (not a rollover), one estimated → exceptions, never billed silently
  const novLines = nov.split('\n');
  const r0 = residential[residential.length - 1];
  const idx = novLines.findIndex((l) => l.startsWith(`${r0.meter_no},kwh_total`));
  novLines[idx] = `${r0.meter_no},kwh_total,2026-11-25 08:00,500,`;
  const imported = await billing.req('POST', '/api/billing/readings/import', { fileName: 'nov.csv', text: novLines.join('\n') });
  assert.equal(imported.statusCode, 201, imported.body);
  const exc = (await billing.req('GET', '/api/billing/reading-exceptions?cycle=2026-11&status=open')).json() as {
    id: number;
    accountId: number;
    code: string;
  }[];
  const codes = exc.map((e) => `${e.accountId}:${e.code}`).sort();
  assert.ok(codes.includes(`${r0.account_id}:below_last`), codes.join());
  assert.ok(
    exc.some((e) => e.code === 'estimated'),
    codes.join(),
  );
  assert.equal(imported.json().exceptions, exc.length);

  // accepting the estimated read lets its account be billed; disputing opens a 95598 reading-dispute order
  const est = exc.find((e) => e.code === 'estimated')!;
  assert.equal((await billing.req('POST', `/api/billing/reading-exceptions/${est.id}/accept`, { note: '客户确认估抄' })).statusCode, 200);
  const below = exc.find((e) => e.code === 'below_last')!;
  const disputed = await billing.req('POST', `/api/billing/reading-exceptions/${below.id}/dispute`, { description: '客户对本月示数有异议' });
  assert.equal(disputed.statusCode, 200, disputed.body);
  const wo = (await t.db.query(`SELECT order_type, subtype FROM work_orders WHERE id = $1`, [disputed.json().workOrderId])).rows[0];
  assert.deepEqual(wo, { order_type: 'service_request', subtype: 'reading_dispute' });

  // a run of 10-account chunks; worker A dies mid-chunk after writing its bills, B and C share the rest
  const started = await billing.req('POST', '/api/billing/runs', { cycle: '2026-11', orgCode: 'SF-QH', chunkAccounts: 10 });
  assert.equal(started.statusCode, 201, started.body);
  const run = started.json();
  assert.equal(run.accountsTotal, meters.length);
  assert.equal((await billing.req('POST', '/api/billing/runs', { cycle: '2026-11', orgCode: 'SF-QH' })).statusCode, 409);
  let bDone = 0;
  await assert.rejects(
    workChunk(t.db, 'A', run.id, async () => {
      bDone = await workPendingChunks(t.db, 'B', run.id); // runs while A holds its chunk: B skips it
      throw new Error('instance A killed');
    }),
    /killed/,
  );
  assert.equal(bDone, run.chunks - 1);
  assert.equal((await billing.req('GET', `/api/billing/runs/${run.id}`)).json().status, 'running');
  assert.equal(await workPendingChunks(t.db, 'C', run.id), 1);
  const chunks = (await t.db.query(`SELECT chunk_no, worker, status FROM bill_run_chunks WHERE run_id = $1 ORDER BY chunk_no`, [run.id])).rows;
  assert.deepEqual(
    chunks.map((c) => c.worker),
    ['C', ...Array(run.chunks - 1).fill('B')],
  );
  const done = (await billing.req('GET', `/api/billing/runs/${run.id}`)).json();
  assert.equal(done.status, 'review');
  assert.equal(done.accountsDone, meters.length);
  // every account exactly once: a bill or an exception, never both, never twice
  const billed = (await t.db.query(`SELECT account_id, count(*)::int AS n FROM bills WHERE run_id = $1 GROUP BY account_id`, [run.id])).rows;
  assert.ok(billed.every((b) => b.n === 1));
  const excAccounts = (await billing.req('GET', `/api/billing/runs/${run.id}/exceptions`)).json() as { accountId: number; code: string }[];
  assert.equal(billed.length + excAccounts.length, meters.length);
  assert.ok(!billed.some((b) => excAccounts.some((x) => x.accountId === Number(b.account_id))));
  assert.ok(excAccounts.some((x) => x.accountId === Number(r0.account_id) && x.code === 'reading_exception'));
  assert.ok(billed.some((b) => Number(b.account_id) === est.accountId));
  assert.equal(done.billed, billed.length);

  // a bill names its readings, registers, tariff version and rule; total = sum of lines
  const bills = (await billing.req('GET', `/api/billing/runs/${run.id}/bills?limit=200`)).json();
  const one = (await billing.req('GET', `/api/billing/bills/${bills.items[0].id}`)).json();
  assert.equal(
    one.totalFen,
    one.lines.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0),
  );
  const energy = one.lines.find((l: { register: string | null }) => l.register?.startsWith('kwh'));
  assert.ok(energy.tariffCode && energy.rule && energy.reading, JSON.stringify(energy));
  assert.match(energy.reading, /@2026-10-25T08:00→.*@2026-11-25T08:00/);

  // review and release need billing.approve; a run under review by someone else is refused
  assert.equal((await billing.req('POST', `/api/billing/runs/${run.id}/release`)).statusCode, 403);
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${run.id}/review`)).statusCode, 200);
  const other = await manager.req('POST', `/api/billing/runs/${run.id}/release`);
  assert.equal(other.statusCode, 409);
  assert.equal(other.json().code, 'UNDER_REVIEW');
  const released = await supervisor.req('POST', `/api/billing/runs/${run.id}/release`);
  assert.equal(released.statusCode, 200, released.body);
  assert.equal(released.json().status, 'released');
  assert.equal(Number((await t.db.query(`SELECT count(*) FROM bills WHERE run_id = $1 AND status <> 'released'`, [run.id])).rows[0].count), 0);

  // the portal: a customer sees their own released bills with lines, another customer's bill answers 404
  const portal = await t.login('customer1');
  const mine = (await portal.req('GET', '/api/portal/bills')).json() as { id: number; accountId: number; status: string }[];
  assert.ok(mine.length >= 1 && mine.every((b) => b.status === 'released'), JSON.stringify(mine));
  assert.ok((await portal.req('GET', `/api/portal/bills/${mine[0].id}`)).json().lines.length >= 1);
  const notMine = bills.items.find((b: { accountId: number }) => !mine.some((m) => m.accountId === b.accountId));
  assert.equal((await portal.req('GET', `/api/portal/bills/${notMine.id}`)).statusCode, 404);
  assert.equal((await portal.req('GET', `/api/billing/bills/${mine[0].id}`)).statusCode, 403);

  // cancel and rebill: the reversal nets the cancelled bill to exactly zero, line by line; audited
  const target = bills.items[0];
  const rb = await billing.req('POST', `/api/billing/bills/${target.id}/rebill`, { reason: '抄表差错更正' });
  assert.equal(rb.statusCode, 201, rb.body);
  const { cancelled, reversal, rebill } = rb.json();
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(reversal.totalFen + target.totalFen, 0);
  const revLines = (await billing.req('GET', `/api/billing/bills/${reversal.id}`)).json().lines;
  assert.deepEqual(
    revLines.map((l: { amountFen: number }) => -l.amountFen),
    one.lines.map((l: { amountFen: number }) => l.amountFen).map((x: number) => x),
  );
  assert.equal(rebill.totalFen, target.totalFen); // same readings, same bill
  assert.equal((await billing.req('POST', `/api/billing/bills/${target.id}/rebill`, { reason: 'again' })).statusCode, 409);
  const audit = (await t.db.query(`SELECT after FROM audit_log WHERE action = 'bill.rebill'`)).rows;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].after.reason, '抄表差错更正');
  const net = (await t.db.query(`SELECT sum(total_fen)::bigint AS s FROM bills WHERE account_id = $1 AND cycle = '2026-11'`, [target.accountId])).rows[0].s;
  assert.equal(Number(net), rebill.totalFen);

  // the account statement carries the bill history and the month's net usage
  const st = (await billing.req('GET', `/api/billing/accounts/${target.accountId}/statement`)).json();
  assert.equal(st.bills.length, 3);
  assert.equal(st.usage.length, 1);
  assert.equal(st.usage[0].totalFen, rebill.totalFen);

  // reading routes: meters read in order on a day of the month; the sheet shows their last readings
  const route = await billing.req('POST', '/api/billing/reading-routes', {
    code: 'QH-01',
    name: '城关一段',
    orgCode: 'SF-QH',
    readDay: 25,
    meterNos: meters.slice(0, 3).map((m) => m.meter_no),
  });
  assert.equal(route.statusCode, 201, route.body);
  assert.equal(route.json().meters, 3);
  assert.equal(
    (
      await billing.req('POST', '/api/billing/reading-routes', { code: 'QH-02', name: 'x', orgCode: 'SF-QH', readDay: 5, meterNos: [meters[0].meter_no] })
    ).json().code,
    'METER_ON_ROUTE',
  );
  const sheet = (await billing.req('GET', `/api/billing/reading-routes/${route.json().id}/sheet`)).json();
  assert.deepEqual(
    sheet.meters.map((m: { seq: number; meterNo: string }) => [m.seq, m.meterNo]),
    meters.slice(0, 3).map((m, i) => [i + 1, m.meter_no]),
  );
  assert.ok(sheet.meters[0].last.some((l: { register: string; readAt: string }) => l.register === 'kwh_total' && l.readAt === '2026-11-25 08:00'));

  // a chunk that keeps failing is set aside after 3 attempts; the run is reviewed but not released until retried
  const dec = (await billing.req('POST', '/api/billing/runs', { cycle: '2026-12', orgCode: 'SF-QH', chunkAccounts: 10 })).json();
  for (let i = 0; i < 3; i++)
    await assert.rejects(
      workChunk(t.db, 'X', dec.id, async () => {
        throw new Error('poison');
      }),
      /poison/,
    );
  await workPendingChunks(t.db, 'Y', dec.id);
  const decRun = (await billing.req('GET', `/api/billing/runs/${dec.id}`)).json();
  assert.deepEqual([decRun.status, decRun.chunksFailed, decRun.chunksDone], ['review', 1, dec.chunks - 1]);
  assert.equal((await t.db.query(`SELECT last_error FROM bill_run_chunks WHERE run_id = $1 AND status = 'failed'`, [dec.id])).rows[0].last_error, 'poison');
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${dec.id}/review`)).statusCode, 200);
  assert.equal((await supervisor.req('POST', `/api/billing/runs/${dec.id}/release`)).json().code, 'CHUNKS_FAILED');
  assert.equal((await billing.req('POST', `/api/billing/runs/${dec.id}/retry`)).json().status, 'running');
  await workPendingChunks(t.db, 'Y', dec.id);
  const decAgain = (await billing.req('GET', `/api/billing/runs/${dec.id}`)).json();
  assert.deepEqual([decAgain.status, decAgain.chunksFailed, decAgain.accountsDone], ['review', 0, meters.length]);

  // interval data: a C&I meter's January of 15-minute values is summed into the tariff calendar's periods
  const ci = meters.find((m) => m.customer_class !== 'residential')!;
  const rows = ['meter_no,register,read_at,value,flag'];
  for (let d = 1; d <= 31; d++)
    for (let q = 0; q < 96; q++)
      rows.push(
        `${ci.meter_no},kwh_15min,2027-01-${String(d).padStart(2, '0')} ${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')},0.5,`,
      );
  const iv = await billing.req('POST', '/api/billing/readings/import', { fileName: 'ami-2027-01.csv', text: rows.join('\n') });
  assert.equal(iv.statusCode, 201, iv.body);
  assert.equal(iv.json().exceptions, 0);
  const usage = (
    await t.db.query(
      `SELECT register, value::float8 AS v FROM meter_readings WHERE account_id = $1 AND cycle = '2027-01' AND mode = 'usage' ORDER BY register`,
      [ci.account_id],
    )
  ).rows;
  // January (critical-peak season): critical 4 h, peak 2 h, flat 6 h, valley 12 h a day at 2 kWh/h, 31 days
  assert.deepEqual(
    usage.map((u) => [u.register, u.v]),
    [
      ['kwh_critical', 248],
      ['kwh_flat', 372],
      ['kwh_peak', 124],
      ['kwh_total', 1488],
      ['kwh_valley', 744],
    ],
  );
  // a month with missing quarter hours is queued
  const part = await billing.req('POST', '/api/billing/readings/import', {
    fileName: 'ami-2027-02.csv',
    text: `meter_no,register,read_at,value,flag\n${ci.meter_no},kwh_15min,2027-02-01 10:00,1,\n`,
  });
  assert.equal(part.json().exceptions, 1);
  assert.equal((await t.db.query(`SELECT code FROM reading_exceptions WHERE cycle = '2027-02'`)).rows[0].code, 'intervals_incomplete');
});

test("an instance's worker keeps two chunks in flight (BILL_RUN_LANES): every account is billed exactly once and the run reaches review", async () => {
  const t = await testApp({ customers: 40 });
  const billing = await t.login('billing');
  const meters: M[] = (
    await t.db.query(
      `SELECT m.meter_no, sp.account_id, sp.customer_class, sp.contracted_kva FROM meters m JOIN service_points sp ON sp.id = m.service_point_id ORDER BY sp.account_id`,
    )
  ).rows;
  const { oct, nov } = files(meters);
  // every November read clean (the estimated flag of meter 1 removed), so every account is billed
  for (const [fileName, text] of [
    ['oct.csv', oct],
    ['nov.csv', nov.replace(/,E$/m, ',')],
  ]) {
    const r = await billing.req('POST', '/api/billing/readings/import', { fileName, text });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().exceptions, 0, r.body);
  }
  const started = await billing.req('POST', '/api/billing/runs', { cycle: '2026-11', orgCode: 'SF-QH', chunkAccounts: 10 });
  assert.equal(started.statusCode, 201, started.body);
  const run = started.json();
  assert.ok(run.chunks >= 4, `chunks ${run.chunks}`);
  const errors: unknown[] = [];
  // the two lanes claim chunks side by side; each chunk is committed with its bills or not at all
  const stop = startBillRunWorker(t.db, 20, (e) => errors.push(e), BILL_RUN_LANES);
  try {
    for (let i = 0; i < 500; i++) {
      if ((await t.db.query(`SELECT status FROM bill_runs WHERE id = $1`, [run.id])).rows[0].status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await stop();
  }
  assert.deepEqual(errors, []);
  assert.equal(BILL_RUN_LANES, 2);
  const r = (
    await t.db.query(
      `SELECT (SELECT status FROM bill_runs WHERE id = $1) AS status, count(*)::int AS bills, count(DISTINCT account_id)::int AS accounts,
              (SELECT count(*)::int FROM bill_run_chunks WHERE run_id = $1 AND status = 'done') AS done FROM bills WHERE run_id = $1`,
      [run.id],
    )
  ).rows[0];
  assert.deepEqual(r, { status: 'review', bills: meters.length, accounts: meters.length, done: run.chunks });
});
