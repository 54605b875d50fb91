/**
 * First start of the work-order module: SLA settings, policy sets, the seed policies, and the
 * calendar from the chinese-days package data. Runs once per database (advisory lock + marker),
 * so several instances starting together seed once.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { seedCalendarFromChineseDays } from '../../../platform/calendar/calendar-store.js';
import { insertPolicy, insertPolicySets } from '../../../platform/sla/policy-store.js';
import { createSlaSettings, markSlaSeeded, slaSeeded } from '../../../platform/sla/settings-store.js';
import { DEFAULT_POLICY_SET, SEED_POLICIES, SEED_POLICY_SETS } from './sla-defaults.js';

const SEED_LOCK = 7_259_800_200;

export async function ensureWorkorderDefaults(db: Db): Promise<boolean> {
  if (await slaSeeded(db)) return false;
  return withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if (await slaSeeded(tx)) return false;
    await createSlaSettings(tx, DEFAULT_POLICY_SET);
    await insertPolicySets(tx, SEED_POLICY_SETS);
    for (const p of SEED_POLICIES) await insertPolicy(tx, p, null);
    await seedCalendarFromChineseDays(tx);
    await markSlaSeeded(tx);
    return true;
  });
}
