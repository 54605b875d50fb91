import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateContent, validateTariffSet } from './tariff-set-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY } from './policy-data.js';
import type { TariffVersion } from './schemas.js';

const v = (code: string, validFrom: string, validTo: string | null, x: Partial<TariffVersion> = {}) => ({
  code,
  province: 'zhejiang',
  customerClass: 'residential' as const,
  pricing: 'single' as const,
  voltage: 'lv',
  validFrom,
  validTo,
  ...x,
});

test('the seed tariffs are a valid set, each version complete, with no warnings', () => {
  assert.deepEqual(validateTariffSet(SEED_TARIFFS), []);
  for (const t of SEED_TARIFFS) assert.deepEqual(validateContent(t, NATIONAL_POLICY), { problems: [], warnings: [] }, t.code);
});

test('versions that follow day after day are accepted; an overlap or a gap is refused naming the dates', () => {
  assert.deepEqual(validateTariffSet([v('A', '2024-01-01', '2024-12-31'), v('B', '2025-01-01', null)]), []);
  const o = validateTariffSet([v('A', '2024-01-01', '2025-03-31'), v('B', '2025-01-01', null)]);
  assert.deepEqual(
    o.map((p) => p.rule),
    ['overlap'],
  );
  assert.equal(o[0].en, 'zhejiang/residential/single/lv: A and B overlap on 2025-01-01 – 2025-03-31');
  const open = validateTariffSet([v('A', '2024-01-01', null), v('B', '2025-01-01', '2025-06-30')]);
  assert.equal(open[0].en, 'zhejiang/residential/single/lv: A and B overlap on 2025-01-01 – 2025-06-30');
  const both = validateTariffSet([v('A', '2024-01-01', null), v('B', '2025-01-01', null)]);
  assert.equal(both[0].en, 'zhejiang/residential/single/lv: A and B overlap on 2025-01-01 起 onwards');
  const g = validateTariffSet([v('A', '2024-01-01', '2024-12-30'), v('B', '2025-01-01', null)]);
  assert.deepEqual(
    g.map((p) => [p.rule, p.en]),
    [['gap', 'zhejiang/residential/single/lv: no tariff between A and B from 2024-12-31 to 2024-12-31']],
  );
  // another key does not clash, whatever its dates
  assert.deepEqual(
    validateTariffSet([v('A', '2024-01-01', null), v('B', '2024-01-01', null, { province: 'shanghai' }), v('C', '2024-01-01', null, { voltage: '10kv' })]),
    [],
  );
  assert.deepEqual(
    validateTariffSet([v('A', '2024-02-01', '2024-01-31')]).map((p) => p.rule),
    ['order'],
  );
  // a version inside a longer one is one overlap, not also a gap after it
  const inside = validateTariffSet([v('A', '2012-07-01', '2025-12-31'), v('X', '2025-07-01', '2025-09-30'), v('B', '2026-01-01', null)]);
  assert.deepEqual(
    inside.map((p) => [p.rule, p.en]),
    [['overlap', 'zhejiang/residential/single/lv: A and X overlap on 2025-07-01 – 2025-09-30']],
  );
  // unsorted input: found all the same
  assert.deepEqual(
    validateTariffSet([v('C', '2026-01-01', null), v('A', '2024-01-01', '2024-12-31'), v('B', '2025-02-01', '2025-12-31')]).map((p) => p.rule),
    ['gap'],
  );
});

test('content checks: price sets per tier, TOU prices for every period of the calendar, 1093号 warnings for C&I', () => {
  const zj = SEED_TARIFFS.find((t) => t.code === 'ZJ-CI1-2024')!;
  const missing = validateContent({ ...zj, content: { ...zj.content, touRates: [{ peak: '0.98', flat: '0.65', valley: '0.32' }] } }, NATIONAL_POLICY);
  assert.deepEqual(
    missing.problems.map((p) => [p.field, p.rule]),
    [['content.touRates.0.critical', 'price_missing']],
  );
  const low = validateContent(
    { ...zj, content: { ...zj.content, touRates: [{ critical: '1.0', peak: '0.98', flat: '0.65', valley: '0.40' }] } },
    NATIONAL_POLICY,
  );
  assert.equal(low.problems.length, 0);
  assert.equal(low.warnings.length, 2);
  const sh = SEED_TARIFFS.find((t) => t.code === 'SH-RES-2012')!;
  const tiers = validateContent({ ...sh, content: { ...sh.content, rates: [{ all: '0.617' }, { all: '0.667' }] } }, NATIONAL_POLICY);
  assert.deepEqual(
    tiers.problems.map((p) => p.rule),
    ['tier_count'],
  );
  const noCal = validateContent({ ...sh, content: { ...sh.content, touCalendar: undefined } }, NATIONAL_POLICY);
  assert.deepEqual(
    noCal.problems.map((p) => p.rule),
    ['required'],
  );
  const desc = validateContent({ ...sh, content: { ...sh.content, tiers: { basis: 'annual', bounds: [4800, 3120] } } }, NATIONAL_POLICY);
  assert.deepEqual(
    desc.problems.map((p) => p.rule),
    ['ascending'],
  );
});
