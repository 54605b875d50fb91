import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../../test/support/db.js';
import { withTx } from '../../../db/pool.js';
import { GroupingHost } from './grouping-host.js';
import { GroupingRunner } from './grouping-runner.js';
import { callAnswer, placeFaultCall } from '../calls/call-intake.js';
import { buildTerritory, sp, T } from './outage-db-fixture.test-support.js';

async function setup() {
  const db = await testDb();
  await buildTerritory(db);
  const host = new GroupingHost(db);
  const runner = new GroupingRunner(db, host);
  const call = async (servicePointId: number, at = new Date()) => {
    const placed = await withTx(db, (tx) => placeFaultCall(tx, { servicePointId, at }));
    await runner.run();
    return (await callAnswer(db, placed.callId))!;
  };
  return { db, host, runner, call };
}

test('calls are stored, grouped at the transformer, then the feeder; customers recorded and told once', async () => {
  const { db, call } = await setup();
  const a = await call(sp(T.T11, 1));
  assert.equal(a.status, 'grouped');
  assert.equal(a.outage, null, 'one caller predicts nothing');
  const b = await call(sp(T.T11, 2));
  assert.equal(b.outage!.deviceId, T.T11);
  assert.equal(b.outage!.status, 'predicted');
  assert.equal(b.outage!.affectedCustomers, 4);
  const first = await callAnswer(db, a.callId);
  assert.equal(first!.outage!.id, b.outage!.id, 'the first call joins the outage');
  const notices1 = await db.query(`SELECT recipient FROM outbox WHERE event = 'outage.affected'`);
  assert.equal(notices1.rowCount, 4);

  const c = await call(sp(T.T12, 1));
  assert.equal(c.outage!.id, b.outage!.id, 'the same outage moved up');
  assert.equal(c.outage!.deviceId, T.F1);
  assert.equal(c.outage!.affectedCustomers, 16);
  const notices2 = await db.query(`SELECT count(*)::int AS n, count(DISTINCT recipient)::int AS d FROM outbox WHERE event = 'outage.affected'`);
  assert.deepEqual(notices2.rows[0], { n: 16, d: 16 }, 'the 12 newly affected are told, nobody twice');
  const rows = await db.query(
    `SELECT count(*)::int AS n, count(DISTINCT service_point_id)::int AS d, bool_and(NOT counted) AS uncounted, min(feeder_id) AS f FROM outage_customers WHERE interruption_end IS NULL`,
  );
  assert.deepEqual(rows.rows[0], { n: 16, d: 16, uncounted: true, f: T.F1 });
  const timeline = await db.query(`SELECT action FROM outage_events WHERE outage_id = $1 ORDER BY id`, [b.outage!.id]);
  assert.deepEqual(
    timeline.rows.map((r) => r.action),
    ['predicted', 'moved'],
  );
  const audit = await db.query(`SELECT action FROM audit_log WHERE entity = 'outage' ORDER BY seq`);
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['outage.predict', 'outage.move'],
  );
});

test('a service point on no transformer is stored and flagged unplaced; an unknown one is refused with the field named', async () => {
  const { db, call } = await setup();
  const u = await call(999);
  assert.equal(u.status, 'unplaced');
  await assert.rejects(
    withTx(db, (tx) => placeFaultCall(tx, { servicePointId: 424242, at: new Date() })),
    (e: { details: { field: string }[] }) => e.details[0].field === 'servicePointId',
  );
  const n = await db.query('SELECT count(*)::int AS n FROM outage_calls');
  assert.equal(n.rows[0].n, 1);
});

test("a second instance sees the first one's changes: it rebuilds its engine from the tables", async () => {
  const { db, host, call } = await setup();
  await call(sp(T.T21, 1));
  await call(sp(T.T21, 2));
  const other = new GroupingRunner(db, new GroupingHost(db));
  const placed = await withTx(db, (tx) => placeFaultCall(tx, { servicePointId: sp(T.T22, 1), at: new Date() }));
  await other.run();
  const ans = await callAnswer(db, placed.callId);
  assert.equal(ans!.outage!.deviceId, T.F2, 'rebuilt from stored calls, the prediction moved up');
  const back = await call(sp(T.T22, 2)); // the first instance must notice it is stale
  assert.equal(back.outage!.id, ans!.outage!.id);
  assert.ok(host.rebuilds >= 2);
  const active = await db.query(`SELECT count(*)::int AS n FROM outages WHERE status = 'predicted'`);
  assert.equal(active.rows[0].n, 1);
});

test('a lone call older than the policy limit stops counting: a new caller does not group with it', async () => {
  const { db, call } = await setup();
  const old = await call(sp(T.T13, 1), new Date(Date.now() - 5 * 3600_000)); // 5 h ago, limit 240 min
  assert.equal(old.outage, null);
  const fresh = await call(sp(T.T13, 2));
  assert.equal(fresh.outage, null, 'the 5-hour-old call no longer counts');
  const st = await db.query('SELECT id, status FROM outage_calls ORDER BY id');
  assert.deepEqual(
    st.rows.map((r) => r.status),
    ['expired', 'grouped'],
  );
  const third = await call(sp(T.T13, 3));
  assert.equal(third.outage!.deviceId, T.T13, 'two fresh callers still predict the transformer');
});

test('a call not yet grouped is answered from the outage its customer is already in; the wait is bounded', async () => {
  const { db, runner, call } = await setup();
  await call(sp(T.T11, 1));
  const b = await call(sp(T.T11, 2));
  const placed = await withTx(db, (tx) => placeFaultCall(tx, { servicePointId: sp(T.T11, 3), at: new Date() }));
  const waiting = await callAnswer(db, placed.callId); // nobody has run the grouping yet
  assert.equal(waiting!.status, 'pending');
  assert.equal(waiting!.outage!.id, b.outage!.id);
  const stranger = await withTx(db, (tx) => placeFaultCall(tx, { servicePointId: sp(T.T21, 1), at: new Date() }));
  assert.equal((await callAnswer(db, stranger.callId))!.outage, null);
  assert.equal(await runner.runWithin(0), false, 'a zero wait answers before the grouping is done');
  await runner.run();
  assert.equal((await callAnswer(db, placed.callId))!.status, 'grouped');
  assert.equal(await runner.runWithin(5000), true);
});

test('calls arriving together are stored in shared transactions, each audited; a bad one is refused alone', async () => {
  const { db } = await setup();
  const { CallIntakeBatcher } = await import('../calls/call-intake-batcher.js');
  const batcher = new CallIntakeBatcher(db);
  const actor = { id: null, kind: 'system' as const, name: 'test' };
  const sps = [T.T11, T.T12, T.T13, T.T14, T.T21, T.T22].flatMap((t) => [1, 2, 3, 4].map((n) => sp(t, n)));
  const results = await Promise.allSettled([...sps, 424242].map((s) => batcher.submit({ servicePointId: s, at: new Date() }, actor)));
  const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ callId: number; servicePointId: number }>).value);
  assert.equal(ok.length, sps.length);
  assert.deepEqual(
    ok.map((c) => c.servicePointId),
    sps,
    'each request gets its own call back',
  );
  const bad = results.at(-1) as PromiseRejectedResult;
  assert.equal(bad.reason.details[0].field, 'servicePointId');
  assert.ok(batcher.stats.groups < sps.length, `${batcher.stats.groups} commits for ${sps.length} calls`);
  const stored = await db.query('SELECT id, service_point_id FROM outage_calls ORDER BY id');
  assert.deepEqual(
    stored.rows.map((r) => [r.id, r.service_point_id]),
    ok.map((c) => [c.callId, c.servicePointId]).sort((a, b) => a[0] - b[0]),
  );
  const audited = await db.query(`SELECT count(DISTINCT entity_id)::int AS n FROM audit_log WHERE action = 'outage_call.receive'`);
  assert.equal(audited.rows[0].n, sps.length);
});
