import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, closureFinding, DEFAULT_CLOSURE_POLICY as P, idleTail, indexUnits, noticeUntil, wholeMonths, type ClosureFacts } from './closure-rules.js';

const monthly = (from: string, n: number, values: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => ({ readOn: addMonths(from, i), value: values(i) }));
const facts = (readings: { readOn: string; value: string }[], more: Partial<ClosureFacts> = {}): ClosureFacts => ({
  asOf: '2026-08-01',
  meters: [{ meterId: 1, readings }],
  periods: [],
  temporaryRemovals: [],
  ...more,
});

test('calendar months: clamped to the month end, whole months counted', () => {
  assert.equal(addMonths('2026-01-25', 6), '2026-07-25');
  assert.equal(addMonths('2026-08-31', 6), '2027-02-28');
  assert.equal(addMonths('2027-08-31', 6), '2028-02-29');
  assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  assert.equal(wholeMonths('2026-01-25', '2026-07-25'), 6);
  assert.equal(wholeMonths('2026-01-25', '2026-07-24'), 5);
  assert.equal(wholeMonths('2026-08-31', '2027-02-28'), 6);
  assert.equal(wholeMonths('2026-03-01', '2026-02-01'), 0);
});

test('register index compared exactly in ten-thousandths of a kWh', () => {
  assert.equal(indexUnits('1234.5'), 12_345_000n);
  assert.equal(indexUnits('1234.5000'), 12_345_000n);
  assert.equal(indexUnits('7'), 70_000n);
  assert.equal(indexUnits('0.0001'), 1n);
});

test('the example: index flat from 25 January to 25 July (six whole months) — proposed', () => {
  const f = closureFinding(facts(monthly('2026-01-25', 7, () => '4821.30')), P);
  assert.deepEqual(f, { verdict: 'propose', since: '2026-01-25', through: '2026-07-25', months: 6, note: null });
});

test('one day short of six months is not enough; nor is a month without readings assumed idle', () => {
  const r = monthly('2026-01-26', 6, () => '100.00');
  r.push({ readOn: '2026-07-25', value: '100.00' });
  assert.equal(closureFinding(facts(r), P).verdict, 'too_short');
  // only two readings three months apart: three months of evidence
  assert.equal(
    closureFinding(
      facts([
        { readOn: '2026-04-25', value: '5' },
        { readOn: '2026-07-25', value: '5' },
      ]),
      P,
    ).months,
    3,
  );
});

test('any use inside the span restarts it; 0.0001 kWh is use under the default policy', () => {
  const r = monthly('2026-01-25', 7, (i) => (i < 3 ? '100.0000' : '100.0001'));
  const f = closureFinding(facts(r), P);
  assert.equal(f.since, '2026-04-25');
  assert.equal(f.verdict, 'too_short');
  // a tolerance of 1 kWh in the policy counts it as no use
  assert.equal(closureFinding(facts(r), { ...P, maxIdleKwh: 1 }).verdict, 'propose');
});

test('in use: the latest reading grew, or a single reading, or no meter', () => {
  assert.equal(closureFinding(facts(monthly('2026-01-25', 7, (i) => String(100 + i))), P).verdict, 'in_use');
  assert.equal(closureFinding(facts([{ readOn: '2026-07-25', value: '1' }]), P).verdict, 'in_use');
  assert.equal(closureFinding({ ...facts([]), meters: [] }, P).verdict, 'in_use');
  // a register that went back (meter change) is not evidence of no use
  assert.equal(
    idleTail(
      {
        meterId: 1,
        readings: [
          { readOn: '2026-01-01', value: '50' },
          { readOn: '2026-07-01', value: '10' },
        ],
      },
      0,
    )?.since,
    '2026-07-01',
  );
});

test('several meters: idle only over the span all of them show', () => {
  const f = closureFinding(
    {
      ...facts([]),
      meters: [
        { meterId: 1, readings: monthly('2026-01-25', 7, () => '9') },
        { meterId: 2, readings: monthly('2026-01-25', 7, (i) => (i < 2 ? String(i) : '2')) },
      ],
    },
    P,
  );
  assert.equal(f.since, '2026-03-25');
  assert.equal(f.verdict, 'too_short');
});

test('a pause or reduction on file over the span protects the account (也不申请办理暂停)', () => {
  const r = monthly('2026-01-25', 7, () => '1');
  assert.equal(closureFinding(facts(r, { periods: [{ kind: 'pause', startsOn: '2026-03-01', endsOn: '2026-04-30' }] }), P).verdict, 'pause_on_file');
  assert.equal(closureFinding(facts(r, { periods: [{ kind: 'reduction', startsOn: '2025-06-01', endsOn: null }] }), P).verdict, 'pause_on_file');
  // a pause that ended before the span does not
  assert.equal(closureFinding(facts(r, { periods: [{ kind: 'pause', startsOn: '2025-10-01', endsOn: '2026-01-24' }] }), P).verdict, 'propose');
});

test('暂拆: protected within six months of the removal; beyond it proposed with a note', () => {
  const r = monthly('2026-01-25', 7, () => '1');
  assert.equal(closureFinding(facts(r, { temporaryRemovals: ['2026-02-02'], asOf: '2026-08-01' }), P).verdict, 'temporary_removal');
  const late = closureFinding(facts(r, { temporaryRemovals: ['2026-02-02'], asOf: '2026-08-02' }), P);
  assert.equal(late.verdict, 'propose');
  assert.equal(late.note, 'temporary_removal_exceeded:2026-02-02..2026-08-02');
});

test('the notice period ends notice day + noticeDays (calendar days)', () => {
  assert.equal(noticeUntil('2026-12-07', P), '2027-01-06');
  assert.equal(noticeUntil('2026-02-20', { ...P, noticeDays: 10 }), '2026-03-02');
});
