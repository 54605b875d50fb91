/**
 * Excel export of a bill run (docs/billing.md §15), written with exceljs's streaming workbook writer so a
 * run of any size goes out row by row (bills and lines read in batches by account, never all in memory).
 *
 * Sheets: 汇总 Summary (by customer class, pricing and voltage, then by class and tariff version and line
 * kind, each with integer-fen columns that add up exactly to the run's total), 账单 Bills (one row per
 * bill with its total) and 明细 Lines (one row per stored line). Amounts are shown in yuan (fen ÷ 100,
 * format 0.00: exact for every amount below ¥90 trillion since the fen are whole numbers) beside the fen;
 * the totals are griddesk's integer sums, not Excel formulas. The summary is computed in SQL from the same
 * rows and refused (no file) if it does not tie to the run's total to the fen.
 */
import { PassThrough, type Readable } from 'node:stream';
import { excelJs } from '../../platform/excel/index.js';
import type { Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { billAddressees } from '../customers/index.js';
import { getRun } from './billruns.js';

const MONEY = '#,##0.00;-#,##0.00';
const yuanNumber = (fen: number) => fen / 100;

/** The kind of a bill line by its code: energy, basic, power factor, fund, other. */
export function lineKind(code: string): { key: string; zh: string } {
  const c = code.replace(/^reversal_/, '');
  if (c.startsWith('energy')) return { key: 'energy', zh: '电度电费' };
  if (c.startsWith('basic')) return { key: 'basic', zh: '基本电费' };
  if (c.startsWith('pf_')) return { key: 'power_factor', zh: '功率因数调整电费' };
  if (c.startsWith('fund_')) return { key: 'fund', zh: '政府性基金及附加' };
  return { key: 'other', zh: '其他' };
}

export interface RunSummary {
  totalFen: number;
  bills: number;
  byClass: { customerClass: string; pricing: string; voltage: string; bills: number; kwh: string; totalFen: number }[];
  byTariff: { customerClass: string; tariffCode: string; kind: string; lines: number; amountFen: number }[];
}

/** The run's totals by class and by tariff version and line kind, each tied to the run's total (integer fen). */
export async function runSummary(db: Queryable, runId: number): Promise<RunSummary> {
  const [tot, byClass, byTariff] = await Promise.all([
    db.query(`SELECT count(*)::int AS bills, coalesce(sum(total_fen), 0)::bigint AS fen FROM bills WHERE run_id = $1`, [runId]),
    db.query(
      `SELECT inputs->'account'->>'customerClass' AS class, inputs->'account'->>'pricing' AS pricing, inputs->'account'->>'voltage' AS voltage,
              count(*)::int AS bills, sum(kwh)::text AS kwh, sum(total_fen)::bigint AS fen
         FROM bills WHERE run_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [runId],
    ),
    db.query(
      `SELECT b.inputs->'account'->>'customerClass' AS class, coalesce(l.tariff_code, '') AS tariff, l.code, count(*)::int AS lines, sum(l.amount_fen)::bigint AS fen
         FROM bills b JOIN bill_lines l ON l.account_id = b.account_id AND l.bill_id = b.id WHERE b.run_id = $1 GROUP BY 1, 2, 3`,
      [runId],
    ),
  ]);
  const totalFen = Number(tot.rows[0].fen);
  // line codes grouped into kinds (energy tiers and periods are one kind here; the Lines sheet has them all)
  const kinds = new Map<string, RunSummary['byTariff'][number]>();
  for (const r of byTariff.rows) {
    const k = lineKind(r.code);
    const key = `${r.class}|${r.tariff}|${k.key}`;
    const g = kinds.get(key) ?? { customerClass: r.class, tariffCode: r.tariff, kind: k.key, lines: 0, amountFen: 0 };
    g.lines += r.lines;
    g.amountFen += Number(r.fen);
    kinds.set(key, g);
  }
  const summary: RunSummary = {
    totalFen,
    bills: tot.rows[0].bills,
    byClass: byClass.rows.map((r) => ({
      customerClass: r.class,
      pricing: r.pricing,
      voltage: r.voltage,
      bills: r.bills,
      kwh: r.kwh,
      totalFen: Number(r.fen),
    })),
    byTariff: [...kinds.values()].sort((a, b) =>
      a.customerClass !== b.customerClass
        ? a.customerClass < b.customerClass
          ? -1
          : 1
        : a.tariffCode !== b.tariffCode
          ? a.tariffCode < b.tariffCode
            ? -1
            : 1
          : a.kind < b.kind
            ? -1
            : 1,
    ),
  };
  const sumClass = summary.byClass.reduce((s, r) => s + r.totalFen, 0);
  const sumTariff = summary.byTariff.reduce((s, r) => s + r.amountFen, 0);
  if (sumClass !== totalFen || sumTariff !== totalFen)
    throw new Error(`run ${runId}: summary does not tie (total ${totalFen} fen, by class ${sumClass}, by tariff ${sumTariff})`);
  return summary;
}

const KIND_ZH: Record<string, string> = { energy: '电度电费', basic: '基本电费', power_factor: '功率因数调整电费', fund: '政府性基金及附加', other: '其他' };
const CLASS_ZH: Record<string, string> = { residential: '居民', commercial_industrial: '工商业', agricultural: '农业' };

/** The run as an .xlsx stream; the run is checked in the principal's scope and the summary tied before the first byte. */
export async function runWorkbook(
  db: Queryable,
  p: Principal,
  runId: number,
  batch = 1000,
): Promise<{ stream: Readable; name: string; done: Promise<{ bills: number; lines: number }> }> {
  const run = await getRun(db, p, runId);
  const summary = await runSummary(db, runId);
  const out = new PassThrough();
  const wb = new (await excelJs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'griddesk';
  const done = (async () => {
    try {
      const s = wb.addWorksheet('汇总 Summary');
      s.columns = [{ width: 16 }, { width: 22 }, { width: 18 }, { width: 12 }, { width: 16 }, { width: 18 }, { width: 18 }];
      s.addRow([`核算批次 ${run.id} / Bill run ${run.id}`, `电费年月 ${run.cycle}`, `状态 ${run.status}`]).commit();
      s.addRow([`账单 ${summary.bills} 张 / bills`, `合计 ¥${(summary.totalFen / 100).toFixed(2)}`, `${summary.totalFen} 分 / fen`]).commit();
      s.addRow(['金额单位：元（保留两位）与分（整数）；合计为逐行整数分之和 / yuan and integer fen; totals are integer sums']).commit();
      s.addRow([]).commit();
      const h1 = s.addRow(['用户类别 Class', '计价 Pricing', '电压 Voltage', '账单 Bills', '电量 kWh', '金额（元） Yuan', '金额（分） Fen']);
      h1.font = { bold: true };
      h1.commit();
      for (const r of summary.byClass) {
        const row = s.addRow([
          `${CLASS_ZH[r.customerClass] ?? ''} ${r.customerClass}`,
          r.pricing,
          r.voltage,
          r.bills,
          Number(r.kwh),
          yuanNumber(r.totalFen),
          r.totalFen,
        ]);
        row.getCell(6).numFmt = MONEY;
        row.commit();
      }
      const t1 = s.addRow(['合计 Total', '', '', summary.bills, null, yuanNumber(summary.totalFen), summary.totalFen]);
      t1.font = { bold: true };
      t1.getCell(6).numFmt = MONEY;
      t1.commit();
      s.addRow([]).commit();
      const h2 = s.addRow(['用户类别 Class', '电价版本 Tariff', '项目 Kind', '行数 Lines', '', '金额（元） Yuan', '金额（分） Fen']);
      h2.font = { bold: true };
      h2.commit();
      for (const r of summary.byTariff) {
        const row = s.addRow([r.customerClass, r.tariffCode, `${KIND_ZH[r.kind]} ${r.kind}`, r.lines, null, yuanNumber(r.amountFen), r.amountFen]);
        row.getCell(6).numFmt = MONEY;
        row.commit();
      }
      const t2 = s.addRow(['合计 Total', '', '', summary.byTariff.reduce((a, r) => a + r.lines, 0), null, yuanNumber(summary.totalFen), summary.totalFen]);
      t2.font = { bold: true };
      t2.getCell(6).numFmt = MONEY;
      t2.commit();
      s.commit();

      const bs = wb.addWorksheet('账单 Bills');
      bs.columns = [
        { header: '账单号 Bill', width: 10 },
        { header: '户号 Account', width: 14 },
        { header: '户名 Name', width: 22 },
        { header: '类别 Class', width: 22 },
        { header: '类型 Kind', width: 9 },
        { header: '状态 Status', width: 10 },
        { header: '电量 kWh', width: 12 },
        { header: '金额（元） Yuan', width: 14, style: { numFmt: MONEY } },
        { header: '金额（分） Fen', width: 14 },
        { header: '缴费期限 Due', width: 12 },
        { header: '电价版本 Tariffs', width: 30 },
      ];
      const ls = wb.addWorksheet('明细 Lines');
      ls.columns = [
        { header: '账单号 Bill', width: 10 },
        { header: '户号 Account', width: 14 },
        { header: '行 Line', width: 6 },
        { header: '代码 Code', width: 20 },
        { header: '项目 Item', width: 26 },
        { header: '电价版本 Tariff', width: 18 },
        { header: '示数 Register', width: 12 },
        { header: '抄表 Reading', width: 50 },
        { header: '数量 Qty', width: 12 },
        { header: '单位 Unit', width: 10 },
        { header: '单价 Price', width: 10 },
        { header: '金额（元） Yuan', width: 14, style: { numFmt: MONEY } },
        { header: '金额（分） Fen', width: 14 },
        { header: '规则 Rule', width: 30 },
      ];
      let after = 0,
        bills = 0,
        lines = 0,
        billFen = 0;
      for (;;) {
        const { rows } = await db.query(
          `SELECT id, account_id, kind, status, kwh::text AS kwh, total_fen, to_char(due_date, 'YYYY-MM-DD') AS due, tariff_codes, inputs->'account'->>'customerClass' AS class,
                  inputs->'account'->>'pricing' AS pricing, inputs->'account'->>'voltage' AS voltage
             FROM bills WHERE run_id = $1 AND account_id > $2 ORDER BY account_id LIMIT $3`,
          [runId, after, batch],
        );
        if (!rows.length) break;
        const to = await billAddressees(
          db,
          rows.map((r) => Number(r.account_id)),
        );
        const { rows: lrows } = await db.query(
          `SELECT bill_id, account_id, line_no, code, label_zh, tariff_code, register, reading, quantity, unit, price, amount_fen, rule FROM bill_lines
            WHERE account_id = ANY($1::bigint[]) AND bill_id = ANY($2::bigint[]) ORDER BY account_id, line_no`,
          [rows.map((r) => r.account_id), rows.map((r) => r.id)],
        );
        for (const r of rows) {
          const a = to.get(Number(r.account_id));
          bs.addRow([
            Number(r.id),
            a?.accountNo ?? String(r.account_id),
            a?.customerName ?? '',
            `${r.class}/${r.pricing}/${r.voltage}`,
            r.kind,
            r.status,
            Number(r.kwh),
            yuanNumber(Number(r.total_fen)),
            Number(r.total_fen),
            r.due ?? '',
            (r.tariff_codes as string[]).join(', '),
          ]).commit();
          billFen += Number(r.total_fen);
          bills++;
        }
        for (const l of lrows) {
          ls.addRow([
            Number(l.bill_id),
            to.get(Number(l.account_id))?.accountNo ?? String(l.account_id),
            l.line_no,
            l.code,
            l.label_zh,
            l.tariff_code ?? '',
            l.register ?? '',
            l.reading ?? '',
            Number(l.quantity),
            l.unit,
            l.price,
            yuanNumber(Number(l.amount_fen)),
            Number(l.amount_fen),
            l.rule,
          ]).commit();
          lines++;
        }
        after = Number(rows[rows.length - 1].account_id);
      }
      const bt = bs.addRow(['合计 Total', '', '', '', '', '', null, yuanNumber(billFen), billFen]);
      bt.font = { bold: true };
      bt.commit();
      bs.commit();
      ls.commit();
      await wb.commit();
      return { bills, lines };
    } catch (e) {
      out.destroy(e as Error);
      throw e;
    }
  })();
  done.catch(() => undefined);
  return { stream: out, name: `bill-run-${run.cycle}-${run.id}.xlsx`, done };
}
