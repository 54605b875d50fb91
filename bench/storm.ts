/**
 * storm: 100,000 trouble calls within a simulated 10 minutes over a territory of 2,000
 * transformers on 50 feeders (50 customers each) with known true outages (whole feeders and
 * single transformers), sent over HTTP to POST /api/outages/calls on a fixed schedule (the
 * simulated minutes compressed by BENCH_STORM_SPEEDUP), latency measured from the scheduled send
 * time. Reports:
 *  - lost: calls sent minus calls acknowledged (201) and stored (goal 0);
 *  - accuracy: share of calls attached to their true outage's device (noise calls: to none);
 *  - p99_ms: intake latency (the call stored and answered), 99th percentile, from the scheduled time;
 *  - group_p99_ms: time from a call stored to it grouped onto its outage, 99th percentile;
 *  - notify_s: for each outage, time from its creation until every affected customer's notice is
 *    in the outbox (the worst outage); unnotified: affected customers with no notice;
 *  - raw_commits_per_s: single-row INSERT commits measured in the same run (physical reference).
 * Knobs: BENCH_STORM_CALLS (100000), BENCH_STORM_SPEEDUP (1: real time), BENCH_STORM_SOCKETS (64).
 */
import { withTx } from '../src/db/pool.js';
import { createPool } from '../src/db/pool.js';
import { savePolicy } from '../src/modules/outages/admin/policy-store.js';
import { outageServices } from '../src/modules/outages/grouping/outage-services.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.js';
import { openBenchDatabase, percentile, request, round, startBenchServer } from './desk-bench-support.js';

const SUBSTATIONS = 5;
const FEEDERS = 50;
const PER_FEEDER = 40;
const PER_TRANSFORMER = 50;
const FEEDER_OUTAGES = 8;
const TRANSFORMER_OUTAGES = 300;
const MAX_TRANSFORMER_OUTAGES_PER_FEEDER = 8;
const NOISE_SHARE = 0.002;
const SIM_SECONDS = 600;
// Feeder predicted when ≥ 30 % of its transformers have ≥ 2 callers each: whole-feeder outages
// reach it fast, several transformer outages on one feeder (≤ 20 % here) and scattered single
// calls stay apart. No substation rule. The intake does not wait for the grouping
// (answerWaitMs 0): it stores the call and answers from what is known; the grouping lag is
// measured apart. Policy data, set for this run.
const POLICY = {
  rules: {
    transformer: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
    feeder: { minCallers: 4, minCallingChildren: 2, minCallingShare: 0.3, minCallersPerChild: 2 },
  },
  lonelyCallMinutes: 240,
  answerWaitMs: 0,
};

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function rawCommitRate(url: string, concurrency: number, seconds: number): Promise<number> {
  const pool = createPool(url, concurrency);
  await pool.query('CREATE TABLE IF NOT EXISTS bench_raw_commits (id bigserial PRIMARY KEY, v int NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  let n = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (Date.now() < end) {
        await pool.query('INSERT INTO bench_raw_commits (v) VALUES ($1)', [w]);
        n++;
      }
    }),
  );
  await pool.end();
  return n / seconds;
}

/** Devices and customers with ids far above the demo seed's. */
async function buildTerritory(db: import('../src/db/pool.js').Db) {
  const org = (await db.query(`SELECT id FROM org_units WHERE code = 'SF-QH-CG'`)).rows[0].id;
  const S = 900_000;
  const F = S + 100;
  const T = S + 1000;
  const C = 5_000_000;
  const customers = FEEDERS * PER_FEEDER * PER_TRANSFORMER;
  await withTx(db, async (tx) => {
    await tx.query(
      `INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id, lon, lat)
      SELECT $1 + i, 'substation', 'STORM-S' || i, '风暴站' || i, NULL, $2, 116.6 + i * 0.05, 36.5 FROM generate_series(1, $3) i`,
      [S, org, SUBSTATIONS],
    );
    await tx.query(
      `INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id, lon, lat)
      SELECT $1 + i, 'feeder', 'STORM-F' || i, '风暴线' || i, $2 + 1 + (i - 1) / $4, $3, 116.6 + (i % 10) * 0.02, 36.5 + i * 0.004 FROM generate_series(1, $5) i`,
      [F, S, org, FEEDERS / SUBSTATIONS, FEEDERS],
    );
    await tx.query(
      `INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id, lon, lat)
      SELECT $1 + i, 'transformer', 'STORM-T' || i, '风暴台区' || i, $2 + 1 + (i - 1) / $4, $3, 116.6 + (i % 40) * 0.002, 36.5 + i * 0.0001 FROM generate_series(1, $5) i`,
      [T, F, org, PER_FEEDER, FEEDERS * PER_FEEDER],
    );
    await tx.query(
      `INSERT INTO customers (id, org_unit_id, name, phone) SELECT $1 + i, $2, '风暴客户' || i, '13' || lpad(i::text, 9, '0') FROM generate_series(1, $3) i`,
      [C, org, customers],
    );
    await tx.query(
      `INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT $1 + i, $1 + i, $2, 'STORM' || i FROM generate_series(1, $3) i`,
      [C, org, customers],
    );
    await tx.query(
      `INSERT INTO service_points (id, account_id, customer_id, org_unit_id, address, customer_class, transformer_id)
      SELECT $1 + i, $1 + i, $1 + i, $2, '风暴路' || i || '号', 'residential', $3 + 1 + (i - 1) / $4 FROM generate_series(1, $5) i`,
      [C, org, T, PER_TRANSFORMER, customers],
    );
  });
  await db.query('ANALYZE');
  const feeders = Array.from({ length: FEEDERS }, (_, i) => F + 1 + i);
  const transformersOf = (f: number) => Array.from({ length: PER_FEEDER }, (_, k) => T + 1 + (f - F - 1) * PER_FEEDER + k);
  const spsOf = (t: number) => Array.from({ length: PER_TRANSFORMER }, (_, k) => C + 1 + (t - T - 1) * PER_TRANSFORMER + k);
  return { feeders, transformersOf, spsOf, allSps: Array.from({ length: customers }, (_, i) => C + 1 + i) };
}

interface Call {
  at: number;
  sp: number;
  truth: number | null;
}

function planStorm(t: Awaited<ReturnType<typeof buildTerritory>>, total: number) {
  const rand = rng(42);
  const shuffled = [...t.feeders].sort(() => rand() - 0.5);
  const outFeeders = shuffled.slice(0, FEEDER_OUTAGES);
  const outTransformers: number[] = [];
  const perFeeder = new Map<number, number>();
  const candidates = shuffled
    .slice(FEEDER_OUTAGES)
    .flatMap((f) => t.transformersOf(f))
    .sort(() => rand() - 0.5);
  for (const tr of candidates) {
    if (outTransformers.length === TRANSFORMER_OUTAGES) break;
    const f = shuffled.find((x) => t.transformersOf(x).includes(tr))!;
    if ((perFeeder.get(f) ?? 0) >= MAX_TRANSFORMER_OUTAGES_PER_FEEDER) continue;
    perFeeder.set(f, (perFeeder.get(f) ?? 0) + 1);
    outTransformers.push(tr);
  }
  const truth = new Map<number, { device: number; start: number }>();
  for (const f of outFeeders) {
    const start = rand() * SIM_SECONDS * 0.6;
    for (const tr of t.transformersOf(f)) for (const sp of t.spsOf(tr)) truth.set(sp, { device: f, start });
  }
  for (const tr of outTransformers) {
    const start = rand() * SIM_SECONDS * 0.6;
    for (const sp of t.spsOf(tr)) truth.set(sp, { device: tr, start });
  }
  const affected = [...truth.keys()];
  const calls: Call[] = [];
  const noise = Math.round(total * NOISE_SHARE);
  for (let i = 0; i < total - noise; i++) {
    const sp = affected[Math.floor(rand() * affected.length)];
    const tr = truth.get(sp)!;
    calls.push({ sp, truth: tr.device, at: tr.start + rand() * (SIM_SECONDS - tr.start) });
  }
  const healthy = t.allSps.filter((sp) => !truth.has(sp));
  for (let i = 0; i < noise; i++) calls.push({ sp: healthy[Math.floor(rand() * healthy.length)], truth: null, at: rand() * SIM_SECONDS });
  calls.sort((a, b) => a.at - b.at);
  return { calls, outFeeders, outTransformers, affected: affected.length };
}

export async function run(): Promise<Record<string, number>> {
  const total = Number(process.env.BENCH_STORM_CALLS ?? 100_000);
  const speedup = Number(process.env.BENCH_STORM_SPEEDUP ?? 1);
  const sockets = Number(process.env.BENCH_STORM_SOCKETS ?? 64);
  const b = await openBenchDatabase('storm', 40);
  try {
    const server = await startBenchServer(b.db, 20, 'calltaker', sockets);
    const territory = await buildTerritory(b.db);
    await withTx(b.db, (tx) => savePolicy(tx, SYSTEM_ACTOR, 'grouping', POLICY, new Date(Date.now() - 1000)));
    const plan = planStorm(territory, total);
    console.log(`[storm] ${b.where}; ${FEEDERS} feeders, ${FEEDERS * PER_FEEDER} transformers, ${territory.allSps.length} customers`);
    console.log(
      `[storm] truth: ${plan.outFeeders.length} feeder outages, ${plan.outTransformers.length} transformer outages, ${plan.affected} customers out; ${total} calls over ${SIM_SECONDS}s simulated, sent ${speedup}× faster`,
    );

    const raw = await rawCommitRate(b.url, 16, 5);
    console.log(`[storm] raw single-row commits (16 connections): ${round(raw)}/s`);

    const latencies: number[] = [];
    const slow: number[] = [];
    const byMinute: number[][] = [];
    let acked = 0;
    const failures = new Map<string, number>();
    const t0 = performance.now() + 200;
    await Promise.all(
      plan.calls.map(async (c) => {
        const due = t0 + (c.at * 1000) / speedup;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        try {
          const r = await request(server, 'POST', '/api/outages/calls', { servicePointId: c.sp });
          if (r.status === 201) acked++;
          else failures.set(String(r.status), (failures.get(String(r.status)) ?? 0) + 1);
        } catch (e) {
          failures.set((e as Error).message, (failures.get((e as Error).message) ?? 0) + 1);
        }
        latencies.push(performance.now() - due);
        const minute = Math.floor((due - t0) / 60_000);
        (byMinute[minute] ??= []).push(performance.now() - due);
        if (performance.now() - due > 1000) slow.push(Math.round((due - t0) / 100) / 10);
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const st = outageServices(b.db).runner.stats;
    const ik = outageServices(b.db).intake.stats;
    console.log(`[storm] intake: ${ik.calls} calls stored in ${ik.groups} commits (${round(ik.calls / Math.max(1, ik.groups), 1)} per commit)`);
    console.log(
      `[storm] grouping: ${st.batches} batches, ${round(st.calls / Math.max(1, st.batches), 1)} calls per batch, ${round(st.ms / Math.max(1, st.batches))} ms per batch on average, slowest ${round(st.maxMs)} ms`,
    );
    console.log(`[storm] p99 by minute of the run (ms): ${byMinute.map((l) => round(percentile(l, 99))).join(' ')}`);
    if (slow.length) console.log(`[storm] ${slow.length} calls over 1 s, sent at (s into the run): ${[...new Set(slow)].slice(0, 20).join(' ')}`);
    const stored = (await b.db.query(`SELECT count(*)::int AS n FROM outage_calls WHERE service_point_id >= 5000000`)).rows[0].n;
    const lost = total - Math.min(acked, stored);
    console.log(
      `[storm] sent ${total} in ${round(wall)}s (${round(total / wall)}/s): acknowledged ${acked}, stored ${stored}${failures.size ? `, failures ${JSON.stringify(Object.fromEntries(failures))}` : ''}`,
    );

    const statuses = await b.db.query(
      `SELECT status, count(*)::int AS n, count(outage_id)::int AS linked FROM outage_calls WHERE service_point_id >= 5000000 GROUP BY status ORDER BY status`,
    );
    console.log(`[storm] calls by status: ${statuses.rows.map((r) => `${r.status} ${r.n} (${r.linked} in outages)`).join(', ')}`);
    await outageServices(b.db).runner.run(); // whatever is still pending
    const lag = (
      await b.db.query(`SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM grouped_at - created_at) * 1000) AS p99,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM grouped_at - created_at) * 1000) AS p50 FROM outage_calls WHERE service_point_id >= 5000000 AND grouped_at IS NOT NULL`)
    ).rows[0];
    console.log(`[storm] grouping lag (stored → grouped): p50 ${round(lag.p50)} ms, p99 ${round(lag.p99)} ms`);
    const truthBySp = new Map(plan.calls.map((c) => [c.sp, c.truth]));
    const attached = await b.db.query(
      `SELECT c.service_point_id AS sp, o.device_id FROM outage_calls c LEFT JOIN outages o ON o.id = c.outage_id AND o.status NOT IN ('merged', 'withdrawn') WHERE c.service_point_id >= 5000000`,
    );
    let correct = 0;
    for (const r of attached.rows) if ((truthBySp.get(r.sp) ?? null) === (r.device_id ?? null)) correct++;
    const accuracy = correct / total;
    const outages = await b.db
      .query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE d.kind = 'feeder')::int AS f, count(*) FILTER (WHERE d.kind = 'transformer')::int AS t
      FROM outages o JOIN network_devices d ON d.id = o.device_id WHERE o.status = 'predicted' AND d.id >= 900000`);
    console.log(
      `[storm] predicted outages: ${outages.rows[0].n} (${outages.rows[0].f} feeders, ${outages.rows[0].t} transformers); accuracy ${round(accuracy, 4)}`,
    );

    // Each outage's notices are timed from the moment it took its final scope (created there, or
    // moved/split there), and, for reference, from its first prediction.
    await b.db.query(
      `CREATE TEMP TABLE first_notice AS SELECT (payload->>'servicePointId')::bigint AS sp, min(created_at) AS created_at FROM outbox WHERE event = 'outage.affected' GROUP BY 1`,
    );
    const notify = await b.db.query(`
      SELECT o.id, extract(epoch FROM max(n.created_at) - s.scoped)::float AS s, extract(epoch FROM max(n.created_at) - o.created_at)::float AS first,
             count(*) FILTER (WHERE n.created_at IS NULL)::int AS missing
        FROM outages o
        JOIN LATERAL (SELECT max(e.at) AS scoped FROM outage_events e WHERE e.outage_id = o.id AND e.action IN ('predicted', 'moved', 'split')) s ON true
        JOIN outage_customers oc ON oc.outage_id = o.id
        LEFT JOIN first_notice n ON n.sp = oc.service_point_id
       WHERE o.status = 'predicted' AND oc.interruption_end IS NULL GROUP BY o.id, s.scoped`);
    const notifyS = Math.max(0, ...notify.rows.map((r) => r.s ?? 0));
    const notifyFirst = Math.max(0, ...notify.rows.map((r) => r.first ?? 0));
    const unnotified = notify.rows.reduce((a, r) => a + r.missing, 0);
    console.log(
      `[storm] notices: worst outage ${round(notifyS, 2)}s from taking its final scope to its last customer's notice (${round(notifyFirst, 2)}s from its first prediction, ${round(notifyFirst * speedup, 1)}s simulated); ${unnotified} affected customers without a notice`,
    );
    await server.close();
    const result = {
      calls: total,
      lost,
      accuracy: round(accuracy, 4),
      p99_ms: round(percentile(latencies, 99)),
      p50_ms: round(percentile(latencies, 50)),
      group_p99_ms: round(lag.p99),
      notify_s: round(notifyS, 2),
      notify_first_s: round(notifyFirst, 2),
      unnotified,
      calls_per_s: round(total / wall),
      raw_commits_per_s: round(raw),
    };
    console.log(
      `RESULT bench=storm ${Object.entries(result)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    return result;
  } finally {
    await b.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
