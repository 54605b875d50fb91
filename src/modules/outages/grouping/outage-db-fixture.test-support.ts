/**
 * A small hand-built territory in a fresh test database, for the outage service tests:
 * org /1/2/ (urban county), S1 ─ F1 ─ T11..T14 and F2 ─ T21, T22; 4 service points per
 * transformer (id = transformer * 10 + 1..4), each its own customer with a mobile number;
 * the first service point of T21 is important. Service point 999 hangs on no transformer.
 */
import type { Db } from '../../../db/pool.js';

export const T = { S1: 1, F1: 10, F2: 20, T11: 11, T12: 12, T13: 13, T14: 14, T21: 21, T22: 22 };
export const sp = (transformer: number, n: number) => transformer * 10 + n;

export async function buildTerritory(db: Db): Promise<void> {
  await db.query(`INSERT INTO org_units (id, parent_id, code, name, level, area_type, path) VALUES
    (1, NULL, 'P', '省公司', 'province', 'urban', '/1/'), (2, 1, 'P-C', '城关县公司', 'county', 'urban', '/1/2/'), (3, 1, 'P-X', '外县', 'county', 'rural', '/1/3/')`);
  await db.query(`INSERT INTO network_devices (id, kind, code, name, parent_id, org_unit_id, lon, lat) VALUES
    (1, 'substation', 'S1', '城关站', NULL, 2, 116.70, 36.58),
    (10, 'feeder', 'F1', '城关线', 1, 2, 116.71, 36.58), (20, 'feeder', 'F2', '解放线', 1, 2, 116.72, 36.58),
    (11, 'transformer', 'T11', '人民路1号配变', 10, 2, 116.711, 36.581), (12, 'transformer', 'T12', '人民路2号配变', 10, 2, 116.712, 36.582),
    (13, 'transformer', 'T13', '人民路3号配变', 10, 2, 116.713, 36.583), (14, 'transformer', 'T14', '人民路4号配变', 10, 2, 116.714, 36.584),
    (21, 'transformer', 'T21', '解放路1号配变', 20, 2, 116.721, 36.581), (22, 'transformer', 'T22', '解放路2号配变', 20, 2, 116.722, 36.582)`);
  const tids = [11, 12, 13, 14, 21, 22];
  const spIds = tids.flatMap((t) => [1, 2, 3, 4].map((n) => sp(t, n)));
  await db.query(
    `INSERT INTO customers (id, org_unit_id, name, phone) SELECT id, 2, '客户' || id, '138' || lpad(id::text, 8, '0') FROM unnest($1::bigint[]) id`,
    [[...spIds, 999]],
  );
  await db.query(`INSERT INTO customer_accounts (id, customer_id, org_unit_id, account_no) SELECT id, id, 2, 'A' || id FROM unnest($1::bigint[]) id`, [
    [...spIds, 999],
  ]);
  await db.query(
    `INSERT INTO service_points (id, account_id, customer_id, org_unit_id, address, lon, lat, customer_class, important, transformer_id)
     SELECT id, id, id, 2, '人民路' || id || '号', 116.7 + id / 100000.0, 36.58, 'residential', id = 211, NULLIF(id / 10, 99)
       FROM unnest($1::bigint[]) id`,
    [[...spIds, 999]],
  );
}
