/**
 * Printable documents (bills, receipts, notices, scorecards) as PDF, with Chinese text.
 *
 * One font for all of them: Noto Sans Hans Regular (SIL Open Font License), the GB2312 set, shipped
 * as an OTF by the npm package @embedpdf/fonts-sc, so `npm ci` is the whole set-up. pdfkit embeds
 * only the glyphs a document uses (a CID subset with a ToUnicode map: the text can be searched and
 * copied) and wraps Chinese by character.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** The package's exports map names no font file, so the path is found from the package's own folder. */
function fontPath(): string {
  const main = require.resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(main), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

let fontBytes: Buffer | undefined;
async function font(): Promise<Buffer> {
  if (!fontBytes) fontBytes = await (await import('node:fs/promises')).readFile(fontPath());
  return fontBytes;
}

/**
 * The parsed font, kept after the first document: pdfkit accepts a parsed (fontkit) font in place of
 * the bytes, so the 8 MB OTF is parsed once per process instead of once per document.
 */
let parsedFont: unknown;

/** The empty object standing for every subroutine a subset does not use (shared, never written to). */
const UNUSED_SUBR = new Uint8Array(0);
/** Per subroutine INDEX of the font: an array of UNUSED_SUBR as long as the INDEX, copied for each subset. */
const unusedTemplates = new WeakMap<object, Uint8Array[]>();
interface CffSubset {
  cff: { stream: { pos: number; readBuffer(n: number): Uint8Array } };
  subsetSubrs(subrs: { offset: number; length: number }[], used: Record<number, boolean>): Uint8Array[];
}
/**
 * fontkit's CFF subsetter keeps every subroutine slot (charstrings call subroutines by number, so the
 * numbering must stay) and fills each unused slot with a fresh one-byte "return". Noto Sans Hans's
 * ideograph font dict has 22,293 local subroutines, so every document allocated ~23,000 small arrays and
 * embedded ~22 KB of returns plus ~67 KB of steadily rising offsets that deflate barely compresses (77 KB of
 * a one-page bill). Here an unused slot is an empty object instead: a CFF INDEX may hold zero-length
 * objects (Adobe TN #5176, INDEX data: an object's length is the difference of two offsets), an unused
 * subroutine is never called, and equal offsets compress to almost nothing — a bill drops from ~80 KB to
 * ~40 KB. The used subroutines and every charstring are the font's own bytes, unchanged (tested).
 */
function compactUnusedSubrs(doc: Pdf): void {
  const subset = (doc as unknown as { _font?: { subset?: CffSubset } })._font?.subset;
  if (!subset || typeof subset.subsetSubrs !== 'function' || !subset.cff) return;
  subset.subsetSubrs = function (this: CffSubset, subrs, used) {
    let template = unusedTemplates.get(subrs);
    if (!template) unusedTemplates.set(subrs, (template = new Array<Uint8Array>(subrs.length).fill(UNUSED_SUBR)));
    const res = template.slice();
    for (const k of Object.keys(used)) {
      const i = Number(k);
      if (!used[i] || i >= subrs.length) continue;
      this.cff.stream.pos = subrs[i].offset;
      res[i] = this.cff.stream.readBuffer(subrs[i].length);
    }
    return res;
  };
}

export type Pdf = PDFKit.PDFDocument;

export interface PdfOptions {
  title: string;
  /** A4 portrait unless told; margins in points (1/72 inch). */
  size?: 'A4' | 'A5' | [number, number];
  layout?: 'portrait' | 'landscape';
  margin?: number;
  /** Fixed creation date (tests compare bytes); now by default. */
  creationDate?: Date;
  /** Internal: false keeps fontkit's own subroutine subsetting (the test of compactUnusedSubrs). */
  compactSubrs?: boolean;
}

/**
 * Opens a document with the Chinese font registered as 'cn' and selected. The document is a readable
 * stream of the PDF bytes: pipe it somewhere, draw, then `doc.end()`. `pages()` counts the pages so far.
 */
export async function openPdf(opts: PdfOptions): Promise<{ doc: Pdf; pages: () => number }> {
  const doc = new PDFDocument({
    size: opts.size ?? 'A4',
    layout: opts.layout ?? 'portrait',
    margin: opts.margin ?? 50,
    info: { Title: opts.title, Producer: 'griddesk', Creator: 'griddesk', ...(opts.creationDate ? { CreationDate: opts.creationDate } : {}) },
    bufferPages: false,
  });
  let pages = 1;
  doc.on('pageAdded', () => pages++);
  doc.registerFont('cn', (parsedFont ?? (await font())) as Buffer);
  doc.font('cn');
  parsedFont ??= (doc as unknown as { _font: { font: unknown } })._font.font;
  if (opts.compactSubrs !== false) compactUnusedSubrs(doc);
  return { doc, pages: () => pages };
}

/** Creates a document with the Chinese font registered as 'cn' and selected; `draw` fills it; the bytes come back. */
export async function renderPdf(opts: PdfOptions, draw: (doc: Pdf) => void | Promise<void>): Promise<Buffer> {
  const { doc } = await openPdf(opts);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await draw(doc);
  doc.end();
  return done;
}

/** Money in fen as yuan with two decimals, by integer arithmetic (no float): 12345 → "123.45", -5 → "-0.05". */
export function yuan(fen: number | bigint): string {
  const f = BigInt(fen);
  const neg = f < 0n;
  const a = neg ? -f : f;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/** A simple table: column titles and widths (points), then rows of cell text; starts a new page when the page is full. */
export function table(doc: Pdf, columns: { title: string; width: number; align?: 'left' | 'right' | 'center' }[], rows: string[][], fontSize = 9): void {
  const x0 = doc.page.margins.left;
  const rowHeight = fontSize * 1.9;
  const drawRow = (cells: string[], header: boolean) => {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = x0;
    doc.fontSize(fontSize).fillColor(header ? '#333333' : '#000000');
    cells.forEach((cell, i) => {
      const c = columns[i];
      doc.text(cell, x + 2, y + fontSize * 0.45, { width: c.width - 4, align: c.align ?? 'left', lineBreak: false, height: rowHeight });
      x += c.width;
    });
    const width = columns.reduce((s, c) => s + c.width, 0);
    doc
      .moveTo(x0, y + rowHeight)
      .lineTo(x0 + width, y + rowHeight)
      .lineWidth(header ? 0.8 : 0.3)
      .strokeColor('#888888')
      .stroke();
    doc.x = x0;
    doc.y = y + rowHeight;
  };
  drawRow(
    columns.map((c) => c.title),
    true,
  );
  for (const r of rows) drawRow(r, false);
  doc.moveDown(0.5);
}
