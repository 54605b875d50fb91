/**
 * Fuzz of every operation of the OpenAPI document, as anonymous, as a portal customer and as an
 * administrator (session cookie and CSRF token), over real HTTP (the app listens on a free port).
 * Requests come from test/support/fuzz.ts: drawn from each operation's schemas by fast-check,
 * mostly valid with hostile values mixed in. For every request: no 5xx, no dropped connection, no
 * value reaching PostgreSQL that its column cannot hold (a data exception, SQLSTATE class 22, means
 * a schema let it through), every 4xx in the one error format, and a refused write inserts, updates
 * or deletes no row of any table (row counts included; a row trigger's write log, test/support/fuzz.ts).
 * Before the fuzz: every number of every request has both bounds in the OpenAPI document.
 *
 * Seeded and bounded: FUZZ_SEED (default a fixed seed, so a run is repeatable; any number, or
 * `random`), FUZZ_RUNS (requests per role, default 250 anonymous, 600 customer, 1200 admin).
 * The seed is printed; a failure names the request, and FUZZ_SEED=<seed> replays it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testApp } from '../support/app.js';
import { openApiDocument } from '../support/api-types.js';
import { dataException } from '../../src/http/db-errors.js';
import { PASSWORD } from '../../src/seed/territory.js';
import {
  closeConnections,
  Fuzzer,
  fuzzedOperations,
  operationsOf,
  requestArb,
  installWriteLog,
  unboundedNumbers,
  type DbRefusal,
  type Role,
} from '../support/fuzz.js';

const DEFAULT_SEED = 20261207;
const seed = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const runsOverride = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : null;

const ROLES: (Role & { runs: number })[] = [
  // authentication answers first: few requests reach further
  { name: 'anonymous', runs: runsOverride ?? 250 },
  { name: 'customer', username: 'customer1', password: PASSWORD, runs: runsOverride ?? 600 },
  { name: 'admin', username: 'admin', password: PASSWORD, runs: runsOverride ?? 1200 },
];

console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed}); requests per role: ${ROLES.map((r) => `${r.name} ${r.runs}`).join(', ')}`);

const refusals: DbRefusal[] = [];
const t = await testApp({
  customers: 30,
  beforeReady: (app) =>
    app.addHook('onError', async (req, _reply, err) => {
      const d = dataException(err);
      if (d) refusals.push({ reqId: String(req.id), ...d });
    }),
});
await t.app.listen({ port: 0, host: '127.0.0.1' });
const baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
const operations = operationsOf(await openApiDocument(t.app));
const writes = await installWriteLog(t.db);
after(() => closeConnections());

test('every number a request carries is bounded in its schema (ids, counts, days, money, coordinates)', () => {
  assert.deepEqual(unboundedNumbers(operations), [], 'bound these with Id, Int, Num, Fen, Lon or Lat (src/platform/schema.ts)');
});

ROLES.forEach((role, i) => {
  test(`fuzz as ${role.name}: ${role.runs} requests over ${operations.length} operations; no 5xx, no dropped connection, no data exception, a refused write writes nothing`, async (ctx) => {
    const fuzzer = await new Fuzzer(baseUrl, role, refusals, writes).start();
    const requests = fc.oneof(...fuzzedOperations(operations, role).map(requestArb));
    try {
      await fc.assert(
        fc.asyncProperty(requests, async (req) => {
          const problems = await fuzzer.check(req);
          if (problems.length) throw new Error(problems.join('\n'));
        }),
        { seed: seed + i, numRuns: role.runs, includeErrorInReport: true },
      );
    } catch (e) {
      throw new Error(`fuzz as ${role.name} failed (replay: FUZZ_SEED=${seed}):\n${(e as Error).message}`, { cause: e });
    } finally {
      ctx.diagnostic(`${role.name}: ${JSON.stringify(fuzzer.stats)}`);
    }
  });
});

test('the write log saw the writes that succeeded (the check of refused writes is not vacuous)', async () => {
  assert.ok((await writes.mark()) > 0, 'no write recorded: the row triggers are missing');
});
