/**
 * reliability: IEEE 1366 / DL/T 836 indices with major event days over one year of outages for
 * 1,000,000 customers, through the same service the API calls (GET /api/reliability).
 * The year holds ~20,000 transformer outages (50 customers each) and 250 feeder outages
 * (2,000 customers each), durations from 1 minute to 8 hours, a storm week; the year before it
 * is the T_MED history at half that density. The records are written as the service writes
 * them (the daily rollup follows by trigger). Reports the time of the whole report (scope
 * lookup, N_T, the daily rollup plus open interruptions, MED, indices): the first (cold)
 * run and the median of BENCH_RELIABILITY_RUNS (5); the raw single-row commit rate is printed
 * as a physical reference. Knobs: BENCH_RELIABILITY_CUSTOMERS (1000000).
 */
import { createPool, type Db } from '../src/db/pool.js';
import { reliabilityFor } from '../src/modules/reliability/reliability-service.js';
import type { Principal } from '../src/modules/identity/principal.js';
import { openBenchDatabase, round } from './desk-bench-support.js';

const PER_TRANSFORMER = 50;
const PER_FEEDER = 40;

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

async function build(db: Db, customers: number, yearStart: Date) {
  const transformers = Math.ceil(customers / PER_TRANSFORMER);
  const feeders = Math.ceil(transformers / PER_FEEDER);
  const t0 = performance.now();
  await db.query(
    `INSERT INTO org_units (id, parent_id, code, name, level, area_type, path) VALUES (1, NULL, 'B', '基准省', 'province', 'urban', '/1/'), (2, 1, 'B-C', '基准县', 'county', 'urban', '/1/2/')`,
  );
  await db.query(`INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id) VALUES (1, 'substation', 'BS', '基准站', NULL, 2)`);
  await db.query(
    `INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id) SELECT 1 + i, 'feeder', 'BF' || i, '线' || i, 1, 2 FROM generate_series(1, $1) i`,
    [feeders],
  );
  await db.query(
    `INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id) SELECT 100000 + i, 'transformer', 'BT' || i, '台区' || i, 1 + 1 + (i - 1) / $2, 2 FROM generate_series(1, $1) i`,
    [transformers, PER_FEEDER],
  );
  await db.query(`INSERT INTO customers (id, org_unit_id, name) SELECT i, 2, '客户' || i FROM generate_series(1, $1) i`, [customers]);
  await db.query(`INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT i, i, 2, 'B' || i FROM generate_series(1, $1) i`, [
    customers,
  ]);
  await db.query(
    `INSERT INTO service_points (id, account_id, customer_id, org_unit_id, address, customer_class, transformer_id)
    SELECT i, i, i, 2, '基准路' || i, 'residential', 100000 + 1 + (i - 1) / $2 FROM generate_series(1, $1) i`,
    [customers, PER_TRANSFORMER],
  );
  // outages: one row per event, customers from the device's service points
  const year = 365 * 86_400;
  const history = new Date(yearStart.getTime() - year * 1000);
  for (const [from, density] of [
    [history, 0.5],
    [yearStart, 1],
  ] as const) {
    const tOut = Math.round(transformers * density);
    const fOut = Math.round((feeders / 2) * density);
    await db.query(
      `INSERT INTO outages (outage_no, kind, status, device_id, org_unit_id, org_path, pinned, started_at, confirmed_at, restored_at, closed_at, cause_class)
       SELECT 'B' || $5::text || '-' || g, 'fault', 'closed', d, 2, '/1/2/', true, s, s, s + dur, s + dur, cause
         FROM (SELECT g,
                      CASE WHEN g <= $2::int THEN 100000 + 1 + (hashint4(g) & 2147483647) % $3::int ELSE 2 + (hashint4(g + 7) & 2147483647) % $4::int END AS d,
                      $1::timestamptz + make_interval(secs => CASE WHEN (g % 50) = 0 THEN 200 * 86400 + (g % 7) * 86400 + (g % 86400) ELSE (hashint4(g * 31) & 2147483647) % ${year} END) AS s,
                      make_interval(mins => 1 + (hashint4(g * 17) & 2147483647) % 480) AS dur,
                      (ARRAY['equipment', 'lightning', 'tree_contact', 'supply_shortage', 'third_party', 'overload'])[1 + g % 6] AS cause
                 FROM generate_series(1, $2::int + $6::int) g) x`,
      [from, tOut, transformers, feeders, from.getUTCFullYear(), fOut],
    );
  }
  await db.query(
    `INSERT INTO outage_customers (outage_id, service_point_id, customer_id, org_unit_id, feeder_id, interruption_start, interruption_end, cause_class, counted)
     SELECT o.id, sp.id, sp.customer_id, 2, t.parent_id, o.started_at, o.restored_at, o.cause_class, true
       FROM outages o
       JOIN network_devices t ON t.kind = 'transformer' AND (t.id = o.device_id OR t.parent_id = o.device_id)
       JOIN service_points sp ON sp.transformer_id = t.id`,
  );
  await db.query('VACUUM ANALYZE outage_customers');
  await db.query('VACUUM ANALYZE service_points');
  const n = (await db.query('SELECT count(*)::int AS n FROM outage_customers')).rows[0].n;
  return { records: n, seconds: (performance.now() - t0) / 1000 };
}

export async function run(): Promise<Record<string, number>> {
  const customers = Number(process.env.BENCH_RELIABILITY_CUSTOMERS ?? 1_000_000);
  const runs = Number(process.env.BENCH_RELIABILITY_RUNS ?? 5);
  const b = await openBenchDatabase('reliability', 8);
  try {
    const yearStart = new Date('2026-01-01T00:00:00+08:00');
    const yearEnd = new Date('2027-01-01T00:00:00+08:00');
    const built = await build(b.db, customers, yearStart);
    console.log(`[reliability] ${b.where}; ${customers} customers, ${built.records} interruption records over two years (built in ${round(built.seconds)}s)`);
    const raw = await rawCommitRate(b.url, 8, 3);
    console.log(`[reliability] raw single-row commits (8 connections): ${round(raw)}/s`);
    const manager: Principal = {
      kind: 'user',
      id: 0,
      name: 'bench',
      role: 'manager',
      scopes: [],
      orgUnitId: 1,
      orgPath: '/1/',
      customerId: null,
      csrfToken: null,
      ip: null,
      userAgent: null,
    };
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof reliabilityFor>> | null = null;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      last = await reliabilityFor(b.db, manager, { from: yearStart, to: yearEnd });
      times.push((performance.now() - t0) / 1000);
    }
    const x = last!;
    const a = x.all;
    console.log(
      `[reliability] N_T ${a.customersServed}; SAIFI ${round(a.saifi, 3)}, SAIDI ${round(a.saidiMinutes, 1)} min, CAIDI ${round(a.caidiMinutes ?? 0, 1)} min, ASAI ${round(a.asai, 6)}, MAIFI ${round(a.maifi, 3)}, AIHC-1 ${round(a.aihc1Hours, 3)} h, RS-1 ${round(a.rs1Percent, 4)}%, RS-3 ${round(a.rs3Percent, 4)}%`,
    );
    console.log(
      `[reliability] T_MED ${round(x.med.tMedMinutes ?? NaN, 2)} min from ${x.med.daysUsed} history days; ${x.med.days.length} major event days; normal-day SAIDI ${round(x.normal.saidiMinutes, 1)} min`,
    );
    const sorted = [...times].sort((p, q) => p - q);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`[reliability] report times: ${times.map((t) => round(t, 3)).join(', ')} s`);
    const result = {
      customers,
      records: built.records,
      seconds: round(median, 3),
      cold_seconds: round(times[0], 3),
      saifi: round(a.saifi, 3),
      med_days: x.med.days.length,
      raw_commits_per_s: round(raw),
    };
    console.log(
      `RESULT bench=reliability ${Object.entries(result)
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
