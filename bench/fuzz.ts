/**
 * fuzz: the schema-driven fuzz of test/api/fuzz.test.ts at ten times its size — BENCH_FUZZ_RUNS
 * (10,000) requests per role, as anonymous, as a portal customer (customer1) and as an
 * administrator (admin, session and CSRF token) — against the whole app on a real socket, on a
 * seeded territory (200 customers) in its own PostgreSQL. Requests are drawn before the clock
 * starts (fast-check, from the OpenAPI document) and sent one at a time over one keep-alive
 * connection. The seed is random unless FUZZ_SEED is set; it is printed for a replay
 * (BENCH_FUZZ_ROLES=admin replays one role: each role's requests come from seed + its index).
 *
 * Figures: five_xx (goal 0), db_refusals (data exceptions PostgreSQL raised: values a schema let
 * through; goal 0), dropped (connections lost; goal 0), requests, requests_per_s over all roles.
 * Denominator: health_per_s, the rate of GET /api/health (one `SELECT 1` through the same HTTP
 * stack, same client, one at a time) measured in the same run just before the fuzz;
 * ratio_to_health = requests_per_s / health_per_s, so the figure travels between machines and loads.
 * Unlike the test, the bench does not check what refused writes wrote (that check is the test's).
 */
import fc from 'fast-check';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { dataException } from '../src/http/db-errors.js';
import { seed } from '../src/seed/seed.js';
import { PASSWORD } from '../src/seed/territory.js';
import { closeConnections, Fuzzer, fuzzedOperations, operationsOf, requestArb, send, type DbRefusal, type Role } from '../test/support/fuzz.js';
import { benchDatabase } from './support/database.js';
import { resultLine, round } from './support/percentiles.js';

const ROLES: Role[] = [
  { name: 'anonymous' },
  { name: 'customer', username: 'customer1', password: PASSWORD },
  { name: 'admin', username: 'admin', password: PASSWORD },
];

export async function run(): Promise<Record<string, number>> {
  const runs = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000);
  const fuzzSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const healthRuns = Number(process.env.BENCH_FUZZ_HEALTH ?? 2_000);
  console.log(`[fuzz] seed ${fuzzSeed} (replay: FUZZ_SEED=${fuzzSeed}); ${runs} requests per role`);

  const b = await benchDatabase('fuzz');
  const refusals: DbRefusal[] = [];
  const { app } = await buildApp({ db: b.db, config: { ...loadConfig({}), loginRateLimitPerMinute: 100_000 } });
  try {
    await seed(b.db, { customers: 200, seed: 7 });
    app.addHook('onError', async (req, _reply, err) => {
      const d = dataException(err);
      if (d) refusals.push({ reqId: String(req.id), ...d });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const operations = operationsOf((app as unknown as { swagger(): Record<string, unknown> }).swagger());
    console.log(`[fuzz] ${operations.length} operations; database: ${b.where}`);

    // the denominator: a trivial request through the same stack and client
    const health = { op: 'GET /api/health', method: 'GET', url: '/api/health', headers: {} };
    for (let i = 0; i < 100; i++) await send(baseUrl, health, null); // warm-up
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < healthRuns; i++) await send(baseUrl, health, null);
    const healthPerS = healthRuns / (Number(process.hrtime.bigint() - t0) / 1e9);
    console.log(`[fuzz] GET /api/health: ${round(healthPerS)} requests/s (${healthRuns}, one at a time)`);

    const figures: Record<string, number> = {};
    let total = 0;
    let totalS = 0;
    let fiveXx = 0;
    let dbRefusals = 0;
    let dropped = 0;
    const only = process.env.BENCH_FUZZ_ROLES?.split(',');
    for (const [i, role] of ROLES.entries()) {
      if (only && !only.includes(role.name)) continue;
      const fuzzer = await new Fuzzer(baseUrl, role, refusals, null).start();
      const requests = fc.sample(fc.oneof(...fuzzedOperations(operations, role).map(requestArb)), { seed: fuzzSeed + i, numRuns: runs });
      const problems: string[] = [];
      t0 = process.hrtime.bigint();
      for (const req of requests) problems.push(...(await fuzzer.check(req)));
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const st = fuzzer.stats;
      console.log(
        `[fuzz] ${role.name}: ${st.requests} requests in ${round(s)} s (${round(st.requests / s)}/s): 2xx ${st.byClass['2xx']}, 4xx ${st.byClass['4xx']}, ` +
          `5xx ${st.byClass['5xx']}, db refusals ${st.dbRefusals}, dropped ${st.dropped}, sessions renewed ${st.relogins}`,
      );
      // the worst first: a 5xx, a data exception, a dropped connection; then error-format slips
      const rank = (p: string) => (/→ 5\d\d/.test(p) ? 0 : p.includes('PostgreSQL refused') ? 1 : p.includes('dropped') ? 2 : 3);
      problems.sort((a, b) => rank(a) - rank(b));
      for (const p of problems.slice(0, 10)) console.log(`[fuzz]   ${p.slice(0, 600)}`);
      if (problems.length > 10) console.log(`[fuzz]   … ${problems.length - 10} more`);
      figures[`${role.name}_per_s`] = round(st.requests / s);
      total += st.requests;
      totalS += s;
      fiveXx += st.byClass['5xx'];
      dbRefusals += st.dbRefusals;
      dropped += st.dropped;
    }
    const perS = total / totalS;
    const result = {
      seed: fuzzSeed,
      requests: total,
      five_xx: fiveXx,
      db_refusals: dbRefusals,
      dropped,
      requests_per_s: round(perS),
      health_per_s: round(healthPerS),
      ratio_to_health: round(perS / healthPerS, 3),
      ...figures,
    };
    console.log(resultLine('fuzz', result));
    return result;
  } finally {
    closeConnections();
    await app.close();
    await b.close();
  }
}
