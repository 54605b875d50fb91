import { test } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import { payTarget, qrRuns, qrSvg, QR_QUIET_ZONE } from './bill-pay-rules.js';

test('the QR code carries the pay link with the reference, or the reference alone', () => {
  assert.equal(payTarget('3700000001-12345-1', null), '3700000001-12345-1');
  assert.equal(payTarget('3700000001-12345-1', 'https://pay.example.cn/bill?ref={payRef}'), 'https://pay.example.cn/bill?ref=3700000001-12345-1');
  // every placeholder is replaced, and the reference is URL-encoded
  assert.equal(payTarget('a b&c', 'https://x.cn/{payRef}/{payRef}'), 'https://x.cn/a%20b%26c/a%20b%26c');
});

test('the runs are exactly the dark modules of the symbol, with the three finder patterns in the corners', () => {
  const text = 'https://pay.example.cn/bill?ref=3700000001-12345-1';
  const { size, runs } = qrRuns(text);
  const m = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  assert.equal(size, m.size);
  const dark = new Set<number>();
  for (const r of runs) for (let k = 0; k < r.w; k++) dark.add(r.y * size + r.x + k);
  for (let i = 0; i < size * size; i++) assert.equal(dark.has(i), m.data[i] === 1, `module ${i}`);
  // finder patterns: a 7-module dark top row at top-left, top-right and bottom-left
  const row = (y: number, x: number) => runs.some((r) => r.y === y && r.x === x && r.w === 7);
  assert.ok(row(0, 0) && row(0, size - 7) && row(size - 7, 0));
  // level M, version grows with the text
  assert.ok(qrRuns('3700000001-12345-1').size < size);
});

test('the SVG is one path with the quiet zone', () => {
  const svg = qrSvg('3700000001-12345-1');
  const { size } = qrRuns('3700000001-12345-1');
  const full = size + 2 * QR_QUIET_ZONE;
  assert.match(svg, new RegExp(`viewBox="0 0 ${full} ${full}"`));
  assert.equal(svg.match(/<path/g)!.length, 1);
  assert.match(svg, /M4 4h7v1h-7z/); // the top-left finder's first row, after the 4-module quiet zone
});
