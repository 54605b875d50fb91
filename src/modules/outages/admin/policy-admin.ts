/**
 * The outage policies as the administrator sees them: the version in force of each, and adding a
 * version (checked by name, each problem naming its field). crew_position still shows and takes the
 * territory for older clients: it is the platform's service territory since migration 307.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { DomainError, badField } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import type { Territory } from '../../../platform/geo/geo.js';
import { forgetTerritory, saveTerritory, serviceTerritory } from '../../../platform/geo/territory.js';
import type { PolicyRequest, PolicyView } from '../schemas.js';
import { checkPolicy, type OutagePolicyName } from './policy-checks.js';
import { savePolicy } from './policy-store.js';

export async function listPolicies(db: Db): Promise<PolicyView[]> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (name) name, version, valid_from, data, source FROM outage_policies WHERE valid_from <= now() ORDER BY name, valid_from DESC, version DESC`,
  );
  // crew_position shows the territory its reports are held to: the platform's service territory (migration 307 moved it there)
  const territory = await serviceTerritory(db, 0);
  return rows.map((r) => ({
    name: r.name,
    version: r.version,
    validFrom: r.valid_from,
    data: r.name === 'crew_position' ? { ...r.data, territory } : r.data,
    source: r.source,
  }));
}

export async function addPolicyVersion(db: Db, p: Principal, name: OutagePolicyName, b: PolicyRequest) {
  const problems = checkPolicy(name, b.data);
  if (problems.length > 0) {
    throw new DomainError(
      'invalid',
      'VALIDATION_FAILED',
      `策略有 ${problems.length} 处错误`,
      `the policy has ${problems.length} problems`,
      problems.map((x) => ({ field: `data.${x.field}`, rule: x.rule, message: x.zh, messageEn: x.en })),
    );
  }
  const validFrom = b.validFrom ? new Date(b.validFrom) : new Date();
  // the territory is the platform's now and is not versioned: it applies when saved, so it cannot be scheduled
  if (name === 'crew_position' && b.data.territory !== undefined && validFrom.getTime() > Date.now() + 60_000) {
    throw badField(
      'body.validFrom',
      'territory_applies_now',
      '辖区保存即生效，不能预约生效时间（请用 PUT /api/territory）',
      'the territory applies when saved and cannot be scheduled (use PUT /api/territory)',
    );
  }
  const version = await withTx(db, async (tx) => {
    // the daily reliability rollup is built with the momentary limit and day offset: rebuild it for a policy in force now
    if (name === 'reliability' && validFrom.getTime() <= Date.now())
      await tx.query('SELECT reliability_rollup_rebuild($1, $2)', [b.data.momentaryMaxMinutes, b.data.utcOffsetMinutes]);
    if (name !== 'crew_position' || b.data.territory === undefined) return savePolicy(tx, actorOf(p), name, b.data, validFrom);
    // an older client sends the territory with crew_position: it is the platform's setting now, saved there (audited
    // as territory.update, applies at once, not versioned); the policy version keeps the other fields
    const { territory, ...rest } = b.data;
    await saveTerritory(tx, actorOf(p), territory as Territory);
    return savePolicy(tx, actorOf(p), name, rest, validFrom);
  });
  if (name === 'crew_position') forgetTerritory(db);
  return { name, version };
}
