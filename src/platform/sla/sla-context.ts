/**
 * Everything a clock computation needs — calendar, policies, policy sets, the active set — loaded
 * from the database and cached per pool. Every policy or calendar change bumps
 * sla_settings.revision in its transaction; a cached context is re-checked against the revision
 * at most every `maxAgeMs`, so all app instances pick up a change within that time.
 */
import { isPool, type Queryable } from '../../db/pool.js';
import { loadCalendar } from '../calendar/calendar-store.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { loadPolicies, loadPolicySets } from './policy-store.js';
import type { PolicySet, SlaPolicy } from './policy-types.js';

export interface SlaContext {
  revision: number;
  activeSet: string;
  timezone: string;
  calendar: WorkCalendar;
  policies: SlaPolicy[];
  sets: PolicySet[];
}

interface Settings {
  revision: number;
  active_policy_set: string;
  timezone: string;
}

async function readSettings(db: Queryable): Promise<Settings> {
  const { rows } = await db.query<Settings>('SELECT revision, active_policy_set, timezone FROM sla_settings WHERE id = 1');
  if (!rows[0]) throw new Error('SLA settings missing: the work-order defaults were not seeded');
  return rows[0];
}

/** Loads without cache (inside a transaction that is changing policies or the calendar). */
export async function loadSlaContext(db: Queryable): Promise<SlaContext> {
  const s = await readSettings(db);
  // at once on the pool; in turn on a transaction's client (one query at a time there)
  const [calendar, policies, sets] = isPool(db)
    ? await Promise.all([loadCalendar(db, s.timezone), loadPolicies(db), loadPolicySets(db)])
    : [await loadCalendar(db, s.timezone), await loadPolicies(db), await loadPolicySets(db)];
  return { revision: s.revision, activeSet: s.active_policy_set, timezone: s.timezone, calendar, policies, sets };
}

const cache = new WeakMap<object, { ctx: SlaContext; checkedAt: number }>();

export async function getSlaContext(db: Queryable, maxAgeMs = 2_000): Promise<SlaContext> {
  const hit = cache.get(db);
  const now = Date.now();
  if (hit && now - hit.checkedAt < maxAgeMs) return hit.ctx;
  if (hit) {
    const s = await readSettings(db);
    if (s.revision === hit.ctx.revision) {
      hit.checkedAt = now;
      return hit.ctx;
    }
  }
  const ctx = await loadSlaContext(db);
  cache.set(db, { ctx, checkedAt: now });
  return ctx;
}

export function forgetSlaContext(db: Queryable): void {
  cache.delete(db);
}

export async function bumpSlaRevision(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ revision: number }>('UPDATE sla_settings SET revision = revision + 1 WHERE id = 1 RETURNING revision');
  return rows[0].revision;
}
