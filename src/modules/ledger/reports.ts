/**
 * Reading the books: entries with their lines, the trial balance of a unit and period (from the
 * posted totals in ledger_balances), consolidation over a unit subtree with inter-unit
 * eliminations, and an account's detail ledger (明细账).
 */
import type { Db, Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { periodBounds, rollUp, type AccountNode, type Movement } from './rules.js';
import type { Account, Consolidation, Entry, EntryListQueryT, TrialBalance } from './schemas.js';
import { accountsFor, codeRule, unitsUnder, visibleUnit } from './store.js';

const node = (a: Account): AccountNode => ({
  id: a.id,
  code: a.code,
  name: a.name,
  nameEn: a.nameEn,
  level: a.level,
  parentId: a.parentId,
  normalSide: a.normalSide,
});

export async function listEntries(db: Db, p: Principal, q: EntryListQueryT): Promise<{ items: Entry[]; total: number }> {
  await visibleUnit(db, p, q.orgUnitId);
  const where = ['e.org_unit_id = $1'];
  const args: unknown[] = [q.orgUnitId];
  if (q.period !== undefined) {
    args.push(q.period);
    where.push(`e.period = $${args.length}`);
  }
  if (q.accountCode !== undefined) {
    args.push(q.accountCode);
    where.push(
      `EXISTS (SELECT 1 FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE l.entry_id = e.id AND a.code LIKE $${args.length} || '%')`,
    );
  }
  const total = Number((await db.query(`SELECT count(*) AS n FROM ledger_entries e WHERE ${where.join(' AND ')}`, args)).rows[0].n);
  args.push(q.limit ?? 50, q.offset ?? 0);
  const { rows } = await db.query(
    `SELECT e.*, e.entry_date::text AS entry_day, r.id AS reversed_by FROM ledger_entries e LEFT JOIN ledger_entries r ON r.reverses_entry_id = e.id
      WHERE ${where.join(' AND ')} ORDER BY e.entry_date DESC, e.id DESC LIMIT $${args.length - 1} OFFSET $${args.length}`,
    args,
  );
  return { items: await withLines(db, rows), total };
}

async function withLines(q: Queryable, rows: Record<string, any>[]): Promise<Entry[]> {
  const ids = rows.map((r) => r.id);
  const { rows: lines } = await q.query(
    `SELECT l.*, a.code, a.name, a.name_en FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE l.entry_id = ANY($1) ORDER BY l.entry_id, l.line_no`,
    [ids],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    orgUnitId: Number(r.org_unit_id),
    entryDate: r.entry_day,
    period: r.period,
    sourceType: r.source_type,
    sourceId: r.source_id,
    memo: r.memo,
    reversesEntryId: r.reverses_entry_id === null ? null : Number(r.reverses_entry_id),
    reversedByEntryId: r.reversed_by === null ? null : Number(r.reversed_by),
    postedAt: new Date(r.posted_at).toISOString(),
    lines: lines
      .filter((l) => Number(l.entry_id) === Number(r.id))
      .map((l) => ({
        lineNo: l.line_no,
        accountId: l.account_id,
        accountCode: l.code,
        accountName: l.name,
        accountNameEn: l.name_en,
        debitFen: Number(l.debit_fen),
        creditFen: Number(l.credit_fen),
        counterOrgUnitId: l.counter_org_unit_id === null ? null : Number(l.counter_org_unit_id),
        memo: l.memo,
      })),
  }));
}

/** The trial balance of one unit's books for a period: opening = everything before the period. No scope check (callers check). */
export async function trialBalanceOf(q: Queryable, orgUnitId: number, period: number): Promise<TrialBalance> {
  const accounts = await accountsFor(q, orgUnitId);
  const { rows } = await q.query(
    `SELECT account_id,
            COALESCE(sum(debit_fen - credit_fen) FILTER (WHERE period < $2), 0) AS opening,
            COALESCE(sum(debit_fen) FILTER (WHERE period = $2), 0) AS d,
            COALESCE(sum(credit_fen) FILTER (WHERE period = $2), 0) AS c
       FROM ledger_balances WHERE org_unit_id = $1 AND period <= $2 GROUP BY account_id`,
    [orgUnitId, period],
  );
  const movements: Movement[] = rows.map((r) => ({ accountId: r.account_id, openingFen: Number(r.opening), debitFen: Number(r.d), creditFen: Number(r.c) }));
  return { orgUnitId, period, ...rollUp(accounts.map(node), movements) };
}

export async function trialBalance(db: Db, p: Principal, orgUnitId: number, period: number): Promise<TrialBalance> {
  await visibleUnit(db, p, orgUnitId);
  return trialBalanceOf(db, orgUnitId, period);
}

/**
 * Consolidation (合并) of a unit and every ledger unit below it, on the group's accounts (a unit's
 * own sub-accounts fold into their group account). Lines whose counter-unit is also in the subtree
 * are eliminated — in the opening balances and in the period's movements; what was eliminated is
 * reported, and `matched` says whether both sides of every inter-unit pair were recorded.
 */
export async function consolidation(db: Db, p: Principal, rootOrgUnitId: number, period: number): Promise<Consolidation> {
  const root = await visibleUnit(db, p, rootOrgUnitId);
  const units = await unitsUnder(db, root.orgPath);
  const rule = await codeRule(db);
  const unitIds = units.map((u) => u.orgUnitId);
  const { rows: all } = await db.query('SELECT * FROM ledger_accounts WHERE org_unit_id IS NULL OR org_unit_id = ANY($1)', [unitIds]);
  const parentOf = new Map(all.map((a) => [a.id as number, a.parent_id as number | null]));
  const levelOf = new Map(all.map((a) => [a.id as number, a.level as number]));
  const groupAccount = (id: number): number => {
    let a = id;
    while ((levelOf.get(a) ?? 0) > rule.groupLevels) a = parentOf.get(a)!;
    return a;
  };
  const groupAccounts: Account[] = all
    .filter((a) => a.org_unit_id === null)
    .map((a) => ({
      id: a.id,
      code: a.code,
      name: a.name,
      nameEn: a.name_en,
      level: a.level,
      parentId: a.parent_id,
      category: a.category,
      normalSide: a.normal_side,
      orgUnitId: null,
    }));
  const { rows } = await db.query(
    `SELECT account_id, counter_org_unit_id = ANY($1) AS internal,
            COALESCE(sum(debit_fen - credit_fen) FILTER (WHERE period < $2), 0) AS opening,
            COALESCE(sum(debit_fen) FILTER (WHERE period = $2), 0) AS d,
            COALESCE(sum(credit_fen) FILTER (WHERE period = $2), 0) AS c
       FROM ledger_balances WHERE org_unit_id = ANY($1) AND period <= $2 GROUP BY 1, 2`,
    [unitIds, period],
  );
  const kept: Movement[] = [];
  const elim: Movement[] = [];
  let elimOpening = 0;
  for (const r of rows) {
    const m = { accountId: groupAccount(r.account_id), openingFen: Number(r.opening), debitFen: Number(r.d), creditFen: Number(r.c) };
    if (r.internal) {
      elim.push(m);
      elimOpening += m.openingFen;
    } else kept.push(m);
  }
  const tb = rollUp(groupAccounts.map(node), kept);
  const el = rollUp(groupAccounts.map(node), elim);
  const elById = new Map(el.rows.map((r) => [r.accountId, r]));
  const eliminated = { debitFen: el.totals.debitFen, creditFen: el.totals.creditFen, matched: el.totals.debitFen === el.totals.creditFen && elimOpening === 0 };
  return {
    rootOrgUnitId,
    period,
    units,
    rows: tb.rows.map((r) => ({
      ...r,
      eliminatedDebitFen: elById.get(r.accountId)?.debitFen ?? 0,
      eliminatedCreditFen: elById.get(r.accountId)?.creditFen ?? 0,
    })),
    totals: tb.totals,
    eliminated,
  };
}

export interface DetailLine {
  date: string;
  entryId: number;
  sourceType: string;
  sourceId: string;
  memo: string | null;
  accountCode: string;
  debitFen: number;
  creditFen: number;
  balanceFen: number;
}

/** An account's detail ledger (明细账) for a unit and period: the account and everything below it, with the running balance (debit-positive). */
export async function accountLedger(
  db: Db,
  p: Principal,
  orgUnitId: number,
  period: number,
  accountCode: string,
): Promise<{ unitName: string; account: Account | null; openingFen: number; lines: DetailLine[]; from: string; to: string }> {
  const unit = await visibleUnit(db, p, orgUnitId);
  const account = (await accountsFor(db, orgUnitId)).find((a) => a.code === accountCode) ?? null;
  const { rows: o } = await db.query(
    `SELECT COALESCE(sum(b.debit_fen - b.credit_fen), 0) AS n FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE b.org_unit_id = $1 AND b.period < $2 AND a.code LIKE $3 || '%'`,
    [orgUnitId, period, accountCode],
  );
  const { rows } = await db.query(
    `SELECT l.entry_date::text AS day, l.entry_id, e.source_type, e.source_id, COALESCE(l.memo, e.memo) AS memo, a.code, l.debit_fen, l.credit_fen
       FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id JOIN ledger_entries e ON e.id = l.entry_id
      WHERE l.org_unit_id = $1 AND l.period = $2 AND a.code LIKE $3 || '%' ORDER BY l.entry_date, l.entry_id, l.line_no`,
    [orgUnitId, period, accountCode],
  );
  let bal = Number(o[0].n);
  const lines = rows.map((r) => {
    bal += Number(r.debit_fen) - Number(r.credit_fen);
    return {
      date: r.day,
      entryId: Number(r.entry_id),
      sourceType: r.source_type,
      sourceId: r.source_id,
      memo: r.memo,
      accountCode: r.code,
      debitFen: Number(r.debit_fen),
      creditFen: Number(r.credit_fen),
      balanceFen: bal,
    };
  });
  return { unitName: unit.name, account, openingFen: Number(o[0].n), lines, ...periodBounds(period) };
}
