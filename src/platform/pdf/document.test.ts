import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { openPdf, renderPdf, table, yuan, type Pdf } from './index.js';
import { encodeInt, flatten, renumberSubrs, subrBias, type RenumberCache } from './cff-subrs.js';

test('yuan formats fen by integer arithmetic, sign and padding included', () => {
  assert.equal(yuan(12345), '123.45');
  assert.equal(yuan(5), '0.05');
  assert.equal(yuan(-5), '-0.05');
  assert.equal(yuan(0), '0.00');
  assert.equal(yuan(900719925474099312n), '9007199254740993.12');
});

test('a PDF with Chinese text embeds a font subset with a ToUnicode map', async () => {
  const pdf = await renderPdf({ title: '电费通知单' }, (doc) => {
    doc.fontSize(16).text('国网某县供电公司 电费通知单');
    table(
      doc,
      [
        { title: '项目', width: 200 },
        { title: '金额（元）', width: 100, align: 'right' },
      ],
      [
        ['电度电费', yuan(12345)],
        ['政府性基金及附加', yuan(678)],
      ],
    );
  });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdf.toString('latin1');
  assert.match(text, /\/ToUnicode/);
  assert.match(text, /NotoSansHans/);
  assert.ok(pdf.length < 200_000, `a one-page document stays small (subset): ${pdf.length} bytes`);
});

/** The embedded CFF font program of a PDF (its one CIDFontType0C stream), inflated. */
function fontProgram(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const at = text.indexOf('/Subtype /CIDFontType0C');
  const length = Number(/\/Length (\d+)/.exec(text.slice(at - 40, at + 200))![1]);
  const start = text.indexOf('stream\n', at) + 'stream\n'.length;
  return inflateSync(pdf.subarray(start, start + length));
}

interface CffIndexItem {
  offset: number;
  length: number;
}
interface ParsedCff {
  stream: { pos: number; readBuffer(n: number): Uint8Array };
  topDict: { CharStrings: CffIndexItem[]; FDArray: { Private?: { Subrs?: CffIndexItem[] } }[] };
  globalSubrIndex: CffIndexItem[];
  fdForGlyph(gid: number): number | null;
  getCharString(gid: number): Uint8Array;
}

test("unused subroutines are embedded empty: every charstring and every used subroutine is the font's own bytes, the bill half the size", async () => {
  const draw = (doc: Pdf) => {
    doc.fontSize(12).text('电费通知单 户号 3700000001 功率因数调整电费 ¥1,234.56 示范省电力有限公司 城关供电所 清河县');
    doc.addPage();
    doc.text('第二页 政府性基金及附加 国家重大水利工程建设基金');
  };
  const at = new Date('2026-12-01T00:00:00Z');
  const compact = await renderPdf({ title: 't', creationDate: at, renumberSubrs: false }, draw);
  const own = await renderPdf({ title: 't', creationDate: at, compactSubrs: false }, draw);
  assert.ok(compact.length * 1.5 < own.length, `${compact.length} bytes against fontkit's ${own.length}`);
  // parse both font programs with fontkit's own CFF parser (the class of the parsed font pdfkit holds)
  const { doc } = await openPdf({ title: 'parser' });
  const cff = (doc as unknown as { _font: { font: Record<string, ParsedCff> } })._font.font['CFF '];
  doc.end();
  const Cff = cff.constructor as new (s: unknown) => ParsedCff;
  const Stream = cff.stream.constructor as new (b: Uint8Array) => unknown;
  const [a, b] = [fontProgram(compact), fontProgram(own)].map((buf) => new Cff(new Stream(buf)));
  const bytes = (f: ParsedCff, items: CffIndexItem[]) =>
    items.map((it) => {
      f.stream.pos = it.offset;
      return Buffer.from(f.stream.readBuffer(it.length)).toString('hex');
    });
  assert.deepEqual(bytes(a, a.topDict.CharStrings), bytes(b, b.topDict.CharStrings));
  assert.ok(a.topDict.CharStrings.length > 30);
  const subrs = (f: ParsedCff) => [f.globalSubrIndex, ...f.topDict.FDArray.map((fd) => fd.Private?.Subrs ?? [])];
  const [sa, sb] = [subrs(a), subrs(b)];
  assert.equal(sa.length, sb.length);
  let used = 0;
  sa.forEach((index, k) => {
    assert.equal(index.length, sb[k].length, 'the numbering is kept');
    const [xa, xb] = [bytes(a, index), bytes(b, sb[k])];
    xa.forEach((hex, i) => {
      if (xb[i] === '0b') assert.equal(hex, '', 'an unused subroutine is empty');
      else {
        assert.equal(hex, xb[i]);
        used++;
      }
    });
  });
  assert.ok(used > 10, `${used} used subroutines compared`);
});

test('pages are counted', async () => {
  const { doc, pages } = await openPdf({ title: 'p' });
  doc.text('一');
  doc.addPage();
  doc.addPage();
  assert.equal(pages(), 3);
  doc.end();
});

test("subroutines renumbered: every glyph of the subset, its subroutines inlined, is the font's own operator stream", async () => {
  const text =
    '电费通知单 户号 3700000001 功率因数调整电费 ¥1,234.56 示范省电力有限公司 城关供电所 清河县某某机械制造有限公司 政府性基金及附加 尖峰高峰平段低谷 ABCxyz 0123456789（）：、。';
  const { doc } = await openPdf({ title: 'renumber', creationDate: new Date('2026-12-01T00:00:00Z') });
  const subset = (doc as unknown as { _font: { subset: { glyphs: number[] } } })._font.subset;
  const font = (doc as unknown as { _font: { font: Record<string, ParsedCff> } })._font.font['CFF '];
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => doc.on('end', r));
  doc.fontSize(12).text(text);
  doc.end();
  await ended;
  const pdf = Buffer.concat(chunks);
  const Cff = font.constructor as new (s: unknown) => ParsedCff;
  const Stream = font.stream.constructor as new (b: Uint8Array) => unknown;
  const sub = new Cff(new Stream(fontProgram(pdf)));
  const read = (f: ParsedCff, it: CffIndexItem) => {
    f.stream.pos = it.offset;
    return f.stream.readBuffer(it.length);
  };
  const stream = (f: ParsedCff, code: Uint8Array, fd: number) => {
    const locals = f.topDict.FDArray[fd]?.Private?.Subrs ?? [];
    return flatten(
      code,
      (i) => read(f, f.globalSubrIndex[i]),
      f.globalSubrIndex.length,
      (i) => read(f, locals[i]),
      locals.length,
    );
  };
  assert.equal(sub.topDict.CharStrings.length, subset.glyphs.length);
  let ideographs = 0;
  subset.glyphs.forEach((gid, k) => {
    const mine = stream(sub, read(sub, sub.topDict.CharStrings[k]), sub.fdForGlyph(k) ?? 0);
    const theirs = stream(font, font.getCharString(gid), font.fdForGlyph(gid) ?? 0);
    assert.deepEqual(mine, theirs, `glyph ${gid}`);
    if (theirs.length > 20) ideographs++;
  });
  assert.ok(ideographs > 20);
  // only the called subroutines are kept
  const kept = sub.topDict.FDArray.reduce((n, fd) => n + (fd.Private?.Subrs?.length ?? 0), 0);
  assert.ok(kept < 500, `${kept} local subroutines kept`);
  assert.ok(pdf.length < 25_000, `${pdf.length} bytes`);
});

test('Type 2 operands and subroutine bias, at the encoding edges', () => {
  assert.deepEqual([subrBias(0), subrBias(1239), subrBias(1240), subrBias(33899), subrBias(33900)], [107, 107, 1131, 1131, 32768]);
  const decode = (b: number[]) =>
    b[0] === 28 ? ((b[1] << 24) >> 16) | b[2] : b[0] <= 246 ? b[0] - 139 : b[0] <= 250 ? (b[0] - 247) * 256 + b[1] + 108 : -(b[0] - 251) * 256 - b[1] - 108;
  for (const v of [-32768, -1132, -1131, -108, -107, 0, 107, 108, 1131, 1132, 32767]) assert.equal(decode(encodeInt(v)), v, String(v));
  assert.deepEqual(
    [-107, 107, 108, 1131, 1132].map((v) => encodeInt(v).length),
    [1, 1, 2, 2, 3],
  );
});

test('the per-glyph cache of the renumbering gives the same subset bytes as a fresh renumbering, subset after subset', async () => {
  const { doc } = await openPdf({ title: 'cache' });
  const fk = (doc as unknown as { _font: { font: { layout(t: string): { glyphs: { id: number }[] } } & Record<string, ParsedCff> } })._font.font;
  const cff = fk['CFF '];
  doc.end();
  const read = (it: CffIndexItem) => {
    cff.stream.pos = it.offset;
    return cff.stream.readBuffer(it.length);
  };
  const localOf = (fd: number) => cff.topDict.FDArray[fd]?.Private?.Subrs ?? [];
  const src = {
    globalCount: cff.globalSubrIndex.length,
    global: (i: number) => read(cff.globalSubrIndex[i]),
    localCount: (fd: number) => localOf(fd).length,
    local: (fd: number, i: number) => read(localOf(fd)[i]),
  };
  const cache: RenumberCache = new Map();
  const texts = [
    '电费通知单 户号 3700000001 张三 城关路 1 号',
    '电费通知单 户号 3700000002 李四 解放街 22 号 ¥194.10',
    '清河县某某机械制造有限公司 功率因数调整电费 尖峰高峰平段低谷 0123456789',
  ];
  for (const t of texts) {
    const ids = [0, ...new Set(fk.layout(t).glyphs.map((g) => g.id))];
    const glyphs = ids.map((g) => cff.getCharString(g));
    const fds = ids.map((g) => cff.fdForGlyph(g) ?? 0);
    const fresh = renumberSubrs(glyphs, fds, src);
    const cached = renumberSubrs(glyphs, fds, src, { ids, cache });
    assert.ok(fresh && cached, t);
    assert.deepEqual(
      cached.charstrings.map((c) => Buffer.from(c).toString('hex')),
      fresh.charstrings.map((c) => Buffer.from(c).toString('hex')),
    );
    assert.deepEqual(
      cached.globals.map((c) => Buffer.from(c).toString('hex')),
      fresh.globals.map((c) => Buffer.from(c).toString('hex')),
    );
    assert.deepEqual([...cached.locals.keys()], [...fresh.locals.keys()]);
    for (const [fd, list] of fresh.locals)
      assert.deepEqual(
        cached.locals.get(fd)!.map((c) => Buffer.from(c).toString('hex')),
        list.map((c) => Buffer.from(c).toString('hex')),
      );
  }
  assert.ok(cache.size > 40, `${cache.size} glyphs cached`);
});
