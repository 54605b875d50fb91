/** Network devices: list, trace, export (CSV/GeoJSON) and import (CSV), within the org subtree. */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { DomainError, badField, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { findOrgUnitInScope, inOrgScope } from '../orgs/index.js';
import { geoJsonToCsv, parseNetworkCsv, toCsv, toGeoJson } from './csv.js';
import { downstreamDeviceIds, upstreamChain } from './trace.js';
import type { Device, DeviceFilter, Downstream, NetworkGeoJsonAnswer, NetworkImport, NetworkImportedAnswer } from './schemas.js';

const toDevice = (r: Record<string, any>): Device => ({
  id: r.id as number,
  kind: r.kind,
  code: r.code,
  name: r.name,
  parentId: r.parent_id as number | null,
  parentCode: r.parent_code ?? null,
  orgUnitId: r.org_unit_id,
  lon: r.lon,
  lat: r.lat,
  voltageKv: r.voltage_kv == null ? null : Number(r.voltage_kv),
  ratedKva: r.rated_kva == null ? null : Number(r.rated_kva),
});

export async function listDevices(db: Queryable, p: Principal, q: DeviceFilter): Promise<Device[]> {
  const { rows } = await db.query(
    `SELECT d.*, pd.code AS parent_code FROM network_devices d LEFT JOIN network_devices pd ON pd.id = d.parent_id
      WHERE ${inOrgScope('d.org_unit_id', '$1')} AND ($2::text IS NULL OR d.kind = $2) AND ($3::bigint IS NULL OR d.parent_id = $3)
        AND ($4::text IS NULL OR d.code ILIKE '%' || $4 || '%' OR d.name ILIKE '%' || $4 || '%')
      ORDER BY d.id LIMIT $5`,
    [p.orgPath, q.kind ?? null, q.parentId ?? null, q.q ?? null, q.limit ?? 10000],
  );
  return rows.map(toDevice);
}

export async function visibleDevice(db: Queryable, p: Principal, id: number) {
  const { rows } = await db.query(`SELECT d.* FROM network_devices d WHERE d.id = $1 AND ${inOrgScope('d.org_unit_id', '$2')}`, [id, p.orgPath]);
  if (!rows[0]) throw notFound('Network device', '设备');
  return toDevice(rows[0]);
}

export async function traceDownstream(db: Db, p: Principal, id: number): Promise<Downstream> {
  const device = await visibleDevice(db, p, id);
  const ids = await downstreamDeviceIds(db, id);
  const [devs, counts, up] = await Promise.all([
    db.query('SELECT * FROM network_devices WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]),
    db.query(
      `SELECT count(*)::int AS sp, count(DISTINCT customer_id)::int AS cu, count(*) FILTER (WHERE important)::int AS imp FROM pub_service_points WHERE transformer_id = ANY($1::bigint[])`,
      [ids],
    ),
    upstreamChain(db, id),
  ]);
  return {
    device,
    upstream: up.slice(1),
    devices: devs.rows.map(toDevice),
    servicePoints: counts.rows[0].sp,
    customers: counts.rows[0].cu,
    importantServicePoints: counts.rows[0].imp,
  };
}

/** Every device of the principal's subtree as CSV (code,kind,name,parent_code,lon,lat,voltage_kv,rated_kva). */
export async function exportNetworkCsv(db: Queryable, p: Principal): Promise<string> {
  return toCsv(await listDevices(db, p, {}));
}

/** Every device of the principal's subtree as a GeoJSON map layer (points, and lines to their parents). */
export async function exportNetworkGeoJson(db: Queryable, p: Principal): Promise<NetworkGeoJsonAnswer> {
  return toGeoJson(await listDevices(db, p, {}));
}

/**
 * Imports devices from exactly one of a CSV or a GeoJSON FeatureCollection into an org unit of the
 * principal's subtree (their own by default).
 */
export async function importNetwork(db: Db, p: Principal, b: NetworkImport): Promise<NetworkImportedAnswer> {
  if ((b.csv === undefined) === (b.geojson === undefined))
    throw badField('body.csv', 'one_of', '请提供 csv 或 geojson 之一', 'give exactly one of csv or geojson');
  const text = b.csv ?? geoJsonToCsv(b.geojson);
  const org = b.orgUnitId ?? p.orgUnitId;
  if (!(await findOrgUnitInScope(db, org, p.orgPath)))
    throw badField('body.orgUnitId', 'org_scope', '组织单位不存在或不在您的管辖范围内', 'org unit does not exist or is outside your scope');
  return importNetworkCsv(db, p, text, org);
}

/** Imports a CSV into the principal's org unit: new codes are inserted, known codes updated. All or nothing. */
export async function importNetworkCsv(db: Db, p: Principal, text: string, orgUnitId: number): Promise<NetworkImportedAnswer> {
  const existing = new Map<string, string>((await db.query('SELECT code, kind FROM network_devices')).rows.map((r) => [r.code as string, r.kind as string]));
  const { rows, problems } = parseNetworkCsv(text, existing);
  if (problems.length) {
    throw new DomainError(
      'invalid',
      'VALIDATION_FAILED',
      `网络文件有 ${problems.length} 处错误`,
      `network file has ${problems.length} problems`,
      problems.slice(0, 50).map((x) => ({ field: `line ${x.line}.${x.field}`, rule: 'csv', message: x.zh, messageEn: x.en })),
    );
  }
  return withTx(db, async (tx) => {
    let inserted = 0;
    let updated = 0;
    for (const r of rows) {
      const parent = r.parentCode ? (await tx.query('SELECT id FROM network_devices WHERE code = $1', [r.parentCode])).rows[0]?.id : null;
      const res = await tx.query(
        `INSERT INTO network_devices (kind, code, name, parent_id, org_unit_id, lon, lat, voltage_kv, rated_kva) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
           voltage_kv = EXCLUDED.voltage_kv, rated_kva = EXCLUDED.rated_kva RETURNING (xmax = 0) AS inserted`,
        [r.kind, r.code, r.name, parent, orgUnitId, r.lon, r.lat, r.voltageKv, r.ratedKva],
      );
      if (res.rows[0].inserted) inserted++;
      else updated++;
    }
    await recordAudit(tx, actorOf(p), { action: 'network.import', entity: 'network', orgUnitId, after: { inserted, updated } });
    return { inserted, updated };
  });
}
