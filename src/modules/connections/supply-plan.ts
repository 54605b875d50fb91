/**
 * Recording the supply plan at the plan stage: the transformer the service point will hang under,
 * the supply mode, a new dedicated transformer (checked: warnings overridable with a reason),
 * dedicated-line eligibility, the customer's own choice of firms (三不指定: free text they give,
 * never proposed) and fee items from the published list only.
 */
import { withTx, type Db } from '../../db/pool.js';
import { stateRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, badFields } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { dedicatedLineEligibility } from './large-customer-rules.js';
import type { ConnectionPolicy } from './policy.js';
import type { PlanInput } from './schemas.js';
import { findVisible, policyVersion, transformerOf, type AppRow, type StoredPlan } from './store.js';
import { loadCurrentA, planWarnings, unresolvedWarnings } from './supply-plan-rules.js';

export function planView(a: AppRow, policy: ConnectionPolicy, transformer: { id: number; code: string; name: string; ratedKva: number | null } | null = null) {
  if (!a.plan) return null;
  const warnings = planWarnings(a.plan.newTransformer, policy.supplyPlan);
  const t = a.plan.newTransformer;
  return {
    transformerId: a.plan.transformerId,
    /** the transformer as the network model names it */
    transformer,
    supplyMode: a.plan.supplyMode,
    newTransformer: t,
    warnings,
    overrides: a.plan.overrides,
    unresolved: unresolvedWarnings(warnings, a.plan.overrides),
    loadCurrentA: t ? Math.round(loadCurrentA(t.kva, t.voltageKv) * 10) / 10 : null,
    dedicatedLineEligible: a.plan.dedicatedLine ? dedicatedLineEligibility(a.plan.dedicatedLine, policy.dedicatedLine).eligible : null,
  };
}

export async function recordPlan(db: Db, p: Principal, id: number, input: PlanInput) {
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.stage !== 'plan' || a.status !== 'open')
      throw stateRefusal('NOT_IN_PLAN', 'stage', 'plan_stage', '只有供电方案环节可录入方案', 'the plan is recorded at the supply plan stage', {
        stage: a.stage,
      });
    const policy = await policyVersion(tx, a.policyVersion);
    if (a.kind === 'new' && input.transformerId === undefined)
      throw badField('body.transformerId', 'required', '新装须指定接入变压器', 'a new connection names the transformer it connects to');
    if (a.dedicatedLine) {
      if (!input.dedicatedLine) throw badField('body.dedicatedLine', 'required', '专线供电须填写专线条件', 'a dedicated line needs its eligibility facts');
      const e = dedicatedLineEligibility(input.dedicatedLine, policy.dedicatedLine);
      if (!e.eligible) {
        throw badFields(
          'DEDICATED_LINE_INELIGIBLE',
          `不符合专线供电条件：${e.unmet.map((u) => u.zh).join('；')}`,
          `Not eligible for a dedicated line: ${e.unmet.map((u) => u.en).join('; ')}`,
          e.unmet.map((u) => ({ field: `dedicatedLine.${u.code}`, rule: 'dedicated_line_eligibility', zh: u.zh, en: u.en })),
        );
      }
    }
    const published = new Map(policy.fees.map((f) => [f.code, f]));
    const unknown = (input.fees ?? []).map((f, i) => ({ f, i })).filter(({ f }) => !published.has(f.code));
    if (unknown.length) {
      throw badFields(
        'FEE_NOT_PUBLISHED',
        '收费项目须来自公布的收费标准',
        'Fee items must come from the published fee list',
        unknown.map(({ f, i }) => ({
          field: `fees.${i}.code`,
          rule: 'published_fee',
          zh: `“${f.code}”不在公布的收费目录中`,
          en: `"${f.code}" is not on the published fee list`,
        })),
      );
    }
    const warnings = planWarnings(input.newTransformer, policy.supplyPlan);
    const badOverride = (input.overrides ?? []).findIndex((o) => !warnings.some((w) => w.check === o.check));
    if (badOverride >= 0)
      throw badField(
        `overrides.${badOverride}.check`,
        'known_warning',
        '只能对本方案出现的校核提示填写放行理由',
        'an override must name a warning this plan raises',
      );
    const plan: StoredPlan = {
      transformerId: input.transformerId ?? null,
      supplyMode: input.supplyMode,
      newTransformer: input.newTransformer ?? null,
      dedicatedLine: input.dedicatedLine ?? null,
      overrides: (input.overrides ?? []).map((o) => ({ ...o, by: p.name })),
    };
    const fees = (input.fees ?? []).map((f) => ({ code: f.code, quantity: f.quantity, amountFen: Math.round(published.get(f.code)!.amountFen * f.quantity) }));
    const choices = Object.fromEntries(Object.entries(input.customerChoices ?? {}).filter(([, v]) => v !== undefined));
    await tx.query(`UPDATE connection_applications SET plan = $2, fee_items = $3, customer_choices = $4, updated_at = now() WHERE id = $1`, [
      a.id,
      JSON.stringify(plan),
      JSON.stringify(fees),
      JSON.stringify(choices),
    ]);
    await recordAudit(tx, actorOf(p), [
      {
        action: 'connection.plan',
        entity: 'connection_application',
        entityId: a.id,
        orgUnitId: a.orgUnitId,
        before: a.plan,
        after: { plan, fees, customerChoices: choices },
      },
      ...plan.overrides.map((o) => ({
        action: 'connection.plan_override' as const,
        entity: 'connection_application' as const,
        entityId: a.id,
        orgUnitId: a.orgUnitId,
        after: o,
      })),
    ]);
    return planView({ ...a, plan }, policy, await transformerOf(tx, plan.transformerId))!;
  });
}
