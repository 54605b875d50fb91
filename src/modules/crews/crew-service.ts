/**
 * Crews: list with live position and current outage, create and update, shift roster, and the
 * position reports of the crew's phone (believable ones become the crew's position; every
 * report is logged, a rejected one with its reason).
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { DomainError, badField, forbidden, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { actorOf, allows, type Principal } from '../identity/index.js';
import { findOrgUnitInScope, inOrgScope, orgUnitField } from '../orgs/index.js';
import { checkPosition } from './position-rules.js';
import { positionPolicy } from './crew-policies.js';
import { isCrewMember } from './crew-store.js';
import type { Crew, CrewCreate, CrewPatch, CrewRefAnswer, PositionAcceptedAnswer, PositionReport, Shift } from './schemas.js';

/** A phone's clock may run this far ahead before its report counts as from the future. */
const MAX_SKEW_MS = 120_000;

export async function listCrews(q: Queryable, p: Principal): Promise<Crew[]> {
  const { rows } = await q.query(
    `SELECT c.id, c.name, c.org_unit_id, ${orgUnitField('c.org_unit_id', 'name')} AS org_name, c.skills, c.status, c.phone, c.lon, c.lat, c.position_at,
            (SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name)) FROM crew_members m JOIN pub_users u ON u.id = m.user_id WHERE m.crew_id = c.id) AS members,
            (SELECT json_agg(json_build_object('start', s.starts_at, 'end', s.ends_at) ORDER BY s.starts_at) FROM crew_shifts s WHERE s.crew_id = c.id AND s.ends_at > now()) AS shifts,
            (SELECT json_build_object('id', o.id, 'outageNo', o.outage_no, 'status', o.status,
                    'acceptance', CASE WHEN o.status <> 'crew_assigned' THEN NULL WHEN o.accepted_at IS NULL THEN 'awaiting' ELSE 'accepted' END, 'assignedAt', o.assigned_at)
               FROM pub_outages o WHERE o.crew_id = c.id AND o.status IN ('crew_assigned', 'en_route', 'on_site') ORDER BY o.id DESC LIMIT 1) AS outage,
            (SELECT json_build_object('outageId', o.id, 'outageNo', o.outage_no, 'at', d.at, 'reason', d.reason)
               FROM pub_outage_crew_declines d JOIN pub_outages o ON o.id = d.outage_id
              WHERE d.crew_id = c.id AND o.status IN ('predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site') AND o.crew_id IS DISTINCT FROM c.id
              ORDER BY d.id DESC LIMIT 1) AS declined
       FROM crews c WHERE c.active AND ${inOrgScope('c.org_unit_id', '$1')} ORDER BY c.id`,
    [p.orgPath],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    orgUnitId: r.org_unit_id,
    orgName: r.org_name,
    skills: r.skills,
    status: r.status,
    phone: r.phone,
    position: r.lon === null ? null : { lon: r.lon, lat: r.lat, at: r.position_at },
    members: r.members ?? [],
    shifts: r.shifts ?? [],
    outage: r.outage,
    // the latest job this crew declined that is still open (shown on the dispatcher's crew panel)
    declined: r.declined ?? null,
  }));
}

async function scopedCrew(q: Queryable, p: Principal, id: number, lock = false) {
  const { rows } = await q.query(`SELECT c.* FROM crews c WHERE c.id = $1 AND ${inOrgScope('c.org_unit_id', '$2')} ${lock ? 'FOR UPDATE OF c' : ''}`, [
    id,
    p.orgPath,
  ]);
  if (!rows[0]) throw notFound('Crew', '抢修班组');
  return rows[0];
}

export async function createCrew(db: Db, p: Principal, b: CrewCreate): Promise<CrewRefAnswer> {
  return withTx(db, async (tx) => {
    if (!(await findOrgUnitInScope(tx, b.orgUnitId, p.orgPath)))
      throw badField('orgUnitId', 'org_scope', '组织单位不存在或不在管辖范围内', 'org unit does not exist or is outside your scope');
    const { rows } = await tx.query('INSERT INTO crews (org_unit_id, name, skills, phone) VALUES ($1,$2,$3,$4) RETURNING id', [
      b.orgUnitId,
      b.name,
      b.skills,
      b.phone ?? null,
    ]);
    await recordAudit(tx, actorOf(p), { action: 'crew.create', entity: 'crew', entityId: rows[0].id, orgUnitId: b.orgUnitId, after: b });
    return { id: rows[0].id as number };
  });
}

export async function updateCrew(db: Db, p: Principal, id: number, b: CrewPatch): Promise<CrewRefAnswer> {
  return withTx(db, async (tx) => {
    const before = await scopedCrew(tx, p, id, true);
    await tx.query(
      'UPDATE crews SET name = coalesce($2, name), skills = coalesce($3, skills), status = coalesce($4, status), phone = coalesce($5, phone) WHERE id = $1',
      [id, b.name ?? null, b.skills ?? null, b.status ?? null, b.phone ?? null],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'crew.update',
      entity: 'crew',
      entityId: id,
      orgUnitId: before.org_unit_id,
      before: { name: before.name, skills: before.skills, status: before.status },
      after: b,
    });
    return { id };
  });
}

/** POST /api/crews/:id/shifts: a shift of the request's times. */
export async function addShiftOf(db: Db, p: Principal, id: number, b: Shift): Promise<CrewRefAnswer> {
  return addShift(db, p, id, { startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
}

export async function addShift(db: Db, p: Principal, id: number, b: { startsAt: Date; endsAt: Date }): Promise<CrewRefAnswer> {
  if (!(b.endsAt.getTime() > b.startsAt.getTime())) throw badField('endsAt', 'after_start', '结束时间须晚于开始时间', 'endsAt must be after startsAt');
  return withTx(db, async (tx) => {
    const crew = await scopedCrew(tx, p, id, true);
    const { rows } = await tx.query('INSERT INTO crew_shifts (crew_id, starts_at, ends_at) VALUES ($1,$2,$3) RETURNING id', [id, b.startsAt, b.endsAt]);
    await recordAudit(tx, actorOf(p), { action: 'crew.shift', entity: 'crew', entityId: id, orgUnitId: crew.org_unit_id, after: b });
    return { id: rows[0].id as number };
  });
}

/** POST /api/crews/:id/position: a report of the phone, timed now unless it says when (not in the future, beyond clock skew). */
export async function reportPositionOf(db: Db, p: Principal, id: number, b: PositionReport): Promise<PositionAcceptedAnswer> {
  const at = b.at ? new Date(b.at) : new Date();
  if (at.getTime() > Date.now() + MAX_SKEW_MS) throw badField('at', 'future', '时间不能晚于当前', 'time cannot be in the future');
  return reportPosition(db, p, id, { lon: b.lon, lat: b.lat, at });
}

/** A position report. Rejections are logged and answered 400 with the rule broken. */
export async function reportPosition(
  db: Db,
  p: Principal,
  id: number,
  r: { lon: number; lat: number; at: Date },
  now = new Date(),
): Promise<PositionAcceptedAnswer> {
  const rejected = await withTx(db, async (tx) => {
    const crew = await scopedCrew(tx, p, id, true);
    if (p.kind === 'user' && !allows(p, 'crews.write') && !(await isCrewMember(tx, id, p.id))) throw forbidden();
    const last = crew.position_at ? { lon: crew.lon, lat: crew.lat, at: crew.position_at as Date } : null;
    const v = checkPosition(r, last, now, await positionPolicy(tx));
    await tx.query('INSERT INTO crew_positions (crew_id, at, lon, lat, accepted, reason, speed_kmh) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
      id,
      r.at,
      r.lon,
      r.lat,
      v.ok,
      v.ok ? null : v.rule,
      v.speedKmh ?? null,
    ]);
    if (v.ok) await tx.query('UPDATE crews SET lon = $2, lat = $3, position_at = $4 WHERE id = $1', [id, r.lon, r.lat, r.at]);
    await recordAudit(tx, actorOf(p), {
      action: v.ok ? 'crew.position' : 'crew.position_rejected',
      entity: 'crew',
      entityId: id,
      orgUnitId: crew.org_unit_id,
      after: { ...r, ...(v.ok ? {} : { rule: v.rule }) },
    });
    return v.ok ? null : v;
  });
  if (rejected)
    throw new DomainError('invalid', 'POSITION_REJECTED', `位置被拒绝：${rejected.zh}`, `Position rejected: ${rejected.en}`, [
      { field: rejected.field, rule: rejected.rule, message: rejected.zh, messageEn: rejected.en },
    ]);
  return { accepted: true };
}
