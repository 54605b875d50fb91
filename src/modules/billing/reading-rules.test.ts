import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerAdvance, validateReading, type ReadingInput } from './reading-rules.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { dec } from './decimal.js';

const P = NATIONAL_POLICY.reading; // zero 3 months, jump × 3 over 6 months, TOU tolerance 1 kWh, rollover ≤ 20 % of range
const r = (x: Partial<ReadingInput>): ReadingInput => ({
  last: 1000,
  current: 1300,
  digits: 5,
  meterChanged: false,
  ctRatio: 1,
  ptRatio: 1,
  estimated: false,
  history: [300, 300, 300],
  ...x,
});
const codes = (x: Partial<ReadingInput>) => validateReading(r(x), P).issues.map((i) => i.code);

test('an ordinary reading: advance × multiplier, no issue', () => {
  const v = validateReading(r({}), P);
  assert.equal(v.kwh.toString(), '300');
  assert.deepEqual(v.issues, []);
  const ct = validateReading(r({ last: '1000.25', current: '1012.75', ctRatio: 40, ptRatio: 100 }), P); // 10 kV metering: 200/5 CT, 10000/100 PT
  assert.equal(ct.multiplier.toString(), '4000');
  assert.equal(ct.kwh.toString(), '50000');
  assert.ok(ct.issues.some((i) => i.code === 'jump'));
});

test('below the last: a rollover of an N-digit register, or an error', () => {
  assert.deepEqual(registerAdvance(dec(99_900), dec(150), 5, dec('0.2')), { advance: dec(250), rollover: true });
  const v = validateReading(r({ last: 99_900, current: 200 }), P);
  assert.equal(v.kwh.toString(), '300');
  assert.deepEqual(
    v.issues.map((i) => [i.code, i.severity]),
    [['rollover', 'info']],
  );
  // 20 % of a 5-digit range is 20 000: exactly that is a rollover, one more is not
  assert.deepEqual(registerAdvance(dec(90_000), dec(10_000), 5, dec('0.2'))?.advance.toString(), '20000');
  assert.equal(registerAdvance(dec(90_000), dec(10_001), 5, dec('0.2')), null);
  // a drop in the middle of the range: an error naming both readings
  const bad = validateReading(r({ last: 5000, current: 4990 }), P);
  assert.deepEqual(
    bad.issues.map((i) => [i.code, i.severity]),
    [['below_last', 'error']],
  );
  assert.match(bad.issues[0].en, /4990 is below the last 5000 and is not a rollover of a 5-digit register/);
  // a last reading beyond the register cannot wrap
  assert.equal(registerAdvance(dec(100_001), dec(5), 5, dec('0.2')), null);
  // after a meter change a lower reading is normal
  assert.deepEqual(codes({ last: 5000, current: 300, meterChanged: true }), []);
});

test('zero for 3 months, a jump beyond 3 × the recent average, estimated reads', () => {
  assert.deepEqual(codes({ current: 1000, history: [100, 0, 0] }), ['zero']);
  assert.deepEqual(codes({ current: 1000, history: [0, 100, 0] }), []);
  assert.deepEqual(codes({ current: 1000, history: [0] }), []); // too little history to say
  // average of non-zero months 300: 900 is fine, 901 is a jump
  assert.deepEqual(codes({ current: 1900 }), []);
  assert.deepEqual(codes({ current: 1901 }), ['jump']);
  // only the last 6 months count
  assert.deepEqual(codes({ current: 1901, history: [10_000, 10_000, 300, 300, 300, 300, 300, 300] }), ['jump']);
  assert.deepEqual(codes({ estimated: true }), ['estimated']);
  assert.deepEqual(codes({ current: 2500, history: [] }), []); // no history, no jump test
});

test('TOU registers must add up to the total within the tolerance (in kWh, after the multiplier)', () => {
  assert.deepEqual(codes({ tou: { peak: { last: 600, current: 800 }, valley: { last: 400, current: 500 } } }), []);
  assert.deepEqual(codes({ tou: { peak: { last: 600, current: 801 }, valley: { last: 400, current: 500 } } }), []); // 1 kWh off: within
  assert.deepEqual(codes({ tou: { peak: { last: 600, current: '801.5' }, valley: { last: 400, current: 500 } } }), ['tou_mismatch']);
  assert.deepEqual(codes({ ctRatio: 2, current: 1010, history: [], tou: { peak: { last: 600, current: '601' }, valley: { last: 400, current: 408 } } }), [
    'tou_mismatch',
  ]); // 1 register unit short × 2 = 2 kWh
  // a rolled-over TOU register still adds up
  assert.deepEqual(codes({ last: 99_900, current: 200, tou: { peak: { last: 99_950, current: 150 }, valley: { last: 400, current: 500 } } }), ['rollover']);
});
