import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePdf } from '../../../test/support/pdf.js';
import { bytesOf, inlineSubrs, readCff } from './cff-font.js';
import { flatten } from './cff-subrs.js';
import { loadSheetFont, openSheet } from './index.js';

const BILL_TEXT =
  '电费通知单 户号 3700000001 功率因数调整电费 ¥1,234.56 示范省电力有限公司 城关供电所 清河县某某机械制造有限公司 政府性基金及附加 尖峰高峰平段低谷 ABCxyz 0123456789（）：、。壹贰叁肆伍陆柒捌玖拾佰仟元角分整';

test("a glyph with its subroutines inlined draws the font's own operator stream (a sample of the whole font and every glyph of a bill's text)", async () => {
  const f = await loadSheetFont();
  const cff = f.cff;
  const own = (gid: number) => {
    const fd = cff.fdSelect[gid];
    const locals = cff.localSubrs[fd] ?? [];
    return flatten(
      bytesOf(cff, cff.charstrings[gid]),
      (i) => bytesOf(cff, cff.globalSubrs[i]),
      cff.globalSubrs.length,
      (i) => bytesOf(cff, locals[i]),
      locals.length,
    );
  };
  const gids = new Set<number>([0]);
  for (let g = 0; g < cff.charstrings.length; g += 97) gids.add(g);
  for (const ch of BILL_TEXT) gids.add(f.glyph(ch.codePointAt(0)!).gid);
  let withCalls = 0;
  for (const gid of gids) {
    const inlined = inlineSubrs(cff, gid);
    assert.ok(inlined, `glyph ${gid} inlines`);
    const mine = flatten(
      inlined,
      () => assert.fail('an inlined glyph calls no global subroutine'),
      0,
      () => assert.fail('an inlined glyph calls no local subroutine'),
      0,
    );
    assert.deepEqual(mine, own(gid), `glyph ${gid}`);
    if (bytesOf(cff, cff.charstrings[gid]).some((b) => b === 10 || b === 29)) withCalls++;
  }
  assert.ok(gids.size > 350 && withCalls > 200, `${gids.size} glyphs, ${withCalls} calling subroutines`);
});

test('a sheet parses back: cross-reference offsets, pages, and the text through the ToUnicode map is what was drawn; the font has exactly those glyphs', async () => {
  const s = await openSheet({ title: '电费通知单 测试', creationDate: new Date('2026-12-01T00:00:00Z') });
  s.addPage();
  const lines = ['国网某县供电公司 电费通知单', '户名：欧阳娉婷  户号：3700000001', '本期电费合计：¥1,234.56 (kWh × 0.5680)'];
  let y = 40;
  for (const l of lines) y = s.text(l, 40, y, { size: 10 });
  s.grid(400, 40, 2, [{ x: 0, y: 0, w: 7 }], '#000000');
  s.addPage();
  s.text('第二页 政府性基金及附加', 40, 40, { size: 12, width: 300, align: 'right', color: '#333333' });
  const pdf = s.end()!;
  const p = parsePdf(pdf);
  assert.equal(p.pages.length, 2);
  assert.deepEqual(p.pages[0].texts, lines);
  assert.deepEqual(p.pages[1].texts, ['第二页 政府性基金及附加']);
  assert.match(p.info, /\/Title <FEFF7535/);
  assert.match(p.pages[0].content, /^q [\d.]+ 0 0 -[\d.]+ 400 801.89 cm\n0 0 7 1 re\nf Q$/m);
  // the font program: a CID-keyed CFF whose CIDs are the font's glyph ids, one per glyph used (and .notdef)
  const font = [...p.objects.values()].find((o) => o.dict.includes('/CIDFontType0C'))!;
  const sub = readCff(font.stream!);
  const f = await loadSheetFont();
  const used = new Set([0, ...[...lines.join(''), ...'第二页 政府性基金及附加'].map((c) => f.glyph(c.codePointAt(0)!).gid)]);
  assert.equal(sub.charstrings.length, used.size);
  [...used]
    .sort((a, b) => a - b)
    .forEach((gid, k) =>
      assert.deepEqual(Buffer.from(bytesOf(sub, sub.charstrings[k])), Buffer.from(inlineSubrs(f.cff, gid)!), `glyph ${gid} is CID ${gid}, in order`),
    );
  const cidFont = [...p.objects.values()].find((o) => o.dict.includes('/Subtype /CIDFontType0 '))!;
  // widths listed for the glyphs narrower than 1000 (the default): the Latin letters and digits
  const wText = cidFont.dict.slice(cidFont.dict.indexOf('/W [') + 4, cidFont.dict.lastIndexOf(']'));
  const w = new Map([...wText.matchAll(/(\d+) \[(\d+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]));
  const digit = f.glyph('1'.codePointAt(0)!);
  assert.equal(w.get(digit.gid), Math.round(digit.advance), 'the digit 1 has its width');
  assert.equal(w.get(f.glyph('国'.codePointAt(0)!).gid), undefined, 'an ideograph has the default width');
  assert.ok(pdf.length < 40_000, `${pdf.length} bytes`);
});

test('wrapping: lines fit the width, Chinese breaks by character, Latin words stay whole, no line starts with closing punctuation', async () => {
  const s = await openSheet({ title: 'wrap' });
  const text =
    '请于 2026-12-20 前缴清电费。逾期未缴按《供电营业规则》第九十八条计收违约金，居民用户每日按欠费总额的千分之一计算，Late fees apply per Article 98 of the Rules.';
  for (const width of [60, 97, 150, 233, 400]) {
    const lines = s.wrap(text, 9, width);
    assert.ok(lines.length > 1 || width >= 400, `${width}: ${lines.length} lines`);
    for (const l of lines) {
      assert.ok(s.measure(l, 9) <= width + 0.01, `${width}: "${l}" is ${s.measure(l, 9)} wide`);
      assert.ok(!/^[，。、；：）》]/.test(l), `${width}: "${l}" starts with closing punctuation`);
    }
    assert.equal(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''), `${width}: nothing lost`);
    for (const word of ['Late', 'fees', 'Article', 'Rules.', '2026-12-20'])
      assert.ok(
        lines.some((l) => l.includes(word)),
        `${width}: ${word} whole`,
      );
  }
  assert.deepEqual(s.wrap('短', 9, 100), ['短']);
  s.end();
});

test('streamed: the chunks given to onData are the whole file, pages counted as they are drawn', async () => {
  const chunks: Buffer[] = [];
  const s = await openSheet({ title: 'stream', onData: (c) => chunks.push(c) });
  for (let i = 0; i < 5; i++) {
    s.addPage();
    s.text(`第 ${i + 1} 页 张三${i}`, 40, 40, { size: 12 });
    assert.equal(s.pages, i + 1);
  }
  assert.ok(chunks.length > 5, 'pages are sent before the end');
  assert.equal(s.end(), undefined);
  const p = parsePdf(Buffer.concat(chunks));
  assert.deepEqual(
    p.pages.map((x) => x.texts[0]),
    [1, 2, 3, 4, 5].map((i) => `第 ${i} 页 张三${i - 1}`),
  );
});
