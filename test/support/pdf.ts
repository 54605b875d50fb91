/**
 * A small PDF reader for tests: parses a file back through its cross-reference table (every offset must
 * point at its object, every stream's Length must end at `endstream`), follows catalog → page tree →
 * pages, inflates the page contents, and decodes the text shown with `<hex> Tj` through the font's
 * ToUnicode map — what a viewer's search and copy would give. It reads what the platform's Sheet writer
 * produces (uncompressed cross-reference table, direct Length values); anything else fails loudly.
 */
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  /** the object's text up to `stream` or `endobj` */
  dict: string;
  /** the stream's bytes, inflated when FlateDecode */
  stream?: Buffer;
  /** the stream's bytes as stored */
  raw?: Buffer;
}
export interface ParsedPdf {
  objects: Map<number, PdfObject>;
  trailer: string;
  /** per page: the object number and the text lines shown (one string per Tj, in drawing order) */
  pages: { obj: number; texts: string[]; content: string }[];
  info: string;
}

const ref = (dict: string, key: string): number => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  assert.ok(m, `no /${key} reference in ${dict.slice(0, 200)}`);
  return Number(m[1]);
};

/** Parses a PDF back (see the file's comment); fails an assertion at the first thing out of place. */
export function parsePdf(buf: Buffer): ParsedPdf {
  const text = buf.toString('latin1');
  assert.equal(text.slice(0, 5), '%PDF-');
  assert.ok(text.trimEnd().endsWith('%%EOF'), 'ends with %%EOF');
  const sx = /startxref\n(\d+)\n%%EOF\s*$/.exec(text);
  assert.ok(sx, 'startxref');
  const xrefAt = Number(sx[1]);
  assert.equal(text.slice(xrefAt, xrefAt + 5), 'xref\n', 'startxref points at the cross-reference table');
  const head = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt))!;
  const size = Number(head[1]);
  const entriesAt = xrefAt + head[0].length;
  const objects = new Map<number, PdfObject>();
  for (let n = 1; n < size; n++) {
    const e = text.slice(entriesAt + 20 * n, entriesAt + 20 * n + 20);
    assert.match(e, /^\d{10} 00000 n \n$/, `xref entry ${n}`);
    const at = Number(e.slice(0, 10));
    const start = `${n} 0 obj\n`;
    assert.equal(text.slice(at, at + start.length), start, `object ${n} at its offset`);
    const body = at + start.length;
    const end = text.indexOf('\nendobj\n', body);
    const streamAt = text.indexOf('\nstream\n', body);
    if (streamAt >= 0 && streamAt < end) {
      const dict = text.slice(body, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)![1]);
      const dataAt = streamAt + '\nstream\n'.length;
      assert.equal(text.slice(dataAt + length, dataAt + length + 10), '\nendstream', `object ${n}: Length ends at endstream`);
      const raw = buf.subarray(dataAt, dataAt + length);
      const stream = dict.includes('/FlateDecode') ? inflateSync(raw) : raw;
      objects.set(n, { dict, stream, raw });
      const close = dataAt + length + '\nendstream'.length;
      assert.equal(text.slice(close, close + 8), '\nendobj\n', `object ${n} closed`);
    } else objects.set(n, { dict: text.slice(body, end) });
  }
  const trailer = text.slice(text.indexOf('trailer', xrefAt), text.lastIndexOf('startxref'));
  assert.match(trailer, new RegExp(`/Size ${size}\\b`));
  const get = (n: number) => {
    const o = objects.get(n);
    assert.ok(o, `object ${n} exists`);
    return o;
  };
  const catalog = get(ref(trailer, 'Root'));
  assert.match(catalog.dict, /\/Type \/Catalog/);
  const tree = get(ref(catalog.dict, 'Pages'));
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(tree.dict)![1].matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  assert.equal(Number(/\/Count (\d+)/.exec(tree.dict)![1]), kids.length);
  const cmaps = new Map<number, Map<number, string>>();
  const toUnicode = (fontObj: number) => {
    let map = cmaps.get(fontObj);
    if (!map) {
      const cmap = get(ref(get(fontObj).dict, 'ToUnicode')).stream!.toString('latin1');
      map = new Map();
      for (const m of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
        const units = m[2].match(/.{4}/g)!.map((h) => parseInt(h, 16));
        map.set(parseInt(m[1], 16), String.fromCharCode(...units));
      }
      cmaps.set(fontObj, map);
    }
    return map;
  };
  const pages = kids.map((obj) => {
    const page = get(obj);
    assert.match(page.dict, /\/Type \/Page\b/);
    const content = get(ref(page.dict, 'Contents')).stream!.toString('latin1');
    const fonts = new Map([...page.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1], Number(m[2])]));
    const texts: string[] = [];
    let font = 0;
    for (const m of content.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9a-f]*)> Tj/gi)) {
      if (m[1]) {
        font = fonts.get(m[1])!;
        assert.ok(font, `font ${m[1]} in the page's resources`);
        continue;
      }
      const map = toUnicode(font);
      texts.push(
        m[2]
          .match(/.{4}/g)!
          .map((h) => {
            const s = map.get(parseInt(h, 16));
            assert.ok(s !== undefined, `CID ${h} has no ToUnicode entry`);
            return s;
          })
          .join(''),
      );
    }
    return { obj, texts, content };
  });
  return { objects, trailer, pages, info: get(ref(trailer, 'Info')).dict };
}
