import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { coversOrgPath, findOrgUnit, findOrgUnitInScope, inOrgScope, orgUnitField, orgUnitIdsUnder } from './org-scope.js';

const t = await testApp({ customers: 60 });
const units = (await t.db.query('SELECT id, code, path, level, name FROM org_units ORDER BY id')).rows as {
  id: number;
  code: string;
  path: string;
  level: string;
  name: string;
}[];
const unit = (code: string) => units.find((u) => u.code === code)!;

test('the helpers write the one rule of visibility', () => {
  assert.equal(inOrgScope('c.org_unit_id', '$2'), `c.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE $2 || '%')`);
  assert.equal(coversOrgPath('u.org_unit_id', '$1'), `u.org_unit_id IN (SELECT id FROM org_units WHERE $1 LIKE path || '%')`);
  assert.equal(
    coversOrgPath('u.org_unit_id', '$1', ['province', 'city']),
    `u.org_unit_id IN (SELECT id FROM org_units WHERE $1 LIKE path || '%' AND level IN ('province', 'city'))`,
  );
  assert.equal(orgUnitField('sp.org_unit_id', 'area_type'), '(SELECT area_type FROM org_units WHERE id = sp.org_unit_id)');
});

test('inOrgScope selects the unit of the path and everything under it, nothing beside it', async () => {
  for (const u of units) {
    const { rows } = await t.db.query(`SELECT id FROM (SELECT unnest($2::bigint[]) AS id) x WHERE ${inOrgScope('x.id', '$1')} ORDER BY id`, [
      u.path,
      units.map((v) => v.id),
    ]);
    assert.deepEqual(
      rows.map((r) => r.id),
      units.filter((v) => v.path.startsWith(u.path)).map((v) => v.id),
      u.code,
    );
    assert.deepEqual(
      await orgUnitIdsUnder(t.db, u.path),
      units.filter((v) => v.path.startsWith(u.path)).map((v) => v.id),
      u.code,
    );
  }
  const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM (VALUES (NULL::bigint)) x(id) WHERE ${inOrgScope('x.id', '$1')}`, ['/']);
  assert.equal(rows[0].n, 0, 'no org unit: in no scope');
});

test('coversOrgPath selects the unit of the path and the units above it', async () => {
  const hx = unit('SF-QH-HX');
  const { rows } = await t.db.query(`SELECT id FROM (SELECT unnest($2::bigint[]) AS id) x WHERE ${coversOrgPath('x.id', '$1')} ORDER BY id`, [
    hx.path,
    units.map((v) => v.id),
  ]);
  assert.deepEqual(
    rows.map((r) => r.id),
    units.filter((v) => hx.path.startsWith(v.path)).map((v) => v.id),
  );
  assert.ok(rows.length >= 3);
  const high = await t.db.query(`SELECT id FROM (SELECT unnest($2::bigint[]) AS id) x WHERE ${coversOrgPath('x.id', '$1', ['province', 'city'])} ORDER BY id`, [
    hx.path,
    units.map((v) => v.id),
  ]);
  assert.deepEqual(
    high.rows.map((r) => r.id),
    units.filter((v) => hx.path.startsWith(v.path) && ['province', 'city'].includes(v.level)).map((v) => v.id),
  );
});

test('findOrgUnit, findOrgUnitInScope and orgUnitField read one unit', async () => {
  const hx = unit('SF-QH-HX');
  const cg = unit('SF-QH-CG');
  assert.equal((await findOrgUnit(t.db, hx.id))?.path, hx.path);
  assert.equal(await findOrgUnit(t.db, 999_999), null);
  assert.equal((await findOrgUnitInScope(t.db, hx.id, hx.path))?.id, hx.id);
  assert.equal(await findOrgUnitInScope(t.db, cg.id, hx.path), null, 'a sibling is out of scope');
  assert.equal((await findOrgUnitInScope(t.db, hx.id, unit('SF-QH').path))?.name, hx.name);
  const { rows } = await t.db.query(`SELECT ${orgUnitField('$1::bigint', 'name')} AS name`, [hx.id]);
  assert.equal(rows[0].name, hx.name);
});

test('API: a station user sees the network of its station only; another station’s device answers 404', async () => {
  const hx = unit('SF-QH-HX');
  const cg = unit('SF-QH-CG');
  const station = await t.login('hx_calltaker');
  const county = await t.login('dispatcher');
  const mine = (await station.req('GET', '/api/network/devices')).json() as { id: number; orgUnitId: number }[];
  const all = (await county.req('GET', '/api/network/devices')).json() as { id: number; orgUnitId: number }[];
  assert.ok(mine.length > 0);
  assert.ok(mine.every((d) => units.find((u) => u.id === d.orgUnitId)!.path.startsWith(hx.path)));
  const other = all.find((d) => d.orgUnitId === cg.id);
  assert.ok(other, 'the county sees the other station');
  assert.equal((await station.req('GET', `/api/network/devices/${other.id}/downstream`)).statusCode, 404);
  assert.equal((await county.req('GET', `/api/network/devices/${other.id}/downstream`)).statusCode, 200);
});
