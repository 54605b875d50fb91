/**
 * Books for the seeded demo county: registers org units of the territory (src/seed/territory.ts)
 * as ledger units, so that billing, payments and collection post their money events there.
 */
import type { Queryable } from '../../src/db/pool.js';
import { registerLedgerUnit } from '../../src/modules/ledger/index.js';

/** The county company and its three supply stations: every unit the money tests keep books for. */
export const COUNTY_LEDGER_UNITS: readonly string[] = ['SF-QH', 'SF-QH-CG', 'SF-QH-HX', 'SF-QH-SH'];

export interface CountyUnit {
  id: number;
  code: string;
  name: string;
  path: string;
}

/** Registers the named org units (by code, in code order) as ledger units and answers them. */
export async function registerCountyLedgerUnits(db: Queryable, codes: readonly string[] = COUNTY_LEDGER_UNITS): Promise<CountyUnit[]> {
  const units = (await db.query(`SELECT id, code, name, path FROM org_units WHERE code = ANY($1::text[]) ORDER BY code`, [codes])).rows.map(
    (o): CountyUnit => ({ id: Number(o.id), code: o.code, name: o.name, path: o.path }),
  );
  if (units.length !== codes.length) throw new Error(`org units ${codes.join(', ')}: ${units.length} found (seed the territory first)`);
  for (const o of units) await registerLedgerUnit(db, { orgUnitId: o.id, orgPath: o.path, code: o.code, name: o.name });
  return units;
}
