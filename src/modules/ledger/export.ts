/**
 * Excel exports (exceljs): a unit's trial balance and an account's detail ledger. Amounts are
 * written as yuan (fen ÷ 100, format 0.00): exact for every amount below ¥90 trillion, since the
 * fen are whole numbers; totals are griddesk's integer-fen totals, not Excel formulas.
 */
import { excelJs, type Workbook } from '../../platform/excel/index.js';
import type { Db } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { accountLedger, trialBalance } from './reports.js';
import { visibleUnit } from './store.js';

const yuan = (fen: number) => fen / 100;
const MONEY = '#,##0.00;-#,##0.00';

async function toBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function trialBalanceXlsx(db: Db, p: Principal, orgUnitId: number, period: number): Promise<{ file: Buffer; name: string }> {
  const unit = await visibleUnit(db, p, orgUnitId);
  const tb = await trialBalance(db, p, orgUnitId, period);
  const wb = new (await excelJs()).Workbook();
  wb.creator = 'griddesk';
  const ws = wb.addWorksheet('科目余额表');
  ws.addRow([`科目余额表 / Trial balance — ${unit.name}`, `${period}`]);
  ws.addRow(['借方为正，贷方为负 / debit positive, credit negative; 单位：元 / yuan']);
  ws.addRow(['科目编码 Code', '科目名称 Account', '级次 Level', '期初余额 Opening', '本期借方 Debits', '本期贷方 Credits', '期末余额 Closing']).font = {
    bold: true,
  };
  for (const r of tb.rows) {
    if (r.openingFen === 0 && r.debitFen === 0 && r.creditFen === 0) continue;
    ws.addRow([r.code, `${'  '.repeat(r.level - 1)}${r.name}`, r.level, yuan(r.openingFen), yuan(r.debitFen), yuan(r.creditFen), yuan(r.closingFen)]);
  }
  const t = tb.totals;
  ws.addRow(['', `合计 Total${t.balanced ? ' ✓' : ' ✗'}`, '', yuan(t.openingFen), yuan(t.debitFen), yuan(t.creditFen), yuan(t.closingFen)]).font = {
    bold: true,
  };
  for (const c of [4, 5, 6, 7]) ws.getColumn(c).numFmt = MONEY;
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 36;
  for (const c of [4, 5, 6, 7]) ws.getColumn(c).width = 18;
  return { file: await toBuffer(wb), name: `trial-balance-${unit.code}-${period}.xlsx` };
}

export async function ledgerXlsx(db: Db, p: Principal, orgUnitId: number, period: number, accountCode: string): Promise<{ file: Buffer; name: string }> {
  const l = await accountLedger(db, p, orgUnitId, period, accountCode);
  const wb = new (await excelJs()).Workbook();
  wb.creator = 'griddesk';
  const ws = wb.addWorksheet('明细账');
  ws.addRow([`明细账 / Account ledger — ${l.unitName}`, `${accountCode} ${l.account?.name ?? ''}`, `${l.from} – ${l.to}`]);
  ws.addRow(['日期 Date', '凭证 Entry', '来源 Source', '摘要 Memo', '科目 Account', '借方 Debit', '贷方 Credit', '余额 Balance']).font = { bold: true };
  ws.addRow([l.from, '', '', '期初余额 Opening balance', '', null, null, yuan(l.openingFen)]);
  for (const x of l.lines)
    ws.addRow([
      x.date,
      x.entryId,
      `${x.sourceType}:${x.sourceId}`,
      x.memo ?? '',
      x.accountCode,
      x.debitFen ? yuan(x.debitFen) : null,
      x.creditFen ? yuan(x.creditFen) : null,
      yuan(x.balanceFen),
    ]);
  const d = l.lines.reduce((s, x) => s + x.debitFen, 0),
    c = l.lines.reduce((s, x) => s + x.creditFen, 0);
  ws.addRow([l.to, '', '', '本期合计 Period total', '', yuan(d), yuan(c), yuan(l.openingFen + d - c)]).font = { bold: true };
  for (const col of [6, 7, 8]) {
    ws.getColumn(col).numFmt = MONEY;
    ws.getColumn(col).width = 16;
  }
  ws.getColumn(3).width = 28;
  ws.getColumn(4).width = 30;
  return { file: await toBuffer(wb), name: `ledger-${accountCode}-${period}.xlsx` };
}
