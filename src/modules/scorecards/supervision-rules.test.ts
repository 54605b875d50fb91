/** Supervision rules: an inspection scored against its checklist; photo types. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageType, scoreInspection, type ChecklistItem } from './supervision-rules.js';

const list: ChecklistItem[] = [
  { code: 'W01', section: '场所', text: 'a', textEn: 'a', points: 10 },
  { code: 'W02', section: '公开', text: 'b', textEn: 'b', points: 15 },
];

test('an inspection adds its items; full marks need no finding', () => {
  const r = scoreInspection(list, [
    { code: 'W01', points: 10 },
    { code: 'W02', points: 12, finding: '收费标准未更新', rectifyBy: '2026-12-15' },
  ]);
  assert.deepEqual([r.points, r.max, r.problems], [22, 25, []]);
});

test('problems name the item: unknown, twice, out of range, missing finding and date, incomplete', () => {
  const r = scoreInspection(list, [
    { code: 'W01', points: 11 },
    { code: 'W01', points: 10 },
    { code: 'X', points: 1 },
  ]);
  assert.deepEqual(
    r.problems.map((p) => `${p.field}:${p.rule}`),
    ['items[0].points:range', 'items[1].code:unique', 'items[2].code:exists', 'items:complete'],
  );
  const s = scoreInspection(list, [
    { code: 'W01', points: 0 },
    { code: 'W02', points: 15 },
  ]);
  assert.deepEqual(
    s.problems.map((p) => `${p.field}:${p.rule}`),
    ['items[0].finding:required', 'items[0].rectifyBy:required'],
  );
});

test('photo types by their first bytes', () => {
  assert.equal(imageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(imageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
  assert.equal(imageType(Buffer.from('%PDF-1.7')), null);
});
