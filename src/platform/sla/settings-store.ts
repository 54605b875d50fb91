/**
 * The SLA settings row (table sla_settings: the active policy set, the time zone, the revision
 * every policy or calendar change bumps, and whether the defaults were seeded). Its SQL lives
 * here; sla-context.ts reads it for the cached context.
 */
import type { Queryable } from '../../db/pool.js';

export interface SlaSettings {
  activePolicySet: string;
  timezone: string;
  revision: number;
}

/** The settings row, locked in the caller's transaction when `lock`: policy and calendar changes take it first, so they happen one at a time. */
export async function readSlaSettings(db: Queryable, lock = false): Promise<SlaSettings> {
  const { rows } = await db.query(`SELECT active_policy_set, timezone, revision FROM sla_settings WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
  if (!rows[0]) throw new Error('SLA settings missing: the work-order defaults were not seeded');
  return { activePolicySet: rows[0].active_policy_set, timezone: rows[0].timezone, revision: rows[0].revision };
}

/** Takes the settings row's lock (one policy or calendar change at a time). */
export async function lockSlaSettings(db: Queryable): Promise<void> {
  await db.query('SELECT 1 FROM sla_settings WHERE id = 1 FOR UPDATE');
}

export async function setActivePolicySetName(db: Queryable, name: string): Promise<void> {
  await db.query('UPDATE sla_settings SET active_policy_set = $1 WHERE id = 1', [name]);
}

/** Whether the SLA defaults (settings, policy sets, policies, calendar) were seeded in this database. */
export async function slaSeeded(db: Queryable): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM sla_settings WHERE id = 1 AND seeded_at IS NOT NULL');
  return (rowCount ?? 0) > 0;
}

/** The settings row with its first active set, if there is none yet. */
export async function createSlaSettings(db: Queryable, activePolicySet: string): Promise<void> {
  await db.query(`INSERT INTO sla_settings (id, active_policy_set) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [activePolicySet]);
}

/** Marks the defaults seeded and bumps the revision (cached contexts reload). */
export async function markSlaSeeded(db: Queryable): Promise<void> {
  await db.query('UPDATE sla_settings SET seeded_at = now(), revision = revision + 1 WHERE id = 1');
}
