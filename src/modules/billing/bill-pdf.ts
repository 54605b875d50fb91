/**
 * Bill documents as PDF (docs/billing.md §13): one bill on demand (staff in their org scope, a customer
 * their own released bills), and a whole run's print file (every bill of the run, each from a new page, in
 * account order) streamed as it is drawn. What a bill says comes from bill-document-rules.ts; this file
 * reads the stored bills and draws them with the platform's PDF document (Chinese font subset embedded).
 */
import { Readable } from 'node:stream';
import type { Queryable } from '../../db/pool.js';
import { openSheet, type Align, type Sheet } from '../../platform/pdf/index.js';
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
const A4_HEIGHT = 841.89;
const MARGIN = 40;
const WIDTH = A4_WIDTH - 2 * MARGIN;
/** The printed QR code's side in points (quiet zone included): 64 pt ≈ 22.6 mm, modules ≥ 0.5 mm up to version 6. */
const QR_SIDE = 64;
const BLACK = '#000000';
const GREY_TEXT = '#333333';
const RULE = '#888888';

/** The pay QR code in the page's top-right corner, dark modules as one filled path of rectangles (no image). */
function drawQr(s: Sheet, text: string): void {
  const { size, runs } = qrRuns(text);
  const unit = QR_SIDE / (size + 2 * QR_QUIET_ZONE);
  const x0 = A4_WIDTH - MARGIN - QR_SIDE + QR_QUIET_ZONE * unit;
  const y0 = MARGIN;
  s.grid(x0, y0, unit, runs, BLACK);
  s.text('扫码缴费', A4_WIDTH - MARGIN - QR_SIDE, y0 + size * unit + 2, { size: 7, color: GREY_TEXT, width: QR_SIDE, align: 'center', wrap: false });
}

interface Column {
  title: string;
  width: number;
  align?: Align;
}

/** A table from `y`: column titles, then rows of one-line cells, a rule under each; a new page when the page is full. Returns the y below it. */
function table(s: Sheet, y: number, columns: Column[], rows: string[][], fontSize = 9): number {
  const rowHeight = fontSize * 1.9;
  const width = columns.reduce((t, c) => t + c.width, 0);
  const row = (cells: string[], header: boolean) => {
    if (y + rowHeight > A4_HEIGHT - MARGIN) {
      s.addPage();
      y = MARGIN;
    }
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const c = columns[i];
      s.text(cell, x + 2, y + fontSize * 0.45, {
        size: fontSize,
        width: c.width - 4,
        align: c.align ?? 'left',
        color: header ? GREY_TEXT : BLACK,
        wrap: false,
      });
      x += c.width;
    });
    s.line(MARGIN, y + rowHeight, MARGIN + width, y + rowHeight, header ? 0.8 : 0.3, RULE);
    y += rowHeight;
  };
  row(
    columns.map((c) => c.title),
    true,
  );
  for (const r of rows) row(r, false);
  return y + 0.5 * s.lineHeight(fontSize);
}

const READ_COLUMNS: Column[] = [
  { title: '表号', width: 110 },
  { title: '示数类型', width: 70 },
  { title: '上次示数', width: 90, align: 'right' },
  { title: '本次示数', width: 90, align: 'right' },
  { title: '倍率', width: 55, align: 'right' },
  { title: '结算电量', width: 100, align: 'right' },
];
const LINE_COLUMNS: Column[] = [
  { title: '项目', width: 165 },
  { title: '数量', width: 105, align: 'right' },
  { title: '单价（元）', width: 70, align: 'right' },
  { title: '金额（元）', width: 80, align: 'right' },
  { title: '电价版本', width: 95 },
];

/**
 * Draws one bill on the sheet's current page (from its top; a long bill continues on new pages). The
 * layout is fixed: the company and unit centred, the title, the bill number and pay reference, the
 * addressee and period two fields a row, the meter reads, the lines, the total in figures and in capital
 * figures, the due date, the notices, and the pay QR code top right.
 */
export function drawBill(s: Sheet, d: BillDocument): void {
  const x0 = MARGIN;
  const bottom = A4_HEIGHT - MARGIN;
  if (d.payText) drawQr(s, d.payText);
  let y = MARGIN;
  /** moves down n lines of `size` (pdfkit's moveDown) */
  const down = (n: number, size: number) => (y += n * s.lineHeight(size));
  /** text in the full width from x0, wrapped, on a new page when it does not fit */
  const para = (text: string, size: number, align: Align, color = BLACK) => {
    if (y + s.lineHeight(size) > bottom) {
      s.addPage();
      y = MARGIN;
    }
    y = s.text(text, x0, y, { size, width: WIDTH, align, color });
  };
  para(d.company, 13, 'center');
  let size = 13;
  if (d.unit) {
    para(d.unit, 10, 'center');
    size = 10;
  }
  down(0.2, size);
  para(d.kindZh ? `${d.title}（${d.kindZh}）` : d.title, 18, 'center');
  down(0.3, 18);
  para(`账单号 ${d.billNo}    缴费编号 ${d.payRef}`, 8.5, 'right', GREY_TEXT);
  down(0.4, 8.5);
  // the addressee and the period: two pairs a row
  const half = WIDTH / 2;
  for (let i = 0; i < d.fields.length; i += 2) {
    let h = 0;
    for (let k = 0; k < 2 && i + k < d.fields.length; k++) {
      const [label, value] = d.fields[i + k];
      h = Math.max(h, s.text(`${label}：${value}`, x0 + k * half, y, { size: 9, width: half - 8, color: BLACK }) - y);
    }
    y += h + 3;
  }
  down(0.5, 9);
  if (d.reads.length) {
    para('抄表示数', 10, 'left');
    down(0.2, 10);
    y = table(
      s,
      y,
      READ_COLUMNS,
      d.reads.map((r) => [r.meterNo, r.registerZh, r.previous, r.current, r.multiplier, r.quantity]),
    );
  }
  para('电费明细', 10, 'left');
  down(0.2, 10);
  y = table(
    s,
    y,
    LINE_COLUMNS,
    d.lines.map((l) => [l.labelZh, l.quantity, l.price, l.amount, l.tariffCode]),
  );
  down(0.3, 9);
  para(`本期电费合计：¥${d.total}`, 12, 'right');
  para(`人民币（大写）${d.totalInWords}`, 9, 'right');
  if (d.dueDate) {
    down(0.3, 9);
    para(`缴费期限：${d.dueDate}`, 11, 'right');
  }
  down(0.8, 11);
  for (const n of d.notices) para(n, 8, 'left', GREY_TEXT);
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

/**
 * One bill with everything its document needs in one query: the bill row, its lines (as JSON, the text
 * columns as stored), the addressee (account number, customer name, first service point's address, through
 * the customers module's published views), the company and unit names (published org units) and the
 * billing settings. The scope is checked on the row by the caller; nothing else is returned for a bill out of scope.
 */
async function oneBill(db: Queryable, id: number): Promise<{ row: Record<string, any>; doc: () => BillDocument } | null> {
  const r = (
    await db.query(
      `SELECT ${BILL_ROW}, b.customer_id,
         (SELECT json_agg(json_build_object('code', l.code, 'labelZh', l.label_zh, 'quantity', l.quantity, 'unit', l.unit, 'price', l.price,
                  'amountFen', l.amount_fen::text, 'tariffCode', l.tariff_code) ORDER BY l.line_no)
            FROM bill_lines l WHERE l.account_id = b.account_id AND l.bill_id = b.id) AS doc_lines,
         a.account_no AS doc_account_no, c.name AS doc_customer_name,
         (SELECT sp.address FROM pub_service_points sp WHERE sp.account_id = b.account_id ORDER BY sp.id LIMIT 1) AS doc_address,
         (SELECT o.name FROM pub_org_units o WHERE o.id = split_part(b.org_path, '/', 2)::bigint) AS doc_company,
         (SELECT o.name FROM pub_org_units o WHERE o.id = b.org_unit_id) AS doc_unit,
         s.hotline AS doc_hotline, s.late_fee_notice_zh AS doc_late_fee_notice_zh, s.pay_link AS doc_pay_link
       FROM bills b
       LEFT JOIN pub_customer_accounts a ON a.id = b.account_id
       LEFT JOIN pub_customers c ON c.id = a.customer_id
       LEFT JOIN billing_settings s ON s.id = 1
      WHERE b.id = $1`,
      [id],
    )
  ).rows[0];
  if (!r) return null;
  return {
    row: r,
    doc: () => {
      const lines = ((r.doc_lines ?? []) as Record<string, string | null>[]).map((l) => ({
        code: l.code!,
        labelZh: l.labelZh!,
        quantity: l.quantity!,
        unit: l.unit!,
        price: l.price!,
        amountFen: Number(l.amountFen),
        tariffCode: l.tariffCode,
      }));
      const root = Number(String(r.org_path).split('/')[1]);
      return billDocument(
        toDocBill(r, lines),
        { accountNo: r.doc_account_no ?? String(r.account_id), customerName: r.doc_customer_name ?? '', address: r.doc_address ?? '' },
        {
          companyName: r.doc_company ?? '',
          unitName: root === Number(r.org_unit_id) ? '' : (r.doc_unit ?? ''),
          hotline: r.doc_hotline,
          lateFeeNoticeZh: r.doc_late_fee_notice_zh,
          payLink: r.doc_pay_link,
        },
      );
    },
  };
}

/** One bill as a PDF, for the principal's scope (staff: their org subtree; a customer: their own released bills; else 404). */
export async function billPdf(db: Queryable, p: Principal, id: number): Promise<{ file: Buffer; name: string }> {
  const b = await oneBill(db, id);
  if (!b || !billVisible(p, b.row)) throw notFound('Bill', '电费账单'); // the same rule as the JSON bill
  const d = b.doc();
  const sheet = await openSheet({ title: `电费通知单 ${d.billNo}` });
  sheet.addPage();
  drawBill(sheet, d);
  return { file: sheet.end()!, name: `bill-${b.row.cycle}-${d.billNo}.pdf` };
}

/** The pay QR code of a bill for the portal (the customer's own released bill; else 404): reference, encoded text, SVG. */
export async function billPay(db: Queryable, p: Principal, id: number) {
  const b = await oneBill(db, id);
  if (!b || !billVisible(p, b.row)) throw notFound('Bill', '电费账单');
  const d = b.doc();
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
  const stream = new Readable({ read() {} });
  const sheet = await openSheet({ title: `电费通知单 ${run.cycle} 批次 ${runId}`, onData: (c) => stream.push(c) });
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
          sheet.addPage();
          drawBill(sheet, d);
          bills++;
        }
        after = Number(rows[rows.length - 1].account_id);
        opts.onProgress?.({ bills, total, pages: sheet.pages });
      }
      if (bills === 0) {
        sheet.addPage();
        sheet.text(`批次 ${runId}（${run.cycle}）没有账单`, MARGIN, MARGIN, { size: 12 });
      }
      sheet.end();
      stream.push(null);
      return { bills, total, pages: sheet.pages };
    } catch (e) {
      stream.destroy(e as Error);
      throw e;
    }
  })();
  done.catch(() => undefined);
  return { stream, name: `bills-${run.cycle}-run${runId}.pdf`, total, done };
}
