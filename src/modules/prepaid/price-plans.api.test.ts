/**
 * The prepaid price plans are copies of billing's tariff versions of the same code (docs/prepaid.md,
 * "Why price plans, not billing's tariff versions"): this test fails when a plan and its version drift
 * apart, or when the version is no longer in force, so a tariff change cannot go unnoticed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { testApp } from '../../../test/support/app.js';
import { pricePlans } from './store.js';

/** decimal text without trailing zeros (0.6700 → 0.67), compared exactly, never as binary floats */
const norm = (x: string | number) => new Decimal(String(x)).toString();

test('price plans: each equals the energy tiers and prices of the billing tariff version of its code, in force today', async () => {
  const t = await testApp({ customers: 5 });
  try {
    const plans = await pricePlans(t.db);
    assert.ok(plans.size >= 3);
    // a test may read billing's table to check the copy; production code never does (dependencies.test.ts)
    const versions = new Map(
      (await t.db.query(`SELECT code, content, valid_to FROM tariff_versions WHERE code = ANY($1::text[])`, [[...plans.keys()]])).rows.map((r) => [r.code, r]),
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    for (const plan of plans.values()) {
      const v = versions.get(plan.code);
      assert.ok(v, `${plan.code}: billing has a tariff version of that code`);
      assert.ok(v.valid_to === null || v.valid_to.toISOString().slice(0, 10) >= today, `${plan.code}: still in force`);
      const bounds = (v.content.tiers?.bounds ?? []).map(String);
      assert.equal(v.content.tiers?.basis ?? 'annual', 'annual', `${plan.code}: annual tiers`);
      assert.deepEqual(plan.boundsKwh.map(norm), bounds.map(norm), `${plan.code}: tier bounds`);
      assert.deepEqual(
        plan.pricesYuan.map(norm),
        v.content.rates.map((r: { all: string }) => norm(r.all)),
        `${plan.code}: tier prices`,
      );
    }
  } finally {
    await t.app.close();
  }
});
