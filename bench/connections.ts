/**
 * connections: the connection-application (业扩报装) desk over real HTTP, on one database.
 *
 * 1. Raw commit rate (the denominator of ratio=): single-row INSERT commits, each waiting for its
 *    WAL flush, from as many connections as the intake phase has callers (support/commit-rate.ts).
 * 2. Intake with documents: a closed loop of BENCH_CONCURRENCY (8) callers as the county's
 *    marketing clerk, for BENCH_SECONDS (10). One application = POST /api/connections (a residential
 *    or low-voltage non-residential new connection: policy, capacity rules, application row, event,
 *    large-customer register, clock summary, notice to the customer, audit), GET of its detail (the
 *    documents it needs) and one POST
 *    /api/connections/:id/documents per required document (a 48 KB PDF, base64: type sniffed,
 *    sha256, file written to the document store, row, audit). apps_per_s = applications with all
 *    their documents stored per second; ratio = apps_per_s / commits_per_s (each application is
 *    four HTTP requests and three or more transactions).
 * 3. BENCH_CONNECTIONS_APPS (100,000) open applications loaded with SQL into the county's four
 *    units: every class, at every stage with the history of the stages before it (one stage passed
 *    every 20 hours, received up to four days before that: some overdue, most not), a tenth paused
 *    on the customer. Their clock summary columns (the
 *    workbench's order and overdue filter) are then computed by the module's own rules
 *    (refreshClockSummaries: the SLA engine on each application's history and the working calendar).
 * 4. The workbench: BENCH_CONNECTIONS_RUNS (300) GET /api/connections requests, one at a time, as
 *    the county marketing clerk (sees all of them), cycling through the screen's views: the default
 *    (open, most urgent first), overdue only, one stage, a search by name, page 5, "mine", and 100
 *    rows a page. Each answer is a page of applications with the live clocks computed from their
 *    histories plus the counts (open, overdue, waiting on the customer) over all 100,000.
 *    p95_ms (goal ≤ 100); floor_p95_ms: GET /api/auth/me with the same client, the lightest
 *    signed-in request, measured in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCommitRate } from './support/commit-rate.js';
import { openBenchDatabase, percentile, request, round, startBenchServer, type BenchServer } from './desk-bench-support.js';
import { ensureConnectionDefaults, refreshClockSummaries } from '../src/modules/connections/index.js';
import { getSlaContext } from '../src/platform/sla/sla-context.js';
import type { Db } from '../src/db/pool.js';

const APPS = Number(process.env.BENCH_CONNECTIONS_APPS ?? 100_000);
const RUNS = Number(process.env.BENCH_CONNECTIONS_RUNS ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const GOAL_P95_MS = 100;

/** A small but real PDF (header, a page object, padding to 48 KB), as a scanned form would be. */
const PDF_B64 = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(48 * 1024, 0x20),
  Buffer.from('\n%%EOF\n'),
]).toString('base64');

async function intake(s: BenchServer, seconds: number, callers: number) {
  const latencies: number[] = [];
  let n = 0;
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) {
        const t0 = performance.now();
        const lv = (w + i) % 4 === 0;
        const created = await request(s, 'POST', '/api/connections', {
          kind: 'new',
          customerClass: lv ? 'lv_nonresidential' : 'residential',
          channel: 'counter',
          applicantName: `基准申请人${w}-${i}`,
          applicantPhone: `139${String(w * 100000 + i).padStart(8, '0')}`,
          address: `清河县城关镇基准路 ${w} 号 ${i} 室`,
          voltageKv: lv ? 0.4 : 0.22,
          requestedKva: lv ? 50 : 8,
        });
        if (created.status !== 201) {
          failures++;
          if (failures < 3) console.error(`[connections] create ${created.status} ${created.body.slice(0, 300)}`);
          continue;
        }
        const { id } = JSON.parse(created.body) as { id: number };
        const detail = JSON.parse((await request(s, 'GET', `/api/connections/${id}`)).body) as { requiredDocuments: string[] };
        let ok = true;
        for (const kind of detail.requiredDocuments) {
          const up = await request(s, 'POST', `/api/connections/${id}/documents`, { kind, filename: `${kind}.pdf`, contentBase64: PDF_B64 });
          if (up.status !== 201) {
            ok = false;
            if (failures++ < 3) console.error(`[connections] upload ${up.status} ${up.body.slice(0, 300)}`);
          }
        }
        if (!ok) continue;
        latencies.push(performance.now() - t0);
        n++;
      }
    }),
  );
  return { n, latencies, failures };
}

/** Loads `total` open applications with their stage histories (SQL), then their clock summaries (the module's rules). */
export async function load(db: Db, total: number) {
  const t0 = performance.now();
  const units = (
    await db.query(
      `SELECT array_agg(id ORDER BY id) AS ids, array_agg(path ORDER BY id) AS paths FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE code = 'SF-QH') || '%'`,
    )
  ).rows[0] as { ids: number[]; paths: string[] };
  const marketing = (await db.query(`SELECT id FROM users WHERE username = 'marketing'`)).rows[0].id as number;
  const policy = (await db.query(`SELECT max(version) AS v FROM connection_policies`)).rows[0].v as number;
  const first = Number((await db.query(`SELECT COALESCE(max(id), 0) AS m FROM connection_applications`)).rows[0].m) + 1;
  const chunk = 20_000;
  for (let from = first; from < first + total; from += chunk) {
    const to = Math.min(first + total - 1, from + chunk - 1);
    // class by g % 10: 6 residential, 2 LV non-residential, 1 HV single, 1 HV dual; stage index below the class's last stage
    await db.query(
      `INSERT INTO connection_applications (id, app_no, kind, customer_class, channel, stage, status, customer_wait, wait_reason, wait_since,
         org_unit_id, org_path, policy_set, policy_version, received_at, applicant_name, applicant_phone, legal_entity, industry, address,
         voltage_kv, requested_kva, created_by)
       SELECT g, 'BK' || lpad(g::text, 10, '0'), CASE WHEN g % 7 = 0 THEN 'increase' ELSE 'new' END, c.cls,
              (ARRAY['counter','portal','phone'])[1 + g % 3], st.stage, 'open',
              g % 10 = 3, CASE WHEN g % 10 = 3 THEN 'building_works' END, CASE WHEN g % 10 = 3 THEN r.at + make_interval(hours => (20 * st.idx + 2)::int) END,
              ($3::bigint[])[1 + g % cardinality($3::bigint[])], ($4::text[])[1 + g % cardinality($3::bigint[])], 'current', $5, r.at,
              '基准客户' || g, '138' || lpad((g % 100000000)::text, 8, '0'), c.cls <> 'residential',
              CASE WHEN c.cls = 'residential' THEN 'residential' ELSE 'other' END, '清河县基准路 ' || g || ' 号',
              CASE c.cls WHEN 'residential' THEN 0.22 WHEN 'lv_nonresidential' THEN 0.4 ELSE 10 END,
              CASE c.cls WHEN 'residential' THEN 8 WHEN 'lv_nonresidential' THEN 80 WHEN 'hv_single' THEN 800 ELSE 2500 END, $6
         FROM generate_series($1::bigint, $2::bigint) g
         CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 6 THEN 'residential' WHEN g % 10 < 8 THEN 'lv_nonresidential' WHEN g % 10 = 8 THEN 'hv_single' ELSE 'hv_dual' END AS cls) c
         CROSS JOIN LATERAL (SELECT CASE WHEN c.cls IN ('hv_single','hv_dual')
                   THEN (ARRAY['acceptance','survey','plan','design_review','mid_inspection','completion','contract','power_on'])[1 + (g / 10) % 8]
                   ELSE (ARRAY['acceptance','survey','plan','completion','contract','power_on'])[1 + (g / 10) % 6] END AS stage,
                   (CASE WHEN c.cls IN ('hv_single','hv_dual') THEN (g / 10) % 8 ELSE (g / 10) % 6 END)::int AS idx) st
         CROSS JOIN LATERAL (SELECT now() - make_interval(hours => 20 * st.idx, secs => (hashint8(g) & 2147483647) % (4 * 86400)) AS at) r`,
      [from, to, units.ids, units.paths, policy, marketing],
    );
    // history: received, then one done:<stage> per stage passed (a day or two apart), and the customer pause where there is one
    await db.query(
      `INSERT INTO connection_events (application_id, at, action, state, stage, actor_id, actor_name, note, data)
       SELECT a.id, a.received_at, 'receive', 'acceptance', 'acceptance', $3::bigint, '基准', 'counter', NULL::jsonb
         FROM connection_applications a WHERE a.id BETWEEN $1 AND $2
       UNION ALL
       SELECT a.id, a.received_at + make_interval(hours => 20 * k), 'done:' || f.stages[k], f.stages[k + 1], f.stages[k + 1], $3::bigint, '基准', NULL, NULL
         FROM connection_applications a
         CROSS JOIN LATERAL (SELECT CASE WHEN a.customer_class IN ('hv_single','hv_dual')
                   THEN ARRAY['acceptance','survey','plan','design_review','mid_inspection','completion','contract','power_on']
                   ELSE ARRAY['acceptance','survey','plan','completion','contract','power_on'] END AS stages) f
         CROSS JOIN LATERAL generate_series(1, array_position(f.stages, a.stage) - 1) k
        WHERE a.id BETWEEN $1 AND $2
       UNION ALL
       SELECT a.id, a.wait_since, 'customer_pause', 'customer_wait', a.stage, $3::bigint, '基准', NULL, jsonb_build_object('reason', a.wait_reason)
         FROM connection_applications a WHERE a.id BETWEEN $1 AND $2 AND a.customer_wait`,
      [from, to, marketing],
    );
    process.stdout.write(`\r[connections] loaded ${(to - first + 1).toLocaleString('en')} applications, ${round((performance.now() - t0) / 1000)} s`);
  }
  await db.query(`SELECT setval(pg_get_serial_sequence('connection_applications', 'id'), $1)`, [first + total]);
  const loadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const ctx = await getSlaContext(db);
  const now = new Date();
  for (let from = first; from < first + total; from += 2000) {
    const ids = Array.from({ length: Math.min(2000, first + total - from) }, (_, i) => from + i);
    await refreshClockSummaries(db, ctx, ids, now);
    process.stdout.write(`\r[connections] clock summaries ${(from - first + ids.length).toLocaleString('en')} / ${total.toLocaleString('en')}`);
  }
  const clockS = (performance.now() - t1) / 1000;
  console.log(`\n[connections] ${total.toLocaleString('en')} applications loaded in ${round(loadS)} s, clock summaries computed in ${round(clockS)} s`);
  await db.query('VACUUM ANALYZE connection_applications');
  await db.query('VACUUM ANALYZE connection_events');
  await db.query('VACUUM ANALYZE connection_documents');
}

export async function run(): Promise<Record<string, number>> {
  const bdb = await openBenchDatabase('connections', 20);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bench-connections-files-'));
  const { db } = bdb;
  let s: BenchServer | null = null;
  try {
    console.log(`[connections] on ${bdb.where}; document store in ${dataDir}`);
    s = await startBenchServer(db, 2000, 'marketing', CONCURRENCY + 2, { dataDir });
    await ensureConnectionDefaults(db);

    const commit = await measureCommitRate(db, { seconds: 3, connections: CONCURRENCY });
    console.log(`[connections] raw commit rate: ${round(commit.commitsPerS)} commits/s (${commit.connections} connections, fsync ${commit.fsync})`);

    await intake(s, 1, CONCURRENCY); // warm-up
    const r = await intake(s, SECONDS, CONCURRENCY);
    const appsPerS = r.n / SECONDS;
    console.log(
      `[connections] intake with documents: ${r.n} applications in ${SECONDS} s = ${round(appsPerS)} apps/s (${CONCURRENCY} callers; ` +
        `p50 ${round(percentile(r.latencies, 50))} ms, p95 ${round(percentile(r.latencies, 95))} ms per application with its documents; ${r.failures} failures)`,
    );

    await load(db, APPS);
    const open = Number((await db.query(`SELECT count(*) AS n FROM connection_applications WHERE status = 'open'`)).rows[0].n);
    const views = [
      '/api/connections',
      '/api/connections?overdue=true',
      '/api/connections?stage=survey',
      '/api/connections?q=%E5%9F%BA%E5%87%86%E5%AE%A2%E6%88%B7777',
      '/api/connections?offset=200',
      '/api/connections?scope=mine',
      '/api/connections?limit=100',
    ];
    for (const v of views) {
      const w = await request(s, 'GET', v);
      if (w.status !== 200) throw new Error(`${v}: ${w.status} ${w.body.slice(0, 300)}`);
    }
    const first = JSON.parse((await request(s, 'GET', views[0])).body) as { total: number; overdue: number; customerWait: number; items: unknown[] };
    console.log(
      `[connections] workbench as the county marketing clerk: ${first.total.toLocaleString('en')} open visible, ${first.overdue.toLocaleString('en')} overdue, ` +
        `${first.customerWait.toLocaleString('en')} waiting on the customer; ${first.items.length} rows a page`,
    );
    const byView = new Map<string, number[]>(views.map((v) => [v, []]));
    const all: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const v = views[i % views.length];
      const t0 = performance.now();
      const w = await request(s, 'GET', v);
      const ms = performance.now() - t0;
      if (w.status !== 200) throw new Error(`${v}: ${w.status}`);
      all.push(ms);
      byView.get(v)!.push(ms);
    }
    for (const [v, ms] of byView) console.log(`[connections]   ${v.padEnd(60)} p50 ${round(percentile(ms, 50))} ms  p95 ${round(percentile(ms, 95))} ms`);
    const floor: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await request(s, 'GET', '/api/auth/me');
      floor.push(performance.now() - t0);
    }
    const p95 = percentile(all, 95);
    const floorP95 = percentile(floor, 95);
    console.log(
      `[connections] workbench over ${open.toLocaleString('en')} open applications: p50 ${round(percentile(all, 50))} ms, p95 ${round(p95)} ms ` +
        `(goal ≤ ${GOAL_P95_MS}: ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'}); GET /api/auth/me p95 ${round(floorP95, 2)} ms`,
    );
    console.log(
      `[connections] ratio = apps_per_s / commits_per_s = ${round(appsPerS)} / ${round(commit.commitsPerS)} = ${round(appsPerS / commit.commitsPerS, 3)} ` +
        `(an application with its documents is 3+ requests and 3+ transactions); p95_goal_ratio = p95_ms / ${GOAL_P95_MS}`,
    );
    const result = {
      apps_open: open,
      p50_ms: round(percentile(all, 50)),
      p95_ms: round(p95),
      p95_goal_ratio: round(p95 / GOAL_P95_MS, 3),
      floor_p95_ms: round(floorP95, 2),
      apps_per_s: round(appsPerS),
      commits_per_s: round(commit.commitsPerS),
      ratio: round(appsPerS / commit.commitsPerS, 3),
    };
    console.log(
      `RESULT bench=connections ${Object.entries(result)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    return result;
  } finally {
    await s?.close();
    await bdb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
