/**
 * The daily rollups of the scorecard inputs (migration 730) give exactly the raw queries' counts:
 * over random orders, callbacks and calls, after late-arriving rows, corrections, deletions, a
 * policy change and another day offset (docs/scorecards.md "Daily rollups").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../test/support/db.js';
import { CALL_MEASURES, callMeasureByPath, callMeasureByPathRaw, callMeasureRecords, callMeasureRecordsRaw, ensureCallRollup } from '../analytics/index.js';
import {
  ORDER_MEASURES,
  ensureOrderRollup,
  orderMeasureByPath,
  orderMeasureByPathRaw,
  orderMeasureRecords,
  orderMeasureRecordsRaw,
} from '../workorders/index.js';
import type { Db } from '../../db/pool.js';

/** A small deterministic generator (LCG), so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const UNITS = [
  { id: 9001, parent: null, path: '/9001/', level: 'city' },
  { id: 9002, parent: 9001, path: '/9001/9002/', level: 'county' },
  { id: 9003, parent: 9001, path: '/9001/9003/', level: 'county' },
  { id: 9004, parent: 9002, path: '/9001/9002/9004/', level: 'station' },
  { id: 9005, parent: 9003, path: '/9001/9003/9005/', level: 'station' },
];
// around November 2026 at UTC+8: 2026-10-25 .. 2026-12-05, so rows fall on both sides of the month's edges
const T0 = Date.parse('2026-10-25T00:00:00+08:00');
const SPAN_S = 41 * 86_400;
const STATES = ['met', 'breached', 'running', 'paused', 'met'] as const;

async function addOrders(db: Db, r: ReturnType<typeof rng>, n: number, tag: string) {
  const rows = Array.from({ length: n }, (_, i) => {
    const u = r.pick(UNITS);
    const type = r.pick(['fault_repair', 'fault_repair', 'complaint', 'consultation'] as const);
    const clocks =
      type === 'fault_repair'
        ? [
            { name: 'arrival', state: r.pick(STATES) },
            { name: 'restoration', state: r.pick(STATES) },
          ]
        : [];
    if (type === 'fault_repair' && r.int(20) === 0) clocks.push({ name: 'arrival', state: 'met' }); // a doubled clock counts twice in both
    // edge instants: exactly a local midnight now and then
    const at = r.int(6) === 0 ? T0 + r.int(41) * 86_400_000 : T0 + r.int(SPAN_S) * 1000 + r.int(1000);
    return {
      no: `${tag}-${i}`,
      type,
      status: r.pick(['closed', 'closed', 'open', 'merged'] as const),
      at: new Date(at).toISOString(),
      unit: u.id,
      path: u.path,
      clocks,
    };
  });
  await db.query(
    `INSERT INTO work_orders (order_no, order_type, channel, status, received_at, org_unit_id, org_path, accepting_org_unit_id, title, description, policy_set, clocks)
     SELECT x.no, x.type, 'phone', x.status, x.at, x.unit, x.path, x.unit, 't', 'd', 'current', x.clocks
       FROM jsonb_to_recordset($1::jsonb) AS x(no text, type text, status text, at timestamptz, unit bigint, path text, clocks jsonb)`,
    [JSON.stringify(rows)],
  );
}

async function addCallbacks(db: Db, r: ReturnType<typeof rng>, n: number) {
  const ids = (await db.query('SELECT id, org_path FROM work_orders ORDER BY id')).rows;
  const rows = Array.from({ length: n }, () => {
    const o = r.pick(ids);
    return {
      o: Number(o.id),
      path: o.org_path,
      status: r.pick(['done', 'done', 'cancelled'] as const), // (one pending callback per order at most: none here)
      result: r.pick(['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable', null] as const),
      done: r.int(8) === 0 ? null : new Date(T0 + r.int(SPAN_S) * 1000).toISOString(),
    };
  });
  await db.query(
    `INSERT INTO callbacks (order_id, org_path, status, reason, result, done_at)
     SELECT x.o, x.path, x.status, 'sampled', x.result, x.done FROM jsonb_to_recordset($1::jsonb) AS x(o bigint, path text, status text, result text, done timestamptz)`,
    [JSON.stringify(rows)],
  );
}

async function addCalls(db: Db, r: ReturnType<typeof rng>, n: number, tag: string) {
  const rows = Array.from({ length: n }, (_, i) => {
    const u = r.pick(UNITS);
    const at = r.int(6) === 0 ? T0 + r.int(41) * 86_400_000 : T0 + r.int(SPAN_S) * 1000;
    return {
      at: new Date(at).toISOString(),
      id: `${tag}.${i}`,
      unit: u.id,
      path: u.path,
      outcome: r.pick(['answered', 'transferred', 'abandoned', 'abandoned', 'timeout', 'exit_empty', 'exit_key', 'rejected'] as const),
      wait: r.int(40),
    };
  });
  await db.query(
    `INSERT INTO qa_calls (enter_at, cti_call_id, import_id, org_unit_id, org_path, queue, outcome, wait_s, end_at)
     SELECT x.at, x.id, 1, x.unit, x.path, '95598', x.outcome, x.wait, x.at + interval '1 minute'
       FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, id text, unit bigint, path text, outcome text, wait int)`,
    [JSON.stringify(rows)],
  );
}

const sorted = <T extends { orgPath: string }>(xs: T[]) => [...xs].sort((a, b) => a.orgPath.localeCompare(b.orgPath));

/** Every measure over November, one day, and a week, at the offset: rollup = raw. */
async function assertSame(db: Db, offset: number, what: string) {
  const month = { from: new Date(Date.parse('2026-11-01T00:00:00Z') - offset * 60_000), to: new Date(Date.parse('2026-12-01T00:00:00Z') - offset * 60_000) };
  const day = { from: new Date(month.from.getTime() + 9 * 86_400_000), to: new Date(month.from.getTime() + 10 * 86_400_000) };
  const week = { from: new Date(month.from.getTime() - 3 * 86_400_000), to: new Date(month.from.getTime() + 4 * 86_400_000) };
  for (const p of [month, day, week]) {
    for (const m of ORDER_MEASURES) {
      const raw = await orderMeasureByPathRaw(db, m, p.from, p.to);
      assert.deepEqual(sorted(await orderMeasureByPath(db, m, p.from, p.to, offset)), sorted(raw), `${what}: ${m} ${p.from.toISOString()}`);
    }
    for (const m of CALL_MEASURES) {
      const raw = await callMeasureByPathRaw(db, m, p.from, p.to);
      assert.deepEqual(sorted(await callMeasureByPath(db, m, p.from, p.to, offset)), sorted(raw), `${what}: ${m} ${p.from.toISOString()}`);
    }
  }
  await assertSameRecords(db, month.from, month.to, what);
}

/**
 * The drill-down (totals from the rollup, pages by a skip scan of the org paths and an index per
 * path) gives what the definition gives (every row of the subtree's period counted and sorted), for
 * every unit's subtree, both sides and numerator only, on a first page and a later one.
 */
async function assertSameRecords(db: Db, from: Date, to: Date, what: string) {
  const pages = [
    { limit: 7, offset: 0 },
    { limit: 1000, offset: 5 },
  ];
  for (const path of ['/', ...UNITS.map((u) => u.path), '/9001/9002/9009/'])
    for (const numeratorOnly of [false, true])
      for (const pg of pages) {
        const page = { ...pg, numeratorOnly };
        const where = `${what}: ${path} ${JSON.stringify(page)}`;
        for (const m of ORDER_MEASURES)
          assert.deepEqual(await orderMeasureRecords(db, m, path, from, to, page), await orderMeasureRecordsRaw(db, m, path, from, to, page), `${where} ${m}`);
        for (const m of CALL_MEASURES)
          assert.deepEqual(await callMeasureRecords(db, m, path, from, to, page), await callMeasureRecordsRaw(db, m, path, from, to, page), `${where} ${m}`);
      }
}

test('rollup-based scorecard figures equal the raw queries over random data, late rows, corrections and policy changes', async () => {
  const db = await testDb(4);
  for (const u of UNITS)
    await db.query(`INSERT INTO org_units (id, parent_id, code, name, level, path) VALUES ($1, $2, $3, $3, $4, $5)`, [
      u.id,
      u.parent,
      `R${u.id}`,
      u.level,
      u.path,
    ]);
  for (let seed = 1; seed <= 3; seed++) {
    const r = rng(seed * 7919);
    await addOrders(db, r, 400, `s${seed}a`);
    await addCallbacks(db, r, 150);
    await addCalls(db, r, 500, `s${seed}a`);
    await assertSame(db, 480, `seed ${seed}, first build`);
    // late-arriving rows for days already rolled up
    await addOrders(db, r, 150, `s${seed}b`);
    await addCallbacks(db, r, 60);
    await addCalls(db, r, 200, `s${seed}b`);
    // corrections: clocks decided later, orders merged or moved to another unit, callbacks done or redone, deletions
    await db.query(
      `UPDATE work_orders SET clocks = jsonb_build_array(jsonb_build_object('name', 'arrival', 'state', 'breached'), jsonb_build_object('name', 'restoration', 'state', 'met'))
        WHERE order_type = 'fault_repair' AND id % 7 = $1`,
      [seed],
    );
    await db.query(`UPDATE work_orders SET status = 'merged' WHERE id % 11 = $1`, [seed]);
    await db.query(`UPDATE work_orders SET org_path = '/9001/9003/9005/', org_unit_id = 9005 WHERE id % 13 = $1`, [seed]);
    await db.query(`UPDATE work_orders SET received_at = received_at - interval '2 days' WHERE id % 17 = $1`, [seed]);
    await db.query(`UPDATE callbacks SET status = 'done', result = 'satisfied', done_at = coalesce(done_at, $2::timestamptz) WHERE id % 5 = $1`, [
      seed,
      new Date(T0 + 20 * 86_400_000).toISOString(),
    ]);
    await db.query(`DELETE FROM callbacks WHERE id % 9 = $1`, [seed]);
    await db.query(`UPDATE qa_calls SET wait_s = wait_s + 7 WHERE (hashtext(cti_call_id) & 7) = $1`, [seed]);
    await db.query(`DELETE FROM qa_calls WHERE (hashtext(cti_call_id) & 15) = $1`, [seed]);
    await assertSame(db, 480, `seed ${seed}, after late rows and corrections`);
    // another analytics policy: T, the short-abandon limit, overflow as abandoned, another convention → rebuilt
    const conv = ['abandons_ignored', 'abandons_for', 'abandons_against'][seed - 1];
    await db.query(`INSERT INTO qa_settings (id, policy, updated_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy`, [
      JSON.stringify({ kpi: { serviceLevelS: 10 + seed * 5, shortAbandonS: seed * 3, overflowAs: seed === 2 ? 'abandoned' : 'excluded', slConvention: conv } }),
    ]);
    await assertSame(db, 480, `seed ${seed}, after a policy change`);
  }
  // another day offset rebuilds both rollups for it; then back
  await assertSame(db, 0, 'offset 0');
  await assertSame(db, 480, 'offset 480 again');
  // the rollups were read, not the raw rows
  const built = await db.query(
    `SELECT (SELECT day_offset_min FROM work_order_rollup_meta) AS wo, (SELECT day_offset_min FROM qa_call_rollup_meta) AS qa,
            (SELECT count(*)::int FROM work_order_day_measures) AS wn, (SELECT count(*)::int FROM callback_day_measures) AS cn, (SELECT count(*)::int FROM qa_call_day_measures) AS qn`,
  );
  const b = built.rows[0];
  assert.deepEqual([b.wo, b.qa], [480, 480]);
  assert.ok(b.wn > 100 && b.cn > 50 && b.qn > 100, JSON.stringify(b));
  // not a local midnight: the raw query answers (no rollup can)
  const from = new Date('2026-11-03T05:00:00Z');
  const to = new Date('2026-11-04T05:00:00Z');
  assert.deepEqual(await orderMeasureByPath(db, 'complaints', from, to, 480), await orderMeasureByPathRaw(db, 'complaints', from, to));
  // … and the drill-down's totals are counted from the rows
  await assertSameRecords(db, from, to, 'not a local midnight');
  await db.end();
});

/** Writes of every kind to orders, callbacks and calls, some below a build's watermark and some above (migration 734). */
async function writeSome(db: Db, r: ReturnType<typeof rng>, tag: string) {
  await addOrders(db, r, 15, tag);
  await addCallbacks(db, r, 6);
  await addCalls(db, r, 20, tag);
  const k = 2 + r.int(9);
  await db.query(`UPDATE work_orders SET status = CASE status WHEN 'merged' THEN 'closed' ELSE 'merged' END WHERE id % $1 = 0`, [k * 3]);
  await db.query(`UPDATE work_orders SET org_path = '/9001/9002/9004/', org_unit_id = 9004 WHERE id % $1 = 1`, [k * 5]);
  await db.query(
    `UPDATE work_orders SET clocks = jsonb_build_array(jsonb_build_object('name', 'arrival', 'state', 'met')) WHERE order_type = 'fault_repair' AND id % $1 = 2`,
    [k * 4],
  );
  await db.query(`UPDATE callbacks SET result = 'dissatisfied', status = 'done', done_at = coalesce(done_at, now()) WHERE id % $1 = 0`, [k * 2]);
  await db.query(`DELETE FROM callbacks WHERE id % $1 = 1`, [k * 7]);
  // calls moved across the watermark both ways, corrected, deleted
  await db.query(`UPDATE qa_calls SET enter_at = enter_at + interval '9 days' WHERE (hashtext(cti_call_id) & 31) = $1`, [k]);
  await db.query(`UPDATE qa_calls SET enter_at = enter_at - interval '5 days', wait_s = wait_s + 3 WHERE (hashtext(cti_call_id) & 31) = $1`, [k + 11]);
  await db.query(`DELETE FROM qa_calls WHERE (hashtext(cti_call_id) & 63) = $1`, [k + 20]);
}

async function seedUnits(db: Db) {
  for (const u of UNITS)
    await db.query(`INSERT INTO org_units (id, parent_id, code, name, level, path) VALUES ($1, $2, $3, $3, $4, $5)`, [
      u.id,
      u.parent,
      `R${u.id}`,
      u.level,
      u.path,
    ]);
}

const watermarks = async (db: Db) =>
  (
    await db.query(
      `SELECT (SELECT orders_upto FROM work_order_rollup_meta) AS o, (SELECT callbacks_upto FROM work_order_rollup_meta) AS c, (SELECT calls_upto FROM qa_call_rollup_meta) AS q`,
    )
  ).rows[0];

test('a rollup built in steps, with writes of every kind between the steps, a policy change and a stop half-way, equals the raw queries', async () => {
  const db = await testDb(4);
  await seedUnits(db);
  const r = rng(4242);
  await addOrders(db, r, 500, 'a');
  await addCallbacks(db, r, 200);
  await addCalls(db, r, 600, 'a');
  const month = { from: new Date(Date.parse('2026-11-01T00:00:00Z') - 480 * 60_000), to: new Date(Date.parse('2026-12-01T00:00:00Z') - 480 * 60_000) };
  let steps = 0;
  const between = async () => {
    steps++;
    await writeSome(db, r, `w${steps}`);
    // while building, the drill-down's totals are counted from the rows (the half-built rollup is not read)
    if (steps % 4 === 1) await assertSameRecords(db, month.from, month.to, `during the build, step ${steps}`);
  };
  // a stop half-way (a crash): the watermarks stay where the last committed step left them
  let stopAt = 4;
  await assert.rejects(
    ensureOrderRollup(db, 480, {
      step: 37,
      afterStep: async () => {
        await between();
        if (--stopAt === 0) throw new Error('stopped');
      },
    }),
    /stopped/,
  );
  const half = await watermarks(db);
  assert.ok(half.o !== null && Number(half.o) > 0, JSON.stringify(half));
  // the next build goes on from there
  await ensureOrderRollup(db, 480, { step: 37, afterStep: between });
  const calls0 = steps;
  // the call rollup in steps of 2 days; a policy change on the third step starts it over under the new policy
  await ensureCallRollup(db, 480, {
    step: 2 * 86_400_000,
    afterStep: async () => {
      await between();
      if (steps === calls0 + 3)
        await db.query(`INSERT INTO qa_settings (id, policy, updated_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy`, [
          JSON.stringify({ kpi: { serviceLevelS: 25, shortAbandonS: 4, overflowAs: 'abandoned', slConvention: 'abandons_for' } }),
        ]);
    },
  });
  assert.ok(steps - calls0 > 3, `the call rollup took ${steps - calls0} steps`);
  assert.deepEqual(await watermarks(db), { o: null, c: null, q: null });
  await assertSame(db, 480, 'built in steps');
  await writeSome(db, r, 'after');
  await assertSame(db, 480, 'built in steps, then written');
  await db.end();
});

test('writers running during a stepped build lose nothing', async () => {
  const db = await testDb(6);
  await seedUnits(db);
  const r = rng(777);
  await addOrders(db, r, 600, 'a');
  await addCallbacks(db, r, 200);
  await addCalls(db, r, 800, 'a');
  let building = true;
  let rounds = 0;
  let finishedDuringBuild = 0;
  // a writer on its own connections, as fast as it can, until both builds have finished (then one more round)
  const writer = (async () => {
    const w = rng(99);
    while (building || rounds === 0) {
      await writeSome(db, w, `c${rounds++}`);
      if (building) finishedDuringBuild++;
    }
  })();
  await ensureOrderRollup(db, 480, { step: 23 });
  await ensureCallRollup(db, 480, { step: 86_400_000 });
  building = false;
  await writer;
  // the writes did overlap the build: rounds of them began and ended while it ran
  assert.ok(finishedDuringBuild >= 2, `rounds finished during the build: ${finishedDuringBuild}`);
  assert.deepEqual(await watermarks(db), { o: null, c: null, q: null });
  await assertSame(db, 480, `after ${rounds} rounds of writes during the build`);
  await db.end();
});
