/**
 * The connection clocks as an administrator changes them: a new version of a connection SLA
 * policy with other working-day limits, valid from a given instant (the previous version ends
 * there). Applications keep the version valid when they were received. Validated by the SLA
 * engine's own policy check against the connection flows' states and actions.
 */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields, notFound } from '../../platform/errors.js';
import { insertPolicy, loadPolicies, updatePolicyValidity } from '../../platform/sla/policy-store.js';
import { bumpSlaRevision, forgetSlaContext } from '../../platform/sla/sla-context.js';
import { validatePolicy } from '../../platform/sla/validate-policy.js';
import { actorOf, type Principal } from '../identity/index.js';
import { stateRefusal } from './refusals.js';
import type { SlaVersionInput } from './schemas.js';
import { ORDER_TYPE } from './sla-policies.js';
import { clockVocabulary } from './stage-rules.js';

const LOCK = 7_259_800_401;

export async function listConnectionSlaPolicies(db: Db) {
  return (await loadPolicies(db))
    .filter((p) => p.match.orderType === ORDER_TYPE)
    .map((p) => ({
      id: p.id!,
      code: p.code,
      policySet: p.policySet,
      version: p.version,
      customerClass: p.match.customerClass,
      validFrom: p.validFrom,
      validTo: p.validTo,
      clocks: p.clocks.map((c) => ({ name: c.name, workingDays: c.workingDays ?? null, startOn: c.startOn ?? [], stopOn: c.stopOn })),
      title: p.title ?? null,
      source: p.source ?? null,
    }));
}

export async function newConnectionSlaVersion(db: Db, p: Principal, id: number, input: SlaVersionInput, now = new Date()) {
  const result = await withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    const all = await loadPolicies(tx);
    const before = all.find((x) => x.id === id && x.match.orderType === ORDER_TYPE);
    if (!before) throw notFound('Connection SLA policy', '业扩时限策略');
    if (before.validTo !== null)
      throw stateRefusal('NOT_CURRENT_VERSION', 'id', 'current_version', '只能在现行版本上建立新版本', 'a new version follows the current one', {
        validTo: before.validTo,
      });
    const validFrom = input.validFrom ? new Date(input.validFrom) : now;
    if (validFrom.getTime() <= Date.parse(before.validFrom))
      throw badFields('VALIDATION_FAILED', '请求参数有误：生效时间须晚于现行版本', 'Invalid request: validFrom must follow the current version', [
        { field: 'validFrom', rule: 'after_current', zh: '生效时间须晚于现行版本的生效时间', en: 'must be later than the current version starts' },
      ]);
    const unknown = Object.keys(input.workingDays).filter((n) => !before.clocks.some((c) => c.name === n && c.basis === 'working_days'));
    if (unknown.length)
      throw badFields(
        'VALIDATION_FAILED',
        `请求参数有误：策略没有时钟 ${unknown.join('、')}`,
        `Invalid request: the policy has no clock ${unknown.join(', ')}`,
        unknown.map((n) => ({ field: `workingDays.${n}`, rule: 'clock_name', zh: `没有名为 ${n} 的工作日时钟`, en: `no working-day clock named ${n}` })),
      );
    const next = {
      ...before,
      id: undefined,
      version: Math.max(...all.filter((x) => x.policySet === before.policySet && x.code === before.code).map((x) => x.version)) + 1,
      validFrom: validFrom.toISOString(),
      validTo: null,
      clocks: before.clocks.map((c) => (input.workingDays[c.name] !== undefined ? { ...c, workingDays: input.workingDays[c.name] } : c)),
      source: input.source ?? before.source,
    };
    const issues = validatePolicy(next, clockVocabulary());
    if (issues.length)
      throw badFields(
        'VALIDATION_FAILED',
        `请求参数有误：${issues[0].zh}`,
        `Invalid request: ${issues[0].en}`,
        issues.map((x) => ({ ...x, field: `policy.${x.field}` })),
      );
    await updatePolicyValidity(tx, before.id!, next.validFrom);
    const saved = await insertPolicy(tx, next, p.id);
    await bumpSlaRevision(tx);
    await recordAudit(tx, actorOf(p), {
      action: 'connection_policy.update',
      entity: 'connection_policy',
      entityId: `sla:${before.policySet}/${before.code}`,
      before,
      after: saved,
    });
    return saved;
  });
  forgetSlaContext(db);
  return (await listConnectionSlaPolicies(db)).find((x) => x.id === result.id)!;
}
