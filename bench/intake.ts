/**
 * intake: work-order intake over HTTP (session login, schema validation, customer lookup, SLA
 * policy and clocks, order + timeline + idempotency key + outbox + audit in one transaction).
 * Measured in one run on one database:
 *  - raw commit rate: single-row INSERT commits with one connection, each waiting for its WAL flush
 *    (the raw commit rate of docs/architecture.md, "about 4,400 single-row commits/s": ratio= is intake's saturation throughput over
 *    it), and with the phases' concurrencies, where PostgreSQL's group commit shares a flush among
 *    many commits (ratio_same_concurrency=, ratio_c16=);
 *  - the HTTP floor: GET /api/auth/me (cached session, one primary-key read) with the same client and
 *    concurrency: about what the server's event loop can answer at all here (ratio_floor=);
 *  - sustained intake: a closed loop of BENCH_CONCURRENCY (16) callers → orders/s, p50/p99;
 *  - peak intake: the same with BENCH_INTAKE_PEAK_CONCURRENCY (64) callers, where the batches grow
 *    until the machine is busy: the saturation throughput, orders_per_s= (0 skips it);
 *  - fixed rate: open loop at BENCH_INTAKE_RATE (500) orders/s → p99 latency from the scheduled send time.
 * Callers are drawn at random from the county's customers (BENCH_INTAKE_CUSTOMERS, 20,000, seeded);
 * each phase prints how many open orders of the same caller an intake found and showed.
 * The callers run in a worker thread (support/intake-load.ts): their HTTP client work has its own
 * event loop, as real clients have their own machines, but shares the two cores.
 * Each phase prints where the CPU went per operation: this Node process (server and load generator),
 * PostgreSQL by process role, everything else (see support/cpu-usage.ts).
 * The background audit sealer runs throughout, as in an app instance (GRIDDESK_AUDIT_SEAL_INTERVAL_MS,
 * 150 ms); at the end the records it had not yet chained are counted, sealed and the chain verified.
 * Knobs: BENCH_SECONDS (10); BENCH_CPU_PROFILE=DIR writes a CPU profile of each intake phase;
 * BENCH_PG_STATS=1 prints the server time per statement (pg_stat_statements: wall time, so under a
 * busy CPU it includes waiting for it).
 */
import { createPool } from '../src/db/pool.js';
import { sealAudit, verifyAudit } from '../src/platform/audit/audit.js';
import { startAuditSealer } from '../src/platform/audit/sealer.js';
import { intakeReadStats } from '../src/modules/workorders/intake/intake-reader.js';
import { intakeWriter } from '../src/modules/workorders/intake/intake-writer.js';
import { profiled } from './support/cpu-profile.js';
import { cpuMeter, describeCpu } from './support/cpu-usage.js';
import { openBenchDatabase, percentile, printStatementStats, resetStatementStats, round, startBenchServer } from './desk-bench-support.js';
import { runLoad, type Caller, type LoadResult, type LoadSpec } from './support/intake-load.js';

async function rawCommitRate(url: string, concurrency: number, seconds: number): Promise<number> {
  const pool = createPool(url, concurrency);
  const cpu = cpuMeter();
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
  console.log(`[intake] raw commits (${concurrency} connection${concurrency > 1 ? 's' : ''}) ${describeCpu(cpu(n), 'commit')}`);
  await pool.end();
  // let the server reap the pool's backends now, so their CPU time is not counted in the next phase
  await new Promise((r) => setTimeout(r, 500));
  return n / seconds;
}

export async function run(): Promise<Record<string, number>> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const peakConcurrency = Number(process.env.BENCH_INTAKE_PEAK_CONCURRENCY ?? 64);
  const rate = Number(process.env.BENCH_INTAKE_RATE ?? 500);
  const b = await openBenchDatabase('intake', concurrency + 8);
  try {
    const seeded = Number(process.env.BENCH_INTAKE_CUSTOMERS ?? 20_000);
    const server = await startBenchServer(b.db, seeded, 'calltaker', Math.max(concurrency, peakConcurrency) * 2);
    const sealer = startAuditSealer(b.db, Number(process.env.GRIDDESK_AUDIT_SEAL_INTERVAL_MS ?? 150), (e) => console.error('[intake] audit sealing failed', e));
    const customers = (
      await b.db.query(
        `SELECT DISTINCT ON (c.id) c.id, sp.id AS sp, c.phone FROM customers c JOIN service_points sp ON sp.customer_id = c.id
         JOIN org_units o ON o.id = sp.org_unit_id WHERE o.path LIKE (SELECT path FROM org_units WHERE code = 'SF-QH') || '%' ORDER BY c.id`,
      )
    ).rows as Caller[];
    console.log(
      `[intake] ${b.where}; callers drawn from ${customers.length} customers (BENCH_INTAKE_CUSTOMERS=${seeded} seeded); ${seconds}s per phase, concurrency ${concurrency}`,
    );

    const load = { port: server.port, headers: server.headers, customers };
    let call = 0;
    const phase = async (spec: Omit<LoadSpec, 'port' | 'headers' | 'customers' | 'firstCall'>): Promise<LoadResult> => {
      const r = await runLoad({ ...load, ...spec, firstCall: call });
      call = r.nextCall;
      return r;
    };
    await phase({ mode: 'closed', callers: 4, seconds: 2 }); // warm-up: JIT, caches, plans

    const raw = await rawCommitRate(b.url, concurrency, seconds);
    const rawSerial = await rawCommitRate(b.url, 1, Math.max(2, Math.round(seconds / 2)));
    console.log(`[intake] raw single-row commits: ${round(raw)}/s with ${concurrency} connections, ${round(rawSerial)}/s with one`);

    // The HTTP floor: the same client, server, session and concurrency on the lightest signed-in
    // request (GET /api/auth/me: the cached session and one primary-key read of the org unit).
    const floorCpu = cpuMeter();
    const fl = await phase({ mode: 'floor', callers: concurrency, seconds: Math.max(2, Math.round(seconds / 2)) });
    const floor = fl.latencies.length / (fl.elapsedMs / 1000);
    console.log(`[intake] HTTP floor ${describeCpu(floorCpu(fl.latencies.length), 'request')}`);
    console.log(`[intake] HTTP floor (GET /api/auth/me, same client and concurrency): ${round(floor)}/s`);

    // Sustained: a closed loop of `callers` submitting back to back.
    const sustain = async (callers: number, label: string) => {
      await resetStatementStats(b.db);
      const cpu = cpuMeter();
      const r0 = intakeReadStats(b.db);
      const w0 = intakeWriter(b.db).stats();
      // background work that can stall a phase: checkpoints, and autovacuum / autoanalyze runs (an analyze re-plans the prepared statements)
      const background = async () =>
        (
          await b.db.query<{ c: number; v: number }>(
            `SELECT (SELECT (checkpoints_timed + checkpoints_req)::int FROM pg_stat_bgwriter) AS c,
                (SELECT sum(autovacuum_count + autoanalyze_count)::int FROM pg_stat_user_tables) AS v`,
          )
        ).rows[0];
      const c0 = await background();
      const r = await profiled(`intake-${label}`, () => phase({ mode: 'closed', callers, seconds }));
      const lat = r.latencies;
      const perS = lat.length / (r.elapsedMs / 1000);
      console.log(`[intake] ${label} (${callers} callers) ${describeCpu(cpu(lat.length), 'order')}`);
      for (const [what, a, z] of [
        ['reads', r0, intakeReadStats(b.db)],
        ['writes', w0, intakeWriter(b.db).stats()],
      ] as const) {
        const n = z.batches - a.batches;
        console.log(
          `[intake] ${label} grouped ${what}: ${n} batches, ${round((z.items - a.items) / Math.max(1, n), 1)} orders each, ${round((z.runMs - a.runMs) / Math.max(1, n), 2)} ms per batch, in flight ${round((z.runMs - a.runMs) / r.elapsedMs, 2)} on average`,
        );
      }
      await printStatementStats(b.db, 'intake', lat.length, 'order');
      const c1 = await background();
      const cps = c1.c - c0.c;
      console.log(
        `[intake] ${label} (${callers} callers): ${round(perS)} orders/s, p50 ${round(percentile(lat, 50))} ms, p99 ${round(percentile(lat, 99))} ms, max ${round(Math.max(...lat))} ms; ${round(r.duplicatesShown / Math.max(1, r.sampled), 1)} open orders of the same caller shown per order; ${cps} checkpoint${cps === 1 ? '' : 's'} and ${c1.v - c0.v} autovacuum/autoanalyze runs during the phase`,
      );
      return { perS, lat };
    };
    const { perS: sustained, lat } = await sustain(concurrency, 'sustained');
    // The saturation point: more callers at once, so the batches grow until the machine is busy.
    const peak = peakConcurrency > concurrency ? await sustain(peakConcurrency, 'peak') : null;
    const rawPeak = peak ? await rawCommitRate(b.url, peakConcurrency, Math.max(2, Math.round(seconds / 2))) : null;
    if (rawPeak) console.log(`[intake] raw single-row commits with ${peakConcurrency} connections: ${round(rawPeak)}/s`);

    const fixed = (await phase({ mode: 'rate', rate, seconds })).latencies;
    const p99At = percentile(fixed, 99);
    console.log(`[intake] fixed ${rate}/s for ${seconds}s: p50 ${round(percentile(fixed, 50))} ms, p99 ${round(p99At)} ms`);
    const orders = (await b.db.query('SELECT count(*)::int AS n FROM work_orders')).rows[0].n;
    const outbox = (await b.db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n;
    console.log(`[intake] ${orders} orders, ${outbox} outbox messages written`);
    await server.close();
    await sealer.stop();
    const unsealed = (await b.db.query('SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL')).rows[0].n;
    await sealAudit(b.db);
    const audit = await verifyAudit(b.db);
    console.log(
      `[intake] audit: ${unsealed} records not yet sealed when the load stopped; after a final round ${audit.checked} chained, chain ${audit.ok ? 'OK' : `BROKEN at ${audit.brokenAt}`}`,
    );
    if (!audit.ok) throw new Error('audit chain does not verify');
    // ratio= is orders/s at saturation over the raw commit rate as docs/architecture.md states it ("about
    // 4,400 single-row commits/s": one connection, each commit waiting for its WAL flush), both from
    // this run. The same figure over the raw rate at the same concurrency (where PostgreSQL's own
    // group commit shares one flush among many commits) is ratio_same_concurrency=.
    const top =
      peak && rawPeak ? { perS: peak.perS, lat: peak.lat, callers: peakConcurrency, raw: rawPeak } : { perS: sustained, lat, callers: concurrency, raw };
    const result = {
      orders_per_s: round(top.perS),
      callers: top.callers,
      peak_p50_ms: round(percentile(top.lat, 50)),
      peak_p99_ms: round(percentile(top.lat, 99)),
      raw_commits_per_s: round(rawSerial),
      ratio: round(top.perS / rawSerial, 2),
      raw_commits_same_concurrency_per_s: round(top.raw),
      ratio_same_concurrency: round(top.perS / top.raw, 2),
      [`orders_per_s_c${concurrency}`]: round(sustained),
      [`p50_ms_c${concurrency}`]: round(percentile(lat, 50)),
      [`p99_ms_c${concurrency}`]: round(percentile(lat, 99)),
      [`raw_commits_c${concurrency}_per_s`]: round(raw),
      [`ratio_c${concurrency}`]: round(sustained / raw, 2),
      [`ratio_serial_c${concurrency}`]: round(sustained / rawSerial, 2),
      http_floor_per_s: round(floor),
      rate,
      p99_ms: round(p99At),
    };
    console.log(
      `[intake] ${round(top.perS)} orders/s with ${top.callers} callers = ${result.ratio} × the raw commit rate (${round(rawSerial)} single-row commits/s, one connection), ${result.ratio_same_concurrency} × the raw rate with ${top.callers} connections (${round(top.raw)}/s); p99 ${round(p99At)} ms at ${rate} orders/s`,
    );
    console.log(
      `RESULT bench=intake ${Object.entries(result)
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
