/** The satisfaction rules on hand-computed examples (docs/satisfaction.md, docs/rules.md §10). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SATISFACTION_POLICY,
  callbackScore,
  indexBy,
  indexOf,
  monthOf,
  roundHalfUp,
  segmentOf,
  trendByMonth,
  type Fact,
  type SatisfactionPolicy,
  type Score,
} from './score-rules.js';
import { keyDrivers, pearson } from './driver-rules.js';
import { DEFAULT_SAMPLING, designProblems, fnv1a, sampleOrders, scoreAnswers, signInvitation, verifyInvitation, type Question } from './survey-rules.js';
import { parseIvrCsv } from './ivr-csv-rules.js';
import { meetsTarget, moveRefusal } from './pdca-rules.js';

const P: SatisfactionPolicy = { ...DEFAULT_SATISFACTION_POLICY, minSample: 1, minSampleDriver: 1 };
const s5 = (v: number): Score => ({ v, min: 1, max: 5 });
const s10 = (v: number): Score => ({ v, min: 1, max: 10 });

test('rounding: half up, once, on the exact fraction (negatives half away from zero)', () => {
  assert.equal(roundHalfUp(1n, 8n, 2), 0.13); // 0.125
  assert.equal(roundHalfUp(1n, 8n, 1), 0.1); // 0.125
  assert.equal(roundHalfUp(3n, 40n, 2), 0.08); // 0.075 — binary floating point would give 0.07
  assert.equal(roundHalfUp(-1n, 8n, 2), -0.13);
  assert.equal(roundHalfUp(200n, 3n, 1), 66.7);
  assert.equal(roundHalfUp(7n, 1n, 1), 7);
});

test('index, mean method: 1–5 mapped to 0/25/50/75/100, mixed scales exactly', () => {
  // 5,4,4,3,1 → 100 + 75 + 75 + 50 + 0 = 300; / 5 = 60.0
  assert.deepEqual(indexOf([5, 4, 4, 3, 1].map(s5), P), { n: 5, value: 60 });
  // plus 7 on 1–10 → (7 − 1)/9 × 100 = 66.67; (300 + 600/9) / 6 = 3300/54 = 61.11… → 61.1
  assert.deepEqual(indexOf([...[5, 4, 4, 3, 1].map(s5), s10(7)], P), { n: 6, value: 61.1 });
  assert.deepEqual(indexOf([], P), { n: 0, value: null });
});

test('index, top-2-box: 4–5 on 1–5, 9–10 on 1–10', () => {
  const tb = { ...P, indexMethod: 'top_box' as const };
  // 5,4,4 in the top two boxes of 5,4,4,3,1 → 3/5 = 60.0
  assert.deepEqual(indexOf([5, 4, 4, 3, 1].map(s5), tb), { n: 5, value: 60 });
  // 9 is in, 8 is out: 4 of 7 → 57.142… → 57.1
  assert.deepEqual(indexOf([...[5, 4, 4, 3, 1].map(s5), s10(9), s10(8)], tb), { n: 7, value: 57.1 });
  assert.deepEqual(indexOf([5, 4, 4, 3, 1].map(s5), { ...tb, topBoxes: 1 }), { n: 5, value: 20 });
});

test('minimum sample: below it the figure is null, its count is still shown', () => {
  const p = { ...P, minSample: 30 };
  assert.deepEqual(indexOf(Array(29).fill(s5(5)), p), { n: 29, value: null });
  assert.deepEqual(indexOf(Array(30).fill(s5(5)), p), { n: 30, value: 100 });
});

test('scores outside their scale are refused', () => {
  assert.throws(() => indexOf([{ v: 6, min: 1, max: 5 }], P), RangeError);
  assert.throws(() => indexOf([{ v: 2.5, min: 1, max: 5 }], P), RangeError);
});

const fact = (o: Partial<Fact> & { v: number }): Fact => ({
  at: new Date('2026-10-15T04:00:00Z'),
  method: 'ivr',
  overall: s5(o.v),
  attributes: {},
  segment: 'residential',
  area: 'urban',
  channel: 'phone',
  orderType: 'fault_repair',
  orgUnit: 2,
  ...o,
});

test('by segment: each group its own index; facts without the key left out', () => {
  const facts = [fact({ v: 5 }), fact({ v: 3 }), fact({ v: 1, segment: 'large' }), fact({ v: 5, segment: null })];
  assert.deepEqual(indexBy(facts, 'segment', P), [
    { key: 'large', n: 1, value: 0 },
    { key: 'residential', n: 2, value: 75 },
  ]);
  assert.deepEqual(indexBy(facts, 'orgUnit', { ...P, minSample: 5 }), [{ key: '2', n: 4, value: null }]);
});

test('segment of an order: customer class through the policy, important customers count as large', () => {
  assert.equal(segmentOf('residential', false, P), 'residential');
  assert.equal(segmentOf('lv_nonresidential', false, P), 'non_residential');
  assert.equal(segmentOf('hv', false, P), 'large');
  assert.equal(segmentOf('residential', true, P), 'large');
  assert.equal(segmentOf('residential', true, { ...P, importantIsLarge: false }), 'residential');
  assert.equal(segmentOf(null, false, P), null);
});

test('callback results as scores (policy table); unreachable gives none', () => {
  assert.deepEqual(callbackScore('satisfied', P), s5(5));
  assert.deepEqual(callbackScore('basically_satisfied', P), s5(4));
  assert.deepEqual(callbackScore('dissatisfied', P), s5(1));
  assert.equal(callbackScore('unreachable', P), null);
});

test('trend by month: Beijing calendar months, empty months kept', () => {
  // 2026-10-31T16:30Z is 1 November 00:30 in Beijing
  assert.equal(monthOf(new Date('2026-10-31T16:30:00Z'), 480), '2026-11');
  assert.equal(monthOf(new Date('2026-10-31T15:59:59Z'), 480), '2026-10');
  const facts = [
    fact({ v: 5, at: new Date('2026-08-10T00:00:00Z') }),
    fact({ v: 3, at: new Date('2026-08-20T00:00:00Z') }),
    fact({ v: 1, at: new Date('2026-10-31T16:30:00Z') }),
  ];
  assert.deepEqual(trendByMonth(facts, P), [
    { month: '2026-08', n: 2, value: 75 },
    { month: '2026-09', n: 0, value: null },
    { month: '2026-10', n: 0, value: null },
    { month: '2026-11', n: 1, value: 0 },
  ]);
  assert.deepEqual(
    trendByMonth(facts, P, { from: '2026-12', to: '2027-01' }).map((m) => m.month),
    ['2026-12', '2027-01'],
  );
});

test('key drivers: Pearson r on a hand-computed example, importance–performance quadrants', () => {
  // overall y = 5,4,3,2,1 (mean 3; deviations 2,1,0,−1,−2; Σd² = 10)
  // speed    x = 4,5,3,2,1 (deviations 1,2,0,−1,−2; Σd² = 10; Σdxdy = 2+2+0+1+4 = 9) → r = 9/10 = 0.9
  //          performance: 75,100,50,25,0 → 50.0
  // attitude x = 4,4,5,4,3 (deviations 0,0,1,0,−1; Σd² = 2; Σdxdy = 0+0+0+0+2 = 2) → r = 2/√20 = 0.44721… → 0.447
  //          performance: 75,75,100,75,50 → 75.0
  // info     x = 3,3,3,3,3 → no variance: r undefined (null); performance 50.0
  // cross-hairs: importance (0.9 + 0.447)/2 = 0.6735 → 0.674; performance (50 + 75)/2 = 62.5
  const y = [5, 4, 3, 2, 1];
  const speed = [4, 5, 3, 2, 1];
  const attitude = [4, 4, 5, 4, 3];
  const facts = y.map((v, i) => fact({ v, attributes: { speed: s5(speed[i]), attitude: s5(attitude[i]), info: s5(3) } }));
  const r = keyDrivers(facts, P);
  assert.deepEqual(r, {
    drivers: [
      { attribute: 'attitude', n: 5, importance: 0.447, performance: 75, quadrant: 'possible_overkill' },
      { attribute: 'info', n: 5, importance: null, performance: 50, quadrant: null },
      { attribute: 'speed', n: 5, importance: 0.9, performance: 50, quadrant: 'concentrate' },
    ],
    importanceMean: 0.674,
    performanceMean: 62.5,
  });
  // below the driver minimum nothing is shown
  const few = keyDrivers(facts, { ...P, minSampleDriver: 6 });
  assert.ok(few.drivers.every((d) => d.importance === null && d.quadrant === null));
  assert.equal(few.importanceMean, null);
});

test('Pearson r does not depend on the scale: the same answers on 1–10 (linear) give the same r', () => {
  const a = pearson([
    [s5(4), s5(5)],
    [s5(5), s5(4)],
    [s5(3), s5(3)],
    [s5(2), s5(2)],
    [s5(1), s5(1)],
  ]);
  // 1–5 → 1–10 by v' = (v − 1)·9/4 + 1 is not an integer map; use 1,3,5,7,9 on a 1–9 scale (v' = 2v − 1)
  const b = pearson(
    [
      [4, 5],
      [5, 4],
      [3, 3],
      [2, 2],
      [1, 1],
    ].map(([x, yv]) => [
      { v: 2 * x - 1, min: 1, max: 9 },
      { v: 2 * yv - 1, min: 1, max: 9 },
    ]),
  );
  assert.equal(a, 0.9);
  assert.equal(b, a);
  assert.equal(pearson([[s5(1), s5(2)]]), null);
  // perfectly opposite
  assert.equal(
    pearson([
      [s5(1), s5(5)],
      [s5(5), s5(1)],
    ]),
    -1,
  );
});

const design: Question[] = [
  { key: 'overall', type: 'scale5', textZh: '总体', textEn: 'Overall', required: true, role: 'overall' },
  { key: 'speed', type: 'scale10', textZh: '速度', textEn: 'Speed', required: true, role: 'attribute', attribute: 'speed' },
  {
    key: 'contact',
    type: 'choice',
    textZh: '方式',
    textEn: 'Contact',
    required: false,
    options: [
      { value: 'phone', zh: '电话', en: 'Phone' },
      { value: 'visit', zh: '上门', en: 'Visit' },
    ],
  },
  { key: 'note', type: 'text', textZh: '意见', textEn: 'Note', required: false, maxLength: 10 },
];

test('survey design: one required overall scale, unique keys and attributes, choices with options', () => {
  assert.deepEqual(designProblems(design, 30), []);
  const bad: Question[] = [
    { key: 'Overall', type: 'text', textZh: 'a', textEn: 'a', required: false, role: 'overall' },
    { key: 'q2', type: 'choice', textZh: 'b', textEn: 'b', required: false, options: [{ value: 'x', zh: 'x', en: 'x' }] },
    { key: 'q2', type: 'scale5', textZh: 'c', textEn: 'c', required: false, role: 'attribute' },
  ];
  assert.deepEqual(
    designProblems(bad, 30).map((p) => `${p.field}:${p.rule}`),
    [
      'questions.0.key:pattern',
      'questions.0.type:scale',
      'questions.0.required:required',
      'questions.1.options:min',
      'questions.2.key:unique',
      'questions.2.attribute:required',
    ],
  );
  assert.deepEqual(
    designProblems([], 30).map((p) => p.rule),
    ['required'],
  );
  assert.deepEqual(
    designProblems(design, 3).map((p) => p.rule),
    ['max'],
  );
});

test('survey answers: outside the scale, not an option, too long, unknown, missing are refused by name', () => {
  const ok = scoreAnswers(design, { overall: 4, speed: 10, contact: 'visit', note: 'fast' });
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.scored, {
    overall: s5(4),
    attributes: { speed: s10(10) },
    answers: { overall: 4, speed: 10, contact: 'visit', note: 'fast' },
    comment: 'fast',
  });
  const bad = scoreAnswers(design, { overall: 6, speed: 0, contact: 'mail', note: 'x'.repeat(11), extra: 1 });
  assert.equal(bad.scored, null);
  assert.deepEqual(
    bad.problems.map((p) => `${p.field}:${p.rule}`),
    ['answers.extra:unknown', 'answers.overall:range', 'answers.speed:range', 'answers.contact:option', 'answers.note:max_length'],
  );
  assert.deepEqual(
    scoreAnswers(design, { speed: 3 }).problems.map((p) => `${p.field}:${p.rule}`),
    ['answers.overall:required'],
  );
  assert.deepEqual(
    scoreAnswers(design, { overall: 4.5, speed: 3 }).problems.map((p) => p.rule),
    ['range'],
  );
});

test('sampling: by the rule, repeatable, mobile phones only, never twice, at most maxPerRun', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c); // the published FNV-1a test vector
  const cands = Array.from({ length: 1000 }, (_, i) => ({
    id: i + 1,
    orderType: i % 2 ? 'fault_repair' : 'complaint',
    channel: 'phone',
    phone: i % 10 === 1 ? '0571-1234567' : '13800000000',
  }));
  const rule = { ...DEFAULT_SAMPLING.repair, maxPerRun: 10_000 };
  const a = sampleOrders(cands, rule, 'S1', new Set());
  assert.deepEqual(
    sampleOrders([...cands].reverse(), rule, 'S1', new Set()).map((c) => c.id),
    a.map((c) => c.id),
  );
  assert.ok(a.every((c) => c.orderType === 'fault_repair' && c.phone === '13800000000'));
  // 20 % of the 500 repair orders: the hash spreads them (loosely: 60–140)
  assert.ok(a.length > 60 && a.length < 140, `${a.length}`);
  const again = sampleOrders(cands, rule, 'S1', new Set(a.map((c) => c.id)));
  assert.equal(again.length, 0);
  assert.equal(sampleOrders(cands, { ...rule, maxPerRun: 5 }, 'S1', new Set()).length, 5);
  assert.equal(sampleOrders(cands, { ...rule, percent: 0 }, 'S1', new Set()).length, 0);
  assert.equal(sampleOrders(cands, { ...rule, percent: 100 }, 'S1', new Set()).length, 400);
});

test('signed links: a valid token verifies; a changed id, nonce or signature does not', () => {
  const t = signInvitation('k'.repeat(64), 42, 'abcdefghijklmnop0123');
  assert.deepEqual(verifyInvitation('k'.repeat(64), t), { id: 42, nonce: 'abcdefghijklmnop0123' });
  assert.equal(verifyInvitation('x'.repeat(64), t), null);
  assert.equal(verifyInvitation('k'.repeat(64), t.replace(/^42/, '43')), null);
  assert.equal(verifyInvitation('k'.repeat(64), t.replace('abcd', 'abce')), null);
  assert.equal(verifyInvitation('k'.repeat(64), t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A')), null);
  assert.equal(verifyInvitation('k'.repeat(64), 'garbage'), null);
});

test('IVR file: bad lines reported by number and reason, the rest kept', () => {
  const text = [
    'call_id,rated_at,key',
    '1700000000.1,2026-11-02T09:15:30+08:00,5',
    '1700000000.2,2026-11-02T09:16:00+08:00,0',
    '1700000000.3,yesterday,4',
    '1700000000.4,2026-11-02T09:17:00Z',
    'bad id!,2026-11-02T09:17:00Z,3',
    '1700000000.1,2026-11-02T09:18:00+08:00,4',
    '',
    '1700000000.5,2026-11-02T09:19:00+08:00,1\r',
  ].join('\n');
  const r = parseIvrCsv(text, { min: 1, max: 5 });
  assert.equal(r.lines, 7);
  assert.deepEqual(
    r.records.map((x) => [x.line, x.callId, x.ratedAt.toISOString(), x.key]),
    [
      [2, '1700000000.1', '2026-11-02T01:15:30.000Z', 5],
      [9, '1700000000.5', '2026-11-02T01:19:00.000Z', 1],
    ],
  );
  assert.deepEqual(
    r.problems.map((p) => `${p.line}:${p.reason}`),
    ['3:bad_key', '4:bad_time', '5:truncated', '6:bad_call_id', '7:repeated_call'],
  );
  assert.deepEqual(
    parseIvrCsv('id,when,score\n', { min: 1, max: 5 }).problems.map((p) => p.reason),
    ['bad_header'],
  );
});

test('PDCA: plan→do needs an action, check→act a re-measurement, act→plan or closed', () => {
  assert.equal(moveRefusal({ stage: 'plan', actions: 0, measurementsInCheck: 0 }, 'do')?.rule, 'actions');
  assert.equal(moveRefusal({ stage: 'plan', actions: 1, measurementsInCheck: 0 }, 'do'), null);
  assert.equal(moveRefusal({ stage: 'plan', actions: 1, measurementsInCheck: 0 }, 'check')?.rule, 'transition');
  assert.equal(moveRefusal({ stage: 'do', actions: 1, measurementsInCheck: 0 }, 'check'), null);
  assert.equal(moveRefusal({ stage: 'check', actions: 1, measurementsInCheck: 0 }, 'act')?.rule, 'measurement');
  assert.equal(moveRefusal({ stage: 'check', actions: 1, measurementsInCheck: 1 }, 'act'), null);
  assert.equal(moveRefusal({ stage: 'act', actions: 1, measurementsInCheck: 1 }, 'plan'), null);
  assert.equal(moveRefusal({ stage: 'act', actions: 1, measurementsInCheck: 1 }, 'closed'), null);
  assert.equal(moveRefusal({ stage: 'closed', actions: 1, measurementsInCheck: 1 }, 'plan')?.rule, 'transition');
  assert.equal(meetsTarget(85, 85), true);
  assert.equal(meetsTarget(84.9, 85), false);
  assert.equal(meetsTarget(null, 85), null);
});
