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
import { renumberSubrs, type RenumberCache } from './cff-subrs.js';

const require = createRequire(import.meta.url);

/** The package's exports map names no font file, so the path is found from the package's own folder. */
function fontPath(): string {
  const main = require.resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(main), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

/**
 * pdfkit, loaded with the first document: importing it costs a process about 4 MB of heap (its
 * standard fonts' metrics), which a process that prints nothing should not carry.
 */
let pdfkitClass: typeof import('pdfkit') | undefined;
async function pdfkit(): Promise<typeof import('pdfkit')> {
  pdfkitClass ??= (await import('pdfkit')).default;
  return pdfkitClass;
}

let fontBytes: Buffer | undefined;
async function font(): Promise<Buffer> {
  if (!fontBytes) fontBytes = await (await import('node:fs/promises')).readFile(fontPath());
  return fontBytes;
}
/** The font file's bytes (read once per process). */
export const cnFontBytes = font;

/**
 * The parsed font, kept after the first document: pdfkit accepts a parsed (fontkit) font in place of
 * the bytes, so the 8 MB OTF is parsed once per process instead of once per document.
 */
let parsedFont: unknown;

/** The empty object standing for every subroutine a subset does not use (shared, never written to). */
const UNUSED_SUBR = new Uint8Array(0);
/** Per subroutine INDEX of the font: an array of UNUSED_SUBR as long as the INDEX, copied for each subset. */
const unusedTemplates = new WeakMap<object, Uint8Array[]>();
/** Per font (its CFF table): each glyph's subroutine analysis, kept across documents (cff-subrs.ts). */
const renumberCaches = new WeakMap<object, RenumberCache>();
interface CffItem {
  offset: number;
  length: number;
}
interface CffSubset {
  cff: {
    stream: { pos: number; readBuffer(n: number): Uint8Array };
    isCIDFont: boolean;
    globalSubrIndex: CffItem[];
    topDict: { FDArray?: { Private?: { Subrs?: CffItem[] } }[] };
    getCharString(gid: number): Uint8Array;
    fdForGlyph(gid: number): number | null;
  };
  glyphs: number[];
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  subsetCharstrings(): void;
  subsetSubrs(subrs: CffItem[], used: Record<number, boolean>): Uint8Array[];
}
const RETURN_SUBR = Uint8Array.of(11);
/**
 * fontkit's CFF subsetter keeps every subroutine slot and fills each unused one with a fresh one-byte
 * "return". Noto Sans Hans's ideograph font dict has 22,293 local subroutines, so every one-page bill
 * embedded ~22 KB of returns and ~67 KB of steadily rising offsets that deflate barely compresses (77 KB
 * of an 83 KB bill), and encoding them cost most of the document's time. Two replacements, both tested:
 *
 * 1. **renumbering** (`cff-subrs.ts`): only the subroutines the subset's glyphs call are kept, numbered
 *    densely, and every call operand is rewritten for the new numbers and bias — each glyph, executed with
 *    its subroutines inlined, is exactly the font's operator stream;
 * 2. where a charstring does something the renumbering does not follow, the numbering is kept and each
 *    unused slot is an **empty object** (two equal offsets; a CFF INDEX may hold zero-length objects, Adobe
 *    TN #5176; an unused subroutine is never called) — the charstrings and used subroutines are then the
 *    font's own bytes.
 */
function compactUnusedSubrs(doc: Pdf, renumber: boolean): void {
  const subset = (doc as unknown as { _font?: { subset?: CffSubset } })._font?.subset;
  if (!subset || typeof subset.subsetSubrs !== 'function' || typeof subset.subsetCharstrings !== 'function' || !subset.cff) return;
  const ownCharstrings = subset.subsetCharstrings;
  let renumbered: Map<CffItem[], Uint8Array[]> | null = null;
  subset.subsetCharstrings = function (this: CffSubset) {
    const cff = this.cff;
    if (renumber && cff.isCIDFont && cff.topDict.FDArray) {
      const read = (it: CffItem) => {
        cff.stream.pos = it.offset;
        return cff.stream.readBuffer(it.length);
      };
      const localOf = (fd: number) => cff.topDict.FDArray?.[fd]?.Private?.Subrs ?? [];
      let cache = renumberCaches.get(cff);
      if (!cache) renumberCaches.set(cff, (cache = new Map()));
      const r = renumberSubrs(
        this.glyphs.map((g) => cff.getCharString(g)),
        this.glyphs.map((g) => cff.fdForGlyph(g) ?? 0),
        {
          globalCount: cff.globalSubrIndex.length,
          global: (i) => read(cff.globalSubrIndex[i]),
          localCount: (fd) => localOf(fd).length,
          local: (fd, i) => read(localOf(fd)[i]),
        },
        { ids: this.glyphs, cache },
      );
      if (r) {
        this.charstrings = r.charstrings;
        this.gsubrs = r.globals;
        renumbered = new Map([...r.locals.entries()].map(([fd, list]) => [localOf(fd), list]));
        return;
      }
    }
    ownCharstrings.call(this);
  };
  subset.subsetSubrs = function (this: CffSubset, subrs, used) {
    if (renumbered) return renumbered.get(subrs) ?? [RETURN_SUBR];
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

/** The parsed (fontkit) font pdfkit uses, parsed once per process: its character map and metrics (sheet.ts). */
export async function cnFontkit(): Promise<unknown> {
  if (!parsedFont) (await openPdf({ title: '' })).doc.end();
  return parsedFont;
}

/**
 * Text layouts (fontkit shaping of each word: glyphs and advances, scaled to 1000 units) shared by every
 * document of the process: pdfkit keeps them per document, and shaping the same template words and digits
 * again was a third of a bill's rendering. A layout depends only on the font and the text. Bounded: the
 * cache is emptied when it reaches LAYOUT_CACHE_MAX words (a word is a few hundred bytes of glyph positions:
 * at most ~10 MB).
 */
const LAYOUT_CACHE_MAX = 20_000;
const layouts = new Map<string, unknown>();
function shareLayouts(doc: Pdf): void {
  const f = (doc as unknown as { _font?: { layoutCached?: unknown; layoutRun(text: string): unknown } })._font;
  if (!f || typeof f.layoutCached !== 'function' || typeof f.layoutRun !== 'function') return;
  f.layoutCached = function (this: typeof f & object, text: string) {
    let run = layouts.get(text);
    if (run === undefined) {
      run = this.layoutRun(text);
      if (layouts.size >= LAYOUT_CACHE_MAX) layouts.clear();
      layouts.set(text, run);
    }
    return run;
  };
}

export interface PdfOptions {
  title: string;
  /** A4 portrait unless told; margins in points (1/72 inch). */
  size?: 'A4' | 'A5' | [number, number];
  layout?: 'portrait' | 'landscape';
  margin?: number;
  /** Fixed creation date (tests compare bytes); now by default. */
  creationDate?: Date;
  /** Internal: false keeps fontkit's own subroutine subsetting (tests of compactUnusedSubrs). */
  compactSubrs?: boolean;
  /** Internal: false keeps the font's subroutine numbering (empty unused slots only). */
  renumberSubrs?: boolean;
}

/**
 * Opens a document with the Chinese font registered as 'cn' and selected. The document is a readable
 * stream of the PDF bytes: pipe it somewhere, draw, then `doc.end()`. `pages()` counts the pages so far.
 */
export async function openPdf(opts: PdfOptions): Promise<{ doc: Pdf; pages: () => number }> {
  const PDFDocument = await pdfkit();
  const doc = new PDFDocument({
    size: opts.size ?? 'A4',
    layout: opts.layout ?? 'portrait',
    margin: opts.margin ?? 50,
    info: { Title: opts.title, Producer: 'griddesk', Creator: 'griddesk', ...(opts.creationDate ? { CreationDate: opts.creationDate } : {}) },
    bufferPages: false,
    // no default font: pdfkit would parse Helvetica's metrics (AFM text) for every document, unused here
    font: null as unknown as string,
  });
  let pages = 1;
  doc.on('pageAdded', () => pages++);
  doc.registerFont('cn', (parsedFont ?? (await font())) as Buffer);
  doc.font('cn');
  parsedFont ??= (doc as unknown as { _font: { font: unknown } })._font.font;
  shareLayouts(doc);
  if (opts.compactSubrs !== false) compactUnusedSubrs(doc, opts.renumberSubrs !== false);
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
