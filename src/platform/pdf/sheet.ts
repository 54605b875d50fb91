/**
 * A lean PDF writer for fixed-layout documents printed by the thousand (bills): text at given positions
 * (left, right or centred in a width, wrapped when asked), filled rectangles and rules, pages, and the
 * Chinese font embedded with only the glyphs the document uses and a ToUnicode map (text searchable and
 * copyable). It writes the PDF objects itself instead of going through pdfkit's general machinery:
 *
 * - the font (Noto Sans Hans, document.ts) is read once per process; each glyph's charstring is prepared
 *   once per process with its subroutines inlined (cff-font.ts), so a document's font program is the
 *   concatenation of its glyphs' prepared charstrings with the font dicts they use — no subroutine
 *   analysis, no general CFF encoder, no deflate (CFF charstrings gain ~10 % from deflate, so the font
 *   program is stored as it is);
 * - a glyph is found by code point through a per-process map (character → glyph id and advance); there is
 *   no shaping: the bill's text is Chinese, digits and Latin letters without ligatures, kerning not applied;
 * - page content streams are deflated (text operators compress well).
 *
 * Pages can be streamed as they are finished (a print file of a whole run): the font objects have numbers
 * reserved up front and are written after the last page, when the file's glyphs are known.
 */
import { deflateSync, type ZlibOptions } from 'node:zlib';
import { readCff, inlineSubrs, writeCidCff, type CffFont, type CffGlyph } from './cff-font.js';
import { cnFontkit, cnFontBytes } from './document.js';

interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  capHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  postscriptName: string;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
}

/** The Chinese font as the sheet writer uses it, once per process. */
export interface SheetFont {
  name: string;
  scale: number;
  ascender: number;
  descender: number;
  lineGap: number;
  capHeight: number;
  bbox: [number, number, number, number];
  cff: CffFont;
  /** code point → glyph id and advance (1000 units) */
  glyph(cp: number): Glyph;
  /** glyph id → its charstring with subroutines inlined */
  prepared(gid: number): Uint8Array;
  /** a line of text: its glyphs as hex CIDs (CID = glyph id), advance and glyphs used, cached per process */
  run(text: string): Run;
}
/** A line of text in the font: `hex` the string operand of Tj, `advance` in 1000 units, `glyphs` → the character each is drawn for. */
export interface Run {
  hex: string;
  advance: number;
  gids: number[];
  cps: number[];
}
interface Glyph {
  gid: number;
  advance: number;
}

let sheetFont: Promise<SheetFont> | undefined;
/**
 * Lines of text kept per process (bounded: emptied when full; a line is its hex string and glyph lists, a few
 * hundred bytes, so at most a few MB): the template's labels and most values recur from bill to bill.
 */
const RUN_CACHE_MAX = 20_000;

/** Reads the font's CFF table once per process (about 40 ms) and keeps the glyph maps. */
export function loadSheetFont(): Promise<SheetFont> {
  sheetFont ??= (async () => {
    const [bytes, fk] = [await cnFontBytes(), (await cnFontkit()) as FontkitFont];
    const n = bytes.readUInt16BE(4);
    let cffTable: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const o = 12 + 16 * i;
      if (bytes.toString('latin1', o, o + 4) === 'CFF ')
        cffTable = bytes.subarray(bytes.readUInt32BE(o + 8), bytes.readUInt32BE(o + 8) + bytes.readUInt32BE(o + 12));
    }
    if (!cffTable) throw new Error('the font has no CFF table');
    const cff = readCff(cffTable);
    const scale = 1000 / fk.unitsPerEm;
    const glyphs = new Map<number, Glyph>();
    const prepared = new Map<number, Uint8Array>();
    const runs = new Map<string, Run>();
    const glyph = (cp: number) => {
      let g = glyphs.get(cp);
      if (!g) {
        const fg = fk.glyphForCodePoint(cp);
        g = { gid: fg.id, advance: fg.advanceWidth * scale };
        glyphs.set(cp, g);
      }
      return g;
    };
    return {
      name: fk.postscriptName,
      scale,
      ascender: fk.ascent * scale,
      descender: fk.descent * scale,
      lineGap: fk.lineGap * scale,
      capHeight: fk.capHeight * scale,
      bbox: [fk.bbox.minX, fk.bbox.minY, fk.bbox.maxX, fk.bbox.maxY].map((v) => Math.round(v * scale)) as [number, number, number, number],
      cff,
      glyph,
      run(text) {
        let r = runs.get(text);
        if (!r) {
          let hex = '';
          let advance = 0;
          const seen = new Set<number>();
          const gids: number[] = [];
          const cps: number[] = [];
          for (const ch of text) {
            const cp = ch.codePointAt(0)!;
            const g = glyph(cp);
            hex += hex4(g.gid);
            advance += g.advance;
            if (!seen.has(g.gid)) {
              seen.add(g.gid);
              gids.push(g.gid);
              cps.push(cp);
            }
          }
          r = { hex, advance, gids, cps };
          if (runs.size >= RUN_CACHE_MAX) runs.clear();
          runs.set(text, r);
        }
        return r;
      },
      prepared(gid) {
        let p = prepared.get(gid);
        if (!p) {
          const inl = inlineSubrs(cff, gid);
          // every glyph of Noto Sans Hans inlines (tested); a font that did not would need its subroutines
          if (!inl) throw new Error(`glyph ${gid}: subroutines not inlinable`);
          prepared.set(gid, (p = inl));
        }
        return p;
      },
    };
  })();
  return sheetFont;
}

export type Align = 'left' | 'right' | 'center';
export interface TextOptions {
  size: number;
  /** the box's width: alignment and wrapping are within it */
  width?: number;
  align?: Align;
  /** '#rrggbb' */
  color?: string;
  /** wrap into lines of `width` (default: true when a width is given) */
  wrap?: boolean;
}

const num = (v: number): string => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};
const num4 = (v: number): string => String(Math.round(v * 10000) / 10000);
const HEX: string[] = [];
const hex4 = (v: number) => HEX[v] ?? (HEX[v] = v.toString(16).padStart(4, '0'));
const color = (c: string) => {
  const v = parseInt(c.slice(1), 16);
  return `${num(((v >> 16) & 0xff) / 255)} ${num(((v >> 8) & 0xff) / 255)} ${num((v & 0xff) / 255)}`;
};

/** A PDF text string: UTF-16BE with its byte-order mark, as hex. */
const pdfText = (s: string) => {
  let h = 'FEFF';
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${h}>`;
};
const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

/** CJK and full-width characters: a line may break before or after each of them. */
const isWide = (cp: number) => cp >= 0x2e80;
/** Characters that never begin a line (they stay with the character before them). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕…%,.;:?!)]'].map((c) => c.codePointAt(0)!));

export interface SheetOptions {
  title: string;
  creationDate?: Date;
  /** page size in points; A4 by default */
  width?: number;
  height?: number;
  /** called with the bytes as they are produced (streaming); without it `end()` returns the whole file */
  onData?: (chunk: Buffer) => void;
}

/**
 * Deflate of page contents and ToUnicode maps: these streams are a few to ~20 KB, so an 8 KB window and a
 * smaller hash (memLevel 6) compress them as well as zlib's defaults (64 KB, 8) at a third of the time —
 * most of the default's cost is setting up its larger state.
 */
const DEFLATE: ZlibOptions = { level: 6, windowBits: 13, memLevel: 6 };

/** Object numbers: 1 catalog, 2 page tree, 3 info, 4–8 the font (Type0, CIDFont, descriptor, program, ToUnicode); pages from 9. */
const CATALOG = 1;
const PAGES = 2;
const INFO = 3;
const FONT = 4;

export class Sheet {
  readonly width: number;
  readonly height: number;
  private readonly font: SheetFont;
  private readonly opts: SheetOptions;
  private readonly chunks: Buffer[] = [];
  private offset = 0;
  private readonly offsets: number[] = [];
  private nextObj = 9;
  private readonly pageObjs: number[] = [];
  private content: string[] = [];
  private open = false;
  /** the glyphs this document uses (CID = glyph id) → the character each was first drawn for */
  private readonly used = new Map<number, number>([[0, 0]]);
  private fill = '';

  constructor(font: SheetFont, opts: SheetOptions) {
    this.font = font;
    this.opts = opts;
    this.width = opts.width ?? 595.28;
    this.height = opts.height ?? 841.89;
    this.write('%PDF-1.7\n%\xff\xff\xff\xff\n');
  }

  /** Pages so far. */
  get pages(): number {
    return this.pageObjs.length + (this.open ? 1 : 0);
  }

  /** Starts a new page (the previous one is finished and, when streaming, sent). */
  addPage(): void {
    if (this.open) this.finishPage();
    this.open = true;
    this.content = [];
    this.fill = '';
  }

  /** The height of a line of text of `size` points, the line gap included (as pdfkit's currentLineHeight(true)). */
  lineHeight(size: number): number {
    return ((this.font.ascender - this.font.descender + this.font.lineGap) / 1000) * size;
  }

  /** The width of `s` at `size` points. */
  measure(s: string, size: number): number {
    return (this.font.run(s).advance / 1000) * size;
  }

  /** Splits `s` into lines no wider than `width` (by character for Chinese, by word for Latin). */
  wrap(s: string, size: number, width: number): string[] {
    const limit = (width * 1000) / size;
    if (!s.includes('\n') && this.font.run(s).advance <= limit) return [s];
    const out: string[] = [];
    for (const para of s.split('\n')) {
      // tokens: one wide character (with any following no-line-start punctuation), a run of other non-spaces, or spaces
      const tokens: { text: string; w: number }[] = [];
      let cur = '';
      let w = 0;
      let kind = 0; // 1 narrow run, 2 spaces
      const flush = () => {
        if (cur) tokens.push({ text: cur, w });
        cur = '';
        w = 0;
        kind = 0;
      };
      for (const ch of para) {
        const cp = ch.codePointAt(0)!;
        const adv = this.font.glyph(cp).advance;
        if (NO_LINE_START.has(cp) && (cur || tokens.length)) {
          if (!cur) {
            const last = tokens.pop()!;
            cur = last.text;
            w = last.w;
          }
          cur += ch;
          w += adv;
          continue;
        }
        const k = cp === 32 ? 2 : isWide(cp) ? 3 : 1;
        if (k === 3 || k !== kind) flush();
        cur += ch;
        w += adv;
        kind = k === 3 ? 0 : k;
        if (k === 3) flush();
      }
      flush();
      let line = '';
      let lw = 0;
      for (const t of tokens) {
        if (lw + t.w <= limit || !line) {
          if (!line && t.w > limit && t.text.trim()) {
            // a token wider than the line: by character
            for (const ch of t.text) {
              const a = this.font.glyph(ch.codePointAt(0)!).advance;
              if (lw + a > limit && line) {
                out.push(line);
                line = '';
                lw = 0;
              }
              line += ch;
              lw += a;
            }
            continue;
          }
          if (!line && t.text.trim() === '') continue; // no line starts with spaces
          line += t.text;
          lw += t.w;
        } else {
          out.push(line.trimEnd());
          line = t.text.trim() === '' ? '' : t.text;
          lw = line ? t.w : 0;
        }
      }
      out.push(line.trimEnd());
    }
    return out;
  }

  /**
   * Text from (x, y), the top of its first line (as pdfkit: the baseline is the ascender below). With a
   * width, the lines are aligned in it and wrapped (unless wrap is false). Returns the y below the last line.
   */
  text(s: string, x: number, y: number, o: TextOptions): number {
    const lh = this.lineHeight(o.size);
    const lines = o.width !== undefined && o.wrap !== false ? this.wrap(s, o.size, o.width) : [s];
    if (o.color !== undefined) this.setFill(o.color);
    const parts: string[] = [];
    let ty = y;
    for (const line of lines) {
      if (line) {
        const r = this.font.run(line);
        for (let k = 0; k < r.gids.length; k++) if (!this.used.has(r.gids[k])) this.used.set(r.gids[k], r.cps[k]);
        const w = (r.advance / 1000) * o.size;
        const dx = o.width === undefined || !o.align || o.align === 'left' ? 0 : o.align === 'right' ? o.width - w : (o.width - w) / 2;
        const baseline = this.height - ty - (this.font.ascender / 1000) * o.size;
        parts.push(`1 0 0 1 ${num(x + dx)} ${num(baseline)} Tm <${r.hex}> Tj`);
      }
      ty += lh;
    }
    if (parts.length) this.content.push(`BT /F1 ${num(o.size)} Tf ${parts.join(' ')} ET`);
    return ty;
  }

  /**
   * Filled cells of a grid whose cells are `unit` points square, the grid's top-left corner at (x, y): each
   * run is `w` cells from column `x` in row `y` (a QR code's dark modules). Drawn in grid units through one
   * transformation, so the path is small integers.
   */
  grid(x: number, y: number, unit: number, runs: { x: number; y: number; w: number }[], c: string): void {
    if (!runs.length) return;
    this.setFill(c);
    let path = '';
    for (const r of runs) path += `${r.x} ${r.y} ${r.w} 1 re\n`;
    this.content.push(`q ${num4(unit)} 0 0 ${num4(-unit)} ${num(x)} ${num(this.height - y)} cm\n${path}f Q`);
  }

  /** A straight rule. */
  line(x1: number, y1: number, x2: number, y2: number, width: number, c: string): void {
    this.content.push(`${color(c)} RG ${num(width)} w ${num(x1)} ${num(this.height - y1)} m ${num(x2)} ${num(this.height - y2)} l S`);
  }

  private setFill(c: string): void {
    if (c === this.fill) return;
    this.fill = c;
    this.content.push(`${color(c)} rg`);
  }

  private write(s: string | Buffer): void {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    this.offset += b.length;
    if (this.opts.onData) this.opts.onData(b);
    else this.chunks.push(b);
  }

  private object(n: number, body: string | Buffer[]): void {
    this.offsets[n] = this.offset;
    if (typeof body === 'string') this.write(`${n} 0 obj\n${body}\nendobj\n`);
    else {
      this.write(`${n} 0 obj\n`);
      for (const b of body) this.write(b);
      this.write('\nendobj\n');
    }
  }

  private stream(n: number, dict: string, data: Buffer): void {
    this.object(n, [Buffer.from(`<<${dict} /Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
  }

  private finishPage(): void {
    const page = this.nextObj++;
    const contents = this.nextObj++;
    this.pageObjs.push(page);
    const data = deflateSync(Buffer.from(this.content.join('\n'), 'latin1'), DEFLATE);
    this.stream(contents, ' /Filter /FlateDecode', data);
    this.object(
      page,
      `<</Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 ${num(this.width)} ${num(this.height)}] /Contents ${contents} 0 R /Resources <</ProcSet [/PDF /Text] /Font <</F1 ${FONT} 0 R>>>>>>`,
    );
    this.open = false;
  }

  /** Finishes the document: the font with this document's glyphs, the page tree, the cross-reference table. */
  end(): Buffer | undefined {
    if (this.open || !this.pageObjs.length) this.finishPage();
    this.writeFont();
    this.object(PAGES, `<</Type /Pages /Count ${this.pageObjs.length} /Kids [${this.pageObjs.map((p) => `${p} 0 R`).join(' ')}]>>`);
    this.object(CATALOG, `<</Type /Catalog /Pages ${PAGES} 0 R>>`);
    this.object(
      INFO,
      `<</Title ${pdfText(this.opts.title)} /Producer (griddesk) /Creator (griddesk) /CreationDate ${pdfDate(this.opts.creationDate ?? new Date())}>>`,
    );
    const xrefAt = this.offset;
    const size = this.nextObj;
    let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let k = 1; k < size; k++) xref += `${String(this.offsets[k]).padStart(10, '0')} 00000 n \n`;
    this.write(`${xref}trailer\n<</Size ${size} /Root ${CATALOG} 0 R /Info ${INFO} 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`);
    return this.opts.onData ? undefined : Buffer.concat(this.chunks);
  }

  private writeFont(): void {
    const f = this.font;
    const gids = [...this.used.keys()].sort((a, b) => a - b);
    const glyphs: CffGlyph[] = gids.map((gid) => ({ code: f.prepared(gid), fd: f.cff.fdSelect[gid], cid: gid }));
    // the subset tag: six capital letters from the glyph list (PDF 32000 §9.6.4)
    let h = 2166136261;
    for (const g of gids) h = Math.imul(h ^ g, 16777619);
    let tag = '';
    for (let k = 0; k < 6; k++) {
      tag += String.fromCharCode(65 + ((h >>> 0) % 26));
      h = Math.imul(h ^ k, 16777619) >>> 0;
    }
    const name = `${tag}+${f.name}`;
    const program = Buffer.from(writeCidCff(f.cff, name, glyphs));
    // widths: the default (1000, every ideograph) is not listed
    let widths = '';
    for (const gid of gids) {
      const w = Math.round(f.glyph(this.used.get(gid)!).advance);
      if (gid !== 0 && w !== 1000) widths += `${gid} [${w}] `;
    }
    const [type0, cidFont, descriptor, file, toUnicode] = [FONT, FONT + 1, FONT + 2, FONT + 3, FONT + 4];
    this.object(
      type0,
      `<</Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R>>`,
    );
    this.object(
      cidFont,
      `<</Type /Font /Subtype /CIDFontType0 /BaseFont /${name} /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [${widths}]>>`,
    );
    this.object(
      descriptor,
      `<</Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${f.bbox.join(' ')}] /ItalicAngle 0 /Ascent ${num(f.ascender)} /Descent ${num(f.descender)} /CapHeight ${num(f.capHeight)} /StemV 0 /FontFile3 ${file} 0 R>>`,
    );
    this.stream(file, ' /Subtype /CIDFontType0C', program);
    this.stream(toUnicode, ' /Filter /FlateDecode', deflateSync(Buffer.from(toUnicodeCMap(gids.map((g) => [g, this.used.get(g)!])), 'latin1'), DEFLATE));
  }
}

/** The ToUnicode CMap: each [CID, code point] (CID 0 and code point 0: none). */
export function toUnicodeCMap(pairs: [number, number][]): string {
  const entries: string[] = [];
  pairs.forEach(([cid, cp]) => {
    if (cid === 0 || !cp) return;
    const u = String.fromCodePoint(cp);
    let hex = '';
    for (let i = 0; i < u.length; i++) hex += hex4(u.charCodeAt(i));
    entries.push(`<${hex4(cid)}> <${hex}>`);
  });
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    body += `${part.length} beginbfchar\n${part.join('\n')}\nendbfchar\n`;
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
${body}endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

/** Opens a sheet with the Chinese font (read on first use). */
export async function openSheet(opts: SheetOptions): Promise<Sheet> {
  return new Sheet(await loadSheetFont(), opts);
}
