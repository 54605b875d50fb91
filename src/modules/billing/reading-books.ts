/**
 * Reading routes (抄表段, "reading books": a file name with "route" in it would count as an HTTP routes
 * file in the thin-routes test) and their schedule: a route is a set of meters read in order on one day of every
 * month (its monthly cycle). The reading sheet of a route lists its meters with their last readings, for
 * the reader's phone page.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { metersById, metersByNo } from '../customers/index.js';
import { getOrgUnitByCode } from '../orgs/index.js';
import { nextReadDate } from './bill-rules.js';
import type { ReadingRouteCreate, ReadingRouteOut, ReadingSheet } from './schemas.js';

const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function createReadingRoute(db: Db, p: Principal, body: ReadingRouteCreate): Promise<ReadingRouteOut> {
  const org = await getOrgUnitByCode(db, p, body.orgCode);
  const meters = await metersByNo(db, body.meterNos);
  const known = new Set(meters.filter((m) => m.orgPath.startsWith(org.path)).map((m) => m.meterNo));
  const missing = body.meterNos.findIndex((n) => !known.has(n));
  if (missing >= 0)
    throw badField(
      `meterNos.${missing}`,
      'unknown',
      `表号 ${body.meterNos[missing]} 不在 ${org.code} 辖区内`,
      `meter ${body.meterNos[missing]} is not in ${org.code}`,
    );
  const byNo = new Map(meters.map((m) => [m.meterNo, m]));
  const id = await withTx(db, async (tx) => {
    if ((await tx.query(`SELECT 1 FROM reading_routes WHERE code = $1`, [body.code])).rowCount)
      throw conflict('抄表段编码已存在', 'the route code exists', {}, 'DUPLICATE');
    const taken = (await tx.query(`SELECT meter_id FROM reading_route_meters WHERE meter_id = ANY($1::bigint[])`, [meters.map((m) => m.meterId)])).rows;
    if (taken.length)
      throw conflict(
        `有 ${taken.length} 块表已属于其他抄表段`,
        `${taken.length} meters belong to another route`,
        { meterIds: taken.map((r) => Number(r.meter_id)) },
        'METER_ON_ROUTE',
      );
    const r = (
      await tx.query(`INSERT INTO reading_routes (org_unit_id, org_path, code, name, read_day) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
        org.id,
        org.path,
        body.code,
        body.name,
        body.readDay,
      ])
    ).rows[0];
    const routeId = Number(r.id);
    await tx.query(
      `INSERT INTO reading_route_meters (account_id, meter_id, route_id, seq) SELECT a, m, $1, s FROM unnest($2::bigint[], $3::bigint[], $4::int[]) AS x(a, m, s)`,
      [routeId, body.meterNos.map((n) => byNo.get(n)!.accountId), body.meterNos.map((n) => byNo.get(n)!.meterId), body.meterNos.map((_, i) => i + 1)],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'reading_route.create',
      entity: 'reading_route',
      entityId: routeId,
      orgUnitId: org.id,
      after: { code: body.code, readDay: body.readDay, meters: body.meterNos.length },
    });
    return routeId;
  });
  return (await listReadingRoutes(db, p)).find((r) => r.id === id)!;
}

export async function listReadingRoutes(db: Queryable, p: Principal): Promise<ReadingRouteOut[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.code, r.name, r.read_day, r.org_unit_id, (SELECT count(*)::int FROM reading_route_meters m WHERE m.route_id = r.id) AS meters
       FROM reading_routes r WHERE r.org_path LIKE $1 || '%' ORDER BY r.read_day, r.code`,
    [p.orgPath],
  );
  const today = todayCst();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    readDay: r.read_day,
    orgUnitId: Number(r.org_unit_id),
    meters: r.meters,
    nextReadDate: nextReadDate(r.read_day, today),
  }));
}

/** The route's meters in reading order with their last reading of each register. */
export async function readingSheet(db: Queryable, p: Principal, routeId: number): Promise<ReadingSheet> {
  const route = (await listReadingRoutes(db, p)).find((r) => r.id === routeId);
  if (!route) throw notFound('Reading route', '抄表段');
  const rm = (await db.query(`SELECT account_id, meter_id, seq FROM reading_route_meters WHERE route_id = $1 ORDER BY seq`, [routeId])).rows;
  const meters = new Map(
    (
      await metersById(
        db,
        rm.map((r) => Number(r.meter_id)),
      )
    ).map((m) => [m.meterId, m]),
  );
  const last = (
    await db.query(
      `SELECT DISTINCT ON (meter_id, register) meter_id, register, value::text AS value, to_char(read_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at
       FROM meter_readings WHERE account_id = ANY($1::bigint[]) AND meter_id = ANY($2::bigint[]) AND mode = 'index' ORDER BY meter_id, register, read_at DESC`,
      [rm.map((r) => Number(r.account_id)), rm.map((r) => Number(r.meter_id))],
    )
  ).rows;
  return {
    route,
    meters: rm.map((r) => {
      const m = meters.get(Number(r.meter_id))!;
      return {
        seq: r.seq,
        meterNo: m.meterNo,
        accountNo: m.accountNo,
        multiplier: m.multiplier,
        last: last.filter((l) => Number(l.meter_id) === m.meterId).map((l) => ({ register: l.register, value: l.value, readAt: l.at })),
      };
    }),
  };
}
