/**
 * Org scope, written once. A principal sees a row when the row's org unit lies in its subtree:
 * the unit's `path` (a materialised path like `/1/3/7/`) starts with the principal's `orgPath`
 * (`/1/3/`). Every module used to spell that rule out by hand — a join to org_units and
 * `o.path LIKE $n || '%'`, about fifty times over. These helpers are now the only place it is
 * written, because:
 * - there is one rule of visibility, so there is one text of it: a query that forgets the `|| '%'`
 *   or compares the wrong column cannot be written by calling a helper;
 * - there is one place to change it (an index, another representation of the tree, a cache);
 * - org_units belongs to this module (src/modules/table-owners.ts): its owner writes the SQL that
 *   reads it, other modules call these functions and never name the table.
 *
 * The SQL helpers return text to splice into a statement; their arguments are the caller's own
 * column and parameter references (`c.org_unit_id`, `$2`), never user input.
 *
 * Plans: `col IN (SELECT id FROM org_units WHERE path LIKE $n || '%')` is a semi-join that
 * PostgreSQL plans like the old inner join on org_units' primary key (the subquery reads the few
 * units of the subtree through org_units_path_idx, or the whole small table, once); checked with
 * EXPLAIN on the customer search and the work-order queue.
 */
import type { Queryable } from '../../db/pool.js';
import type { OrgLevel } from './rules.js';

/** SQL condition: the org unit in `orgUnitColumn` lies in the subtree of the path in `orgPathParam` (the unit of the path included). */
export function inOrgScope(orgUnitColumn: string, orgPathParam: string): string {
  return `${orgUnitColumn} IN (SELECT id FROM org_units WHERE path LIKE ${orgPathParam} || '%')`;
}

/**
 * SQL condition, the same rule for a scope that changes from row to row (a batch of requests, each
 * with its caller's path, as intake's grouped read): the unit's own path by its primary key, compared
 * with the row's scope. Measured on the intake bench: the IN (subquery) form, re-run for every row,
 * cost about a sixth of intake's throughput; this one is an index lookup per row.
 */
export function inRowOrgScope(orgUnitColumn: string, orgPathExpression: string): string {
  return `${orgUnitField(orgUnitColumn, 'path')} LIKE ${orgPathExpression} || '%'`;
}

/** SQL condition, the other way up: the org unit in `orgUnitColumn` covers the path in `orgPathParam` (it is that unit or one above it). */
export function coversOrgPath(orgUnitColumn: string, orgPathParam: string, levels?: readonly OrgLevel[]): string {
  const level = levels ? ` AND level IN (${levels.map((l) => `'${l}'`).join(', ')})` : '';
  return `${orgUnitColumn} IN (SELECT id FROM org_units WHERE ${orgPathParam} LIKE path || '%'${level})`;
}

/** The columns of an org unit other modules may show or copy. */
export type OrgUnitField = 'name' | 'name_en' | 'path' | 'level' | 'area_type';

/** SQL expression: one column of the org unit in `orgUnitColumn` (null when there is none), e.g. its name for a list. */
export function orgUnitField(orgUnitColumn: string, field: OrgUnitField): string {
  return `(SELECT ${field} FROM org_units WHERE id = ${orgUnitColumn})`;
}

export interface OrgUnitRef {
  id: number;
  path: string;
  name: string;
  nameEn: string | null;
  level: OrgLevel;
  areaType: string;
  active: boolean;
}

const toRef = (r: Record<string, any>): OrgUnitRef => ({
  id: r.id,
  path: r.path,
  name: r.name,
  nameEn: r.name_en,
  level: r.level,
  areaType: r.area_type,
  active: r.active,
});

/** One org unit by id, or null; unscoped (the caller decides what the unit may be used for). */
export async function findOrgUnit(q: Queryable, id: number): Promise<OrgUnitRef | null> {
  const { rows } = await q.query('SELECT id, path, name, name_en, level, area_type, active FROM org_units WHERE id = $1', [id]);
  return rows[0] ? toRef(rows[0]) : null;
}

/** One org unit by id if it lies in the subtree of `orgPath`, else null. */
export async function findOrgUnitInScope(q: Queryable, id: number, orgPath: string): Promise<OrgUnitRef | null> {
  const { rows } = await q.query(`SELECT id, path, name, name_en, level, area_type, active FROM org_units WHERE id = $1 AND path LIKE $2 || '%'`, [
    id,
    orgPath,
  ]);
  return rows[0] ? toRef(rows[0]) : null;
}

/** The ids of every org unit in the subtree of `orgPath` (the unit of the path included), ascending. */
export async function orgUnitIdsUnder(q: Queryable, orgPath: string): Promise<number[]> {
  const { rows } = await q.query(`SELECT id FROM org_units WHERE path LIKE $1 || '%' ORDER BY id`, [orgPath]);
  return rows.map((r) => r.id as number);
}

/** Every org unit in the subtree of `orgPath` with its code and parent (for reports that walk the tree), by path. */
export async function orgUnitRefsUnder(q: Queryable, orgPath: string): Promise<(OrgUnitRef & { code: string; parentId: number | null })[]> {
  const { rows } = await q.query(
    `SELECT id, parent_id, code, path, name, name_en, level, area_type, active FROM org_units WHERE path LIKE $1 || '%' ORDER BY path`,
    [orgPath],
  );
  return rows.map((r) => ({ ...toRef(r), id: Number(r.id), code: r.code, parentId: r.parent_id === null ? null : Number(r.parent_id) }));
}
