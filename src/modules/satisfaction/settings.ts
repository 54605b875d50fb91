/** The satisfaction policy (one row, merged over the defaults) and the key that signs survey links. */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { DEFAULT_SATISFACTION_POLICY, type SatisfactionPolicy } from './score-rules.js';
import type { PolicyBody } from './schemas.js';

export async function getPolicy(q: Queryable): Promise<SatisfactionPolicy> {
  const { rows } = await q.query('SELECT policy FROM sat_settings WHERE id = 1');
  return { ...DEFAULT_SATISFACTION_POLICY, ...((rows[0]?.policy as Partial<SatisfactionPolicy>) ?? {}) };
}

export async function getLinkKey(q: Queryable): Promise<string> {
  const { rows } = await q.query('SELECT link_key FROM sat_settings WHERE id = 1');
  return rows[0].link_key as string;
}

export async function updatePolicy(db: Db, p: Principal, next: PolicyBody): Promise<SatisfactionPolicy> {
  for (const k of ['ivrScale', 'endOfCallScale', 'callbackScale'] as const)
    if (next[k].max <= next[k].min) throw badField(`${k}.max`, 'range', '上限须大于下限', 'must be above min');
  for (const [r, v] of Object.entries(next.callbackScores))
    if (v < next.callbackScale.min || v > next.callbackScale.max)
      throw badField(`callbackScores.${r}`, 'range', '须在回访评分量表内', 'must lie on the callback scale');
  return withTx(db, async (tx) => {
    const before = await getPolicy(tx);
    await tx.query('UPDATE sat_settings SET policy = $1, updated_at = now() WHERE id = 1', [JSON.stringify(next)]);
    await recordAudit(tx, actorOf(p), {
      action: 'satisfaction.settings_update',
      entity: 'satisfaction_settings',
      entityId: 1,
      orgUnitId: p.orgUnitId,
      before,
      after: next,
    });
    return { ...DEFAULT_SATISFACTION_POLICY, ...next };
  });
}
