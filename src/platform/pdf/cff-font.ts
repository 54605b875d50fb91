/**
 * A CID-keyed CFF font (Adobe TN #5176) read straight from an OpenType font's `CFF ` table and written
 * back as a small subset, pure (bytes in, bytes out) and without fontkit's general encoder:
 *
 * - `readCff`: the table's INDEXes, the charstrings, the global and per-font-dict local subroutines, the
 *   FDSelect, and each font dict's and Private dict's own bytes;
 * - `inlineSubrs`: one glyph's charstring with every subroutine call replaced by the subroutine's body
 *   (no operand, no `return`): a self-contained charstring that draws the same operator stream, so a
 *   subset of a few glyphs needs no subroutines at all and each glyph can be prepared once per process;
 * - `writeCidCff`: a CID font of the given charstrings (CID = position, 0 = .notdef) with the font dicts
 *   they use (their own bytes: blue zones, stem widths, default and nominal widths) and, optionally,
 *   renumbered subroutines (cff-subrs.ts).
 */
import { subrBias } from './cff-subrs.js';

export interface Span {
  start: number;
  end: number;
}
interface DictEntry {
  op: number;
  operands: number[];
  /** the entry's bytes (operands and operator) in the table */
  start: number;
  end: number;
}

export interface CffFont {
  bytes: Uint8Array;
  charstrings: Span[];
  globalSubrs: Span[];
  /** per font dict: its local subroutines */
  localSubrs: Span[][];
  /** font dict of each glyph */
  fdSelect: Uint8Array;
  /** per font dict: the entries of its font DICT and of its Private DICT (the table's own bytes) */
  fontDicts: DictEntry[][];
  privateDicts: DictEntry[][];
  /** Top DICT entries copied into a subset as they are (FontBBox, FontMatrix) */
  topCopied: DictEntry[];
}

const OP_ESC = 1200;
const readIndex = (b: Uint8Array, at: number): { items: Span[]; end: number } => {
  const count = (b[at] << 8) | b[at + 1];
  if (count === 0) return { items: [], end: at + 2 };
  const offSize = b[at + 2];
  const off = (k: number) => {
    let v = 0;
    for (let j = 0; j < offSize; j++) v = v * 256 + b[at + 3 + k * offSize + j];
    return v;
  };
  const base = at + 3 + (count + 1) * offSize - 1;
  const items: Span[] = [];
  for (let k = 0; k < count; k++) items.push({ start: base + off(k), end: base + off(k + 1) });
  return { items, end: base + off(count) };
};

function readDict(b: Uint8Array, start: number, end: number): DictEntry[] {
  const out: DictEntry[] = [];
  let operands: number[] = [];
  let from = start;
  let i = start;
  while (i < end) {
    const b0 = b[i];
    if (b0 <= 21) {
      const op = b0 === 12 ? OP_ESC + b[i + 1] : b0;
      i += b0 === 12 ? 2 : 1;
      out.push({ op, operands, start: from, end: i });
      operands = [];
      from = i;
    } else if (b0 === 28) {
      operands.push(((b[i + 1] << 24) >> 16) | b[i + 2]);
      i += 3;
    } else if (b0 === 29) {
      operands.push((b[i + 1] << 24) | (b[i + 2] << 16) | (b[i + 3] << 8) | b[i + 4]);
      i += 5;
    } else if (b0 === 30) {
      i++; // real: nibbles up to 0xf; its value is not needed here (copied as bytes)
      while (i < end && (b[i] & 0x0f) !== 0x0f && (b[i] & 0xf0) !== 0xf0) i++;
      i++;
      operands.push(NaN);
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      i++;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + b[i + 1] + 108);
      i += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - b[i + 1] - 108);
      i += 2;
    } else throw new Error(`CFF DICT: byte ${b0} at ${i}`);
  }
  return out;
}

const entry = (d: DictEntry[], op: number) => d.find((e) => e.op === op);

/** Reads a CID-keyed CFF table (`CFF ` of an OpenType font). */
export function readCff(bytes: Uint8Array): CffFont {
  const hdrSize = bytes[2];
  const names = readIndex(bytes, hdrSize);
  const tops = readIndex(bytes, names.end);
  const strings = readIndex(bytes, tops.end);
  const gsubrs = readIndex(bytes, strings.end);
  const top = readDict(bytes, tops.items[0].start, tops.items[0].end);
  const need = (op: number) => {
    const e = entry(top, op);
    if (!e) throw new Error(`CFF: not a CID-keyed font (no Top DICT operator ${op})`);
    return e.operands;
  };
  need(OP_ESC + 30); // ROS
  const charstrings = readIndex(bytes, need(17)[0]).items;
  const fdArray = readIndex(bytes, need(OP_ESC + 36)[0]).items;
  const fdSelect = new Uint8Array(charstrings.length);
  let at = need(OP_ESC + 37)[0];
  const format = bytes[at++];
  if (format === 0) fdSelect.set(bytes.subarray(at, at + charstrings.length));
  else if (format === 3) {
    const n = (bytes[at] << 8) | bytes[at + 1];
    at += 2;
    for (let r = 0; r < n; r++) {
      const first = (bytes[at] << 8) | bytes[at + 1];
      const fd = bytes[at + 2];
      const next = (bytes[at + 3] << 8) | bytes[at + 4];
      fdSelect.fill(fd, first, next);
      at += 3;
    }
  } else throw new Error(`CFF: FDSelect format ${format}`);
  const fontDicts: DictEntry[][] = [];
  const privateDicts: DictEntry[][] = [];
  const localSubrs: Span[][] = [];
  for (const fd of fdArray) {
    const d = readDict(bytes, fd.start, fd.end);
    fontDicts.push(d);
    const [size, offset] = entry(d, 18)?.operands ?? [0, 0];
    const p = readDict(bytes, offset, offset + size);
    privateDicts.push(p);
    const subrs = entry(p, 19);
    localSubrs.push(subrs ? readIndex(bytes, offset + subrs.operands[0]).items : []);
  }
  return {
    bytes,
    charstrings,
    globalSubrs: gsubrs.items,
    localSubrs,
    fdSelect,
    fontDicts,
    privateDicts,
    topCopied: top.filter((e) => e.op === 5 || e.op === OP_ESC + 7),
  };
}

/** The table bytes of a span. */
export const bytesOf = (f: CffFont, s: Span) => f.bytes.subarray(s.start, s.end);

/**
 * Glyph `gid`'s charstring with its subroutines inlined, or null when it does something this does not
 * follow (a call operand that is not the literal just before the call, an arithmetic operator, nesting
 * deeper than the Type 2 limit of 10). The result draws exactly the font's operator stream (tested).
 */
export function inlineSubrs(f: CffFont, gid: number): Uint8Array | null {
  const fd = f.fdSelect[gid];
  const locals = f.localSubrs[fd] ?? [];
  const gBias = subrBias(f.globalSubrs.length);
  const lBias = subrBias(locals.length);
  const out: number[] = [];
  let stack = 0;
  let stems = 0;
  let ended = false;
  const run = (s: Span, depth: number): boolean => {
    if (depth > 10) return false;
    const c = f.bytes;
    let lastNum: { at: number; value: number } | null = null;
    let i = s.start;
    while (i < s.end && !ended) {
      const b = c[i];
      if (b >= 32 || b === 28) {
        const len = b === 28 ? 3 : b <= 246 ? 1 : b <= 254 ? 2 : 5;
        const value =
          b === 28
            ? ((c[i + 1] << 24) >> 16) | c[i + 2]
            : b <= 246
              ? b - 139
              : b <= 250
                ? (b - 247) * 256 + c[i + 1] + 108
                : b <= 254
                  ? -(b - 251) * 256 - c[i + 1] - 108
                  : NaN;
        lastNum = { at: out.length, value };
        for (let k = 0; k < len; k++) out.push(c[i + k]);
        stack++;
        i += len;
        continue;
      }
      const num = lastNum;
      lastNum = null;
      i++;
      if (b === 10 || b === 29) {
        if (!num || !Number.isInteger(num.value)) return false; // the operand is the literal just before the call
        out.length = num.at;
        stack--;
        const list = b === 29 ? f.globalSubrs : locals;
        const index = num.value + (b === 29 ? gBias : lBias);
        if (index < 0 || index >= list.length) return false;
        if (!run(list[index], depth + 1)) return false;
        continue;
      }
      if (b === 11) return true;
      out.push(b);
      if (b === 14) {
        ended = true;
        return true;
      }
      if (b === 1 || b === 3 || b === 18 || b === 23) {
        stems += stack >> 1;
      } else if (b === 19 || b === 20) {
        stems += stack >> 1;
        const len = (stems + 7) >> 3;
        for (let k = 0; k < len; k++) out.push(c[i + k]);
        i += len;
      } else if (b === 12) {
        const op = c[i++];
        if (op !== 34 && op !== 35 && op !== 36 && op !== 37) return false; // only the flex operators
        out.push(op);
      }
      stack = 0;
    }
    return true;
  };
  if (!run(f.charstrings[gid], 0)) return null;
  return Uint8Array.from(out);
}

const int32 = (v: number) => [29, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const dictInt = (v: number): number[] => {
  if (v >= -107 && v <= 107) return [v + 139];
  if (v >= 108 && v <= 1131) return [((v - 108) >> 8) + 247, (v - 108) & 0xff];
  if (v >= -1131 && v <= -108) return [((-v - 108) >> 8) + 251, (-v - 108) & 0xff];
  if (v >= -32768 && v <= 32767) return [28, (v >> 8) & 0xff, v & 0xff];
  return int32(v);
};
const op = (o: number) => (o >= OP_ESC ? [12, o - OP_ESC] : [o]);

/** An INDEX of `items` (TN #5176 §5). */
function index(items: Uint8Array[]): Uint8Array {
  if (!items.length) return Uint8Array.of(0, 0);
  let total = 1;
  for (const it of items) total += it.length;
  const offSize = total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x1000000 ? 3 : 4;
  const out = new Uint8Array(3 + (items.length + 1) * offSize + total - 1);
  out[0] = items.length >> 8;
  out[1] = items.length & 0xff;
  out[2] = offSize;
  let off = 1;
  let at = 3;
  const put = (v: number) => {
    for (let j = offSize - 1; j >= 0; j--) out[at + (offSize - 1 - j)] = (v >>> (8 * j)) & 0xff;
    at += offSize;
  };
  put(off);
  for (const it of items) put((off += it.length));
  for (const it of items) {
    out.set(it, at);
    at += it.length;
  }
  return out;
}

export interface CffGlyph {
  code: Uint8Array;
  /** its font dict in the source font */
  fd: number;
  /** its CID (default: its position) */
  cid?: number;
}

/** Per source font: each font dict's entries but Private and FontName, and each Private dict's entries but Subrs, as bytes. */
const dictBytes = new WeakMap<CffFont, { font: Uint8Array[]; private: Uint8Array[]; top: Uint8Array }>();
function ownDicts(f: CffFont) {
  let d = dictBytes.get(f);
  if (!d) {
    const keep = (entries: DictEntry[], drop: number[]) => {
      const parts = entries.filter((e) => !drop.includes(e.op));
      return Uint8Array.from(parts.flatMap((e) => Array.from(f.bytes.subarray(e.start, e.end))));
    };
    d = {
      font: f.fontDicts.map((e) => keep(e, [18, OP_ESC + 38])),
      private: f.privateDicts.map((e) => keep(e, [19])),
      top: keep(f.topCopied, []),
    };
    dictBytes.set(f, d);
  }
  return d;
}

const cat = (parts: (Uint8Array | number[])[]): Uint8Array => {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * A CID-keyed CFF of `glyphs` (glyph 0 must be .notdef, CID 0): each glyph's CID is its `cid` (ascending)
 * or its position (charset identity); ROS Adobe-Identity-0. `subrs`: global subroutines and local ones per
 * source font dict (as numbered in the charstrings); without it the charstrings must call none (inlined).
 */
export function writeCidCff(f: CffFont, name: string, glyphs: CffGlyph[], subrs?: { globals: Uint8Array[]; locals: Map<number, Uint8Array[]> }): Uint8Array {
  const own = ownDicts(f);
  const used: number[] = [];
  const newFd = new Map<number, number>();
  for (const g of glyphs) if (!newFd.has(g.fd)) newFd.set(g.fd, used.push(g.fd) - 1);
  const enc = new TextEncoder();
  const header = Uint8Array.of(1, 0, 4, 4);
  const nameIndex = index([enc.encode(name)]);
  const stringIndex = index([enc.encode('Adobe'), enc.encode('Identity')]);
  const gsubrIndex = index(subrs?.globals ?? []);
  const n = glyphs.length;
  let charset: Uint8Array;
  let cidCount = n;
  if (glyphs.some((g, k) => g.cid !== undefined && g.cid !== k)) {
    // format 0: the CID of each glyph but .notdef
    charset = new Uint8Array(1 + 2 * (n - 1));
    for (let k = 1; k < n; k++) {
      const cid = glyphs[k].cid ?? k;
      charset[2 * k - 1] = cid >> 8;
      charset[2 * k] = cid & 0xff;
      cidCount = Math.max(cidCount, cid + 1);
    }
  } else charset = n > 1 ? Uint8Array.of(2, 0, 1, ((n - 2) >> 8) & 0xff, (n - 2) & 0xff) : Uint8Array.of(0);
  const fdSelect = new Uint8Array(1 + n);
  glyphs.forEach((g, k) => (fdSelect[1 + k] = newFd.get(g.fd)!));
  const charstrings = index(glyphs.map((g) => g.code));
  // Private DICTs (their own entries but Subrs) and the local subroutines after each
  const privates = used.map((fd) => {
    const locals = subrs?.locals.get(fd);
    if (!locals?.length) return { dict: own.private[fd], locals: null };
    return { dict: cat([own.private[fd], int32(own.private[fd].length + 6), [19]]), locals: index(locals) };
  });
  const fontDicts = (privateAt: number[]) => index(used.map((fd, k) => cat([own.font[fd], int32(privates[k].dict.length), int32(privateAt[k]), [18]])));
  const topDict = (o: { charset: number; fdSelect: number; charstrings: number; fdArray: number }) =>
    cat([
      dictInt(391),
      dictInt(392),
      dictInt(0),
      op(OP_ESC + 30),
      own.top,
      dictInt(cidCount),
      op(OP_ESC + 34),
      int32(o.charset),
      op(15),
      int32(o.fdSelect),
      op(OP_ESC + 37),
      int32(o.charstrings),
      op(17),
      int32(o.fdArray),
      op(OP_ESC + 36),
    ]);
  // the Top DICT's size does not depend on the offsets (5-byte integers): lay out with zeros, then fill in
  const topLen = index([topDict({ charset: 0, fdSelect: 0, charstrings: 0, fdArray: 0 })]).length;
  const charsetAt = header.length + nameIndex.length + topLen + stringIndex.length + gsubrIndex.length;
  const fdSelectAt = charsetAt + charset.length;
  const charstringsAt = fdSelectAt + fdSelect.length;
  const fdArrayAt = charstringsAt + charstrings.length;
  const fdArrayLen = fontDicts(used.map(() => 0)).length;
  const privateAt: number[] = [];
  let at = fdArrayAt + fdArrayLen;
  for (const p of privates) {
    privateAt.push(at);
    at += p.dict.length + (p.locals?.length ?? 0);
  }
  const out = cat([
    header,
    nameIndex,
    index([topDict({ charset: charsetAt, fdSelect: fdSelectAt, charstrings: charstringsAt, fdArray: fdArrayAt })]),
    stringIndex,
    gsubrIndex,
    charset,
    fdSelect,
    charstrings,
    fontDicts(privateAt),
    ...privates.flatMap((p) => (p.locals ? [p.dict, p.locals] : [p.dict])),
  ]);
  if (out.length !== at) throw new Error(`CFF layout: ${out.length} bytes written, ${at} laid out`);
  return out;
}
