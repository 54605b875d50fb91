import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { SEED_TARIFFS } from './tariff-data.js';
import { NATIONAL_POLICY } from './policy-data.js';

test('billing API: seed agrees with the code, tariffs in force, one version, create with overlap/gap refused, simulator', async () => {
  const t = await testApp({ customers: 20 });

  // migration 500's seed is the same data as tariff-data.ts and policy-data.ts
  const { rows: versions } = await t.db.query(
    `SELECT code, to_char(valid_from, 'YYYY-MM-DD') AS f, to_char(valid_to, 'YYYY-MM-DD') AS t, content FROM tariff_versions ORDER BY id`,
  );
  assert.deepEqual(
    versions.map((r) => ({ code: r.code, validFrom: r.f, validTo: r.t, content: r.content })),
    SEED_TARIFFS.map((s) => ({ code: s.code, validFrom: s.validFrom, validTo: s.validTo, content: JSON.parse(JSON.stringify(s.content)) })),
  );
  assert.deepEqual((await t.db.query(`SELECT policy FROM billing_policies`)).rows[0].policy, NATIONAL_POLICY);

  const billing = await t.login('billing');
  const admin = await t.login('admin');

  // in force on a day
  const inJune = await billing.req('GET', '/api/billing/tariffs?province=zhejiang&on=2025-06-10');
  assert.equal(inJune.statusCode, 200);
  assert.deepEqual(
    inJune.json().map((v: { code: string }) => v.code),
    ['ZJ-CI1-2024', 'ZJ-CI1-LV-2024', 'ZJ-CI2-2024', 'ZJ-RES-2012'],
  );
  const later = (await billing.req('GET', '/api/billing/tariffs?province=zhejiang&customerClass=commercial_industrial&on=2025-06-16')).json();
  assert.deepEqual(
    later.map((v: { code: string }) => v.code),
    ['ZJ-CI1-2024', 'ZJ-CI1-LV-2024', 'ZJ-CI2-2025'],
  );
  const one = await billing.req('GET', `/api/billing/tariffs/${later[2].id}`);
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().content.basic.demandPrice, '38');
  assert.equal((await billing.req('GET', '/api/billing/tariffs/999999')).statusCode, 404);

  // creating needs tariffs.admin
  const sh = SEED_TARIFFS.find((v) => v.code === 'SH-RES-2012')!;
  const next = {
    code: 'SH-RES-2026',
    province: 'shanghai',
    customerClass: 'residential',
    pricing: 'single',
    voltage: 'lv',
    validFrom: '2026-01-01',
    content: { ...sh.content, rates: [{ all: '0.62' }, { all: '0.67' }, { all: '0.92' }] },
  };
  assert.equal((await billing.req('POST', '/api/billing/tariffs', next)).statusCode, 403);
  const created = await admin.req('POST', '/api/billing/tariffs', next);
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().closed.code, 'SH-RES-2012');
  assert.equal(created.json().closed.validTo, '2025-12-31');
  assert.equal(created.json().version.validTo, null);
  const audit = (await t.db.query(`SELECT action, entity, entity_id FROM audit_log WHERE action = 'tariff.create'`)).rows;
  assert.deepEqual(audit, [{ action: 'tariff.create', entity: 'tariff_version', entity_id: String(created.json().version.id) }]);

  // an overlap with a closed version is refused naming the dates; so is a gap; a duplicate code conflicts
  const overlap = await admin.req('POST', '/api/billing/tariffs', { ...next, code: 'SH-RES-X', validFrom: '2025-07-01', validTo: '2025-09-30' });
  assert.equal(overlap.statusCode, 409);
  assert.equal(overlap.json().code, 'TARIFF_DATES');
  assert.deepEqual(
    overlap.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    [['body.validFrom', 'overlap']],
  );
  assert.match(overlap.json().details[0].messageEn, /SH-RES-2012 and SH-RES-X overlap on 2025-07-01 – 2025-09-30/);
  const gapKey = { ...next, code: 'SH-RES-HV-1', voltage: '10kv', validFrom: '2024-01-01', validTo: '2024-12-31' };
  assert.equal((await admin.req('POST', '/api/billing/tariffs', gapKey)).statusCode, 201);
  const gap = await admin.req('POST', '/api/billing/tariffs', { ...gapKey, code: 'SH-RES-HV-2', validFrom: '2025-02-01', validTo: null });
  assert.equal(gap.statusCode, 409);
  assert.match(gap.json().details[0].messageEn, /no tariff between SH-RES-HV-1 and SH-RES-HV-2 from 2025-01-01 to 2025-01-31/);
  assert.equal((await admin.req('POST', '/api/billing/tariffs', { ...next, code: 'SH-RES-2012', validFrom: '2027-01-01' })).statusCode, 409);
  // bad figures are refused with the field named
  const bad = await admin.req('POST', '/api/billing/tariffs', {
    ...next,
    code: 'SH-RES-BAD',
    validFrom: '2027-01-01',
    content: { ...next.content, rates: [{ all: '0.62' }] },
  });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    bad.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    [['body.content.rates', 'tier_count']],
  );
  const float = await admin.req('POST', '/api/billing/tariffs', {
    ...next,
    code: 'SH-RES-F',
    validFrom: '2027-01-01',
    content: { ...next.content, rates: [{ all: 0.62 }, { all: '0.67' }, { all: '0.92' }] },
  });
  assert.equal(float.statusCode, 400, 'a price must be decimal text, not a JSON number');

  // simulator: Shanghai household, 3000 kWh earlier in 2025, 300 kWh in November
  const sim = await billing.req('POST', '/api/billing/simulate', {
    province: 'shanghai',
    account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
    period: { from: '2025-11-01', to: '2025-11-30' },
    registers: { kwh: { total: 300 } },
    ytdKwh: 3000,
  });
  assert.equal(sim.statusCode, 200, sim.body);
  assert.deepEqual(
    sim.json().lines.map((l: { code: string; amountFen: number }) => [l.code, l.amountFen]),
    [
      ['energy_tier1', 7404],
      ['energy_tier2', 12006],
    ],
  );
  assert.equal(sim.json().totalFen, 19410);
  assert.deepEqual(sim.json().tariffCodes, ['SH-RES-2012']);
  // in 2026 the new version applies
  const sim26 = (
    await billing.req('POST', '/api/billing/simulate', {
      province: 'shanghai',
      account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
      period: { from: '2026-01-01', to: '2026-01-31' },
      registers: { kwh: { total: 100 } },
    })
  ).json();
  assert.deepEqual(
    sim26.lines.map((l: { tariffCode: string; amountFen: number }) => [l.tariffCode, l.amountFen]),
    [['SH-RES-2026', 6200]],
  );
  // two-part with a tariff change inside June 2025 (the worked example of docs/billing.md)
  const ci = (
    await billing.req('POST', '/api/billing/simulate', {
      province: 'zhejiang',
      account: {
        customerClass: 'commercial_industrial',
        pricing: 'two_part',
        voltage: '10kv',
        capacityKva: 1000,
        hvIndustrial: true,
        basicBasis: 'demand',
        contractDemandKw: 800,
        tou: true,
      },
      period: { from: '2025-06-01', to: '2025-06-30' },
      registers: { kwh: { peak: 40000, flat: 40000, valley: 20000 }, kvarh: 75000, maxDemandKw: 700 },
    })
  ).json();
  assert.equal(ci.totalFen, 10_257_100);
  assert.deepEqual(ci.tariffCodes, ['ZJ-CI2-2024', 'ZJ-CI2-2025']);
  // under a proposed table (not stored): Zhejiang residential with the first bound raised to 3000 kWh
  const zj = SEED_TARIFFS.find((v) => v.code === 'ZJ-RES-2012')!;
  const draft = (
    await billing.req('POST', '/api/billing/simulate', {
      province: 'zhejiang',
      account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
      period: { from: '2025-11-01', to: '2025-11-30' },
      registers: { kwh: { total: 300 } },
      ytdKwh: 2800,
      table: { ...zj.content, tiers: { basis: 'annual', bounds: [3000, 4800] } },
    })
  ).json();
  assert.deepEqual(
    draft.lines.map((l: { code: string; quantity: string; amountFen: number }) => [l.code, l.quantity, l.amountFen]),
    [
      ['energy_tier1', '200', 10760],
      ['energy_tier2', '100', 5880],
    ],
  );
  assert.deepEqual(draft.tariffCodes, ['DRAFT']);
  const badDraft = await billing.req('POST', '/api/billing/simulate', {
    province: 'zhejiang',
    account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
    period: { from: '2025-11-01', to: '2025-11-30' },
    registers: { kwh: { total: 300 } },
    table: { ...zj.content, rates: [{ all: '0.5' }] },
  });
  assert.equal(badDraft.statusCode, 400);
  assert.equal(badDraft.json().details[0].field, 'body.table.rates');
  // refusals name the request field
  const tooSmall = await billing.req('POST', '/api/billing/simulate', {
    province: 'zhejiang',
    account: {
      customerClass: 'commercial_industrial',
      pricing: 'two_part',
      voltage: '10kv',
      capacityKva: 1000,
      basicBasis: 'demand',
      tou: true,
    },
    period: { from: '2025-06-01', to: '2025-06-30' },
    registers: { kwh: { peak: 1 } },
  });
  assert.equal(tooSmall.statusCode, 400);
  assert.deepEqual(
    tooSmall.json().details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    [['body.account.contractDemandKw', 'required']],
  );
  const noTariff = await billing.req('POST', '/api/billing/simulate', {
    province: 'hainan',
    account: { customerClass: 'residential', pricing: 'single', voltage: 'lv', capacityKva: 8, tou: false },
    period: { from: '2025-06-01', to: '2025-06-30' },
    registers: { kwh: { total: 1 } },
  });
  assert.equal(noTariff.statusCode, 400);
  assert.equal(noTariff.json().details[0].field, 'body.province');
});
