/**
 * Outage, crew and reliability policies: versioned rows of `outage_policies`. The newest version
 * valid at the given time applies; an administrator adds versions, old ones stay for history.
 */
import type { Queryable, Tx } from '../../../db/pool.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import type { GroupingPolicy } from '../grouping/grouping-policy.js';
import type { NoticePolicy } from '../planned/planned-notice-rules.js';
import type { RepeatFaultPolicy } from '../quality/repeat-fault-rules.js';
import type { RepairQualityPolicy } from '../quality/repair-quality-rules.js';
import type { SpotReportPolicy } from '../calls/spot-placement.js';

export interface OutagePolicies {
  grouping: GroupingPolicy;
  notice: NoticePolicy;
  repeat_fault: RepeatFaultPolicy;
  repair_quality: RepairQualityPolicy;
  spot_report: SpotReportPolicy;
}
export type PolicyName = keyof OutagePolicies;

export async function loadPolicy<N extends PolicyName>(db: Queryable, name: N, at: Date = new Date()): Promise<{ version: number; data: OutagePolicies[N] }> {
  const { rows } = await db.query(
    'SELECT version, data FROM outage_policies WHERE name = $1 AND valid_from <= $2 ORDER BY valid_from DESC, version DESC LIMIT 1',
    [name, at],
  );
  if (!rows[0]) throw new Error(`outage policy ${name} is missing`);
  return { version: rows[0].version, data: rows[0].data };
}

/** Adds a new version (valid from now unless given) and audits it. */
export async function savePolicy(tx: Tx, actor: Actor, name: string, data: unknown, validFrom: Date = new Date()): Promise<number> {
  const prev = await tx.query('SELECT version, data FROM outage_policies WHERE name = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE', [name]);
  const version = (prev.rows[0]?.version ?? 0) + 1;
  await tx.query('INSERT INTO outage_policies (name, version, valid_from, data, created_by) VALUES ($1,$2,$3,$4,$5)', [
    name,
    version,
    validFrom,
    JSON.stringify(data),
    actor.id,
  ]);
  await recordAudit(tx, actor, {
    action: 'outage_policy.update',
    entity: 'outage_policy',
    entityId: `${name}:${version}`,
    before: prev.rows[0]?.data ?? null,
    after: data,
  });
  return version;
}
