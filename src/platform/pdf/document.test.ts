import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPdf, table, yuan } from './index.js';

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
