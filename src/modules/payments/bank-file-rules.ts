/**
 * Bank withholding files (代扣), docs/payments.md "Bank withholding". Pure: a bank's layout (data in
 * `bank_layouts`) and rows in, file bytes out; file bytes in, rows and the problems of bad lines out.
 *
 * - Fixed-width fields are measured in **bytes of the file's encoding** (a Chinese character is 2
 *   bytes in GBK, 3 in UTF-8), padded on the layout's side with its pad character; a value that does
 *   not fit is refused (never cut: a cut name or number would debit the wrong account).
 * - Delimited (CSV) files: one row a line, no quoting — a value containing the delimiter, a quote or
 *   a line break is refused. An optional header line with the field names.
 * - GBK: decoded with the platform's TextDecoder('gbk'); encoded through the inverse of that decoder's
 *   table (built once: every GBK double-byte code), so no dependency is needed.
 * - Lines end with CRLF on export; LF or CRLF are read. Blank lines are skipped.
 */
import { badField } from '../../platform/errors.js';

export interface LayoutField {
  name: string;
  width?: number;
  align?: 'left' | 'right';
  pad?: string;
}
export interface BankLayout {
  bankCode: string;
  format: 'fixed' | 'csv';
  encoding: 'utf-8' | 'gbk';
  delimiter: string;
  header: boolean;
  debitFields: LayoutField[];
  resultFields: LayoutField[];
  successCode: string;
}

let gbkTable: Map<string, Buffer> | null = null;
function gbkEncoder(): Map<string, Buffer> {
  if (gbkTable) return gbkTable;
  const dec = new TextDecoder('gbk', { fatal: false });
  const t = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const b = Buffer.from([lead, trail]);
      const ch = dec.decode(b);
      if (ch.length === 1 && ch !== '\ufffd' && !t.has(ch)) t.set(ch, b);
    }
  gbkTable = t;
  return t;
}

/** Text → bytes in the encoding; a character GBK cannot hold is refused, naming it. */
export function encode(text: string, encoding: BankLayout['encoding']): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const table = gbkEncoder();
  const parts: Buffer[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) parts.push(Buffer.from([code]));
    else {
      const b = table.get(ch);
      if (!b) throw badField('text', 'encoding', `字符「${ch}」无法用 GBK 编码`, `the character "${ch}" cannot be written in GBK`);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}

// one decoder per encoding: opening a GBK converter costs more than decoding a line with it, and a
// decode without { stream: true } keeps no state from one call to the next
const decoders = { gbk: new TextDecoder('gbk'), 'utf-8': new TextDecoder('utf-8') };

export function decode(bytes: Buffer, encoding: BankLayout['encoding']): string {
  return decoders[encoding === 'gbk' ? 'gbk' : 'utf-8'].decode(bytes);
}

function fixedField(f: LayoutField, value: string, encoding: BankLayout['encoding']): Buffer {
  const bytes = encode(value, encoding);
  const width = f.width ?? 0;
  if (bytes.length > width)
    throw badField(f.name, 'too_long', `字段 ${f.name} 的值「${value}」超过 ${width} 字节`, `field ${f.name}: "${value}" is longer than ${width} bytes`);
  const pad = Buffer.alloc(width - bytes.length, f.pad ?? ' ');
  return f.align === 'right' ? Buffer.concat([pad, bytes]) : Buffer.concat([bytes, pad]);
}

/** Rows (field name → text) → the file's bytes in the layout. */
export function formatFile(layout: BankLayout, fields: LayoutField[], rows: Record<string, string>[]): Buffer {
  const lines: Buffer[] = [];
  if (layout.format === 'csv' && layout.header) lines.push(encode(fields.map((f) => f.name).join(layout.delimiter), layout.encoding));
  for (const r of rows) {
    if (layout.format === 'fixed') lines.push(Buffer.concat(fields.map((f) => fixedField(f, r[f.name] ?? '', layout.encoding))));
    else {
      for (const f of fields)
        if (/[\r\n"]/.test(r[f.name] ?? '') || (r[f.name] ?? '').includes(layout.delimiter))
          throw badField(f.name, 'delimiter', `字段 ${f.name} 含分隔符或换行`, `field ${f.name} contains the delimiter, a quote or a line break`);
      lines.push(encode(fields.map((f) => r[f.name] ?? '').join(layout.delimiter), layout.encoding));
    }
  }
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\r\n')]));
}

export interface ParsedLine {
  lineNo: number;
  raw: string;
  values: Record<string, string>;
}
export interface LineProblem {
  lineNo: number;
  raw: string;
  detail: string;
}

/** The file's bytes → rows by field name (trimmed), and the lines that do not fit the layout. */
export function parseFile(layout: BankLayout, fields: LayoutField[], bytes: Buffer): { lines: ParsedLine[]; problems: LineProblem[] } {
  const lines: ParsedLine[] = [];
  const problems: LineProblem[] = [];
  // split on LF in the bytes (0x0A never occurs inside a GBK or UTF-8 multi-byte character)
  const raws: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++)
    if (i === bytes.length || bytes[i] === 0x0a) {
      let end = i;
      if (end > start && bytes[end - 1] === 0x0d) end--;
      raws.push(bytes.subarray(start, end));
      start = i + 1;
    }
  const total = fields.reduce((s, f) => s + (f.width ?? 0), 0);
  raws.forEach((raw, i) => {
    const lineNo = i + 1;
    const text = decode(raw, layout.encoding);
    if (!text.trim()) return;
    if (layout.format === 'csv') {
      if (layout.header && lineNo === 1) {
        if (text.trim() !== fields.map((f) => f.name).join(layout.delimiter))
          problems.push({ lineNo, raw: text, detail: `header is not ${fields.map((f) => f.name).join(layout.delimiter)}` });
        return;
      }
      const parts = text.split(layout.delimiter);
      if (parts.length !== fields.length) {
        problems.push({ lineNo, raw: text, detail: `${parts.length} fields, the layout has ${fields.length}` });
        return;
      }
      lines.push({ lineNo, raw: text, values: Object.fromEntries(fields.map((f, k) => [f.name, parts[k].trim()])) });
      return;
    }
    if (raw.length !== total) {
      problems.push({ lineNo, raw: text, detail: `${raw.length} bytes, the layout has ${total}` });
      return;
    }
    const values: Record<string, string> = {};
    let at = 0;
    for (const f of fields) {
      values[f.name] = decode(raw.subarray(at, at + (f.width ?? 0)), layout.encoding).trim();
      at += f.width ?? 0;
    }
    lines.push({ lineNo, raw: text, values });
  });
  return { lines, problems };
}

/** A result line's amount: digits only (integer fen, leading zeros allowed); null otherwise. */
export function fenField(text: string): number | null {
  if (!/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
