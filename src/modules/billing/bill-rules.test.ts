import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billingProfile, buildRegisters, chunkRanges, cyclePeriod, nextReadDate, reversalLines, totalOf } from './bill-rules.js';
import { rate } from './rating-rules.js';
import { NATIONAL_POLICY } from './policy-data.js';
import { SEED_TARIFFS } from './tariff-data.js';

const res = billingProfile({ customerClass: 'residential', contractedKva: '8', supplyVoltageKv: '0.22' }, NATIONAL_POLICY.twoPart);

test('profile: residential single-part LV; C&I by TOU, two-part from 315 kVA by capacity, voltage level from supply voltage', () => {
  assert.deepEqual(res.key, { customerClass: 'residential', pricing: 'single', voltage: 'lv' });
  const hv = billingProfile({ customerClass: 'hv', contractedKva: '630', supplyVoltageKv: '10' }, NATIONAL_POLICY.twoPart);
  assert.deepEqual([hv.key.pricing, hv.key.voltage, hv.account.tou, hv.account.basicBasis], ['two_part', '10kv', true, 'capacity']);
  assert.equal(
    billingProfile({ customerClass: 'lv_nonresidential', contractedKva: '100', supplyVoltageKv: '0.4' }, NATIONAL_POLICY.twoPart).key.pricing,
    'single',
  );
});

test('registers: advance × multiplier, rollover of an N-digit register, meter change, usage values, missing previous', () => {
  const read = (register: string, value: string, at: string, extra = {}) => ({
    meterId: 1,
    register: register as 'kwh_total',
    readAt: at,
    mode: 'index' as const,
    value,
    estimated: false,
    meterChanged: false,
    ...extra,
  });
  const b = buildRegisters(
    res.account,
    [{ meterId: 1, meterNo: 'M1', multiplier: '40', current: [read('kwh_total', '12.5', 'N')], previous: [read('kwh_total', '999990', 'O')] }],
    6,
    '0.2',
  );
  assert.equal(b.registers.kwh.total, 900); // (10^6 − 999990 + 12.5) × 40
  assert.match(b.sources[0].reading, /999990@O→12.5@N \(rollover\) ×40/);
  const changed = buildRegisters(
    res.account,
    [
      {
        meterId: 1,
        meterNo: 'M1',
        multiplier: '1',
        current: [read('kwh_total', '7', 'N', { meterChanged: true })],
        previous: [read('kwh_total', '5000', 'O')],
      },
    ],
    6,
    '0.2',
  );
  assert.equal(changed.registers.kwh.total, 7);
  const missing = buildRegisters(res.account, [{ meterId: 1, meterNo: 'M1', multiplier: '1', current: [read('kwh_total', '7', 'N')], previous: [] }], 6, '0.2');
  assert.deepEqual(missing.missing, ['M1:kwh_total:previous', 'kwh_total']);
  const hv = billingProfile({ customerClass: 'hv', contractedKva: '630', supplyVoltageKv: '10' }, NATIONAL_POLICY.twoPart);
  const usage = buildRegisters(
    hv.account,
    [
      {
        meterId: 1,
        meterNo: 'M1',
        multiplier: '1',
        current: [read('kwh_peak', '60', 'N', { mode: 'usage' }), read('kwh_valley', '40.5', 'N', { mode: 'usage' })],
        previous: [],
      },
    ],
    6,
    '0.2',
  );
  assert.deepEqual(usage.registers.kwh, { peak: 60, valley: 40.5 });
  assert.equal(usage.kwh.toString(), '100.5');
});

test('money: each line half-up to the fen, the total is the sum of the lines; a reversal nets to exactly zero', () => {
  // Zhejiang residential TOU, 0.5 kWh peak × 0.568 = 28.4 fen → 28, 0.5 kWh valley × 0.288 = 14.4 → 14: total 42 (the exact 42.8 would give 43)
  const versions = SEED_TARIFFS.filter((v) => v.code === 'ZJ-RES-2012');
  const r = rate({
    account: { ...res.account, tou: true },
    period: cyclePeriod('2026-11'),
    versions,
    registers: { kwh: { peak: 0.5, valley: 0.5 } },
    policy: NATIONAL_POLICY,
  });
  assert.deepEqual(
    r.lines.map((l) => l.amountFen),
    [28, 14],
  );
  assert.equal(totalOf(r.lines), 42);
  // an exact half rounds up: 5 kWh × 0.617 (Shanghai) = 308.5 fen → 309
  const sh = rate({
    account: res.account,
    period: cyclePeriod('2026-11'),
    versions: SEED_TARIFFS.filter((v) => v.code === 'SH-RES-2012'),
    registers: { kwh: { total: 5 } },
    policy: NATIONAL_POLICY,
  });
  assert.equal(sh.totalFen, 309);
  const rev = reversalLines(r.lines);
  assert.deepEqual(
    rev.map((l) => [l.code, l.quantity, l.amountFen]),
    [
      ['reversal_energy_tier1_peak', '-0.5', -28],
      ['reversal_energy_tier1_valley', '-0.5', -14],
    ],
  );
  assert.equal(totalOf(r.lines) + totalOf(rev), 0);
});

test('chunks: account ids cut into ranges of at most N accounts', () => {
  assert.deepEqual(chunkRanges([3, 4, 9, 10, 11], 2), [
    { from: 3, to: 4, accounts: 2 },
    { from: 9, to: 10, accounts: 2 },
    { from: 11, to: 11, accounts: 1 },
  ]);
  assert.deepEqual(chunkRanges([], 5), []);
});

test('reading route schedule: the next read day this month or the next', () => {
  assert.equal(nextReadDate(25, '2026-11-07'), '2026-11-25');
  assert.equal(nextReadDate(25, '2026-11-25'), '2026-11-25');
  assert.equal(nextReadDate(25, '2026-12-26'), '2027-01-25');
});
