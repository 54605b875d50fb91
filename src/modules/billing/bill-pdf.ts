/**
 * Bill documents as PDF (docs/billing.md §13): one bill on demand (staff in their org scope, a customer
 * their own released bills), and a whole run's print file (every bill of the run, each from a new page, in
 * account order) streamed as it is drawn. What a bill says comes from bill-document-rules.ts; this file
 * reads the stored bills and draws them with the platform's PDF document (Chinese font subset embedded).
 */
import type { Readable } from 'node:stream';
import type { Queryable } from '../../db/pool.js';
import { openPdf, renderPdf, table, type Pdf } from '../../platform/pdf/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { billAddressees } from '../customers/index.js';
import { findOrgUnit } from '../orgs/index.js';
import { billDocument, type BillDocument, type BillForDocument, type DocumentSettings } from './bill-document-rules.js';
import { billVisible, getRun } from './billruns.js';
import { QR_QUIET_ZONE, qrRuns, qrSvg } from './bill-pay-rules.js';

interface DocSettings {
  hotline: string;
  lateFeeNoticeZh: string;
  payLink: string | null;
}
async function docSettings(db: Queryable): Promise<DocSettings> {
  const r = (await db.query(`SELECT hotline, late_fee_notice_zh, pay_link FROM billing_settings WHERE id = 1`)).rows[0];
  return { hotline: r.hotline, lateFeeNoticeZh: r.late_fee_notice_zh, payLink: r.pay_link };
}

/** Org unit names by id, remembered for a print file (a run has few units). */
function orgNames(db: Queryable) {
  const cache = new Map<number, string>();
  return async (id: number): Promise<string> => {
    let n = cache.get(id);
    if (n === undefined) {
      n = (await findOrgUnit(db, id))?.name ?? '';
      cache.set(id, n);
    }
    return n;
  };
}

async function settingsFor(
  db: Queryable,
  s: DocSettings,
  name: (id: number) => Promise<string>,
  orgUnitId: number,
  orgPath: string,
): Promise<DocumentSettings> {
  const root = Number(orgPath.split('/')[1]);
  return {
    companyName: await name(root),
    unitName: root === orgUnitId ? '' : await name(orgUnitId),
    hotline: s.hotline,
    lateFeeNoticeZh: s.lateFeeNoticeZh,
    payLink: s.payLink,
  };
}

const A4_WIDTH = 595.28;
const MARGIN = 40;
const WIDTH = A4_WIDTH - 2 * MARGIN;
/** The printed QR code's side in points (quiet zone included): 64 pt ≈ 22.6 mm, modules ≥ 0.5 mm up to version 6. */
const QR_SIDE = 64;

/** The pay QR code in the page's top-right corner, dark modules as one filled path of rectangles (no image). */
function drawQr(doc: Pdf, text: string): void {
  const { size, runs } = qrRuns(text);
  const unit = QR_SIDE / (size + 2 * QR_QUIET_ZONE);
  const x0 = A4_WIDTH - MARGIN - QR_SIDE + QR_QUIET_ZONE * unit;
  const y0 = MARGIN;
  doc.save();
  for (const r of runs) doc.rect(x0 + r.x * unit, y0 + r.y * unit, r.w * unit, unit);
  doc.fillColor('#000000').fill();
  doc.restore();
  doc
    .fontSize(7)
    .fillColor('#333333')
    .text('扫码缴费', A4_WIDTH - MARGIN - QR_SIDE, y0 + size * unit + 2, { width: QR_SIDE, align: 'center', lineBreak: false });
}

/** Draws one bill from the current page's top. */
export function drawBill(doc: Pdf, d: BillDocument): void {
  const x0 = MARGIN;
  if (d.payText) drawQr(doc, d.payText);
  doc.fillColor('#000000');
  doc.fontSize(13).text(d.company, x0, MARGIN, { width: WIDTH, align: 'center' });
  if (d.unit) doc.fontSize(10).text(d.unit, { width: WIDTH, align: 'center' });
  doc.moveDown(0.2);
  doc.fontSize(18).text(d.kindZh ? `${d.title}（${d.kindZh}）` : d.title, { width: WIDTH, align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(8.5).fillColor('#333333').text(`账单号 ${d.billNo}    缴费编号 ${d.payRef}`, x0, doc.y, { width: WIDTH, align: 'right' });
  doc.fillColor('#000000').moveDown(0.4);
  // the addressee and the period: two pairs a row
  const half = WIDTH / 2;
  for (let i = 0; i < d.fields.length; i += 2) {
    const y = doc.y;
    let h = 0;
    for (let k = 0; k < 2 && i + k < d.fields.length; k++) {
      const [label, value] = d.fields[i + k];
      doc.fontSize(9).text(`${label}：${value}`, x0 + k * half, y, { width: half - 8 });
      h = Math.max(h, doc.y - y);
    }
    doc.x = x0;
    doc.y = y + h + 3;
  }
  doc.moveDown(0.5);
  if (d.reads.length) {
    doc.fontSize(10).text('抄表示数', x0, doc.y);
    doc.moveDown(0.2);
    table(
      doc,
      [
        { title: '表号', width: 110 },
        { title: '示数类型', width: 70 },
        { title: '上次示数', width: 90, align: 'right' },
        { title: '本次示数', width: 90, align: 'right' },
        { title: '倍率', width: 55, align: 'right' },
        { title: '结算电量', width: 100, align: 'right' },
      ],
      d.reads.map((r) => [r.meterNo, r.registerZh, r.previous, r.current, r.multiplier, r.quantity]),
    );
  }
  doc.fontSize(10).text('电费明细', x0, doc.y);
  doc.moveDown(0.2);
  table(
    doc,
    [
      { title: '项目', width: 165 },
      { title: '数量', width: 105, align: 'right' },
      { title: '单价（元）', width: 70, align: 'right' },
      { title: '金额（元）', width: 80, align: 'right' },
      { title: '电价版本', width: 95 },
    ],
    d.lines.map((l) => [l.labelZh, l.quantity, l.price, l.amount, l.tariffCode]),
  );
  doc.moveDown(0.3);
  doc.fontSize(12).text(`本期电费合计：¥${d.total}`, x0, doc.y, { width: WIDTH, align: 'right' });
  doc.fontSize(9).text(`人民币（大写）${d.totalInWords}`, { width: WIDTH, align: 'right' });
  if (d.dueDate) {
    doc.moveDown(0.3);
    doc.fontSize(11).text(`缴费期限：${d.dueDate}`, x0, doc.y, { width: WIDTH, align: 'right' });
  }
  doc.moveDown(0.8);
  doc.fontSize(8).fillColor('#333333');
  for (const n of d.notices) doc.text(n, x0, doc.y, { width: WIDTH });
  doc.fillColor('#000000');
}

const BILL_ROW = `b.id, b.account_id, b.cycle, b.kind, b.status, to_char(b.period_from, 'YYYY-MM-DD') AS period_from, to_char(b.period_to, 'YYYY-MM-DD') AS period_to,
  b.kwh::text AS kwh, b.total_fen, to_char(b.due_date, 'YYYY-MM-DD') AS due_date, b.released_at, b.reason, b.replaces_bill_id, b.inputs, b.org_unit_id, b.org_path`;

const toDocBill = (r: Record<string, any>, lines: BillForDocument['lines']): BillForDocument => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  cycle: r.cycle,
  kind: r.kind,
  status: r.status,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  kwh: r.kwh,
  totalFen: Number(r.total_fen),
  dueDate: r.due_date,
  releasedAt: r.released_at ? new Date(r.released_at.getTime() + 8 * 3_600_000).toISOString() : null,
  reason: r.reason,
  replacesBillId: r.replaces_bill_id === null ? null : Number(r.replaces_bill_id),
  inputs: r.inputs,
  lines,
});

async function linesOf(db: Queryable, rows: Record<string, any>[]): Promise<Map<number, BillForDocument['lines']>> {
  const out = new Map<number, BillForDocument['lines']>();
  if (!rows.length) return out;
  const { rows: ls } = await db.query(
    `SELECT bill_id, code, label_zh, quantity, unit, price, amount_fen, tariff_code FROM bill_lines
      WHERE account_id = ANY($1::bigint[]) AND bill_id = ANY($2::bigint[]) ORDER BY bill_id, line_no`,
    [rows.map((r) => r.account_id), rows.map((r) => r.id)],
  );
  for (const l of ls) {
    const id = Number(l.bill_id);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push({
      code: l.code,
      labelZh: l.label_zh,
      quantity: l.quantity,
      unit: l.unit,
      price: l.price,
      amountFen: Number(l.amount_fen),
      tariffCode: l.tariff_code,
    });
  }
  return out;
}

/** The documents of stored bill rows (lines, addressees, org names read in one go per batch). */
async function documentsOf(db: Queryable, rows: Record<string, any>[], s: DocSettings, name: (id: number) => Promise<string>): Promise<BillDocument[]> {
  const [lines, to] = await Promise.all([linesOf(db, rows), billAddressees(db, [...new Set(rows.map((r) => Number(r.account_id)))])]);
  const docs: BillDocument[] = [];
  for (const r of rows) {
    const a = to.get(Number(r.account_id)) ?? { accountNo: String(r.account_id), customerName: '', address: '' };
    docs.push(billDocument(toDocBill(r, lines.get(Number(r.id)) ?? []), a, await settingsFor(db, s, name, Number(r.org_unit_id), r.org_path)));
  }
  return docs;
}

/** One bill as a PDF, for the principal's scope (staff: their org subtree; a customer: their own released bills; else 404). */
export async function billPdf(db: Queryable, p: Principal, id: number): Promise<{ file: Buffer; name: string }> {
  const r = (await db.query(`SELECT ${BILL_ROW}, b.customer_id FROM bills b WHERE b.id = $1`, [id])).rows[0];
  if (!billVisible(p, r)) throw notFound('Bill', '电费账单'); // the same rule as the JSON bill
  const [d] = await documentsOf(db, [r], await docSettings(db), orgNames(db));
  const file = await renderPdf({ title: `电费通知单 ${d.billNo}`, margin: MARGIN }, (doc) => drawBill(doc, d));
  return { file, name: `bill-${r.cycle}-${d.billNo}.pdf` };
}

/** The pay QR code of a bill for the portal (the customer's own released bill; else 404): reference, encoded text, SVG. */
export async function billPay(db: Queryable, p: Principal, id: number) {
  const r = (await db.query(`SELECT ${BILL_ROW}, b.customer_id FROM bills b WHERE b.id = $1`, [id])).rows[0];
  if (!billVisible(p, r)) throw notFound('Bill', '电费账单');
  const [d] = await documentsOf(db, [r], await docSettings(db), orgNames(db));
  if (!d.payText)
    throw conflict(
      `账单 ${id} 无需缴费（草稿、作废、冲红或无应缴金额）`,
      `bill ${id} is not to be paid (draft, cancelled, reversal or nothing due)`,
      {},
      'NOT_PAYABLE',
    );
  return { billId: id, payRef: d.payRef, payText: d.payText, qrSvg: qrSvg(d.payText), totalFen: d.totalFen, dueDate: d.dueDate };
}

export interface PrintProgress {
  bills: number;
  total: number;
  pages: number;
}

/**
 * A run's print file: every bill of the run (draft or released), each from a new page, in account order,
 * read in batches of `batch` bills and drawn into one PDF stream as they come (memory stays flat).
 * The run is checked in the principal's scope before anything is read. `onProgress` is told after each batch.
 */
export async function runPrintFile(
  db: Queryable,
  p: Principal,
  runId: number,
  opts: { batch?: number; onProgress?: (x: PrintProgress) => void } = {},
): Promise<{ stream: Readable; name: string; total: number; done: Promise<PrintProgress> }> {
  const run = await getRun(db, p, runId);
  const total = Number((await db.query(`SELECT count(*)::int AS n FROM bills WHERE run_id = $1`, [runId])).rows[0].n);
  const { doc, pages } = await openPdf({ title: `电费通知单 ${run.cycle} 批次 ${runId}`, margin: MARGIN });
  const s = await docSettings(db);
  const name = orgNames(db);
  const batch = opts.batch ?? 200;
  const done = (async () => {
    let after = 0;
    let bills = 0;
    try {
      for (;;) {
        const { rows } = await db.query(`SELECT ${BILL_ROW} FROM bills b WHERE b.run_id = $1 AND b.account_id > $2 ORDER BY b.account_id LIMIT $3`, [
          runId,
          after,
          batch,
        ]);
        if (!rows.length) break;
        for (const d of await documentsOf(db, rows, s, name)) {
          if (bills > 0) doc.addPage();
          drawBill(doc, d);
          bills++;
        }
        after = Number(rows[rows.length - 1].account_id);
        opts.onProgress?.({ bills, total, pages: pages() });
      }
      if (bills === 0) doc.fontSize(12).text(`批次 ${runId}（${run.cycle}）没有账单`);
      doc.end();
      return { bills, total, pages: pages() };
    } catch (e) {
      doc.destroy(e as Error);
      throw e;
    }
  })();
  done.catch(() => undefined);
  return { stream: doc as unknown as Readable, name: `bills-${run.cycle}-run${runId}.pdf`, total, done };
}
