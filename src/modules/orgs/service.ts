/** The org tree: province → city → county company → supply station / service hall. */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { DomainError, badField, notFound } from '../../platform/errors.js';
import { childLevelAllowed, type OrgLevel } from './rules.js';
import type { OrgUnit, OrgUnitCreate, OrgUnitPatch } from './schemas.js';

/**
 * What these use cases need of the signed-in principal (identity's Principal has all of it). Orgs
 * does not import identity: identity reads org units through this module (org-scope.ts), and
 * module imports must not form a cycle.
 */
export interface OrgPrincipal {
  kind: 'user' | 'token';
  id: number;
  name: string;
  orgUnitId: number;
  orgPath: string;
  ip: string | null;
  userAgent: string | null;
}

/** The audit actor of a principal (as identity's actorOf). */
const actorOf = (p: OrgPrincipal): Actor => ({ id: p.id, kind: p.kind, name: p.name, ip: p.ip, userAgent: p.userAgent });

const toOrg = (r: Record<string, any>): OrgUnit => ({
  id: r.id,
  parentId: r.parent_id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  level: r.level,
  areaType: r.area_type,
  path: r.path,
  active: r.active,
});

export async function listOrgUnits(db: Queryable, p: OrgPrincipal): Promise<OrgUnit[]> {
  const { rows } = await db.query(`SELECT * FROM org_units WHERE path LIKE $1 || '%' ORDER BY path`, [p.orgPath]);
  return rows.map(toOrg);
}

export async function getOrgUnit(db: Queryable, p: OrgPrincipal, id: number): Promise<OrgUnit> {
  const { rows } = await db.query(`SELECT * FROM org_units WHERE id = $1 AND path LIKE $2 || '%'`, [id, p.orgPath]);
  if (!rows[0]) throw notFound('Org unit', '组织单位');
  return toOrg(rows[0]);
}

/** Inserts an org unit under a parent (or as a root when parentId is null) and sets its path. */
export async function insertOrgUnit(
  tx: Queryable,
  o: { parentId: number | null; code: string; name: string; nameEn?: string | null; level: OrgLevel; areaType: string },
) {
  const parentPath = o.parentId ? (await tx.query('SELECT path FROM org_units WHERE id = $1', [o.parentId])).rows[0].path : '/';
  const { rows } = await tx.query(`INSERT INTO org_units (parent_id, code, name, name_en, level, area_type, path) VALUES ($1,$2,$3,$4,$5,$6,'') RETURNING id`, [
    o.parentId,
    o.code,
    o.name,
    o.nameEn ?? null,
    o.level,
    o.areaType,
  ]);
  const id = rows[0].id as number;
  const path = `${parentPath}${id}/`;
  await tx.query('UPDATE org_units SET path = $2 WHERE id = $1', [id, path]);
  return { id, path };
}

export async function createOrgUnit(db: Db, p: OrgPrincipal, o: OrgUnitCreate) {
  const parent = await getOrgUnit(db, p, o.parentId).catch(() => {
    throw badField('body.parentId', 'org_scope', '上级单位不存在或不在您的管辖范围内', 'parent org unit does not exist or is outside your scope');
  });
  if (!childLevelAllowed(parent.level, o.level)) {
    throw badField('body.level', 'hierarchy', `${parent.level} 下不能建立 ${o.level}`, `a ${o.level} cannot sit under a ${parent.level}`);
  }
  if ((await db.query('SELECT 1 FROM org_units WHERE code = $1', [o.code])).rowCount) {
    throw new DomainError('conflict', 'DUPLICATE', '单位编码已存在', 'org unit code already exists', [
      { field: 'body.code', rule: 'unique', message: '编码已存在', messageEn: 'code already exists' },
    ]);
  }
  return withTx(db, async (tx) => {
    const { id, path } = await insertOrgUnit(tx, o);
    await recordAudit(tx, actorOf(p), { action: 'org.create', entity: 'org_unit', entityId: id, orgUnitId: id, after: { ...o, path } });
    return { id, path, ...o };
  });
}

export async function updateOrgUnit(db: Db, p: OrgPrincipal, id: number, patch: OrgUnitPatch) {
  const before = await getOrgUnit(db, p, id);
  if (patch.active === false && id === p.orgUnitId) throw badField('body.active', 'self', '不能停用自己所在的单位', 'you cannot deactivate your own org unit');
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `UPDATE org_units SET name = COALESCE($2, name), name_en = COALESCE($3, name_en), area_type = COALESCE($4, area_type), active = COALESCE($5, active) WHERE id = $1 RETURNING *`,
      [id, patch.name ?? null, patch.nameEn ?? null, patch.areaType ?? null, patch.active ?? null],
    );
    const after = toOrg(rows[0]);
    await recordAudit(tx, actorOf(p), { action: 'org.update', entity: 'org_unit', entityId: id, orgUnitId: id, before, after });
    return after;
  });
}

/** An org unit by its code, when the principal's scope holds it (bill runs name their org by code). */
export async function getOrgUnitByCode(db: Queryable, p: OrgPrincipal, code: string): Promise<OrgUnit> {
  const { rows } = await db.query(`SELECT * FROM org_units WHERE code = $1 AND path LIKE $2 || '%'`, [code, p.orgPath]);
  if (!rows[0]) throw notFound('Org unit', '组织单位');
  return toOrg(rows[0]);
}
