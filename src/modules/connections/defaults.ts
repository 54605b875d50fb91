/**
 * First use of the connections module in a database: policy version 1 and the connection clocks
 * in the SLA engine (after the work-order defaults, which create the SLA settings, policy sets and
 * the calendar). Once per database (advisory lock + the policy row as marker).
 */
import { withTx, type Db } from '../../db/pool.js';
import { bumpSlaRevision } from '../../platform/sla/sla-context.js';
import { insertPolicy, loadPolicies } from '../../platform/sla/policy-store.js';
import { ensureWorkorderDefaults } from '../workorders/index.js';
import { DEFAULT_CONNECTION_POLICY } from './policy.js';
import { CONNECTION_SLA_POLICIES, ORDER_TYPE } from './sla-policies.js';

const LOCK = 7_259_800_400;

export async function ensureConnectionDefaults(db: Db): Promise<boolean> {
  if ((await db.query('SELECT 1 FROM connection_policies LIMIT 1')).rowCount) return false;
  await ensureWorkorderDefaults(db);
  return withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    if ((await tx.query('SELECT 1 FROM connection_policies LIMIT 1')).rowCount) return false;
    await tx.query(`INSERT INTO connection_policies (version, data, note) VALUES (1, $1, $2)`, [
      JSON.stringify(DEFAULT_CONNECTION_POLICY),
      '初始版本 / initial version',
    ]);
    const have = new Set((await loadPolicies(tx)).filter((p) => p.match.orderType === ORDER_TYPE).map((p) => `${p.policySet}/${p.code}`));
    for (const p of CONNECTION_SLA_POLICIES) if (!have.has(`${p.policySet}/${p.code}`)) await insertPolicy(tx, p, null);
    await bumpSlaRevision(tx);
    return true;
  });
}
