/**
 * Pure ledger rules (docs/ledger.md): the account code rule, posting a money event by rules, the
 * balance of an entry, and rolling a trial balance up the chart. No I/O; every figure comes in.
 */
import { badField, DomainError } from '../../platform/errors.js';
import type { CodeRule, MoneyEvent, PostingRule, TbRow } from './schemas.js';

/** The level a code has under the rule (segment lengths add up to its length), or null when none. */
export function levelOf(code: string, rule: Pick<CodeRule, 'segmentLengths'>): number | null {
  let len = 0;
  for (let i = 0; i < rule.segmentLengths.length; i++) {
    len += rule.segmentLengths[i];
    if (len === code.length) return i + 1;
    if (len > code.length) return null;
  }
  return null;
}

/** The parent's code (the code without its last segment), or null at level 1. */
export function parentCode(code: string, rule: Pick<CodeRule, 'segmentLengths'>): string | null {
  const level = levelOf(code, rule);
  if (level === null || level === 1) return null;
  return code.slice(0, code.length - rule.segmentLengths[level - 1]);
}

/**
 * Who may add an account at a code: the group adds levels 1..groupLevels (codes and names unified
 * for every unit); a unit adds only levels below them. Throws naming `code` or `orgUnitId`.
 */
export function checkNewAccount(code: string, byUnit: boolean, rule: CodeRule): { level: number; parentCode: string | null } {
  const level = levelOf(code, rule);
  if (level === null) {
    throw badField(
      'code',
      'code_rule',
      `科目编码 ${code} 不符合编码规则 ${rule.segmentLengths.join('-')}`,
      `account code ${code} does not follow the code rule ${rule.segmentLengths.join('-')}`,
    );
  }
  if (byUnit && level <= rule.groupLevels) {
    throw badField(
      'code',
      'group_level',
      `${level} 级科目由集团统一设置，核算单位只能增设 ${rule.groupLevels + 1} 级及以下科目`,
      `level ${level} accounts are set by the group; a unit may add levels ${rule.groupLevels + 1} and below only`,
    );
  }
  if (!byUnit && level > rule.groupLevels) {
    throw badField('orgUnitId', 'required', `${level} 级科目属于核算单位，须指明单位`, `a level ${level} account belongs to a unit: name the unit`);
  }
  return { level, parentCode: parentCode(code, rule) };
}

export interface DraftLine {
  accountCode: string;
  debitFen: number;
  creditFen: number;
  counterOrgUnitId: number | null;
  memo: string | null;
}

/** Refuses an entry that does not balance or has fewer than two lines, naming the entry. */
export function checkBalanced(entryName: string, lines: DraftLine[]): void {
  const d = lines.reduce((s, l) => s + l.debitFen, 0);
  const c = lines.reduce((s, l) => s + l.creditFen, 0);
  if (lines.length < 2) throw badField('lines', 'min_lines', `凭证 ${entryName} 至少需要两行`, `entry ${entryName} needs at least two lines`);
  for (const [i, l] of lines.entries()) {
    if (!Number.isSafeInteger(l.debitFen) || !Number.isSafeInteger(l.creditFen) || l.debitFen < 0 || l.creditFen < 0 || l.debitFen > 0 === l.creditFen > 0) {
      throw badField(
        `lines.${i}`,
        'one_side',
        `凭证 ${entryName} 第 ${i + 1} 行须且只须有借方或贷方金额（正整数分）`,
        `entry ${entryName} line ${i + 1}: exactly one of debit or credit, a positive whole number of fen`,
      );
    }
  }
  if (d !== c)
    throw badField(
      'lines',
      'balanced',
      `凭证 ${entryName} 借贷不平：借方 ${d} 分，贷方 ${c} 分`,
      `entry ${entryName} does not balance: debits ${d} fen, credits ${c} fen`,
    );
}

/**
 * The lines a money event posts under the rules: for each step (seq) of its type, the row of the
 * event's customer class or else the class-less row; its amount is the named component ('total' =
 * all components). Zero amounts post no line. The result is checked to balance.
 */
export function linesForEvent(event: MoneyEvent, rules: PostingRule[]): DraftLine[] {
  const name = `${event.type}:${event.id}`;
  const mine = rules.filter((r) => r.eventType === event.type);
  if (!mine.length)
    throw new DomainError('invalid', 'NO_POSTING_RULE', `事件类型 ${event.type} 没有记账规则`, `no posting rule for event type ${event.type}`, [
      { field: 'type', rule: 'posting_rule', message: '没有记账规则', messageEn: 'no posting rule' },
    ]);
  const total = Object.values(event.amounts).reduce((s, v) => s + v, 0);
  const seqs = [...new Set(mine.map((r) => r.seq))].sort((a, b) => a - b);
  const lines: DraftLine[] = [];
  for (const seq of seqs) {
    const rule =
      mine.find((r) => r.seq === seq && r.customerClass !== null && r.customerClass === event.customerClass) ??
      mine.find((r) => r.seq === seq && r.customerClass === null);
    if (!rule)
      throw badField(
        'customerClass',
        'posting_rule',
        `事件 ${name} 的客户类别 ${event.customerClass ?? '（空）'} 没有第 ${seq} 步记账规则`,
        `event ${name}: no posting rule step ${seq} for customer class ${event.customerClass ?? '(none)'}`,
      );
    const amount = rule.amountKey === 'total' ? total : (event.amounts[rule.amountKey] ?? 0);
    if (amount === 0) continue;
    lines.push({
      accountCode: rule.accountCode,
      debitFen: rule.side === 'debit' ? amount : 0,
      creditFen: rule.side === 'credit' ? amount : 0,
      counterOrgUnitId: event.counterOrgUnitId ?? null,
      memo: event.memo ?? null,
    });
  }
  const known = new Set(mine.map((r) => r.amountKey));
  const unknown = Object.keys(event.amounts).filter((k) => !known.has(k) && event.amounts[k] !== 0);
  if (unknown.length)
    throw badField(
      `amounts.${unknown[0]}`,
      'posting_rule',
      `事件 ${name} 的金额项 ${unknown[0]} 没有对应的记账规则`,
      `event ${name}: amount ${unknown[0]} has no posting rule`,
    );
  if (total === 0) throw badField('amounts', 'nothing_to_post', `事件 ${name} 金额为零`, `event ${name} has no amount to post`);
  checkBalanced(name, lines);
  return lines;
}

export interface AccountNode {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: number;
  parentId: number | null;
  normalSide: 'debit' | 'credit';
}
export interface Movement {
  accountId: number;
  openingFen: number;
  debitFen: number;
  creditFen: number;
}

/**
 * Rolls movements up the chart: each account's row is its own movements plus those of every
 * account below it; rows in code order; totals over the level-1 accounts (they balance when every
 * entry did: opening and closing sum to zero, debits equal credits).
 */
export function rollUp(
  accounts: AccountNode[],
  movements: Movement[],
): { rows: TbRow[]; totals: { openingFen: number; debitFen: number; creditFen: number; closingFen: number; balanced: boolean } } {
  const byId = new Map(accounts.map((a) => [a.id, { ...a, openingFen: 0, debitFen: 0, creditFen: 0, closingFen: 0 }]));
  for (const m of movements) {
    let a = byId.get(m.accountId);
    while (a) {
      a.openingFen += m.openingFen;
      a.debitFen += m.debitFen;
      a.creditFen += m.creditFen;
      a = a.parentId === null ? undefined : byId.get(a.parentId);
    }
  }
  const rows: TbRow[] = [...byId.values()]
    .map((a) => ({
      accountId: a.id,
      code: a.code,
      name: a.name,
      nameEn: a.nameEn,
      level: a.level,
      parentId: a.parentId,
      normalSide: a.normalSide,
      openingFen: a.openingFen,
      debitFen: a.debitFen,
      creditFen: a.creditFen,
      closingFen: a.openingFen + a.debitFen - a.creditFen,
    }))
    .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  const top = rows.filter((r) => r.parentId === null);
  const sum = (k: 'openingFen' | 'debitFen' | 'creditFen' | 'closingFen') => top.reduce((s, r) => s + r[k], 0);
  const totals = { openingFen: sum('openingFen'), debitFen: sum('debitFen'), creditFen: sum('creditFen'), closingFen: sum('closingFen'), balanced: false };
  totals.balanced = totals.openingFen === 0 && totals.closingFen === 0 && totals.debitFen === totals.creditFen;
  return { rows, totals };
}

/** YYYYMM of a date; and the period's first and last day. */
export const periodOf = (date: string): number => +date.slice(0, 4) * 100 + +date.slice(5, 7);
export function periodBounds(period: number): { from: string; to: string } {
  const y = Math.floor(period / 100),
    m = period % 100;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
