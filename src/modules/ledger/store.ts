/** Reads the ledger's reference data: the code rule, posting rules, units and accounts visible to a unit. */
import type { Queryable } from '../../db/pool.js';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import type { Account, CodeRule, LedgerUnit, PostingRule } from './schemas.js';

export async function codeRule(q: Queryable): Promise<CodeRule> {
  const { rows } = await q.query('SELECT segment_lengths, group_levels, source FROM ledger_settings WHERE id = 1');
  return { segmentLengths: rows[0].segment_lengths, groupLevels: rows[0].group_levels, source: rows[0].source };
}

export async function postingRules(q: Queryable): Promise<PostingRule[]> {
  const { rows } = await q.query('SELECT * FROM ledger_posting_rules ORDER BY event_type, seq, customer_class NULLS LAST');
  return rows.map((r) => ({
    eventType: r.event_type,
    seq: r.seq,
    customerClass: r.customer_class,
    side: r.side,
    amountKey: r.amount_key,
    accountCode: r.account_code,
    source: r.source,
  }));
}

const toUnit = (r: Record<string, any>): LedgerUnit => ({
  orgUnitId: Number(r.org_unit_id),
  orgPath: r.org_path,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
});

export async function unitById(q: Queryable, orgUnitId: number): Promise<LedgerUnit | null> {
  const { rows } = await q.query('SELECT * FROM ledger_units WHERE org_unit_id = $1', [orgUnitId]);
  return rows[0] ? toUnit(rows[0]) : null;
}

/** A unit that keeps books and lies in the caller's scope; 404 otherwise (existence does not leak). */
export async function visibleUnit(q: Queryable, p: Principal, orgUnitId: number): Promise<LedgerUnit> {
  const { rows } = await q.query(`SELECT * FROM ledger_units WHERE org_unit_id = $1 AND org_path LIKE $2 || '%'`, [orgUnitId, p.orgPath]);
  if (!rows[0]) throw notFound('Ledger unit', '核算单位');
  return toUnit(rows[0]);
}

export async function listUnits(q: Queryable, p: Principal): Promise<LedgerUnit[]> {
  const { rows } = await q.query(`SELECT * FROM ledger_units WHERE org_path LIKE $1 || '%' ORDER BY org_path`, [p.orgPath]);
  return rows.map(toUnit);
}

/** Units in a subtree (the root's own path and below). */
export async function unitsUnder(q: Queryable, path: string): Promise<LedgerUnit[]> {
  const { rows } = await q.query(`SELECT * FROM ledger_units WHERE org_path LIKE $1 || '%' ORDER BY org_path`, [path]);
  return rows.map(toUnit);
}

export const toAccount = (r: Record<string, any>): Account => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  level: r.level,
  parentId: r.parent_id,
  category: r.category,
  normalSide: r.normal_side,
  orgUnitId: r.org_unit_id === null ? null : Number(r.org_unit_id),
});

/** The group's accounts and, with a unit, that unit's own sub-accounts; in code order. */
export async function accountsFor(q: Queryable, orgUnitId: number | null): Promise<Account[]> {
  const { rows } = await q.query('SELECT * FROM ledger_accounts WHERE org_unit_id IS NULL OR org_unit_id = $1 ORDER BY code', [orgUnitId]);
  return rows.map(toAccount);
}

/**
 * Registers an org unit as an accounting entity (核算单位) with its org path (for scope and
 * consolidation). Idempotent. Org units that keep no books (halls, stations) are not registered.
 */
export async function registerLedgerUnit(
  q: Queryable,
  u: { orgUnitId: number; orgPath: string; code: string; name: string; nameEn?: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO ledger_units (org_unit_id, org_path, code, name, name_en) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_unit_id) DO UPDATE SET org_path = EXCLUDED.org_path, name = EXCLUDED.name, name_en = EXCLUDED.name_en`,
    [u.orgUnitId, u.orgPath, u.code, u.name, u.nameEn ?? null],
  );
}

/**
 * For billing and payments: the ledger unit that keeps the books of an org unit — the unit itself
 * or its nearest ancestor registered in ledger_units (longest path that prefixes the org path); null if none.
 */
export async function ledgerUnitFor(q: Queryable, orgPath: string): Promise<LedgerUnit | null> {
  const { rows } = await q.query(`SELECT * FROM ledger_units WHERE $1 LIKE org_path || '%' ORDER BY length(org_path) DESC LIMIT 1`, [orgPath]);
  return rows[0] ? toUnit(rows[0]) : null;
}

/** All ledger units, for callers mapping many org paths at once (longest prefix wins). */
export async function allLedgerUnits(q: Queryable): Promise<LedgerUnit[]> {
  const { rows } = await q.query('SELECT * FROM ledger_units ORDER BY length(org_path) DESC');
  return rows.map(toUnit);
}
