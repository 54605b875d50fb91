import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  capacityBeforeReductions,
  checkParams,
  describeEvent,
  effectiveAccount,
  placeVersion,
  serviceEventsOf,
  type CapacityPeriodIn,
} from './billing-params-rules.js';
import { basicChargeLines } from './two-part-rules.js';
import { BILLING_PARAMS_POLICY, NATIONAL_POLICY } from './policy-data.js';
import { dec, yuanToFen } from './decimal.js';
import type { BillingParamsInput, RatingAccount } from './schemas.js';

const P = { twoPart: NATIONAL_POLICY.twoPart, params: BILLING_PARAMS_POLICY };
const base: RatingAccount = {
  customerClass: 'commercial_industrial',
  pricing: 'two_part',
  voltage: '10kv',
  capacityKva: 1000,
  tou: true,
  basicBasis: 'capacity',
};
const input = (x: Partial<BillingParamsInput>): BillingParamsInput => ({
  validFrom: '2026-11-01',
  validTo: null,
  customerClass: null,
  pricing: null,
  voltage: null,
  tou: null,
  basicBasis: 'demand',
  contractKva: null,
  contractDemandKw: 800,
  highLoadEligible: true,
  meteringSplit: null,
  ...x,
});
const ev = (kind: string, startsOn: string, endsOn: string | null, kva: number, id = 1): CapacityPeriodIn => ({
  source: 'connections',
  id,
  kind,
  startsOn,
  endsOn,
  kva,
});

test('effective account: overrides of the tariff key and the contract', () => {
  const a = effectiveAccount(base, input({ contractKva: 1250, highLoadEligible: false }));
  assert.deepEqual(a, { ...base, capacityKva: 1250, basicBasis: 'demand', contractDemandKw: 800, highLoadEligible: false });
  // single-part override drops the two-part fields
  const s = effectiveAccount({ ...base, capacityKva: 200 }, input({ pricing: 'single', basicBasis: null, contractDemandKw: null }));
  assert.equal(s.pricing, 'single');
  assert.equal(s.basicBasis, undefined);
  assert.deepEqual(effectiveAccount(base, null), base);
});

test('parameter checks: whole months, quarterly basis change (1583号), fields named', () => {
  assert.deepEqual(checkParams(input({}), base, null, P), []);
  const rules = (x: Partial<BillingParamsInput>, prev: Parameters<typeof checkParams>[2] = null) =>
    checkParams(input(x), base, prev, P).map((p) => `${p.field}:${p.rule}`);
  assert.deepEqual(rules({ validFrom: '2026-11-02' }), ['validFrom:month_start']);
  assert.deepEqual(rules({ validTo: '2026-11-29' }), ['validTo:month_end']);
  assert.deepEqual(rules({ validTo: '2026-10-31' }), ['validTo:order']);
  assert.deepEqual(rules({ validTo: '2026-11-30' }), []);
  // basis from capacity to demand: only from January, April, July, October
  const prev = { basicBasis: 'capacity' as const, pricing: null, validFrom: '2026-01-01' };
  assert.deepEqual(rules({}, prev), ['basicBasis:quarterly']);
  assert.deepEqual(rules({ validFrom: '2027-01-01' }, prev), []);
  // contracted demand only with demand basis; demand basis needs one
  assert.deepEqual(rules({ basicBasis: 'capacity' }), ['contractDemandKw:demand_only']);
  assert.deepEqual(rules({ contractDemandKw: null }), ['contractDemandKw:required']);
  // 80 kVA is single-part only
  assert.deepEqual(rules({ contractKva: 80, contractDemandKw: null, basicBasis: null }), ['pricing:single_only']);
  assert.deepEqual(rules({ pricing: 'single', contractDemandKw: null }), ['basicBasis:two_part_only', 'pricing:two_part_only']);
  assert.deepEqual(rules({ meteringSplit: { kind: 'ratio', customerClass: 'residential' } }), ['meteringSplit.sharePct:required']);
  // below 40 % of the capacity is not refused: it is billed at 40 %
  assert.deepEqual(rules({ contractDemandKw: 300 }), []);
});

test('versions: same first day rewrites, an open earlier one is closed the day before, an overlap names both ranges', () => {
  const existing = [
    { id: 1, validFrom: '2026-01-01', validTo: '2026-06-30' },
    { id: 2, validFrom: '2026-07-01', validTo: null },
  ];
  assert.deepEqual(placeVersion({ validFrom: '2026-11-01', validTo: null }, existing), {
    replaces: null,
    closes: { id: 2, validTo: '2026-10-31' },
    problems: [],
  });
  assert.deepEqual(placeVersion({ validFrom: '2026-07-01', validTo: null }, existing), { replaces: 2, closes: null, problems: [] });
  const p = placeVersion({ validFrom: '2026-03-01', validTo: '2026-04-30' }, existing);
  assert.equal(p.problems.length, 1);
  assert.equal(p.problems[0].field, 'validFrom');
  assert.equal(p.problems[0].en, 'overlaps the parameters in force 2026-01-01 – 2026-06-30 (this version 2026-03-01 – 2026-04-30)');
  // an open version that starts later than the new one overlaps it
  const q = placeVersion({ validFrom: '2026-05-01', validTo: null }, [{ id: 3, validFrom: '2026-07-01', validTo: null }]);
  assert.match(q.problems[0].zh, /2026-07-01 – …/);
});

test('pause from connections: the published example, 11–20 July paused, 21/31 of the month (§3)', () => {
  // 暂停 starts 11 July (sealed), back on 21 July (endsOn exclusive, as connections counts pause days)
  const { events, used } = serviceEventsOf(1000, [ev('pause', '2025-07-11', '2025-07-21', 1000)], '2025-07-01', '2025-07-31');
  assert.deepEqual(events, [
    { date: '2025-07-11', kind: 'pause' },
    { date: '2025-07-21', kind: 'resume', capacityKva: 1000 },
  ]);
  assert.equal(used.length, 1);
  const l = basicChargeLines(
    {
      account: { ...base, basicBasis: 'demand', contractDemandKw: 800 },
      from: '2025-07-01',
      to: '2025-07-31',
      capacityPrice: '25',
      demandPrice: '38',
      events,
      monthKwh: dec(260_000),
      maxDemandKw: 840,
      explain: used.map(describeEvent).join('；'),
    },
    NATIONAL_POLICY.twoPart,
  );
  // 800 kW × 34.20 (90 %) × 21/31 = 18 534.19…; the §3 example at 840 kW: 19 460.90
  assert.deepEqual(
    l.map((x) => yuanToFen(x.amount)),
    [1_853_419],
  );
  assert.match(l[0].note!, /21\/31 天 days/);
  assert.match(l[0].note!, /暂停 pause 业扩#1 2025-07-11–2025-07-21 1000 kVA/);
});

test('partial pause and reduction: capacity in service = base − paused − reduced; an early end cuts the period', () => {
  const periods = [ev('pause', '2026-11-11', '2026-12-31', 400, 1), ev('pause_end', '2026-11-21', null, 400, 2), ev('reduction', '2026-11-26', null, 200, 3)];
  const { events, used } = serviceEventsOf(1000, periods, '2026-11-01', '2026-11-30');
  assert.deepEqual(events, [
    { date: '2026-11-11', kind: 'resume', capacityKva: 600 },
    { date: '2026-11-21', kind: 'resume', capacityKva: 1000 },
    { date: '2026-11-26', kind: 'resume', capacityKva: 800 },
  ]);
  assert.deepEqual(used.map((e) => e.id).sort(), [1, 2, 3]);
  // paused before the period and through it: the state on the first day
  assert.deepEqual(serviceEventsOf(630, [ev('pause', '2026-10-20', null, 630)], '2026-11-01', '2026-11-30').events, [{ date: '2026-11-01', kind: 'pause' }]);
  // nothing in the period: no events, nothing used
  assert.deepEqual(serviceEventsOf(630, [ev('pause', '2026-01-20', '2026-02-20', 630)], '2026-11-01', '2026-11-30'), { events: [], used: [] });
});

test('capacity before reductions: connections wrote the reduced capacity to the service point', () => {
  assert.equal(capacityBeforeReductions(630, [ev('reduction', '2026-11-16', '2027-11-16', 370)]), 1000);
  // a reduction already restored: the service point has its capacity back
  assert.equal(capacityBeforeReductions(1000, [ev('reduction', '2026-01-16', null, 370, 1), ev('reduction_end', '2026-09-01', null, 370, 2)]), 1000);
  // billing's own events never changed the service point
  assert.equal(capacityBeforeReductions(1000, [{ ...ev('reduction', '2026-11-16', null, 370), source: 'billing' }]), 1000);
});
