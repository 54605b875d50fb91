/**
 * The demo territory: org tree, staff for every role, network (substations → feeders →
 * transformers), customers with accounts, service points and meters, and crews.
 * Deterministic for a seed value. Bulk rows go in with unnest() batches and explicit ids.
 */
import { withTx, type Db, type Tx } from '../db/pool.js';
import { recordAudit, SYSTEM_ACTOR } from '../platform/audit/audit.js';
import { idCheckChar } from '../platform/pii.js';
import { hashPassword } from '../modules/identity/index.js';
import { insertOrgUnit } from '../modules/orgs/index.js';
import { between, firmName, idNumber, mobile, mulberry32, personName, pick, type Rng } from './random.js';
import { AREAS, networkSize, ORG_TREE, PASSWORD, STAFF } from './territory.js';

export interface SeedOptions {
  customers: number;
  seed: number;
  onProgress?: (done: number, total: number, stage: string) => void;
}

type OrgNode = { code: string; name: string; nameEn: string; level: string; areaType: string; children: readonly OrgNode[] };

async function insertOrgTree(tx: Tx, node: OrgNode, parentId: number | null, ids: Map<string, number>) {
  const { id } = await insertOrgUnit(tx, {
    parentId,
    code: node.code,
    name: node.name,
    nameEn: node.nameEn,
    level: node.level as never,
    areaType: node.areaType,
  });
  ids.set(node.code, id);
  for (const c of node.children) await insertOrgTree(tx, c, id, ids);
}

async function nextId(tx: Tx, table: string) {
  return ((await tx.query(`SELECT coalesce(max(id), 0)::bigint AS m FROM ${table}`)).rows[0].m as number) + 1;
}
async function syncSequence(tx: Tx, table: string) {
  await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT coalesce(max(id), 1) FROM ${table}))`);
}

const jitter = (rng: Rng, c: number, r: number) => Math.round((c + between(rng, -r, r)) * 1e6) / 1e6;

export async function isSeeded(db: Db): Promise<boolean> {
  return ((await db.query('SELECT count(*)::int AS n FROM org_units')).rows[0].n as number) > 0;
}

export async function seed(db: Db, opts: SeedOptions) {
  const rng = mulberry32(opts.seed);
  const progress = opts.onProgress ?? (() => {});
  const orgIds = new Map<string, number>();
  const size = networkSize(opts.customers);
  const pwHash = await hashPassword(PASSWORD);

  await withTx(db, async (tx) => {
    await insertOrgTree(tx, ORG_TREE as unknown as OrgNode, null, orgIds);
    for (const s of STAFF) {
      await tx.query('INSERT INTO users (username, display_name, role, org_unit_id, password_hash, phone) VALUES ($1,$2,$3,$4,$5,$6)', [
        s.username,
        s.displayName,
        s.role,
        orgIds.get(s.org),
        pwHash,
        mobile(rng),
      ]);
    }
  });
  progress(0, opts.customers, 'network');

  // Network: substations spread over the county, feeders and transformers assigned to areas by share.
  const transformers: Array<{ id: number; area: (typeof AREAS)[number]; lon: number; lat: number; org: number }> = [];
  await withTx(db, async (tx) => {
    let id = await nextId(tx, 'network_devices');
    const rows: unknown[][] = [];
    const subs: Array<{ id: number; area: (typeof AREAS)[number] }> = [];
    for (let s = 0; s < size.substations; s++) {
      const area = AREAS[s % AREAS.length];
      const [lon, lat] = [jitter(rng, area.centre[0], area.radius / 2), jitter(rng, area.centre[1], area.radius / 2)];
      rows.push([
        id,
        'substation',
        `SUB${String(s + 1).padStart(3, '0')}`,
        `${area.town}${['一', '二', '三', '四', '五', '六', '七', '八'][Math.floor(s / AREAS.length) % 8]}号110kV变电站`,
        null,
        orgIds.get(area.station),
        lon,
        lat,
        110,
        null,
      ]);
      subs.push({ id: id++, area });
    }
    const feeders: Array<{ id: number; area: (typeof AREAS)[number] }> = [];
    for (let f = 0; f < size.feeders; f++) {
      const sub = subs[f % subs.length];
      const c = sub.area.centre;
      rows.push([
        id,
        'feeder',
        `F${String(f + 1).padStart(4, '0')}`,
        `10kV ${sub.area.town}${f + 1}线`,
        sub.id,
        orgIds.get(sub.area.station),
        jitter(rng, c[0], sub.area.radius),
        jitter(rng, c[1], sub.area.radius),
        10,
        null,
      ]);
      feeders.push({ id: id++, area: sub.area });
    }
    for (let t = 0; t < size.transformers; t++) {
      const f = feeders[t % feeders.length];
      const c = f.area.centre;
      const [lon, lat] = [jitter(rng, c[0], f.area.radius), jitter(rng, c[1], f.area.radius)];
      const org = orgIds.get(f.area.station)!;
      rows.push([
        id,
        'transformer',
        `T${String(t + 1).padStart(5, '0')}`,
        `${pick(rng, f.area.streets)}${t + 1}号台区变压器`,
        f.id,
        org,
        lon,
        lat,
        10,
        pick(rng, [200, 315, 400, 630]),
      ]);
      transformers.push({ id: id++, area: f.area, lon, lat, org });
    }
    const col = (i: number) => rows.map((r) => r[i]);
    await tx.query(
      `INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id, lon, lat, voltage_kv, rated_kva)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::float8[], $8::float8[], $9::numeric[], $10::numeric[])`,
      Array.from({ length: 10 }, (_, i) => col(i)),
    );
    await syncSequence(tx, 'network_devices');
  });

  // Customers in batches: each gets an account, a service point near a transformer of its area, and a meter.
  const byArea = new Map(AREAS.map((a) => [a.station, transformers.filter((t) => t.area === a)]));
  const BATCH = 5000;
  let firstCustomerId = 0;
  for (let done = 0; done < opts.customers; done += BATCH) {
    const n = Math.min(BATCH, opts.customers - done);
    await withTx(db, async (tx) => {
      const base = await nextId(tx, 'customers');
      if (!firstCustomerId) firstCustomerId = base;
      const spBase = await nextId(tx, 'service_points');
      const c: unknown[][] = [[], [], [], [], [], []];
      const a: unknown[][] = [[], [], [], []];
      const sp: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], [], []];
      const m: unknown[][] = [[], [], []];
      for (let i = 0; i < n; i++) {
        const id = base + i;
        const r = rng();
        const area = r < AREAS[0].share ? AREAS[0] : r < AREAS[0].share + AREAS[1].share ? AREAS[1] : AREAS[2];
        const t = pick(rng, byArea.get(area.station)!);
        const org = rng() < 0.9 ? 'person' : 'organisation';
        const name = org === 'person' ? personName(rng) : firmName(rng);
        c[0].push(id);
        c[1].push(t.org);
        c[2].push(name);
        c[3].push(org);
        c[4].push(mobile(rng));
        c[5].push(org === 'person' ? idNumber(rng, idCheckChar) : null);
        a[0].push(id);
        a[1].push(id);
        a[2].push(t.org);
        a[3].push('37' + String(id).padStart(10, '0'));
        const cls = org === 'person' ? 'residential' : rng() < 0.8 ? 'lv_nonresidential' : 'hv';
        const kva =
          cls === 'residential'
            ? pick(rng, [4, 6, 8, 10])
            : cls === 'lv_nonresidential'
              ? pick(rng, [30, 50, 80, 100, 160])
              : pick(rng, [315, 630, 1000, 2000, 3150]);
        const street = pick(rng, area.streets);
        const address =
          area.kind === 'street'
            ? `清河县${area.town}${street}${1 + Math.floor(rng() * 300)}号${org === 'person' ? `${1 + Math.floor(rng() * 20)}栋${1 + Math.floor(rng() * 6)}单元${100 + Math.floor(rng() * 1800)}室` : ''}`
            : `清河县${area.town}${street}${1 + Math.floor(rng() * 200)}号`;
        const spId = spBase + i;
        sp[0].push(spId);
        sp[1].push(id);
        sp[2].push(id);
        sp[3].push(t.org);
        sp[4].push(address);
        sp[5].push(jitter(rng, t.lon, 0.003));
        sp[6].push(jitter(rng, t.lat, 0.003));
        sp[7].push(cls);
        sp[8].push(kva);
        sp[9].push(cls === 'hv' ? 10 : cls === 'lv_nonresidential' ? 0.4 : 0.22);
        sp[10].push(cls === 'hv' && rng() < 0.3);
        sp[11].push(t.id);
        sp[12].push(null);
        m[0].push(spId);
        m[1].push(spId);
        m[2].push('3701' + String(spId).padStart(10, '0'));
      }
      await tx.query(
        `INSERT INTO customers (id, org_unit_id, name, kind, phone, id_number) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        c,
      );
      await tx.query(
        `INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[])`,
        a,
      );
      await tx.query(
        `INSERT INTO service_points (id, account_id, customer_id, org_unit_id, address, lon, lat, customer_class, contracted_kva, supply_voltage_kv, important, transformer_id)
         SELECT a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12 FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::float8[], $7::float8[], $8::text[], $9::numeric[], $10::numeric[], $11::bool[], $12::bigint[]) AS x(a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12)`,
        sp.slice(0, 12),
      );
      await tx.query(`INSERT INTO meters (id, service_point_id, meter_no) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])`, m);
      for (const t of ['customers', 'customer_accounts', 'service_points', 'meters']) await syncSequence(tx, t);
    });
    progress(done + n, opts.customers, 'customers');
  }

  // Crews per station, the crew users as members; a portal login for the first customer.
  await withTx(db, async (tx) => {
    const crews: Array<[string, string, string[], string[]]> = [
      ['SF-QH-CG', '城关抢修一班', ['lv', 'mv', 'meter'], ['crew1']],
      ['SF-QH-CG', '城关抢修二班', ['lv', 'meter'], []],
      ['SF-QH-HX', '河西抢修班', ['lv', 'mv'], ['crew2']],
      ['SF-QH-SH', '山后抢修班', ['lv', 'mv'], []],
    ];
    for (const [org, name, skills, members] of crews) {
      const area = AREAS.find((x) => x.station === org)!;
      const { rows } = await tx.query('INSERT INTO crews (org_unit_id, name, skills, lon, lat) VALUES ($1,$2,$3,$4,$5) RETURNING id', [
        orgIds.get(org),
        name,
        skills,
        area.centre[0],
        area.centre[1],
      ]);
      for (const u of members) await tx.query('INSERT INTO crew_members (crew_id, user_id) SELECT $1, id FROM users WHERE username = $2', [rows[0].id, u]);
    }
    if (firstCustomerId) {
      const c = (await tx.query('SELECT id, name, org_unit_id FROM customers WHERE id = $1', [firstCustomerId])).rows[0];
      await tx.query('INSERT INTO users (username, display_name, role, org_unit_id, customer_id, password_hash) VALUES ($1,$2,$3,$4,$5,$6)', [
        'customer1',
        c.name,
        'customer',
        c.org_unit_id,
        c.id,
        pwHash,
      ]);
      // a commercial customer billed by time of use: the portal's usage by TOU period and the load-shifting what-if (docs/billing.md §18)
      const ci = (
        await tx.query(
          `SELECT c.id, c.name, c.org_unit_id FROM service_points sp JOIN customers c ON c.id = sp.customer_id
            WHERE sp.customer_class <> 'residential' AND sp.account_id IS NOT NULL AND c.id <> $1 ORDER BY sp.id LIMIT 1`,
          [firstCustomerId],
        )
      ).rows[0];
      if (ci)
        await tx.query('INSERT INTO users (username, display_name, role, org_unit_id, customer_id, password_hash) VALUES ($1,$2,$3,$4,$5,$6)', [
          'customer2',
          ci.name,
          'customer',
          ci.org_unit_id,
          ci.id,
          pwHash,
        ]);
    }
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'seed', entity: 'territory', after: { customers: opts.customers, seed: opts.seed, ...size } });
  });
  return { orgIds, ...size, customers: opts.customers };
}

export function demoLogins(): string {
  const users = [
    ...STAFF.map((s) => `${s.username.padEnd(13)} ${s.role.padEnd(16)} ${s.displayName}`),
    `${'customer1'.padEnd(13)} ${'customer'.padEnd(16)} 门户客户 / portal customer`,
    `${'customer2'.padEnd(13)} ${'customer'.padEnd(16)} 工商业门户客户（分时电价）/ commercial portal customer (TOU)`,
  ];
  return `演示账号 / demo logins (password: ${PASSWORD}):\n  ` + users.join('\n  ');
}
